"""Two replicas of every service, as Kubernetes runs them: each replica its own process,
both on the service's one database, the gateways' rate limits in the same Redis.

The run's shared services are the first replicas; this module starts a second set once
(gateway, catalog, booking, payments, notifications), whose gateway calls the second
replicas. ``spread`` sends each request to the next gateway in turn, as the ingress
spreads requests over gateway pods, so consecutive steps of one booking land on
different replicas. Stripe's stand-in sends its webhooks to the first payments replica;
the tests redeliver them to both at once. Every background worker (outbox relays, hold
expiry, ballot draws, the Stripe event processor, the notification senders) runs in both
replicas over the same tables. Rate limits shared by gateway replicas are checked in
tests/gateway/test_limits.py.
"""

from __future__ import annotations

import copy
import itertools
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.booking.support import db_rows
from tests.e2e.conftest import Account, Stack, idem, wait_for
from tests.harness import STRIPE_WEBHOOK_SECRET, ServiceProcess, create_offering, free_port
from tests.payments.conftest import sign

SERVICES = ("notifications", "catalog", "payments", "booking", "gateway")


class RoundRobin(httpx.BaseTransport):
    """Each request to the next gateway replica in turn (the ingress's job)."""

    def __init__(self, ports: list[int]) -> None:
        self._ports = itertools.cycle(ports)
        self._lock = threading.Lock()
        self._transport = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            port = next(self._ports)
        request.url = request.url.copy_with(port=port)
        request.headers["host"] = f"{request.url.host}:{port}"
        return self._transport.handle_request(request)

    def close(self) -> None:
        self._transport.close()


@dataclass
class Replicas:
    spread: Stack  # requests alternate between the two gateways
    first: Stack  # through the first gateway (the run's shared replicas)
    second: Stack  # through the second gateway (this module's replicas)
    extra: dict[str, ServiceProcess]  # the second replica of each service

    def served(self, service: str, route: str) -> tuple[int, int]:
        """How many requests to ``route`` each replica of ``service`` has answered."""
        shared = self.first.platform.service(service)
        return _served(shared.url, route), _served(self.extra[service].url, route)


def _served(url: str, route: str) -> int:
    text = httpx.get(url + "/metrics", timeout=10.0).text
    return sum(
        int(float(line.rsplit(" ", 1)[1]))
        for line in text.splitlines()
        if line.startswith("http_requests_total{") and f'route="{route}"' in line
    )


def _through(stack: Stack, client: httpx.Client) -> Stack:
    """The same users and helpers, through another entry."""
    other = copy.copy(stack)
    other.gw = client
    return other


@pytest.fixture(scope="module")
def replicas(stack: Stack) -> Iterator[Replicas]:
    platform = stack.platform
    ports = {name: free_port() for name in SERVICES}

    def url(name: str) -> str:
        return f"http://127.0.0.1:{ports[name]}"

    # The second replicas call each other (the first replicas call theirs): each service
    # still has two replicas answering its peers.
    peers = {
        "notifications": {},
        "catalog": {"CATALOG_NOTIFICATIONS_URL": url("notifications")},
        "payments": {
            "PAYMENTS_BOOKING_URL": url("booking"),
            "PAYMENTS_NOTIFICATIONS_URL": url("notifications"),
        },
        "booking": {
            "BOOKING_CATALOG_URL": url("catalog"),
            "BOOKING_PAYMENTS_URL": url("payments"),
            "BOOKING_NOTIFICATIONS_URL": url("notifications"),
        },
        "gateway": {
            **{f"GATEWAY_{peer.upper()}_URL": url(peer) for peer in SERVICES if peer != "gateway"},
            # Replicas of one deployment: the same rate-limit counters in Redis.
            "GATEWAY_RATE_LIMIT_KEY_PREFIX": platform.env("gateway")[
                "GATEWAY_RATE_LIMIT_KEY_PREFIX"
            ],
        },
    }
    with ThreadPoolExecutor(len(SERVICES)) as pool:
        started = {
            name: pool.submit(platform.spawn, name, port=ports[name], **peers[name])
            for name in SERVICES
        }
        extra = {name: future.result() for name, future in started.items()}
    first_gw = stack.gw.base_url.port
    assert first_gw is not None
    try:
        with (
            httpx.Client(base_url=extra["gateway"].url, timeout=30.0) as second,
            httpx.Client(
                base_url=stack.gw.base_url,
                transport=RoundRobin([first_gw, ports["gateway"]]),
                timeout=30.0,
            ) as spread,
        ):
            yield Replicas(_through(stack, spread), stack, _through(stack, second), extra)
    finally:
        with ThreadPoolExecutor(len(extra)) as pool:
            list(pool.map(ServiceProcess.stop, extra.values()))


