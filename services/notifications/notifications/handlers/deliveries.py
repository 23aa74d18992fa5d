"""A partner's view of what was sent to its endpoints, and asking for it again."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import NotFound
from lpx_common.pagination import keyset_page
from notifications.domain.states import DELIVERY_LIFECYCLE, DeliveryStatus
from notifications.handlers.endpoints import load
from notifications.models import Delivery, DeliveryAttempt, Event
from notifications.schemas import AttemptOut, DeliveryOut


def _out(delivery: Delivery, event_type: str) -> DeliveryOut:
    pending = delivery.status == DeliveryStatus.PENDING
    return DeliveryOut(
        id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        event_type=event_type,
        status=delivery.status,
        attempts=delivery.attempts,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        next_attempt_at=delivery.next_attempt_at if pending else None,
        created_at=delivery.created_at,
        delivered_at=delivery.delivered_at,
        failed_at=delivery.failed_at,
    )


async def list_deliveries(
    db: Database,
    principal: Principal,
    endpoint_id: str,
    *,
    status: str | None,
    newest_first: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[DeliveryOut], str | None]:
    async with db.transaction() as session:
        await load(session, principal, endpoint_id)  # 404 unless the caller's own
        stmt = select(Delivery).where(Delivery.endpoint_id == endpoint_id)
        if status is not None:
            stmt = stmt.where(Delivery.status == status)
        rows, next_cursor = await keyset_page(
            session, stmt, [Delivery.id], limit=limit, cursor=cursor, descending=newest_first
        )
        types = dict(
            (
                await session.execute(
                    select(Event.id, Event.type).where(Event.id.in_([r.event_id for r in rows]))
                )
            ).all()
        )
    return [_out(r, types.get(r.event_id, "")) for r in rows], next_cursor


async def list_attempts(
    db: Database,
    principal: Principal,
    endpoint_id: str,
    *,
    newest_first: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[AttemptOut], str | None]:
    async with db.transaction() as session:
        await load(session, principal, endpoint_id)
        stmt = select(DeliveryAttempt).where(DeliveryAttempt.endpoint_id == endpoint_id)
        rows, next_cursor = await keyset_page(
            session,
            stmt,
            [DeliveryAttempt.id],
            limit=limit,
            cursor=cursor,
            descending=newest_first,
        )
    return [AttemptOut.model_validate(r, from_attributes=True) for r in rows], next_cursor


def _again(now: datetime, retry_for: timedelta) -> dict[str, object]:
    return {
        "status": DeliveryStatus.PENDING,
        "next_attempt_at": now,
        "retry_until": now + retry_for,
        "failed_at": None,
    }


async def redeliver(
    db: Database, principal: Principal, endpoint_id: str, delivery_id: str, retry_for: timedelta
) -> DeliveryOut:
    """Send one event again (whatever became of it), as a new series of attempts."""
    now = utcnow()
    async with db.transaction() as session:
        await load(session, principal, endpoint_id)
        delivery = await session.get(Delivery, delivery_id, with_for_update=True)
        if delivery is None or delivery.endpoint_id != endpoint_id:
            raise NotFound("No such delivery.", code="delivery-not-found")
        if delivery.status != DeliveryStatus.PENDING:
            DELIVERY_LIFECYCLE.check(delivery.status, DeliveryStatus.PENDING)
            for key, value in _again(now, retry_for).items():
                setattr(delivery, key, value)
        event = await session.get(Event, delivery.event_id)
        return _out(delivery, event.type if event else "")


async def redeliver_failed(
    db: Database, principal: Principal, endpoint_id: str, since: datetime, retry_for: timedelta
) -> int:
    """Every delivery to the endpoint that failed for good since ``since``, sent again."""
    now = utcnow()
    async with db.transaction() as session:
        await load(session, principal, endpoint_id)
        result = await session.execute(
            update(Delivery)
            .where(
                Delivery.endpoint_id == endpoint_id,
                Delivery.status == DeliveryStatus.FAILED,
                Delivery.failed_at >= since,
            )
            .values(**_again(now, retry_for))
        )
    return result.rowcount or 0
