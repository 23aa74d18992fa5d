"""Money against booking's last word on each booking: the reconciliation's exception lists
that compare Stripe's balance transactions with booking's status feed
(``finance.booking_view``): paid but not confirmed, confirmed but not paid, refunded but
still active."""

from typing import Any

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.finance.models import BookingStatusView, StripeBalanceTransaction

BT = StripeBalanceTransaction

CHARGE_TYPES = ("charge", "payment")
REFUND_TYPES = ("refund", "payment_refund")
REFUND_FAILURE_TYPES = ("refund_failure", "payment_failure_refund")

# Booking statuses in which the booking holds its capacity (money was expected for it).
ACTIVE_BOOKING_STATUSES = frozenset({"confirmed", "flown", "delivered"})
# Statuses in which money kept without a confirmed booking is expected: a refund is due
# or done (a cancellation fee may be kept), or the mission was lost (refunds follow).
SETTLING_BOOKING_STATUSES = frozenset({"refund_due", "refunded", "cancelled", "mission_lost"})


EXCEPTION_LIST_CAP = 200


def _money_by_booking() -> Any:
    """All-time charged and refunded per booking, from Stripe's balance transactions."""
    charged = func.sum(case((BT.type.in_(CHARGE_TYPES), BT.amount_minor), else_=0))
    refunded = func.sum(
        case((BT.type.in_(REFUND_TYPES), -BT.amount_minor), else_=0)
        - case((BT.type.in_(REFUND_FAILURE_TYPES), BT.amount_minor), else_=0)
    )
    return (
        select(
            BT.booking_id.label("booking_id"),
            charged.label("charged"),
            refunded.label("refunded"),
        )
        .where(BT.booking_id.is_not(None))
        .group_by(BT.booking_id)
        .subquery("money")
    )


async def booking_exceptions(session: AsyncSession, period: Any) -> dict[str, Any]:
    """Money against booking's last word on each booking touched in the range.

    - paid but not confirmed: money kept, and booking says neither active nor settling;
    - confirmed but not paid: booking is active and Stripe never charged for it;
    - refunded but still active: everything charged was refunded, booking still active.
    """
    view = BookingStatusView
    touched = (
        select(BT.booking_id.label("booking_id"))
        .where(
            BT.booking_id.is_not(None), BT.created_at >= period.start, BT.created_at < period.end
        )
        .union(
            select(view.booking_id).where(
                view.observed_at >= period.start, view.observed_at < period.end
            )
        )
        .subquery("touched")
    )
    money = _money_by_booking()
    charged = func.coalesce(money.c.charged, 0)
    refunded = func.coalesce(money.c.refunded, 0)
    kept = charged - refunded
    active = view.status.in_(ACTIVE_BOOKING_STATUSES)
    kind = case(
        (
            and_(kept > 0, ~active, view.status.not_in(SETTLING_BOOKING_STATUSES)),
            "paid_not_confirmed",
        ),
        (and_(active, charged == 0), "confirmed_not_paid"),
        (and_(active, charged > 0, kept <= 0), "refunded_still_active"),
        else_=literal(None),
    ).label("kind")
    stmt = (
        select(
            view.booking_id,
            view.status,
            view.observed_at,
            charged.label("charged"),
            refunded.label("refunded"),
            kind,
        )
        .join(touched, touched.c.booking_id == view.booking_id)
        .outerjoin(money, money.c.booking_id == view.booking_id)
        .subquery("classified")
    )
    rows = (
        await session.execute(
            select(stmt)
            .where(stmt.c.kind.is_not(None))
            .order_by(stmt.c.booking_id)
            .limit(3 * EXCEPTION_LIST_CAP)
        )
    ).all()
    lists: dict[str, Any] = {
        "paid_not_confirmed": [],
        "confirmed_not_paid": [],
        "refunded_still_active": [],
    }
    for row in rows:
        target = lists[row.kind]
        if len(target) < EXCEPTION_LIST_CAP:
            target.append(
                {
                    "booking_id": row.booking_id,
                    "booking_status": row.status,
                    "booking_status_reported_at": row.observed_at,
                    "charged_minor": int(row.charged),
                    "refunded_minor": int(row.refunded),
                }
            )
    return lists