def _settled(seconds: float = 1.5) -> None:
    """Time for a second replica to do again what the first did, if it ever would."""
    time.sleep(seconds)


def _subjects(stack: Stack, buyer: Account, booking_id: str) -> list[str]:
    return [m.subject for m in stack.platform.mail.to(buyer.email) if booking_id in m.subject]


def _completed_events(stripe: httpx.Client, sessions: set[str]) -> list[dict[str, Any]]:
    """Stripe's completed events of these Checkout Sessions, once there is one for each."""
    listed = stripe.get("/v1/events", params={"type": "checkout.session.completed", "limit": 100})
    found = [e for e in listed.json()["data"] if e["data"]["object"]["id"] in sessions]
    return found if len(found) == len(sessions) else []


def _rush(stack: Stack, buyer: Account, offering_id: str) -> httpx.Response:
    return stack.gw.post(
        "/v1/bookings",
        json={
            "lines": [{"offering_id": offering_id, "quantity": 1}],
            "contact": {"name": "Aiko Tanaka", "email": buyer.email},
            "currency": "JPY",
        },
        headers=buyer.headers | idem(),
    )


def test_a_rush_over_both_replicas_sells_exactly_the_capacity(replicas: Replicas) -> None:
    spread = replicas.spread
    offering = spread.offering(capacity=5)
    buyers = [spread.customer() for _ in range(4)]
    before = replicas.served("catalog", "/v1/internal/allocations")

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(lambda i: _rush(spread, buyers[i % 4], offering["id"]), range(16)))

    held = [(buyers[i % 4], a.json()) for i, a in enumerate(answers) if a.status_code == 201]
    refused = [a for a in answers if a.status_code != 201]
    assert len(held) == 5, [a.text for a in refused]
    for answer in refused:
        assert answer.status_code == 409, answer.text
        assert answer.json()["type"].endswith("/insufficient-capacity")
    after = replicas.served("catalog", "/v1/internal/allocations")
    assert after[0] > before[0] and after[1] > before[1], "both catalogs took holds"
    for entry in (replicas.first, replicas.second):
        assert entry.units_left(offering["id"]) == 0
    # A booking made through one replica is the same booking through the other.
    for buyer, booking in held:
        seen = [entry.booking(buyer, booking["id"]) for entry in (replicas.first, replicas.second)]
        assert seen[0] == seen[1] and seen[0]["status"] == "held"


def test_payments_and_refunds_happen_once_whichever_replica_handles_them(
    replicas: Replicas,
) -> None:
    spread, stripe = replicas.spread, replicas.spread.stripe
    offering = spread.offering(capacity=3)
    buyers = [spread.customer() for _ in range(3)]
    bookings = [spread.book(buyer, offering["id"])["id"] for buyer in buyers]
    checkouts = [spread.checkout(b, booking) for b, booking in zip(buyers, bookings, strict=True)]
    for checkout in checkouts:
        assert spread.pay(checkout).status_code == 200

    # Stripe delivers at least once: each completed event also reaches both payments
    # replicas at the same moment.
    sessions = {spread.session_id(c) for c in checkouts}
    completed = wait_for(lambda: _completed_events(stripe, sessions))

    def redeliver(pair: tuple[Stack, dict[str, Any]]) -> int:
        entry, event = pair
        payload = json.dumps(event)
        signature = sign(payload, STRIPE_WEBHOOK_SECRET)
        answer = entry.gw.post(
            "/webhooks/stripe", content=payload, headers={"Stripe-Signature": signature}
        )
        return answer.status_code

    with ThreadPoolExecutor(6) as pool:
        pairs = [(entry, e) for e in completed for entry in (replicas.first, replicas.second)]
        assert set(pool.map(redeliver, pairs)) == {200}
    for buyer, booking in zip(buyers, bookings, strict=True):
        spread.wait_status(buyer, booking, "confirmed")
        cancelled = spread.gw.post(
            f"/v1/bookings/{booking}/cancel",
            json={"reason": "changed my mind"},
            headers=buyer.headers | idem(),
        )
        assert cancelled.status_code == 200, cancelled.text
    for buyer, booking in zip(buyers, bookings, strict=True):
        spread.wait_status(buyer, booking, "refunded", timeout=30)
    _settled()

    for buyer, booking in zip(buyers, bookings, strict=True):
        history = spread.history(buyer, booking)
        assert history.count("confirmed") == 1 and history.count("refunded") == 1, history
        (refund,) = spread.refunds_of(booking)
        assert refund["status"] == "succeeded" and refund["amount_minor"] == 70_000
        (payment,) = spread.payments_of(booking)
        at_stripe = stripe.get("/v1/refunds", params={"charge": payment["charge_id"]}).json()
        assert len(at_stripe["data"]) == 1, "refunded once at Stripe"
        mine = spread.ledger(booking)
        assert mine["balanced"] is True and spread.account(mine, "customer_deposits") == 0
        # Held, confirmed, cancelled, refunded: each told once, whichever relay sent it.
        subjects = _subjects(spread, buyer, booking)
        assert len(subjects) == 4 and len(set(subjects)) == 4, subjects
    assert spread.units_left(offering["id"]) == 3


