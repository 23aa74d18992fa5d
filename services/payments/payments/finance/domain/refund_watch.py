"""Money owed back that is not going back: refunds due too long, and failed refunds.

Two exception lists of the reconciliation report, and the same figures as Prometheus
gauges (count and oldest age), refreshed by a worker, so an alert does not depend on
anyone opening the report or on ``/readyz``:

- refunds due too long: bookings that booking reports (in its status feed) as
  ``refund_due``, or in any status with money still owed back (``refund_owed_minor``),
  for longer than the grace period (``PAYMENTS_REFUND_DUE_GRACE_SECONDS``);
- failed refunds: refunds Stripe failed or canceled that no later refund made good, and
  bank-transfer refunds whose return from the customer's cash balance to their bank was
  canceled or failed (the money waits in the cash balance).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Gauge
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.db import Database, constant, constants
from payments.domain.states import UNSUCCESSFUL_REFUND_STATUSES
from payments.finance.models import BookingStatusView
from payments.models import Refund

LIST_CAP = 200

FAILED_REFUNDS = Gauge(
    "payments_refunds_failed", "Failed refunds (incl. returns to the bank) nobody made good"
)
FAILED_REFUNDS_AGE = Gauge(
    "payments_refunds_failed_oldest_age_seconds", "Age of the oldest failed refund (0: none)"
)
REFUNDS_DUE = Gauge(
    "payments_refunds_due_overdue", "Bookings owed a refund for longer than the grace period"
)
REFUNDS_DUE_AGE = Gauge(
    "payments_refunds_due_overdue_oldest_age_seconds",
    "How long the longest-waiting booking has been owed a refund (0: none)",
)


# Both watches run every 15 s over tables with a row per booking or refund ever made.
# Their fixed values are constants in the SQL (see lpx_common.db.constant), so each half
# of the OR is read through its own index: the few rows owed or failed, not them all.


def overdue_query(now: datetime, grace: timedelta) -> Select[tuple[BookingStatusView]]:
    view = BookingStatusView
    since = view.status_since
    owed = or_(view.status == constant("refund_due"), view.refund_owed_minor > constant(0))
    return (
        select(view)
        .where(owed, since.is_not(None), since < now - grace)
        .order_by(since, view.booking_id)
        .limit(LIST_CAP)
    )


async def overdue_refunds_due(
    session: AsyncSession, now: datetime, grace: timedelta
) -> list[dict[str, Any]]:
    rows = (await session.scalars(overdue_query(now, grace))).all()
    return [
        {
            "booking_id": v.booking_id,
            "booking_status": v.status,
            "since": v.status_since,
            "waiting_seconds": int((now - v.status_since).total_seconds()),
            "currency": v.currency,
            "paid_minor": v.paid_minor,
            "refunded_minor": v.refunded_minor,
            "refund_owed_minor": v.refund_owed_minor,
            "version": v.version,
        }
        for v in rows
        if v.status_since is not None
    ]


def failed_query() -> Select[tuple[Refund]]:
    failed = or_(
        and_(
            Refund.status.in_(constants(sorted(UNSUCCESSFUL_REFUND_STATUSES))),
            Refund.replaced_by_refund_id.is_(None),
        ),
        Refund.cash_return_status.in_(constants(("canceled", "failed"))),
    )
    return select(Refund).where(failed).order_by(Refund.id).limit(LIST_CAP)


async def failed_refunds(session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
    rows = (await session.scalars(failed_query())).all()
    items = []
    for r in rows:
        to_bank = r.status == "succeeded"  # the refund worked; its return to the bank did not
        at = (r.cash_return_updated_at if to_bank else r.failed_at) or r.updated_at
        items.append(
            {
                "refund_id": r.id,
                "booking_id": r.booking_id,
                "payment_id": r.payment_id,
                "stage": "return_to_bank" if to_bank else "refund",
                "status": r.cash_return_status if to_bank else r.status,
                "amount_minor": r.amount_minor,
                "currency": r.currency,
                "failure_reason": r.cash_return_failure if to_bank else r.failure_reason,
                "failed_at": at,
                "age_seconds": int((now - at).total_seconds()),
            }
        )
    items.sort(key=lambda i: i["failed_at"])
    return items


@dataclass(frozen=True)
class RefundHealth:
    failed: int
    failed_oldest_age: float
    overdue: int
    overdue_oldest_age: float


async def refund_health(db: Database, now: datetime, grace: timedelta) -> RefundHealth:
    async with db.read() as session:
        failed = await failed_refunds(session, now)
        overdue = await overdue_refunds_due(session, now, grace)
    health = RefundHealth(
        failed=len(failed),
        failed_oldest_age=max((i["age_seconds"] for i in failed), default=0),
        overdue=len(overdue),
        overdue_oldest_age=max((i["waiting_seconds"] for i in overdue), default=0),
    )
    FAILED_REFUNDS.set(health.failed)
    FAILED_REFUNDS_AGE.set(health.failed_oldest_age)
    REFUNDS_DUE.set(health.overdue)
    REFUNDS_DUE_AGE.set(health.overdue_oldest_age)
    return health
