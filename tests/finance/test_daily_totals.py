"""Money per day in Japan (the back office's charts): sums per JST day and currency made
in SQL, a day running from midnight to midnight in Japan; and the reconciliation without
its exception lists (the cheap sums-and-payouts report)."""

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from tests.finance.support import report
from tests.harness import Platform, Tokens


def _plant(platform: Platform, rows: list[tuple[Any, ...]], payouts: list[tuple[Any, ...]]) -> None:
    async def run() -> None:
        url = platform.database("payments").replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(url)
        now = datetime.now(UTC)
        try:
            await conn.executemany(
                "INSERT INTO stripe_balance_transactions (id, type, reporting_category,"
                " amount_minor, fee_minor, net_minor, currency, status, created_at, synced_at)"
                " VALUES ($1, $2, $2, $3, 0, $3, $4, 'available', $5, $6)",
                [(*r, now) for r in rows],
            )
            await conn.executemany(
                "INSERT INTO stripe_payouts (id, amount_minor, currency, status, created_at,"
                " synced_at) VALUES ($1, $2, $3, $4, $5, $6)",
                [(*p, now) for p in payouts],
            )
        finally:
            await conn.close()

    asyncio.run(run())


def test_sums_per_day_in_japan_per_currency(
    platform: Platform, payments: httpx.Client, tokens: Tokens
) -> None:
    tag = secrets.token_hex(4)
    # 1 March 2019 23:59 in Japan, then 2 March 00:00: two days, not one.
    before, after = datetime(2019, 3, 1, 14, 59, tzinfo=UTC), datetime(2019, 3, 1, 15, tzinfo=UTC)
    _plant(
        platform,
        [
            (f"txn_a{tag}", "charge", 70_000, "JPY", before),
            (f"txn_b{tag}", "charge", 30_000, "JPY", after),
            (f"txn_c{tag}", "refund", -10_000, "JPY", after),
            (f"txn_d{tag}", "charge", 46_000, "USD", after),
        ],
        [(f"po_a{tag}", 90_000, "JPY", "paid", after), (f"po_b{tag}", 5, "JPY", "failed", after)],
    )
    answer = payments.get(
        "/v1/finance/daily-totals",
        params={"from": "2019-03-01", "to": "2019-03-02"},
        headers=tokens.staff("finance"),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["from"], body["to"], body["time_zone"]) == (
        "2019-03-01",
        "2019-03-02",
        "Asia/Tokyo",
    )
    got = {(i["day"], i["currency"]): i for i in body["items"]}
    assert got[("2019-03-01", "JPY")] == {
        "day": "2019-03-01",
        "currency": "JPY",
        "charges": 1,
        "revenue_minor": 70_000,
        "refunds_minor": 0,
        "payouts": 0,
        "payouts_minor": 0,
    }
    second = got[("2019-03-02", "JPY")]
    assert (second["charges"], second["revenue_minor"], second["refunds_minor"]) == (
        1,
        30_000,
        10_000,
    )
    assert (second["payouts"], second["payouts_minor"]) == (
        1,
        90_000,
    )  # the failed one moved nothing
    assert got[("2019-03-02", "USD")]["revenue_minor"] == 46_000
    assert set(got) == {("2019-03-01", "JPY"), ("2019-03-02", "JPY"), ("2019-03-02", "USD")}

    for params in (
        {"from": "2019-03-02", "to": "2019-03-01"},
        {"from": "2018-01-01", "to": "2019-03-01"},
        {"from": "yesterday", "to": "2019-03-01"},
    ):
        refused = payments.get(
            "/v1/finance/daily-totals", params=params, headers=tokens.staff("finance")
        )
        assert refused.status_code == 422, params
        assert refused.headers["content-type"] == "application/problem+json"
    assert (
        payments.get(
            "/v1/finance/daily-totals",
            params={"from": "2019-03-01", "to": "2019-03-02"},
            headers=tokens.staff("sales"),
        ).status_code
        == 403
    )

    # The reconciliation without exceptions: the same sums and payouts, no lists.
    start, end = datetime(2019, 3, 1, 15, tzinfo=UTC), datetime(2019, 3, 2, 15, tzinfo=UTC)
    light = report(payments, tokens, start, end, exceptions="false")
    assert light["exceptions"] is None and light["summary"]["differences"] is None
    assert {p["payout_id"] for p in light["payouts"]} >= {f"po_a{tag}", f"po_b{tag}"}
    full = report(payments, tokens, start, end)
    assert f"txn_b{tag}" in {
        t["balance_transaction_id"] for t in full["exceptions"]["stripe_without_ledger"]
    }
    assert light["summary"]["currencies"] == full["summary"]["currencies"]
