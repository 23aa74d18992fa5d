"""The reconciliation report: Stripe's balance transactions against our books.

One row per Stripe balance transaction (mirrored by ``payouts.sync_*``), a summary per
currency and reporting category, a check per payout that its transactions' net amounts
add up to the payout, and exception lists. Everything is computed in SQL over this
service's own tables, booking's statuses included: payments keeps the newest entry of
booking's status feed per booking (see ``finance.booking_view``), so booking's database
is never read and the report needs no call to booking.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.money import CURRENCY_EXPONENTS, to_major_string
from lpx_common.pagination import keyset_page
from payments.finance.domain import refund_watch
from payments.finance.domain.booking_exceptions import booking_exceptions
from payments.finance.models import (
    Invoice,
    StripeBalanceTransaction,
    StripePayout,
)

BT = StripeBalanceTransaction

# Balance transactions that are the payout itself, not money it carries.
PAYOUT_TYPES = ("payout", "payout_cancel", "payout_failure")
JSON_ROW_LIMIT_MAX = 1000

ROW_COLUMNS = (
    BT.id,
    BT.created_at,
    BT.available_on,
    BT.booking_id,
    BT.payer_kind,
    BT.type,
    BT.reporting_category,
    BT.source_id,
    BT.charge_id,
    BT.refund_id,
    BT.dispute_id,
    BT.payment_intent_id,
    BT.stripe_invoice_id,
    BT.payout_id,
    BT.currency,
    BT.amount_minor,
    BT.fee_minor,
    BT.net_minor,
)


@dataclass(frozen=True)
class Range:
    start: datetime
    end: datetime  # exclusive


def row_json(row: Any) -> dict[str, Any]:
    currency = row.currency
    major = currency in CURRENCY_EXPONENTS
    return {
        "balance_transaction_id": row.id,
        "created": row.created_at,
        "available_on": row.available_on,
        "booking_id": row.booking_id,
        "payer_kind": row.payer_kind,
        "type": row.type,
        "reporting_category": row.reporting_category,
        "source_id": row.source_id,
        "charge_id": row.charge_id,
        "refund_id": row.refund_id,
        "dispute_id": row.dispute_id,
        "payment_intent_id": row.payment_intent_id,
        "invoice_id": row.stripe_invoice_id,
        "payout_id": row.payout_id,
        "currency": currency,
        "gross_minor": row.amount_minor,
        "fee_minor": row.fee_minor,
        "net_minor": row.net_minor,
        "gross": to_major_string(row.amount_minor, currency) if major else None,
        "fee": to_major_string(row.fee_minor, currency) if major else None,
        "net": to_major_string(row.net_minor, currency) if major else None,
    }


def _money(amount: int, currency: str) -> dict[str, Any]:
    return {"minor": amount, "major": to_major_string(amount, currency)}


async def summary(session: AsyncSession, period: Range) -> dict[str, Any]:
    stmt = (
        select(
            BT.currency,
            BT.reporting_category,
            func.count().label("count"),
            func.coalesce(func.sum(BT.amount_minor), 0).label("gross"),
            func.coalesce(func.sum(BT.fee_minor), 0).label("fee"),
            func.coalesce(func.sum(BT.net_minor), 0).label("net"),
        )
        .where(BT.created_at >= period.start, BT.created_at < period.end)
        .group_by(BT.currency, BT.reporting_category)
        .order_by(BT.currency, BT.reporting_category)
    )
    by_currency: dict[str, dict[str, Any]] = {}
    total_rows = 0
    for row in (await session.execute(stmt)).all():
        cur = by_currency.setdefault(
            row.currency,
            {
                "currency": row.currency,
                "count": 0,
                "gross": 0,
                "fee": 0,
                "net": 0,
                "categories": [],
            },
        )
        count, gross, fee, net = int(row.count), int(row.gross), int(row.fee), int(row.net)
        total_rows += count
        cur["count"] += count
        cur["gross"] += gross
        cur["fee"] += fee
        cur["net"] += net
        cur["categories"].append(
            {
                "reporting_category": row.reporting_category,
                "count": count,
                "gross": _money(gross, row.currency),
                "fee": _money(fee, row.currency),
                "net": _money(net, row.currency),
            }
        )
    currencies = [
        {
            "currency": c["currency"],
            "count": c["count"],
            "gross": _money(c["gross"], c["currency"]),
            "fee": _money(c["fee"], c["currency"]),
            "net": _money(c["net"], c["currency"]),
            "categories": c["categories"],
        }
        for c in by_currency.values()
    ]
    return {"row_count": total_rows, "currencies": currencies}


async def payout_checks(
    session: AsyncSession, *, period: Range | None = None, payout_id: str | None = None
) -> list[dict[str, Any]]:
    """Per payout: does the sum of its transactions' net equal the payout amount?"""
    carried = (
        select(
            BT.payout_id.label("payout_id"),
            func.count().label("count"),
            func.coalesce(func.sum(BT.net_minor), 0).label("net"),
        )
        .where(BT.payout_id.is_not(None), BT.type.not_in(PAYOUT_TYPES))
        .group_by(BT.payout_id)
        .subquery()
    )
    stmt = select(
        StripePayout,
        func.coalesce(carried.c.count, 0).label("count"),
        func.coalesce(carried.c.net, 0).label("net"),
    ).outerjoin(carried, carried.c.payout_id == StripePayout.id)
    if payout_id is not None:
        stmt = stmt.where(StripePayout.id == payout_id)
    if period is not None:
        stmt = stmt.where(
            StripePayout.created_at >= period.start, StripePayout.created_at < period.end
        )
    checks = []
    for payout, count, net in (await session.execute(stmt.order_by(StripePayout.created_at))).all():
        net = int(net)
        difference = net - payout.amount_minor
        synced = payout.transactions_synced_at is not None
        if payout.status in ("failed", "canceled"):
            state = "not_applicable"
        elif not payout.automatic:
            # Stripe itemises automatic payouts only; a manual one carries no list.
            state = "not_itemized"
        elif not synced:
            state = "not_synced"
        else:
            state = "balanced" if difference == 0 else "mismatch"
        checks.append(
            {
                "payout_id": payout.id,
                "status": payout.status,
                "currency": payout.currency,
                "created": payout.created_at,
                "arrival_date": payout.arrival_date,
                "amount": _money(payout.amount_minor, payout.currency),
                "transactions_count": int(count),
                "transactions_net": _money(net, payout.currency),
                "difference": _money(difference, payout.currency),
                "check": state,
                "balanced": state == "balanced",
            }
        )
    return checks


