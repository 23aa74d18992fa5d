"""Payout sync: every payout and balance transaction copied from Stripe, page by page,
idempotently; payout webhooks sync their payout."""

import httpx

from tests.finance.support import foreign_charge, payments_rows, payout, sync, wait_for
from tests.harness import Platform, Tokens


def test_sync_pages_through_everything_and_a_second_run_changes_nothing(
    platform: Platform, payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    made = []
    for amount in (10_000, 20_000, 30_000):
        txn = foreign_charge(stripe_standin, amount)
        made.append((payout(stripe_standin, "jpy", [txn]), txn))

    # A payments instance that asks Stripe for two objects per page.
    small_pages = platform.spawn("payments", PAYMENTS_FINANCE_SYNC_PAGE_SIZE="2")
    try:
        with httpx.Client(base_url=small_pages.url, timeout=30) as client:
            first = sync(client, tokens)
            # >= 3 payouts and >= 6 transactions, two per page, plus one list per payout.
            assert first["payouts_seen"] >= 3 and first["balance_transactions_seen"] >= 6
            assert first["pages_fetched"] >= 2 + 3 + 3
            for po, txn in made:
                rows = payments_rows(
                    platform,
                    "SELECT id, payout_id, type FROM stripe_balance_transactions"
                    " WHERE payout_id = $1 ORDER BY type",
                    po["id"],
                )
                assert [(r["id"], r["type"]) for r in rows][:1] == [(txn, "charge")]
                assert [r["type"] for r in rows] == ["charge", "payout"]
                check = client.get(
                    f"/v1/finance/reconciliation/payouts/{po['id']}",
                    headers=tokens.staff("finance"),
                ).json()
                assert check["payout"]["check"] == "balanced"
                assert check["payout"]["transactions_net"]["minor"] == po["amount"]

            before = payments_rows(
                platform,
                "SELECT count(*) AS n, max(synced_at) AS last FROM stripe_balance_transactions",
            )[0]
            second = sync(client, tokens)
            assert second["payouts_changed"] == 0
            assert second["balance_transactions_changed"] == 0
            assert second["balance_transactions_seen"] == first["balance_transactions_seen"] or (
                second["balance_transactions_seen"] >= first["balance_transactions_seen"]
            )
            after = payments_rows(
                platform,
                "SELECT count(*) AS n, max(synced_at) AS last FROM stripe_balance_transactions",
            )[0]
            assert after == before
    finally:
        # Its event processor must not outlive the test: later tests freeze payments
        # and expect no other instance to process the events they store.
        small_pages.stop()
    small_pages.stop()


def test_a_paid_payout_webhook_syncs_that_payout(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    txn = foreign_charge(stripe_standin, 12_345)
    po = payout(stripe_standin, "jpy", [txn])

    def synced() -> dict | None:
        answer = payments.get(
            f"/v1/finance/reconciliation/payouts/{po['id']}", headers=tokens.staff("finance")
        )
        if answer.status_code != 200 or answer.json()["payout"]["check"] == "not_synced":
            return None
        return answer.json()

    found = wait_for(synced, timeout=30)
    assert found["payout"]["check"] == "balanced"
    assert [r["balance_transaction_id"] for r in found["rows"] if r["type"] == "charge"] == [txn]
    assert (
        payments.post("/v1/finance/payouts/sync", headers=tokens.staff("sales")).status_code == 403
    )
