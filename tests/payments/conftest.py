"""Fixtures for the payments tests: the payments service and the Stripe stand-in as real
processes on PostgreSQL, and helpers that drive a checkout the way booking does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from lpx_common.ids import new_id
from tests.harness import STRIPE_API_KEY, Platform, Tokens

STRIPE_AUTH = {"Authorization": f"Bearer {STRIPE_API_KEY}"}
FINANCE_ROLE = "finance"


@pytest.fixture(scope="session")
def stripe_api(platform: Platform) -> Iterator[httpx.Client]:
    """The stand-in, authenticated with the platform's secret key."""
    with httpx.Client(
        base_url=platform.service("stripe").url, headers=STRIPE_AUTH, timeout=30.0
    ) as client:
        yield client


@pytest.fixture(scope="session")
def pay(platform: Platform, stripe_api: httpx.Client) -> Iterator[httpx.Client]:
    """The payments service alone (booking need not run for these tests)."""
    with httpx.Client(base_url=platform.service("payments").url, timeout=30.0) as client:
        yield client


class PaymentsDb:
    """Read-only look into payments' own database, for what no API shows (the outbox)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        async def run() -> list[dict[str, Any]]:
            engine = create_async_engine(self.url)
            try:
                async with engine.connect() as conn:
                    result = await conn.execute(text(sql), params)
                    return [dict(r) for r in result.mappings()]
            finally:
                await engine.dispose()

        return asyncio.run(run())

    def outbox(self, booking_id: str) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT path, payload FROM outbox_messages WHERE path LIKE :p ORDER BY created_at",
            p=f"/v1/internal/bookings/{booking_id}/%",
        )


@pytest.fixture(scope="session")
def payments_db(platform: Platform) -> PaymentsDb:
    return PaymentsDb(platform.database("payments"))


def new_booking_id() -> str:
    return new_id("bkg")


def checkout_body(
    booking_id: str, amount: int = 70_000, currency: str = "JPY", minutes: int = 40
) -> dict[str, Any]:
    return {
        "booking_id": booking_id,
        "amount_minor": amount,
        "currency": currency,
        "expires_at": (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat(),
        "customer_email": "buyer@example.com",
        "description": "Memento capsule S on Mission 3",
        "success_url": f"https://shop.example/bookings/{booking_id}?paid=1",
        "cancel_url": f"https://shop.example/bookings/{booking_id}",
    }


def start_checkout(
    pay: httpx.Client,
    tokens: Tokens,
    booking_id: str,
    n: int = 1,
    body: dict[str, Any] | None = None,
    **kw: Any,
) -> httpx.Response:
    return pay.post(
        "/v1/internal/payments",
        json=body or checkout_body(booking_id, **kw),
        headers=tokens.service("booking")
        | {"Idempotency-Key": f"booking:{booking_id}:checkout:{n}"},
    )


def wait_for(predicate: Any, timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll until ``predicate()`` is truthy; return its value (fail on timeout)."""
    import time

    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def get_payment(pay: httpx.Client, tokens: Tokens, payment_id: str) -> dict[str, Any]:
    response = pay.get(f"/v1/payments/{payment_id}", headers=tokens.staff(FINANCE_ROLE))
    assert response.status_code == 200, response.text
    return response.json()


def ledger_balances(pay: httpx.Client, tokens: Tokens, **params: str) -> dict[str, Any]:
    response = pay.get("/v1/ledger/balances", params=params, headers=tokens.staff(FINANCE_ROLE))
    assert response.status_code == 200, response.text
    return response.json()


def account(balances: dict[str, Any], name: str, currency: str) -> int:
    for row in balances["accounts"]:
        if row["account"] == name and row["currency"] == currency:
            return int(row["balance_minor"])
    return 0


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header as Stripe computes it."""
    import hashlib
    import hmac
    import time

    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def pay_session(
    stripe_api: httpx.Client, session_id: str, card: str = "4242424242424242", **extra: Any
) -> httpx.Response:
    return stripe_api.post(
        f"/_standin/checkout/sessions/{session_id}/pay", json={"card_number": card, **extra}
    )


def events_of(stripe_api: httpx.Client, object_id: str, type_: str) -> list[dict[str, Any]]:
    listed = stripe_api.get("/v1/events", params={"type": type_, "limit": 100}).json()
    return [e for e in listed["data"] if e["data"]["object"]["id"] == object_id]


def paid_payment(
    pay: httpx.Client,
    tokens: Tokens,
    stripe_api: httpx.Client,
    booking_id: str,
    card: str = "4242424242424242",
    amount: int = 70_000,
    currency: str = "JPY",
) -> dict[str, Any]:
    """A checkout for ``booking_id`` paid by card and recorded as succeeded."""
    created = start_checkout(pay, tokens, booking_id, amount=amount, currency=currency)
    assert created.status_code == 201, created.text
    payment = created.json()
    assert pay_session(stripe_api, payment["checkout_session_id"], card).status_code == 200
    return wait_for(
        lambda: (p := get_payment(pay, tokens, payment["id"]))["status"] == "succeeded" and p
    )
