"""The balance transactions the ledger names reach finance's copy from a short list kept
as journals are posted, not from a search of the whole ledger after every event.

In-process on a scratch payments database, with the real Stripe SDK talking to the
run's Stripe stand-in (whose balance transaction comes from a real paid checkout)."""

import asyncio
from typing import Any

import httpx
import stripe
from sqlalchemy import text

from lpx_common.db import Database
from lpx_common.migrations import upgrade
from payments.clients.stripe_http import LeanStripeHttpClient
from payments.domain import ledger
from payments.finance.domain.attribution import resolve_bookings, with_same_charge
from payments.finance.domain.payouts import sync_ledger_transactions
from payments.finance.models import StripeBalanceTransaction
from tests.harness import SERVICE_DIRS, STRIPE_API_KEY, Platform, Tokens
from tests.payments.conftest import new_booking_id, paid_payment

# A balance transaction as a payout sync would have copied it.
COPIED_BEFORE = (
    "INSERT INTO stripe_balance_transactions (id, type, reporting_category, amount_minor, "
    "fee_minor, net_minor, currency, status, created_at, synced_at) VALUES ('{id}', "
    "'charge', 'charge', 100, 0, 100, 'jpy', 'available', now(), now())"
)


async def _rows(db: Database, sql: str) -> list[Any]:
    async with db.read_connection() as conn:
        return list((await conn.execute(text(sql))).all())


async def _post(db: Database, source_key: str, txn: str | None, amount: int = 5_000) -> str | None:
    async with db.transaction() as session:
        return await ledger.post(
            session,
            kind="capture",
            source_key=source_key,
            currency="jpy",
            lines=[
                ledger.debit(ledger.STRIPE_BALANCE, amount),
                ledger.credit(ledger.CUSTOMER_DEPOSITS, amount),
            ],
            booking_id="bkg_ledger_copy",
            balance_transaction_id=txn,
        )


def test_only_what_is_listed_is_copied_and_the_list_empties(
    scratch_url: str,
    platform: Platform,
    pay: httpx.Client,
    tokens: Tokens,
    stripe_api: httpx.Client,
) -> None:
    upgrade(SERVICE_DIRS["payments"], scratch_url)
    real_txn = paid_payment(pay, tokens, stripe_api, new_booking_id())["balance_transaction_id"]
    assert real_txn
    client = stripe.StripeClient(
        STRIPE_API_KEY,
        base_addresses={"api": platform.service("stripe").url},
        http_client=LeanStripeHttpClient(timeout=5.0),
    )
    asyncio.run(_post_then_copy(scratch_url, client, real_txn))


async def _post_then_copy(url: str, client: stripe.StripeClient, real_txn: str) -> None:
    db = Database(url)
    try:
        await _check_copies(db, client, real_txn)
    finally:
        await db.dispose()


async def _check_copies(db: Database, client: stripe.StripeClient, real_txn: str) -> None:
    # A transaction a payout sync already copied, and one Stripe has never heard of.
    async with db.autocommit() as conn:
        await conn.execute(text(COPIED_BEFORE.format(id="txn_copied")))
    assert await _post(db, "capture:a", real_txn)
    assert await _post(db, "capture:b", "txn_copied")
    assert await _post(db, "capture:c", "txn_stripe_never_made")
    assert await _post(db, "capture:d", None)
    # Posting the same fact again adds nothing: no journal, no entries, no listing.
    assert await _post(db, "capture:a", real_txn) is None
    assert len(await _rows(db, "SELECT id FROM ledger_entries")) == 8
    listed = {r.id for r in await _rows(db, "SELECT id FROM balance_transactions_to_copy")}
    assert listed == {real_txn, "txn_copied", "txn_stripe_never_made"}

    stats = await sync_ledger_transactions(db, client)

    # Only the one new transaction was fetched, with Stripe's own amounts.
    assert stats.pages_fetched == 1 and stats.balance_transactions_seen == 1
    copies = await _rows(
        db, f"SELECT amount_minor FROM stripe_balance_transactions WHERE id = '{real_txn}'"
    )
    assert [c.amount_minor for c in copies] == [70_000]
    # The copied ones are off the list; the one Stripe does not know stays, to be tried
    # again (and reported as "ledger without Stripe" meanwhile).
    listed = {r.id for r in await _rows(db, "SELECT id FROM balance_transactions_to_copy")}
    assert listed == {"txn_stripe_never_made"}

    again = await sync_ledger_transactions(db, client)
    assert again.pages_fetched == 0 and again.balance_transactions_seen == 0


