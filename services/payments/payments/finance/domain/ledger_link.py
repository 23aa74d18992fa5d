"""Finance's view of the payments core's ledger: which Stripe movements it recorded.

Every ledger entry that moves ``stripe_balance`` names the Stripe balance transaction it
records, so per balance transaction the ledger's net movement of ``stripe_balance`` must
equal Stripe's ``net``. Three lists fall out: balance transactions the ledger never
recorded, ledger postings naming a balance transaction Stripe does not have, and
transactions recorded with another amount.
"""

from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from payments.finance.models import StripeBalanceTransaction
from payments.models import LedgerEntry, LedgerJournal

BT = StripeBalanceTransaction
STRIPE_BALANCE = "stripe_balance"
LIST_CAP = 200


def _signed() -> Any:
    return case(
        (LedgerEntry.side == "debit", LedgerEntry.amount_minor), else_=-LedgerEntry.amount_minor
    )


async def ledger_view(session: AsyncSession, period: Any) -> dict[str, Any]:
    moved = (
        select(
            LedgerEntry.stripe_balance_transaction_id.label("txn"),
            func.sum(_signed()).label("ledger_net"),
        )
        .where(
            LedgerEntry.account == STRIPE_BALANCE,
            LedgerEntry.stripe_balance_transaction_id.is_not(None),
        )
        .group_by(LedgerEntry.stripe_balance_transaction_id)
        .subquery()
    )
    in_range = (BT.created_at >= period.start, BT.created_at < period.end)
    # One pass over the range joined to the ledger's sums (both in balance transaction id
    # order, from their indexes): each transaction is either missing from the ledger or
    # recorded with another amount; each list keeps its first LIST_CAP in time order.
    kind = case((moved.c.txn.is_(None), "missing"), else_="mismatch")
    flagged = (
        select(
            BT.id,
            BT.type,
            BT.currency,
            BT.net_minor,
            BT.booking_id,
            BT.created_at,
            moved.c.ledger_net,
            kind.label("kind"),
            func.row_number()
            .over(partition_by=kind, order_by=(BT.created_at, BT.id))
            .label("place"),
        )
        .outerjoin(moved, moved.c.txn == BT.id)
        .where(*in_range, or_(moved.c.txn.is_(None), moved.c.ledger_net != BT.net_minor))
        .subquery()
    )
    flagged_stmt = (
        select(flagged)
        .where(flagged.c.place <= LIST_CAP)
        .order_by(flagged.c.created_at, flagged.c.id)
    )
    orphan_stmt = (
        select(
            LedgerJournal.id,
            LedgerJournal.kind,
            LedgerJournal.booking_id,
            LedgerJournal.currency,
            LedgerJournal.stripe_balance_transaction_id,
            LedgerJournal.created_at,
        )
        .outerjoin(BT, BT.id == LedgerJournal.stripe_balance_transaction_id)
        .where(
            LedgerJournal.created_at >= period.start,
            LedgerJournal.created_at < period.end,
            LedgerJournal.stripe_balance_transaction_id.is_not(None),
            BT.id.is_(None),
        )
        .order_by(LedgerJournal.created_at, LedgerJournal.id)
        .limit(LIST_CAP)
    )
    stripe_without_ledger: list[dict[str, Any]] = []
    amount_mismatches: list[dict[str, Any]] = []
    for r in (await session.execute(flagged_stmt)).all():
        if r.kind == "missing":
            stripe_without_ledger.append(
                {
                    "balance_transaction_id": r.id,
                    "type": r.type,
                    "currency": r.currency,
                    "net_minor": r.net_minor,
                    "booking_id": r.booking_id,
                    "created": r.created_at,
                }
            )
        else:
            amount_mismatches.append(
                {
                    "balance_transaction_id": r.id,
                    "type": r.type,
                    "currency": r.currency,
                    "stripe_net_minor": r.net_minor,
                    "ledger_net_minor": int(r.ledger_net),
                    "booking_id": r.booking_id,
                }
            )
    ledger_without_stripe = [
        {
            "journal_id": r.id,
            "kind": r.kind,
            "booking_id": r.booking_id,
            "currency": r.currency,
            "balance_transaction_id": r.stripe_balance_transaction_id,
            "created": r.created_at,
        }
        for r in (await session.execute(orphan_stmt)).all()
    ]
    return {
        "checked": True,
        "stripe_without_ledger": stripe_without_ledger,
        "ledger_without_stripe": ledger_without_stripe,
        "ledger_amount_mismatches": amount_mismatches,
    }