# --------------------------------------------------------------------------- exceptions

LedgerView = Callable[[AsyncSession, Range], Awaitable[dict[str, Any]]]
"""The payments core's ledger, seen from finance (see ``ledger_link``)."""


async def overdue_invoices(session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
    stmt = (
        select(Invoice)
        .where(Invoice.status == "open", or_(Invoice.overdue.is_(True), Invoice.due_at < now))
        .order_by(Invoice.due_at)
    )
    return [
        {
            "invoice_id": inv.id,
            "booking_id": inv.booking_id,
            "milestone_id": inv.milestone_id,
            "company_name": inv.company_name,
            "stripe_invoice_id": inv.stripe_invoice_id,
            "amount": _money(inv.amount_minor, inv.currency),
            "currency": inv.currency,
            "due_at": inv.due_at,
            "days_overdue": max(0, (now - inv.due_at).days),
        }
        for inv in (await session.scalars(stmt)).all()
    ]


async def build_report(
    db: Database,
    period: Range,
    *,
    row_limit: int,
    cursor: str | None,
    ledger_view: LedgerView,
    disputes_view: Callable[[AsyncSession], Awaitable[list[dict[str, Any]]]],
    refund_due_grace: timedelta = timedelta(minutes=5),
    with_exceptions: bool = True,
) -> dict[str, Any]:
    """The report; without exceptions it is the sums, payout checks and rows alone. The
    independent parts run at once, each on its own connection (a read each: the lists
    are checks of what is stored, and none depends on another's snapshot)."""
    now = utcnow()
    in_range = [BT.created_at >= period.start, BT.created_at < period.end]

    async def read(part: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        async with db.read() as session:
            return await part(session)

    async def small_lists(session: AsyncSession) -> dict[str, Any]:
        return {
            "open_disputes": await disputes_view(session),
            "invoices_past_due": await overdue_invoices(session, now),
            "refunds_due_too_long": await refund_watch.overdue_refunds_due(
                session, now, refund_due_grace
            ),
            "refunds_failed": await refund_watch.failed_refunds(session, now),
        }

    parts: list[Callable[[AsyncSession], Awaitable[Any]]] = [
        lambda s: summary(s, period),
        lambda s: payout_checks(s, period=period),
        lambda s: _page(s, in_range, row_limit, cursor),
    ]
    if with_exceptions:
        parts += [
            lambda s: booking_exceptions(s, period),
            lambda s: ledger_view(s, period),
            small_lists,
        ]
    head, payouts, (rows, next_cursor), *lists = await asyncio.gather(*map(read, parts))
    unbalanced = [p for p in payouts if p["check"] == "mismatch"]
    exceptions: dict[str, Any] | None = None
    differences: int | None = None
    if with_exceptions:
        bookings, ledger, small = lists
        exceptions = {
            **bookings,
            **small,
            "ledger_without_stripe": ledger.get("ledger_without_stripe", []),
            "stripe_without_ledger": ledger.get("stripe_without_ledger", []),
            "ledger_amount_mismatches": ledger.get("ledger_amount_mismatches", []),
        }
        differences = len(unbalanced) + sum(
            len(exceptions[k])
            for k in (
                "ledger_without_stripe",
                "stripe_without_ledger",
                "ledger_amount_mismatches",
                "paid_not_confirmed",
                "confirmed_not_paid",
                "refunded_still_active",
            )
        )
    return {
        "from": period.start,
        "to": period.end,
        "generated_at": now,
        "summary": {
            **head,
            "payouts_checked": len(payouts),
            "payouts_unbalanced": len(unbalanced),
            "differences": differences,
            "ledger_checked": with_exceptions and bool(lists[1].get("checked", False)),
        },
        "payouts": payouts,
        "exceptions": exceptions,
        "rows": rows,
        "row_limit": row_limit,
        "next_cursor": next_cursor,
    }


async def _page(
    session: AsyncSession, where: list[Any], limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of rows in (created, id) order; the cursor continues after its last row."""
    items, next_cursor = await keyset_page(
        session, select(BT).where(*where), [BT.created_at, BT.id], limit=limit, cursor=cursor
    )
    return [row_json(bt) for bt in items], next_cursor


async def payout_report(
    db: Database, payout_id: str, *, row_limit: int, cursor: str | None
) -> dict[str, Any] | None:
    async with db.read() as session:
        checks = await payout_checks(session, payout_id=payout_id)
        if not checks:
            return None
        rows, next_cursor = await _page(session, [BT.payout_id == payout_id], row_limit, cursor)
    return {"payout": checks[0], "rows": rows, "row_limit": row_limit, "next_cursor": next_cursor}
