"""Partners' webhook endpoints: register, read, change, roll the secret."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import NotFound, Unprocessable
from lpx_common.ids import new_id
from lpx_common.pagination import keyset_page
from notifications.config import Settings
from notifications.domain import signing
from notifications.domain.states import ENDPOINT_LIFECYCLE, EndpointStatus
from notifications.domain.urls import UnsafeTarget, check_address, parse
from notifications.handlers.access import owner_filter, owner_for_new
from notifications.models import WebhookEndpoint
from notifications.schemas import EndpointIn, EndpointOut, EndpointPatch, EndpointWithSecret


def out(endpoint: WebhookEndpoint) -> EndpointOut:
    return EndpointOut.model_validate(endpoint, from_attributes=True)


def with_secret(endpoint: WebhookEndpoint) -> EndpointWithSecret:
    return EndpointWithSecret(**out(endpoint).model_dump(), secret=endpoint.secret)


def check_url(url: str, settings: Settings) -> None:
    """The URL's shape now; its addresses are checked again on every delivery."""
    try:
        target = parse(url, allow_http=settings.webhook_allow_http)
        if target.host.replace(".", "").isdigit() or ":" in target.host:
            check_address(target.host, allow_loopback=settings.webhook_allow_loopback)
        elif target.host == "localhost" and not settings.webhook_allow_loopback:
            raise UnsafeTarget("the host is a loopback name")
    except (UnsafeTarget, ValueError) as exc:
        raise Unprocessable(
            f"This URL cannot receive webhooks: {exc}.",
            code="unsafe-webhook-url",
            errors=[{"field": "url", "message": str(exc)}],
        ) from exc


async def load(session: AsyncSession, principal: Principal, endpoint_id: str) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    own = owner_filter(principal)
    if endpoint is None or (own is not None and endpoint.partner_id != own):
        raise NotFound("No such webhook endpoint.", code="endpoint-not-found")
    return endpoint


async def create(
    db: Database, settings: Settings, principal: Principal, body: EndpointIn
) -> EndpointWithSecret:
    check_url(body.url, settings)
    now = utcnow()
    endpoint = WebhookEndpoint(
        id=new_id("whe"),
        partner_id=owner_for_new(principal, body.partner_id),
        url=body.url,
        description=body.description,
        event_types=sorted({t.value for t in body.event_types}),
        status=EndpointStatus.ENABLED,
        contact_email=body.contact_email
        or (principal.email if principal.kind == "partner" else None),
        contact_locale=body.contact_locale,
        secret=signing.new_secret(),
        created_at=now,
        updated_at=now,
    )
    async with db.transaction() as session:
        session.add(endpoint)
    return with_secret(endpoint)


async def get(db: Database, principal: Principal, endpoint_id: str) -> EndpointOut:
    async with db.transaction() as session:
        return out(await load(session, principal, endpoint_id))


async def list_(
    db: Database,
    principal: Principal,
    *,
    partner_id: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[EndpointOut], str | None]:
    stmt = select(WebhookEndpoint)
    own = owner_filter(principal)
    if own is not None or partner_id is not None:
        stmt = stmt.where(WebhookEndpoint.partner_id == (own or partner_id))
    if status is not None:
        stmt = stmt.where(WebhookEndpoint.status == status)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [WebhookEndpoint.id], limit=limit, cursor=cursor
        )
    return [out(r) for r in rows], next_cursor


async def update(
    db: Database, settings: Settings, principal: Principal, endpoint_id: str, body: EndpointPatch
) -> EndpointOut:
    if body.url is not None:
        check_url(body.url, settings)
    async with db.transaction() as session:
        endpoint = await load(session, principal, endpoint_id)
        if body.url is not None:
            endpoint.url = body.url
        if body.event_types is not None:
            endpoint.event_types = sorted({t.value for t in body.event_types})
        if body.description is not None:
            endpoint.description = body.description
        if body.contact_email is not None:
            endpoint.contact_email = body.contact_email
        if body.contact_locale is not None:
            endpoint.contact_locale = body.contact_locale
        now = utcnow()
        if body.status is not None and body.status != endpoint.status:
            ENDPOINT_LIFECYCLE.check(endpoint.status, body.status)
            endpoint.status = body.status
            disabled = body.status == EndpointStatus.DISABLED
            who = "staff" if principal.is_staff else "the partner"
            endpoint.disabled_reason = f"disabled by {who}" if disabled else None
            endpoint.disabled_at = now if disabled else None
            endpoint.failing_since = None
        endpoint.updated_at = now
        return out(endpoint)


async def roll_secret(
    db: Database, principal: Principal, endpoint_id: str, overlap_seconds: int
) -> EndpointWithSecret:
    """A new secret; the old one keeps signing (a second ``v1``) for the overlap, so a
    partner can deploy the new secret without missing an event."""
    now = utcnow()
    async with db.transaction() as session:
        endpoint = await load(session, principal, endpoint_id)
        if overlap_seconds > 0:
            endpoint.previous_secret = endpoint.secret
            endpoint.previous_secret_expires_at = now + timedelta(seconds=overlap_seconds)
        else:
            endpoint.previous_secret = None
            endpoint.previous_secret_expires_at = None
        endpoint.secret = signing.new_secret()
        endpoint.updated_at = now
        return with_secret(endpoint)
