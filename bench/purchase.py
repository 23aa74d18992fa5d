"""Benchmark: whole consumer purchases, each through the gateway from a new booking to
``confirmed``, with every service a real process on PostgreSQL.

Not a test. It makes throwaway databases, migrates them, starts catalog, booking,
payments, notifications, the Stripe stand-in and the gateway (one ``uvicorn`` worker
each, the services' own poll intervals and pool sizes, not the test suite's faster
ones), signs up the customers and makes one on-sale offering with exactly as many units
as the run buys. Then, in two phases:

1. *no load*: one customer buys ``--quiet-purchases`` times, one purchase at a time: the
   pay-to-confirmed latency a customer sees when the platform is idle;
2. *load*: ``--customers`` customers in parallel each buy ``--purchases`` times.

A purchase is what the storefront does: ``POST /v1/bookings`` with an Idempotency-Key,
``POST /v1/bookings/{id}/checkout``, the card paid on the stand-in (its test control,
which emits the signed webhooks Stripe would), then the booking read until it is
``confirmed``: as the storefront does, with its ETag in ``If-None-Match`` and ``Prefer:
wait=20``, so each read is answered when the booking changes (``--poll-ms`` polls at a
fixed interval instead, as clients did before).

For each phase it prints confirmed purchases per second, p50/p99 from create to
confirmed and from paid to confirmed, the CPU each service spent per purchase (from
``/proc``; the status reads are included, and counted) and, beside it, the CPU of the
PostgreSQL server processes serving the run's databases, and how many HTTP requests each
service answered per purchase (from its ``/metrics``). ``--history N`` first loads a
month of ``N`` payments into payments' database (ledger, balance transactions, booking
statuses), so that what grows with the data shows. At the end it
checks the invariants: every purchase confirmed, no unit sold beyond the capacity
(units left is exactly zero), and the ledger balanced.

Run (PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379)::

    uv run python bench/purchase.py
    uv run python bench/purchase.py --customers 32 --purchases 4
    uv run python bench/purchase.py --history 100000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import month_of_payments  # noqa: E402
from tests.e2e.conftest import STRIPE_AUTH, Account, Stack  # noqa: E402
from tests.harness import Platform  # noqa: E402

SERVICES = ("gateway", "catalog", "booking", "payments", "notifications", "stripe")
TICK = os.sysconf("SC_CLK_TCK")


class BenchPlatform(Platform):
    """The test harness's platform with the services' own intervals and pool sizes (the
    suite polls faster and pools smaller), and no rate limit the bench would trip."""

    def env(self, name: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in super().env(name).items()
            if not key.endswith(("_POLL_SECONDS", "_DB_POOL_SIZE", "_DB_MAX_OVERFLOW"))
        }
        if name == "gateway":
            env |= {
                "GATEWAY_RATE_AUTHENTICATED": "100000000/minute",
                "GATEWAY_RATE_ANONYMOUS": "100000000/minute",
                "GATEWAY_RATE_SIGNUP": "100000000/minute",
            }
        return env


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of one process so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def database_backends(platform: Platform) -> list[int]:
    """PostgreSQL's server processes serving this run's databases (the pools keep them
    for the whole run, so their CPU over a phase is what the phase cost the database)."""
    names = [platform.database(name).rsplit("/", 1)[1] for name in SERVICES if name != "stripe"]
    listed = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-X",
            "-Atc",
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY(ARRAY["
            + ", ".join(f"'{n}'" for n in names)
            + "])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(pid) for pid in listed.split()]


@dataclass
class Purchase:
    created: float
    paid: float
    confirmed: float
    polls: int


@dataclass
class Phase:
    name: str
    purchases: list[Purchase] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def buy(platform: Platform, buyer: Account, offering_id: str, poll: float | None) -> Purchase:
    with (
        httpx.Client(base_url=platform.url("gateway"), headers=buyer.headers, timeout=60) as gw,
        httpx.Client(base_url=platform.url("stripe"), headers=STRIPE_AUTH, timeout=60) as sc,
    ):
        created = time.perf_counter()
        booking = gw.post(
            "/v1/bookings",
            json={
                "lines": [{"offering_id": offering_id, "quantity": 1}],
                "contact": {"name": "Aiko Tanaka", "email": buyer.email},
                "currency": "JPY",
            },
            headers={"Idempotency-Key": "bench-" + secrets.token_hex(8)},
        )
        booking.raise_for_status()
        booking_id = booking.json()["id"]
        checkout = gw.post(f"/v1/bookings/{booking_id}/checkout")
        checkout.raise_for_status()
        session_id = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[1]
        paid_answer = sc.post(
            f"/_standin/checkout/sessions/{session_id}/pay",
            json={"card_number": "4242424242424242"},
        )
        paid_answer.raise_for_status()
        paid = time.perf_counter()
        polls = 0
        deadline = paid + 60
        seen: dict[str, str] = {}
        while time.perf_counter() < deadline:
            polls += 1
            wait = {} if poll is not None else {"Prefer": "wait=20"}
            read = gw.get(f"/v1/bookings/{booking_id}", headers=seen | wait)
            if read.status_code == 200:
                if read.json()["status"] == "confirmed":
                    return Purchase(created, paid, time.perf_counter(), polls)
                if poll is None:
                    seen = {"If-None-Match": read.headers["etag"]}
            if poll is not None:
                time.sleep(poll)
            elif "preference-applied" not in read.headers:
                time.sleep(0.05)  # the read could not wait (too many waiting): pause
        raise RuntimeError(f"booking {booking_id} not confirmed 60 s after paying")


def run_phase(
    platform: Platform,
    phase: Phase,
    buyers: list[Account],
    offering_id: str,
    purchases_each: int,
    poll: float | None,
) -> float:
    def customer(buyer: Account) -> None:
        for _ in range(purchases_each):
            try:
                done = buy(platform, buyer, offering_id, poll)
            except Exception as exc:  # a failed purchase is a finding, not a crash
                with phase.lock:
                    phase.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            with phase.lock:
                phase.purchases.append(done)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        list(pool.map(customer, buyers))
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(phase: Phase, wall: float, cpu: dict[str, float], served: dict[str, int]) -> None:
    count = len(phase.purchases)
    print(f"\n== {phase.name}: {count} confirmed purchases in {wall:.1f} s")
    if phase.failures:
        print(f"   FAILED purchases: {len(phase.failures)}; first: {phase.failures[0]}")
    if not count:
        return
    whole = [(p.confirmed - p.created) * 1000 for p in phase.purchases]
    settle = [(p.confirmed - p.paid) * 1000 for p in phase.purchases]
    polls = statistics.mean(p.polls for p in phase.purchases)
    print(f"   confirmed purchases/s:   {count / wall:8.1f}")
    print(
        f"   create -> confirmed ms:  p50 {percentile(whole, 0.5):7.0f}"
        f"   p99 {percentile(whole, 0.99):7.0f}"
    )
    print(
        f"   paid -> confirmed ms:    p50 {percentile(settle, 0.5):7.0f}"
        f"   p99 {percentile(settle, 0.99):7.0f}   ({polls:.1f} status reads each)"
    )
    services = {name: seconds for name, seconds in cpu.items() if name != "postgres"}
    total = sum(services.values())
    per = "  ".join(f"{name} {seconds * 1000 / count:.1f}" for name, seconds in services.items())
    print(f"   CPU ms per purchase:     {total * 1000 / count:.1f} in all ({per})")
    print(f"   PostgreSQL CPU ms:       {cpu['postgres'] * 1000 / count:.1f} per purchase")
    answered = "  ".join(f"{name} {n / count:.1f}" for name, n in served.items())
    print(
        f"   requests answered:       {sum(served.values()) / count:.1f} per purchase ({answered})"
    )


def requests_served(platform: Platform) -> dict[str, int]:
    """HTTP requests each service has answered so far, from its ``/metrics`` (the scrapes
    themselves left out; the stand-in has none)."""
    served = {}
    for name in SERVICES:
        if name == "stripe":
            continue
        text = httpx.get(platform.url(name) + "/metrics", timeout=10).text
        served[name] = sum(
            int(float(line.rsplit(" ", 1)[1]))
            for line in text.splitlines()
            if line.startswith("http_requests_total{") and 'route="/metrics"' not in line
        )
    return served


def measured(
    platform: Platform, body: Callable[[], float]
) -> tuple[float, dict[str, float], dict[str, int]]:
    """The phase's wall time, each process's CPU (PostgreSQL's under "postgres") and the
    requests each service answered; the ``/metrics`` scrapes fall outside the CPU."""
    pids = {name: platform.service(name).process.pid for name in SERVICES}  # type: ignore[union-attr]
    served_before = requests_served(platform)
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    backends_before = {pid: cpu_seconds(pid) for pid in database_backends(platform)}
    wall = body()
    cpu = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    # Backends opened during the phase count from zero; one closed during it is lost.
    cpu["postgres"] = sum(
        cpu_seconds(pid) - backends_before.get(pid, 0.0) for pid in database_backends(platform)
    )
    served = {name: n - served_before[name] for name, n in requests_served(platform).items()}
    return wall, cpu, served


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=8, help="in parallel, under load")
    parser.add_argument("--purchases", type=int, default=5, help="per customer, under load")
    parser.add_argument("--quiet-purchases", type=int, default=20, help="one at a time")
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="first load a month of this many payments into payments' database (ledger, "
        "balance transactions, bookings' statuses), as a platform that has been selling has",
    )
    parser.add_argument(
        "--poll-ms",
        type=float,
        default=None,
        help="poll the booking at this interval (x10 under load) instead of waiting reads",
    )
    args = parser.parse_args()
    quiet_poll = None if args.poll_ms is None else args.poll_ms / 1000
    load_poll = None if args.poll_ms is None else args.poll_ms / 100

    platform = BenchPlatform(
        run_id="bench" + secrets.token_hex(3),
        secret=secrets.token_urlsafe(48),
        log_dir=Path(tempfile.mkdtemp(prefix="lpx-bench-")),
    )
    try:
        for name in SERVICES:
            platform.service(name)
        if args.history:
            started = time.perf_counter()
            month = month_of_payments.generate(args.history)
            asyncio.run(month_of_payments.load(platform.database("payments"), month))
            took = time.perf_counter() - started
            print(f"== history: a month of {args.history:,} payments loaded in {took:.1f} s")
        with (
            httpx.Client(base_url=platform.url("gateway"), timeout=60) as gw,
            httpx.Client(base_url=platform.url("stripe"), headers=STRIPE_AUTH, timeout=60) as sc,
        ):
            stack = Stack(platform, gw, sc)
            # The warm-up purchase, the quiet ones, the loaded ones: exactly the capacity.
            capacity = 1 + args.quiet_purchases + args.customers * args.purchases
            offering = stack.offering(capacity=capacity, price_jpy=3_000)
            buyers = [stack.customer() for _ in range(args.customers)]
            buy(platform, buyers[0], offering["id"], quiet_poll)  # warm-up, not counted

            quiet = Phase("no load: one purchase at a time")
            wall, cpu, served = measured(
                platform,
                lambda: run_phase(
                    platform, quiet, buyers[:1], offering["id"], args.quiet_purchases, quiet_poll
                ),
            )
            report(quiet, wall, cpu, served)

            load = Phase(f"load: {args.customers} customers x {args.purchases} purchases")
            wall, cpu, served = measured(
                platform,
                lambda: run_phase(
                    platform, load, buyers, offering["id"], args.purchases, load_poll
                ),
            )
            report(load, wall, cpu, served)

            sold = 1 + len(quiet.purchases) + len(load.purchases)
            left = stack.units_left(offering["id"])
            balanced = stack.ledger()["balanced"]
            print("\n== invariants")
            print(f"   purchases confirmed:     {sold} of {capacity}")
            print(f"   units left:              {left} (of {capacity}; oversold if below 0)")
            print(f"   ledger balanced:         {balanced}")
            if sold != capacity or left != 0 or not balanced:
                raise SystemExit("invariant violated")
    finally:
        platform.close()


if __name__ == "__main__":
    main()
