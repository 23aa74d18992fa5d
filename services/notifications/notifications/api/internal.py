"""Service-to-service routes: events from the peers' outboxes."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request, status

from lpx_common.idempotency import IdempotencyKey
from notifications.deps import DbDep, IdempotencyDep, ServiceCaller, SettingsDep
from notifications.handlers import ingest
from notifications.schemas import EventAccepted, EventIn

router = APIRouter(prefix="/v1/internal", tags=["internal"])


@router.post(
    "/events",
    response_model=EventAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Take an event (once per Idempotency-Key, which is the sender's message id)",
)
async def take_event(
    body: EventIn,
    db: DbDep,
    idem: IdempotencyDep,
    key: IdempotencyKey,
    principal: ServiceCaller,
    settings: SettingsDep,
    request: Request,
) -> Any:
    retry_for = timedelta(seconds=settings.webhook_retry_for_seconds)

    made: list[EventAccepted] = []

    async def call() -> EventAccepted:
        made.append(await ingest.accept(db, body, retry_for))
        return made[-1]

    answer = await idem.run_request(
        request, principal, key, body, call, status_code=status.HTTP_202_ACCEPTED
    )
    if made:  # not a replay: wake the senders with work (not one pass per event for each)
        request.app.state.wake_senders(emails=made[0].emails > 0, webhooks=made[0].deliveries > 0)
    return answer
