"""One month of payments as finance sees them, planted straight into a throwaway payments
database (``COPY``): Stripe balance transactions (card and bank-transfer charges,
partial refunds, daily payouts per currency), the ledger journals and entries recording
them, booking's statuses, invoices and payouts. Shared by ``bench/reconciliation.py``
and ``bench/backoffice_finance.py``; ``generate(n)`` makes n payments, ``load`` plants
them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

MONTH_START = datetime(2026, 10, 1, tzinfo=UTC)
MONTH = timedelta(days=31)
FEE_PER_MILLE = 36
BANK_FEE_PER_MILLE = 15


def fee_of(amount: int, per_mille: int) -> int:
    return (amount * per_mille + 500) // 1000


def generate(n: int) -> dict[str, list[tuple[Any, ...]]]:
    """One month of ``n`` payments: rows for each table, as COPY records."""
    now = datetime.now(UTC)
    bts: list[tuple[Any, ...]] = []
    journals: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    views: list[tuple[Any, ...]] = []
    invoices: list[tuple[Any, ...]] = []
    payout_net: dict[tuple[str, int], int] = {}
    payout_members: dict[tuple[str, int], list[int]] = {}
    step = MONTH / n

    def ledger(
        jid: str,
        kind: str,
        cur: str,
        booking: str | None,
        txn: str,
        lines: list[tuple[str, str, int]],
        at: datetime,
    ) -> None:
        journals.append((jid, kind, jid, cur, booking, txn, at))
        for k, (account, side, amount) in enumerate(lines):
            if amount:
                entries.append((f"{jid}_{k}", jid, account, side, amount, cur, booking, txn, at))

    for i in range(n):
        created = MONTH_START + step * i
        day = (created - MONTH_START).days
        usd = i % 10 == 9
        business = i % 50 == 0
        cur = "USD" if usd else "JPY"
        amount = (46_000 if usd else 70_000) * (20 if business else 1)
        fee = fee_of(amount, BANK_FEE_PER_MILLE if business else FEE_PER_MILLE)
        booking = f"bkg_bench{i:09d}"
        txn = f"txn_c{i}"
        invoice = f"in_bench{i}" if business else None
        bts.append(
            (
                txn,
                "charge",
                "charge",
                amount,
                fee,
                amount - fee,
                cur,
                "available",
                created,
                created + timedelta(days=2),
                None,
                f"ch_{i}",
                f"ch_{i}",
                None,
                None,
                f"pi_{i}",
                invoice,
                None,
                booking,
                "business" if business else "consumer",
                now,
            )
        )
        ledger(
            f"jrn_c{i}",
            "payment_captured",
            cur,
            booking,
            txn,
            [
                ("stripe_balance", "debit", amount - fee),
                ("stripe_fees", "debit", fee),
                ("customer_deposits", "credit", amount),
            ],
            created,
        )
        views.append(
            (booking, "confirmed", "business" if business else "consumer", created, created)
        )
        if business:
            invoices.append(
                (
                    f"inv_bench{i}",
                    booking,
                    f"mst_bench{i}",
                    "Deposit",
                    "Bench Corp",
                    "ap@bench.example",
                    amount,
                    amount,
                    cur,
                    "paid",
                    False,
                    created + timedelta(days=30),
                    f"cus_bench{i % 97}",
                    invoice,
                    f"ch_{i}",
                    created,
                    created,
                )
            )
        key = (cur, day)
        payout_net[key] = payout_net.get(key, 0) + amount - fee
        payout_members.setdefault(key, []).append(len(bts) - 1)
        if i % 20 == 7:  # a partial refund, a few minutes later
            refund_at = created + timedelta(minutes=5)
            rtxn = f"txn_r{i}"
            bts.append(
                (
                    rtxn,
                    "refund",
                    "refund",
                    -10_000,
                    0,
                    -10_000,
                    cur,
                    "available",
                    refund_at,
                    refund_at,
                    None,
                    f"re_{i}",
                    f"ch_{i}",
                    f"re_{i}",
                    None,
                    f"pi_{i}",
                    None,
                    None,
                    booking,
                    "consumer",
                    now,
                )
            )
            ledger(
                f"jrn_r{i}",
                "refund",
                cur,
                booking,
                rtxn,
                [("customer_deposits", "debit", 10_000), ("stripe_balance", "credit", 10_000)],
                refund_at,
            )
            payout_net[key] -= 10_000
            payout_members[key].append(len(bts) - 1)
    payouts: list[tuple[Any, ...]] = []
    for (cur, day), net in payout_net.items():
        po = f"po_{cur}_{day}"
        at = MONTH_START + timedelta(days=day, hours=23, minutes=59)
        ptxn = f"txn_{po}"
        for index in payout_members[(cur, day)]:
            row = list(bts[index])
            row[17] = po
            bts[index] = tuple(row)
        bts.append(
            (
                ptxn,
                "payout",
                "payout",
                -net,
                0,
                -net,
                cur,
                "available",
                at,
                at,
                None,
                po,
                None,
                None,
                None,
                None,
                None,
                po,
                None,
                None,
                now,
            )
        )
        payouts.append((po, net, cur, "paid", "completed", True, at, at, ptxn, now, now))
        ledger(
            f"jrn_{po}",
            "payout",
            cur,
            None,
            ptxn,
            [("bank", "debit", net), ("stripe_balance", "credit", net)],
            at,
        )
    return {
        "stripe_balance_transactions": bts,
        "ledger_journals": journals,
        "ledger_entries": entries,
        "booking_status_views": views,
        "invoices": invoices,
        "stripe_payouts": payouts,
    }


COLUMNS = {
    "stripe_balance_transactions": [
        "id",
        "type",
        "reporting_category",
        "amount_minor",
        "fee_minor",
        "net_minor",
        "currency",
        "status",
        "created_at",
        "available_on",
        "description",
        "source_id",
        "charge_id",
        "refund_id",
        "dispute_id",
        "payment_intent_id",
        "stripe_invoice_id",
        "payout_id",
        "booking_id",
        "payer_kind",
        "synced_at",
    ],
    "ledger_journals": [
        "id",
        "kind",
        "source_key",
        "currency",
        "booking_id",
        "stripe_balance_transaction_id",
        "created_at",
    ],
    "ledger_entries": [
        "id",
        "journal_id",
        "account",
        "side",
        "amount_minor",
        "currency",
        "booking_id",
        "stripe_balance_transaction_id",
        "created_at",
    ],
    "booking_status_views": ["booking_id", "status", "kind", "booking_updated_at", "observed_at"],
    "invoices": [
        "id",
        "booking_id",
        "milestone_id",
        "label",
        "company_name",
        "company_email",
        "amount_minor",
        "amount_paid_minor",
        "currency",
        "status",
        "overdue",
        "due_at",
        "stripe_customer_id",
        "stripe_invoice_id",
        "stripe_charge_id",
        "created_at",
        "updated_at",
    ],
    "stripe_payouts": [
        "id",
        "amount_minor",
        "currency",
        "status",
        "reconciliation_status",
        "automatic",
        "arrival_date",
        "created_at",
        "stripe_balance_transaction_id",
        "synced_at",
        "transactions_synced_at",
    ],
}


async def load(url: str, data: dict[str, list[tuple[Any, ...]]]) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        for table in (
            "ledger_journals",
            "ledger_entries",
            "stripe_balance_transactions",
            "booking_status_views",
            "invoices",
            "stripe_payouts",
        ):
            await conn.copy_records_to_table(table, records=data[table], columns=COLUMNS[table])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
