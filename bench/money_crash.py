"""Crash script: 200 bookings paid by card and by bank transfer while booking, payments
and the catalog are SIGKILLed and restarted at random. Then it counts what must never be.

Not a test. It starts the catalog, booking, payments and the Stripe stand-in as real
``uvicorn`` processes on throwaway PostgreSQL databases (the test harness's platform),
and drives the bookings concurrently, as customers and a sales team would: a consumer
books, checks out and pays by card (one in five is declined first and pays again); a
company is approved and pays its invoice by bank transfer; one booking in five is then
cancelled and refunded, and finance refunds part of one in ten. Every client retries
what failed in transit with the same Idempotency-Key, as a real client does.

Meanwhile a chaos loop SIGKILLs one of booking, payments or the catalog every few
seconds and starts it again on the same port. When the bookings are driven the processes
are left alone until every outbox has settled, and the script prints the invariants:

- ledger: currencies whose debits do not equal their credits
- oversold: offerings with more units committed or held than their capacity
- over-refunded: payments refunded beyond what they captured
- money kept without a slot: bookings keeping more than their status allows (or less
  than nothing)
- disagreements: bookings whose paid and refunded amounts differ from payments' records
- not at rest: bookings still waiting on the platform (held, refund owed) after settling

Run (PostgreSQL on 127.0.0.1:5432, or set ``LPX_TEST_PG``)::

    uv run python bench/money_crash.py
    uv run python bench/money_crash.py --bookings 200 --concurrency 8 --kill-every 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lpx_common.auth import Principal  # noqa: E402
from tests.harness import STRIPE_API_KEY, Platform, create_offering  # noqa: E402

STRIPE_AUTH = {"Authorization": f"Bearer {STRIPE_API_KEY}"}
VICTIMS = ("booking", "payments", "catalog")
TRANSIENT = {502, 503, 504}
IN_FLIGHT = "idempotency-key-in-flight"
# A booking rests in these once nothing is left for the platform to do.
AT_REST = {"confirmed", "approved", "expired", "cancelled", "rejected", "refunded"}
KEEPS_TOTAL = {"confirmed", "approved", "flown", "delivered", "mission_lost"}
CHECKLIST = {
    "content_fit": True,
    "technical_fit": True,
    "export_control_cleared": True,
    "sanctions_screening_cleared": True,
}


class Driver:
    """Calls the services as clients do: transport errors, 5xx and "still in flight" are
    retried with the same request (and Idempotency-Key) until a final answer comes."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.tokens = platform.tokens
        self.http = httpx.AsyncClient(timeout=15.0)
        self.retries = 0

    async def call(
        self, service: str, method: str, path: str, *, ok: tuple[int, ...] = (200, 201), **kw: Any
    ) -> httpx.Response:
        url = self.platform.url(service) + path
        for attempt in range(400):
            try:
                answer = await self.http.request(method, url, **kw)
                # The first try died with the service; its claim on the key goes stale.
                in_flight = answer.status_code == 409 and answer.text.find(IN_FLIGHT) >= 0
                if (
                    answer.status_code not in TRANSIENT
                    and answer.status_code < 500
                    and not in_flight
                ):
                    if answer.status_code not in ok:
                        raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text}")
                    return answer
            except httpx.TransportError:
                pass
            self.retries += 1
            await asyncio.sleep(min(0.2 * (attempt + 1), 2.0))
        raise RuntimeError(f"{method} {path}: no answer after many tries")

    async def until(self, check: Callable[[], Awaitable[Any]], within: float = 240.0) -> Any:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            value = await check()
            if value:
                return value
            await asyncio.sleep(0.5)
        raise RuntimeError("condition not reached in time")

    def principal(self, kind: str, subject: str, *roles: str) -> dict[str, str]:
        """A token that outlives the longest outage the chaos loop causes (the gateway
        would refresh it; this script stands in for the gateway)."""
        who = Principal(kind=kind, subject=subject, roles=frozenset(roles), email="a@example.com")
        return self.tokens.header(who, ttl_seconds=3600)

    async def booking(self, booking_id: str) -> dict[str, Any]:
        staff = self.tokens.staff("sales")
        return (
            await self.call("booking", "GET", f"/v1/bookings/{booking_id}", headers=staff)
        ).json()

    async def payments_of(self, booking_id: str) -> list[dict[str, Any]]:
        answer = await self.call(
            "payments",
            "GET",
            "/v1/payments",
            params={"booking_id": booking_id},
            headers=self.tokens.staff("finance"),
        )
        return answer.json()["items"]


def _line(offering_id: str) -> dict[str, Any]:
    return {
        "lines": [{"offering_id": offering_id, "quantity": 1}],
        "contact": {"name": "Aiko Tanaka", "email": "aiko@example.com"},
        "currency": "JPY",
    }