def test_the_migration_lists_what_the_ledger_names_and_finance_lacks(scratch_url: str) -> None:
    upgrade(SERVICE_DIRS["payments"], scratch_url, "0007_outbox_traceparent")
    journal = (
        "INSERT INTO ledger_journals (id, kind, source_key, currency, "
        "stripe_balance_transaction_id, created_at) VALUES ('jrn_{n}', 'capture', 'k{n}', "
        "'jpy', {txn}, now())"
    )
    statements = [
        COPIED_BEFORE.format(id="txn_have"),
        *(
            journal.format(n=n, txn=txn)
            for n, txn in enumerate(["'txn_have'", "'txn_lack'", "'txn_lack'", "NULL"])
        ),
    ]
    db = Database(scratch_url)

    async def run(*sql: str) -> list[Any]:
        rows: list[Any] = []
        async with db.autocommit() as conn:
            for one in sql:
                result = await conn.execute(text(one))
                rows = list(result.all()) if result.returns_rows else rows
        await db.dispose()
        return rows

    asyncio.run(run(*statements))
    upgrade(SERVICE_DIRS["payments"], scratch_url)
    listed = asyncio.run(run("SELECT id FROM balance_transactions_to_copy"))
    assert {r.id for r in listed} == {"txn_lack"}


def test_a_copied_charge_resolves_itself_and_its_refunds_and_nothing_else(
    scratch_url: str,
) -> None:
    """After each copy only the copied transactions are resolved (a pass over all of them
    took half a second at 100,000 payments a month), and with a charge go the refunds
    of it copied before it had a booking."""
    upgrade(SERVICE_DIRS["payments"], scratch_url)
    txn = (
        "INSERT INTO stripe_balance_transactions (id, type, reporting_category, amount_minor, "
        "fee_minor, net_minor, currency, status, created_at, synced_at, charge_id) VALUES "
        "('{id}', '{type}', '{type}', 100, 0, 100, 'jpy', 'available', now(), now(), '{charge}')"
    )
    payment = (
        "INSERT INTO payments (id, booking_id, method, status, amount_minor, currency, "
        "amount_captured_minor, amount_refunded_minor, stripe_idempotency_key, charge_id, "
        "expires_at, created_at, updated_at) VALUES ('{id}', '{booking}', 'card', "
        "'succeeded', 100, 'jpy', 100, 0, '{id}', '{charge}', now(), now(), now())"
    )

    async def run() -> dict[str, tuple[str | None, str | None]]:
        db = Database(scratch_url)
        try:
            async with db.autocommit() as conn:
                for sql in (
                    payment.format(id="pay_1", booking="bkg_1", charge="ch_1"),
                    payment.format(id="pay_2", booking="bkg_2", charge="ch_2"),
                    txn.format(id="txn_refund_1", type="refund", charge="ch_1"),
                    txn.format(id="txn_charge_1", type="charge", charge="ch_1"),
                    txn.format(id="txn_charge_2", type="charge", charge="ch_2"),
                ):
                    await conn.execute(text(sql))
            copied = StripeBalanceTransaction.id.in_(["txn_charge_1"])
            assert await resolve_bookings(db, with_same_charge(copied, ["ch_1"])) == 2
            rows = await _rows(
                db, "SELECT id, booking_id, payer_kind FROM stripe_balance_transactions"
            )
            return {r.id: (r.booking_id, r.payer_kind) for r in rows}
        finally:
            await db.dispose()

    assert asyncio.run(run()) == {
        "txn_charge_1": ("bkg_1", "consumer"),
        "txn_refund_1": ("bkg_1", "consumer"),
        "txn_charge_2": (None, None),  # not copied now: left for its own pass
    }