def test_holds_that_run_out_expire_once_though_both_replicas_watch(replicas: Replicas) -> None:
    spread = replicas.spread
    offering = spread.offering(capacity=4)
    buyer = spread.customer()
    bookings = [spread.book(buyer, offering["id"])["id"] for _ in range(4)]
    assert spread.units_left(offering["id"]) == 0
    spread.platform.mail.wait_for(buyer.email, 4)  # the "held" emails

    # Fast-forward the holds' end: both replicas' expiry workers find them due together.
    rows = db_rows(
        spread.platform,
        "UPDATE bookings SET hold_expires_at = now() WHERE id = ANY($1::text[]) RETURNING id",
        bookings,
    )
    assert len(rows) == 4
    for booking in bookings:
        spread.wait_status(buyer, booking, "expired")
    wait_for(lambda: spread.units_left(offering["id"]) == 4)
    _settled()

    assert spread.units_left(offering["id"]) == 4  # each released once, not twice
    for booking in bookings:
        assert spread.history(buyer, booking).count("expired") == 1
        subjects = _subjects(spread, buyer, booking)
        assert len(subjects) == 2 and len(set(subjects)) == 2, subjects  # held, expired


def test_a_ballot_is_drawn_once_though_both_replicas_would_draw_it(replicas: Replicas) -> None:
    spread = replicas.spread
    # Buyers sign up before the window is set: on a slow machine four sign-ups can
    # outlast a short window, and then the applications meet a closed ballot.
    buyers = [spread.customer() for _ in range(4)]
    now = datetime.now(UTC)
    closes = now + timedelta(seconds=6)
    offering = create_offering(
        spread.gw,
        spread.operator.headers,
        capacity_units=2,
        sale_mode="ballot",
        ballot_opens_at=(now - timedelta(minutes=1)).isoformat(),
        ballot_closes_at=closes.isoformat(),
        ballot_draw_at=closes.isoformat(),
        ballot_payment_seconds=600,
        ballot_max_quantity=1,
    )
    for buyer in buyers:
        applied = spread.gw.put(
            f"/v1/ballots/{offering['id']}/application",
            json={"quantity": 1, "name": "Aiko Tanaka", "locale": "en"},
            headers=buyer.headers,
        )
        assert applied.status_code == 200, applied.text

    def ballot() -> dict[str, Any]:
        return spread.gw.get(f"/v1/ballots/{offering['id']}").json()

    wait_for(lambda: ballot()["status"] == "allocated", timeout=30)
    for buyer in buyers:
        spread.platform.mail.wait_for(buyer.email, 1)
    _settled()

    mine = [
        spread.gw.get(f"/v1/ballots/{offering['id']}/application", headers=b.headers).json()
        for b in buyers
    ]
    assert sorted(m["rank"] for m in mine) == [1, 2, 3, 4]
    assert sorted(m["status"] for m in mine) == ["offered", "offered", "waiting", "waiting"]
    availability = spread.gw.get(f"/v1/catalog/offerings/{offering['id']}/availability").json()
    assert availability["held_units"] + availability["committed_units"] == 2
    for buyer, application in zip(buyers, mine, strict=True):
        (told,) = spread.platform.mail.to(buyer.email)  # drawn or not, told once
        assert ("You were drawn" in told.subject) == (application["status"] == "offered")