async def consumer_pays_by_card(d: Driver, offering_id: str, rng: random.Random) -> str:
    buyer = d.principal("customer", f"cus_{secrets.token_hex(4)}")
    created = await d.call(
        "booking",
        "POST",
        "/v1/bookings",
        json=_line(offering_id),
        headers={**buyer, "Idempotency-Key": secrets.token_hex(8)},
    )
    booking_id = created.json()["id"]
    checkout = await d.call("booking", "POST", f"/v1/bookings/{booking_id}/checkout", headers=buyer)
    session = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
    cards = ["4000000000000002", "4242424242424242"] if rng.random() < 0.2 else []
    for card in cards or ["4242424242424242"]:
        await d.call(
            "stripe",
            "POST",
            f"/_standin/checkout/sessions/{session}/pay",
            json={"card_number": card},
            headers=STRIPE_AUTH,
            ok=(200, 402),
        )
    return booking_id


async def company_pays_by_transfer(d: Driver, offering_id: str) -> str:
    sales = d.principal("staff", "stf_sales", "sales")
    body = _line(offering_id) | {
        "business": {
            "company": {
                "name": f"Lunar Corp {secrets.token_hex(2)}",
                "email": "ap@lunar-corp.example",
                "country": "JP",
            },
            "payload": {
                "mass_grams": 1000,
                "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 100},
                "mounting_location": "deck A",
            },
        }
    }
    created = await d.call(
        "booking",
        "POST",
        "/v1/bookings",
        json=body,
        headers={**sales, "Idempotency-Key": secrets.token_hex(8)},
    )
    booking_id = created.json()["id"]
    await d.call(
        "booking",
        "POST",
        f"/v1/bookings/{booking_id}/review",
        json={
            "decision": "approve",
            "checklist": CHECKLIST,
            "reason": "fits",
            "schedule": [{"label": "Full price", "percent_bps": 10_000, "due_event": "approval"}],
        },
        headers=sales,
        ok=(200, 409),  # 409: an earlier try went through before the answer was lost
    )

    async def open_invoice() -> dict[str, Any] | None:
        answer = await d.call(
            "payments",
            "GET",
            "/v1/finance/invoices",
            params={"booking_id": booking_id},
            headers=d.tokens.staff("finance"),
        )
        found = [i for i in answer.json()["items"] if i["status"] == "open"]
        return found[0] if found and found[0]["stripe_customer_id"] else None

    invoice = await d.until(open_invoice)
    await d.call(
        "stripe",
        "POST",
        f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
        data={"amount": invoice["amount_minor"], "currency": "jpy"},
        headers=STRIPE_AUTH,
    )
    return booking_id


async def afterwards(d: Driver, booking_id: str, rng: random.Random) -> None:
    """One in five cancels once confirmed; finance refunds part of one in ten."""
    roll = rng.random()
    if roll >= 0.3:
        return

    async def confirmed() -> dict[str, Any] | None:
        b = await d.booking(booking_id)
        return b if b["status"] == "confirmed" else None

    booking = await d.until(confirmed)
    if roll < 0.2:
        await d.call(
            "booking",
            "POST",
            f"/v1/bookings/{booking_id}/cancel",
            json={"reason": "plans changed"},
            headers=d.tokens.staff("sales"),
            ok=(200, 409),
        )
        return
    payments = [p for p in await d.payments_of(booking_id) if p["status"] == "succeeded"]
    if payments:
        await d.call(
            "payments",
            "POST",
            f"/v1/payments/{payments[0]['id']}/refunds",
            json={"amount_minor": booking["total_minor"] // 3, "reason": "goodwill"},
            headers={**d.tokens.staff("finance"), "Idempotency-Key": secrets.token_hex(8)},
            ok=(201, 409),
        )


async def chaos(
    platform: Platform, stop: asyncio.Event, every: float, rng: random.Random
) -> Counter:
    kills: Counter[str] = Counter()
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=rng.uniform(0.5, 1.5) * every)
            break
        except TimeoutError:
            pass
        victim = rng.choice(VICTIMS)
        process = platform.shared[victim]
        process.kill()
        kills[victim] += 1
        await asyncio.sleep(rng.uniform(0.2, 1.5))
        await asyncio.to_thread(process.start, "/livez", 120.0)
    return kills


