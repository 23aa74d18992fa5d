"""Benchmark: time to first byte of the back office's finance pages with 100,000 payments.

Not a test. It makes a throwaway payments database (migrated with Alembic), bulk-loads
(COPY) one month of 100,000 payments as ``bench/reconciliation.py`` does (Stripe balance
transactions for card and bank-transfer charges, partial refunds and daily payouts per
currency, the ledger journals and entries recording them, booking's statuses and the
company invoices), starts payments and the gateway as real processes, signs a finance
member of staff in to the back office over HTTP, and times each finance page through the
gateway, as a browser would ask for it: the time from sending the request to the first
byte of the answer, over several requests after one warm-up.

Pages: reconciliation (sums and payout checks of the month), exceptions (every list),
charts (revenue, refunds and payouts per day per currency), one payout's transactions,
and the invoices list.

    uv run python bench/backoffice_finance.py               # 100,000 payments, 10 requests
    uv run python bench/backoffice_finance.py --payments 20000 --requests 20

PostgreSQL comes from ``LPX_TEST_PG`` (default: the local server, as the tests use).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.month_of_payments import generate, load  # noqa: E402
from tests.harness import APPS, Platform, ServiceProcess  # noqa: E402

MONTH = {"start": "2026-10-01", "stop": "2026-10-31"}
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens: workers that call out just retry
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def pages(payout_id: str) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "reconciliation": ("/backoffice/finance/reconciliation", MONTH),
        "exceptions": ("/backoffice/finance/exceptions", MONTH),
        "charts": ("/backoffice/finance/charts", MONTH),
        "payout": (f"/backoffice/finance/payouts/{payout_id}", {}),
        "invoices": ("/backoffice/finance/invoices", {"status": "paid"}),
    }


def stripe_payout_ids(data: dict[str, list[tuple[Any, ...]]]) -> None:
    """The reconciliation bench names payouts ``po_JPY_3``; the API takes Stripe's shape
    (``po_`` then letters and digits), so the planted payouts are renamed ``po_JPY3``."""

    def fix(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("po_"):
            return "po_" + value[3:].replace("_", "")
        return value

    data["stripe_payouts"] = [(fix(p[0]), *p[1:]) for p in data["stripe_payouts"]]
    data["stripe_balance_transactions"] = [
        tuple(fix(v) if i in (11, 17) else v for i, v in enumerate(row))
        for row in data["stripe_balance_transactions"]
    ]


async def vacuum(url: str) -> None:
    """What autovacuum does after a bulk load: statistics and the visibility map (so
    index-only scans read no table pages)."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def start(platform: Platform, name: str, **overrides: str) -> ServiceProcess:
    process = ServiceProcess(
        name,
        APPS[name],
        platform.env(name) | overrides,
        platform.log_dir,
        port=platform.ports[name],
    )
    platform.shared[name] = process.start(ready_path="/readyz")
    return process


def finance_session(platform: Platform, base: str) -> httpx.Client:
    """A finance member of staff signed in to the back office (cookie), made through the
    admin command line and the public API, as an admin would."""
    password = "bench-" + secrets.token_urlsafe(18)
    env = {**platform.env("gateway"), "LPX_BENCH_PASSWORD": password}
    email = f"bench-{secrets.token_hex(3)}@lpx.test"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway.cli",
            "create-admin",
            "--email",
            email,
            "--password-env",
            "LPX_BENCH_PASSWORD",
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    admin = httpx.post(
        base + "/v1/auth/login", json={"email": email, "password": password}, timeout=30
    ).json()["access_token"]
    staff_email = f"bench-finance-{secrets.token_hex(3)}@lpx.test"
    made = httpx.post(
        base + "/v1/admin/staff",
        json={
            "email": staff_email,
            "password": password,
            "name": "Bench finance",
            "roles": ["finance"],
        },
        headers={"Authorization": f"Bearer {admin}"},
        timeout=30,
    )
    made.raise_for_status()
    client = httpx.Client(base_url=base, timeout=120, headers={"Accept-Language": "ja"})
    form = client.get("/backoffice/login")
    token = CSRF.search(form.text)
    assert token, "no sign-in form"
    signed = client.post(
        "/backoffice/login",
        data={"csrf": token.group(1), "email": staff_email, "password": password},
    )
    assert signed.status_code == 303, signed.text
    return client


def ttfb(client: httpx.Client, path: str, params: dict[str, str]) -> tuple[float, int, int]:
    """Seconds to the first byte of the body (headers included), status, body bytes."""
    started = time.perf_counter()
    with client.stream("GET", path, params=params) as answer:
        chunks = answer.iter_raw()
        first = next(chunks, b"")
        elapsed = time.perf_counter() - started
        size = len(first) + sum(len(c) for c in chunks)
        return elapsed, answer.status_code, size


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page")
    args = parser.parse_args()

    platform = Platform(
        run_id="bench" + secrets.token_hex(3),
        secret=secrets.token_urlsafe(48),
        log_dir=Path(tempfile.mkdtemp(prefix="lpx-bench-")),
    )
    try:
        url = platform.database("payments")
        t0 = time.perf_counter()
        data = generate(args.payments)
        stripe_payout_ids(data)
        asyncio.run(load(url, data))
        asyncio.run(vacuum(url))
        print(
            f"planted {args.payments:,} payments: "
            f"{len(data['stripe_balance_transactions']):,} balance transactions, "
            f"{len(data['ledger_entries']):,} ledger entries, "
            f"{len(data['stripe_payouts']):,} payouts, {len(data['invoices']):,} invoices "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        start(
            platform,
            "payments",
            PAYMENTS_BOOKING_URL=UNREACHABLE,
            PAYMENTS_NOTIFICATIONS_URL=UNREACHABLE,
            PAYMENTS_STRIPE_API_BASE=UNREACHABLE,
            PAYMENTS_LOG_LEVEL="WARNING",
        )
        gateway = start(platform, "gateway", GATEWAY_LOG_LEVEL="WARNING")
        client = finance_session(platform, gateway.url)
        busiest = max(data["stripe_payouts"], key=lambda p: p[1])[0]
        print(f"{'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'KiB':>7}")
        for name, (path, params) in pages(busiest).items():
            _warm, status, _size = ttfb(client, path, params)
            assert status == 200, f"{name}: {status}"
            samples, size = [], 0
            for _ in range(args.requests):
                elapsed, status, size = ttfb(client, path, params)
                assert status == 200, f"{name}: {status}"
                samples.append(elapsed * 1000)
            print(
                f"{name:<16}{statistics.median(samples):>9.0f}{pct(samples, 0.95):>9.0f}"
                f"{max(samples):>9.0f}{size / 1024:>7.0f}"
            )
    finally:
        platform.close()


if __name__ == "__main__":
    main()
