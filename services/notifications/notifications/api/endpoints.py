"""Partners' webhook endpoints, their delivery logs and redeliveries.

A partner (API key with ``webhooks:manage``) sees and changes only its own endpoints;
sales and admin staff may act for any partner (the back office).
"""

from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, status

from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import PartnerId
from lpx_common.pagination import Cursor, Limit, Page
from notifications.deps import DbDep, IdempotencyDep, SettingsDep, WebhookManager
from notifications.domain.states import DeliveryStatus, EndpointStatus
from notifications.handlers import deliveries, endpoints
from notifications.schemas import (
    AttemptOut,
    DeliveryId,
    DeliveryOut,
    EndpointId,
    EndpointIn,
    EndpointOut,
    EndpointPatch,
    EndpointWithSecret,
    Redelivered,
    RedeliverFailedIn,
    RollSecretIn,
)

Order = Annotated[
    Literal["oldest", "newest"], Query(description="Oldest first (default) or newest first.")
]
router = APIRouter(prefix="/v1/notifications/webhook-endpoints", tags=["webhooks"])


@router.post(
    "",
    response_model=EndpointWithSecret,
    status_code=status.HTTP_201_CREATED,
    summary="Register an endpoint (the signing secret is in this answer only)",
)
async def create_endpoint(
    body: EndpointIn,
    db: DbDep,
    idem: IdempotencyDep,
    key: IdempotencyKey,
    principal: WebhookManager,
    settings: SettingsDep,
    request: Request,
) -> Any:
    async def call() -> EndpointWithSecret:
        return await endpoints.create(db, settings, principal, body)

    return await idem.run_request(
        request, principal, key, body, call, status_code=status.HTTP_201_CREATED
    )


@router.get("", response_model=Page[EndpointOut], summary="The caller's endpoints")
async def list_endpoints(
    db: DbDep,
    principal: WebhookManager,
    partner_id: Annotated[
        PartnerId | None, Query(description="Staff only: one partner's endpoints.")
    ] = None,
    status_: Annotated[EndpointStatus | None, Query(alias="status")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    items, next_cursor = await endpoints.list_(
        db, principal, partner_id=partner_id, status=status_, limit=limit, cursor=cursor
    )
    return Page[EndpointOut](items=items, next_cursor=next_cursor)


@router.get("/{endpoint_id}", response_model=EndpointOut, summary="One endpoint")
async def get_endpoint(endpoint_id: EndpointId, db: DbDep, principal: WebhookManager) -> Any:
    return await endpoints.get(db, principal, endpoint_id)


@router.patch(
    "/{endpoint_id}",
    response_model=EndpointOut,
    summary="Change the URL, event types or description; disable or enable",
)
async def patch_endpoint(
    endpoint_id: EndpointId,
    body: EndpointPatch,
    db: DbDep,
    principal: WebhookManager,
    settings: SettingsDep,
) -> Any:
    return await endpoints.update(db, settings, principal, endpoint_id, body)


@router.post(
    "/{endpoint_id}/roll-secret",
    response_model=EndpointWithSecret,
    summary="A new signing secret; the old one also signs during the overlap",
)
async def roll_secret(
    endpoint_id: EndpointId,
    body: RollSecretIn,
    db: DbDep,
    principal: WebhookManager,
    settings: SettingsDep,
) -> Any:
    overlap = (
        body.overlap_seconds
        if body.overlap_seconds is not None
        else settings.webhook_roll_overlap_seconds
    )
    return await endpoints.roll_secret(db, principal, endpoint_id, overlap)


@router.get(
    "/{endpoint_id}/deliveries",
    response_model=Page[DeliveryOut],
    summary="Events sent (or being sent) to this endpoint",
)
async def list_deliveries(
    endpoint_id: EndpointId,
    db: DbDep,
    principal: WebhookManager,
    status_: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
    order: Order = "oldest",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    items, next_cursor = await deliveries.list_deliveries(
        db,
        principal,
        endpoint_id,
        status=status_,
        newest_first=order == "newest",
        limit=limit,
        cursor=cursor,
    )
    return Page[DeliveryOut](items=items, next_cursor=next_cursor)


@router.get(
    "/{endpoint_id}/attempts",
    response_model=Page[AttemptOut],
    summary="The delivery log: every request sent, its answer and latency",
)
async def list_attempts(
    endpoint_id: EndpointId,
    db: DbDep,
    principal: WebhookManager,
    order: Order = "oldest",
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    items, next_cursor = await deliveries.list_attempts(
        db, principal, endpoint_id, newest_first=order == "newest", limit=limit, cursor=cursor
    )
    return Page[AttemptOut](items=items, next_cursor=next_cursor)


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    response_model=DeliveryOut,
    summary="Send one event again",
)
async def redeliver(
    endpoint_id: EndpointId,
    delivery_id: DeliveryId,
    db: DbDep,
    principal: WebhookManager,
    settings: SettingsDep,
    request: Request,
) -> Any:
    retry_for = timedelta(seconds=settings.webhook_retry_for_seconds)
    answer = await deliveries.redeliver(db, principal, endpoint_id, delivery_id, retry_for)
    request.app.state.wake_senders()
    return answer


@router.post(
    "/{endpoint_id}/redeliver-failed",
    response_model=Redelivered,
    summary="Send again every event that failed for good since a time",
)
async def redeliver_failed(
    endpoint_id: EndpointId,
    body: RedeliverFailedIn,
    db: DbDep,
    principal: WebhookManager,
    settings: SettingsDep,
    request: Request,
) -> Any:
    retry_for = timedelta(seconds=settings.webhook_retry_for_seconds)
    count = await deliveries.redeliver_failed(db, principal, endpoint_id, body.since, retry_for)
    request.app.state.wake_senders()
    return Redelivered(redelivered=count)
