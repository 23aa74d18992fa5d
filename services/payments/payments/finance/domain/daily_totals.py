"""Money per day in Japan, per currency: revenue, refunds and payouts, summed in SQL.

Charts of a month or a year read these sums (a few hundred rows at most) instead of every
balance transaction, so they cost the same at 1,000 or 1,000,000 payments. A day is a
whole day in Japan (JST, UTC+9 all year: Japan keeps no summer time), so the bounds are
plain instants and the day of a row is its instant plus nine hours.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.finance.models import StripeBalanceTransaction as BT
from payments.finance.models import StripePayout

JST_OFFSET = timedelta(hours=9)
MAX_DAYS = 366
REVENUE = ("charge",)
REFUNDS = ("refund", "refund_failure")  # a failed refund gives the money back
PAYOUT_DONE = ("failed", "canceled")  # payouts in these statuses moved no money


@dataclass(frozen=True)
class Totals:
    day: date
    currency: str
    charges: int = 0
    revenue_minor: int = 0
    refunds_minor: int = 0
    payouts: int = 0
    payouts_minor: int = 0


def jst_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the first day's midnight in Japan to the midnight after the last (exclusive)."""
    start = datetime.combine(first, time(), tzinfo=UTC) - JST_OFFSET
    return start, start + timedelta(days=(last - first).days + 1)


def _jst_day(session: AsyncSession, column: Any) -> ColumnElement[Any]:
    if session.bind.dialect.name == "postgresql":
        return func.date(func.timezone("Asia/Tokyo", column))
    return func.date(column, "+9 hours")  # SQLite keeps UTC text without an offset


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def daily_totals(session: AsyncSession, first: date, last: date) -> list[Totals]:
    start, end = jst_bounds(first, last)
    day = _jst_day(session, BT.created_at).label("day")
    money = (
        select(
            day,
            BT.currency,
            func.count().filter(BT.reporting_category.in_(REVENUE)).label("charges"),
            func.coalesce(
                func.sum(case((BT.reporting_category.in_(REVENUE), BT.amount_minor), else_=0)), 0
            ).label("revenue"),
            func.coalesce(
                func.sum(case((BT.reporting_category.in_(REFUNDS), -BT.amount_minor), else_=0)), 0
            ).label("refunds"),
        )
        .where(
            BT.created_at >= start,
            BT.created_at < end,
            BT.reporting_category.in_(REVENUE + REFUNDS),
        )
        .group_by(day, BT.currency)
    )
    po_day = _jst_day(session, StripePayout.created_at).label("day")
    payouts = (
        select(
            po_day,
            StripePayout.currency,
            func.count().label("payouts"),
            func.coalesce(func.sum(StripePayout.amount_minor), 0).label("amount"),
        )
        .where(
            StripePayout.created_at >= start,
            StripePayout.created_at < end,
            StripePayout.status.not_in(PAYOUT_DONE),
        )
        .group_by(po_day, StripePayout.currency)
    )
    found: dict[tuple[date, str], dict[str, int]] = {}
    for row in (await session.execute(money)).all():
        found[(_day(row.day), row.currency)] = {
            "charges": int(row.charges),
            "revenue_minor": int(row.revenue),
            "refunds_minor": int(row.refunds),
        }
    for row in (await session.execute(payouts)).all():
        slot = found.setdefault((_day(row.day), row.currency.upper()), {})
        slot |= {"payouts": int(row.payouts), "payouts_minor": int(row.amount)}
    return [Totals(day=d, currency=c, **v) for (d, c), v in sorted(found.items())]