async def invariants(d: Driver, booking_ids: list[str], offerings: list[str]) -> dict[str, Any]:
    async def settled() -> bool:
        for booking_id in booking_ids:
            b = await d.booking(booking_id)
            if b["status"] not in AT_REST or b["refund_requested_minor"] > b["refunded_minor"]:
                return False
        return True

    started = time.monotonic()
    with contextlib.suppress(RuntimeError):  # what has not settled is counted below
        await d.until(settled, within=300)
    settle_seconds = time.monotonic() - started
    finance = d.tokens.staff("finance")
    ledger = (await d.call("payments", "GET", "/v1/ledger/balances", headers=finance)).json()
    counts: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for offering_id in offerings:
        seen = (
            await d.call(
                "catalog",
                "GET",
                f"/v1/catalog/offerings/{offering_id}/availability",
                headers=d.tokens.staff("operator"),
            )
        ).json()
        counts["oversold"] += seen["committed_units"] + seen["held_units"] > seen["capacity_units"]
    for booking_id in booking_ids:
        b = await d.booking(booking_id)
        statuses[b["status"]] += 1
        payments = await d.payments_of(booking_id)
        captured = sum(p["amount_captured_minor"] for p in payments)
        refunded = sum(p["amount_refunded_minor"] for p in payments)
        counts["over_refunded"] += sum(
            p["amount_refunded_minor"] > p["amount_captured_minor"] for p in payments
        )
        allowed = b["total_minor"] if b["status"] in KEEPS_TOTAL else b["cancellation_fee_minor"]
        counts["money_kept_without_a_slot"] += not 0 <= captured - refunded <= allowed
        counts["disagreements"] += (b["paid_minor"], b["refunded_minor"]) != (captured, refunded)
        owed = b["refund_requested_minor"] > b["refunded_minor"]
        counts["not_at_rest"] += b["status"] not in AT_REST or owed
        if b["status"] not in ("confirmed", "refunded"):  # worth a look
            milestones = [m["status"] for m in b["milestones"]]
            paid = [(p["method"], p["status"], p["amount_captured_minor"]) for p in payments]
            print(f"note: {booking_id} {b['kind']} {b['status']} {milestones} {paid}")
    return {
        "ledger_unbalanced": 0 if ledger["balanced"] else 1,
        **{k: counts[k] for k in ("oversold", "over_refunded", "money_kept_without_a_slot")},
        **{k: counts[k] for k in ("disagreements", "not_at_rest")},
        "statuses": dict(statuses),
        "settle_seconds": round(settle_seconds, 1),
    }


async def drive(platform: Platform, offerings: dict[str, str], args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    d = Driver(platform)
    stop = asyncio.Event()
    chaos_task = asyncio.create_task(chaos(platform, stop, args.kill_every, rng))
    gate = asyncio.Semaphore(args.concurrency)
    failures: list[str] = []

    async def one(n: int) -> str | None:
        async with gate:
            try:
                if rng.random() < args.transfer_share:
                    booking_id = await company_pays_by_transfer(d, offerings["transfer"])
                else:
                    booking_id = await consumer_pays_by_card(d, offerings["card"], rng)
            except RuntimeError as exc:
                failures.append(f"booking {n}: {exc}")
                return None
            try:
                await afterwards(d, booking_id, rng)
            except RuntimeError as exc:  # still counted: it must come to rest all the same
                failures.append(f"booking {n} ({booking_id}), after paying: {exc}")
            return booking_id

    try:
        started = time.monotonic()
        made = await asyncio.gather(*(one(n) for n in range(args.bookings)))
        drive_seconds = time.monotonic() - started
        stop.set()
        kills = await chaos_task
        booking_ids = [b for b in made if b]
        found = await invariants(d, booking_ids, list(offerings.values()))
    finally:
        stop.set()
        await d.http.aclose()
    print(f"bookings driven: {len(booking_ids)} of {args.bookings} in {drive_seconds:.0f} s")
    print(f"kills: {dict(kills)} (total {sum(kills.values())}); client retries: {d.retries}")
    for failure in failures[:10]:
        print(f"client gave up: {failure}")
    for name, value in found.items():
        print(f"{name}: {value}")
    violations = sum(v for k, v in found.items() if isinstance(v, int) and k != "settle_seconds")
    print(f"violations: {violations}")
    return 1 if violations or failures else 0


def main(args: argparse.Namespace) -> int:
    platform = Platform(
        run_id=secrets.token_hex(4) + "c",
        secret=secrets.token_urlsafe(48),
        log_dir=Path(tempfile.mkdtemp(prefix="lpx-crash-")),
    )
    try:
        for name in ("catalog", "booking", "stripe", "payments"):
            platform.service(name)
        with httpx.Client(base_url=platform.url("catalog"), timeout=30) as catalog:
            operator = platform.tokens.staff("operator")
            card = create_offering(catalog, operator, capacity_units=args.bookings, max_quantity=1)
            transfer = create_offering(
                catalog,
                operator,
                name="Passive payload",
                kind="passive_payload",
                audience="business",
                unit="kg",
                unit_mass_grams=1000,
                capacity_units=args.bookings,
                prices={"JPY": 3_000_000},
                max_quantity=1,
                review_required=True,
            )
        return asyncio.run(drive(platform, {"card": card["id"], "transfer": transfer["id"]}, args))
    finally:
        platform.close()
        print(f"service logs: {platform.log_dir}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--kill-every", type=float, default=3.0, help="seconds, on average")
    parser.add_argument("--transfer-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=None)
    sys.exit(main(parser.parse_args()))
