"""The append-only double-entry ledger, in integer minor units.

Every posting is a journal of entries whose debits equal its credits. A journal has a
``source_key`` naming the fact it records (a capture, a refund, a balance transaction),
unique in the database, so the same fact is never posted twice however often an event
is delivered. Corrections are new journals that reverse earlier ones.

Accounts:
- ``stripe_balance`` (asset): money held for us at Stripe.
- ``bank`` (asset): money paid out to our bank account.
- ``disputes_receivable`` (asset): money Stripe withdrew for an open dispute.
- ``customer_deposits`` (liability): what customers paid for flights not yet flown.
- ``stripe_fees`` (expense): Stripe's processing and dispute fees.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import insert_into, insert_on_conflict
from lpx_common.ids import new_id
from payments.models import BalanceTransactionToCopy, LedgerEntry, LedgerJournal

STRIPE_BALANCE = "stripe_balance"
BANK = "bank"
DISPUTES_RECEIVABLE = "disputes_receivable"
CUSTOMER_DEPOSITS = "customer_deposits"
STRIPE_FEES = "stripe_fees"

ACCOUNTS = (STRIPE_BALANCE, BANK, DISPUTES_RECEIVABLE, CUSTOMER_DEPOSITS, STRIPE_FEES)


class UnbalancedJournal(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    account: str
    side: str  # "debit" | "credit"
    amount_minor: int


def debit(account: str, amount: int) -> Line:
    return Line(account, "debit", amount)


def credit(account: str, amount: int) -> Line:
    return Line(account, "credit", amount)


@dataclass(frozen=True)
class _Statements:
    journal: Executable
    entries: Executable
    to_copy: Executable


@functools.cache
def _statements(dialect: str) -> _Statements:
    """Posting's statements, built once per dialect and executed with parameters (see
    lpx_common.db.insert_into); on the tables, so a session runs them as plain Core."""
    journals = LedgerJournal.__table__
    return _Statements(
        journal=insert_on_conflict(dialect, journals)
        .on_conflict_do_nothing(index_elements=["source_key"])
        .returning(journals.c.id),
        entries=insert_into(LedgerEntry.__table__),
        to_copy=insert_on_conflict(
            dialect, BalanceTransactionToCopy.__table__
        ).on_conflict_do_nothing(),
    )


async def post(
    session: AsyncSession,
    *,
    kind: str,
    source_key: str,
    currency: str,
    lines: list[Line],
    booking_id: str | None = None,
    payment_id: str | None = None,
    refund_id: str | None = None,
    dispute_id: str | None = None,
    balance_transaction_id: str | None = None,
    reverses_journal_id: str | None = None,
    description: str | None = None,
) -> str | None:
    """Post one balanced journal; returns its id, or None when ``source_key`` was posted
    already. A journal naming a Stripe balance transaction also puts it on the list
    finance copies from (:class:`BalanceTransactionToCopy`)."""
    lines = [line for line in lines if line.amount_minor != 0]
    if any(line.amount_minor < 0 for line in lines):
        raise UnbalancedJournal("ledger lines carry positive amounts; choose the side")
    debits = sum(line.amount_minor for line in lines if line.side == "debit")
    credits = sum(line.amount_minor for line in lines if line.side == "credit")
    if debits != credits or not lines:
        raise UnbalancedJournal(f"journal {source_key}: debits {debits} != credits {credits}")
    dialect = session.get_bind().dialect.name
    now = utcnow()
    # One statement whether or not the fact was posted before (or is being posted by a
    # concurrent processor, whose commit it waits for): no read first, no savepoint.
    journal_id = await session.scalar(
        _statements(dialect).journal,
        {
            "id": new_id("jrn"),
            "kind": kind,
            "source_key": source_key,
            "currency": currency,
            "booking_id": booking_id,
            "payment_id": payment_id,
            "refund_id": refund_id,
            "dispute_id": dispute_id,
            "stripe_balance_transaction_id": balance_transaction_id,
            "reverses_journal_id": reverses_journal_id,
            "description": description,
            "created_at": now,
        },
    )
    if journal_id is None:
        return None
    await session.execute(
        _statements(dialect).entries,
        [
            {
                "id": new_id("led"),
                "journal_id": journal_id,
                "account": line.account,
                "side": line.side,
                "amount_minor": line.amount_minor,
                "currency": currency,
                "booking_id": booking_id,
                "payment_id": payment_id,
                "stripe_balance_transaction_id": balance_transaction_id,
                "created_at": now,
            }
            for line in lines
        ],
    )
    if balance_transaction_id:
        await session.execute(
            _statements(dialect).to_copy, {"id": balance_transaction_id, "named_at": now}
        )
    return journal_id


async def reverse(
    session: AsyncSession,
    source_key: str,
    *,
    new_source_key: str,
    kind: str,
    balance_transaction_id: str | None = None,
    description: str | None = None,
) -> str | None:
    """Post the mirror image of the journal posted for ``source_key`` (if any)."""
    original = await session.scalar(
        select(LedgerJournal).where(LedgerJournal.source_key == source_key)
    )
    if original is None:
        return None
    entries = (
        await session.scalars(select(LedgerEntry).where(LedgerEntry.journal_id == original.id))
    ).all()
    flipped = [
        Line(e.account, "credit" if e.side == "debit" else "debit", e.amount_minor) for e in entries
    ]
    return await post(
        session,
        kind=kind,
        source_key=new_source_key,
        currency=original.currency,
        lines=flipped,
        booking_id=original.booking_id,
        payment_id=original.payment_id,
        refund_id=original.refund_id,
        dispute_id=original.dispute_id,
        balance_transaction_id=balance_transaction_id,
        reverses_journal_id=original.id,
        description=description or f"reversal of {original.kind}",
    )


async def balances(session: AsyncSession, *, booking_id: str | None = None) -> dict[str, Any]:
    """Per-account sums and the check that debits equal credits in every currency."""
    stmt = select(
        LedgerEntry.account,
        LedgerEntry.currency,
        LedgerEntry.side,
        func.sum(LedgerEntry.amount_minor),
        func.count(),
    ).group_by(LedgerEntry.account, LedgerEntry.currency, LedgerEntry.side)
    if booking_id:
        stmt = stmt.where(LedgerEntry.booking_id == booking_id)
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"debit": 0, "credit": 0, "entries": 0}
    )
    for account, currency, side, total, count in (await session.execute(stmt)).all():
        sums[(account, currency)][side] += int(total or 0)
        sums[(account, currency)]["entries"] += int(count)
    accounts = []
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"debit": 0, "credit": 0})
    for (account, currency), s in sorted(sums.items()):
        accounts.append(
            {
                "account": account,
                "currency": currency,
                "debit_minor": s["debit"],
                "credit_minor": s["credit"],
                "balance_minor": s["debit"] - s["credit"],
                "entries": s["entries"],
            }
        )
        totals[currency]["debit"] += s["debit"]
        totals[currency]["credit"] += s["credit"]
    currencies = [
        {
            "currency": currency,
            "debit_minor": t["debit"],
            "credit_minor": t["credit"],
            "balanced": t["debit"] == t["credit"],
        }
        for currency, t in sorted(totals.items())
    ]
    return {
        "accounts": accounts,
        "currencies": currencies,
        "balanced": all(c["balanced"] for c in currencies),
    }
