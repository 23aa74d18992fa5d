"""Checkout: the hold is stretched for Stripe's 30-minute minimum and payments is asked
for a payment, idempotently by booking; payments being down is a clean 503."""

from datetime import datetime, timedelta
from typing import Any

import httpx

from tests.booking.support import (
    Recorder,
    allocation,
    booking_body,
    create_booking,
    make_offering,
    recording_server,
)
from tests.harness import Platform, Tokens, free_port


def _payment(request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = request["body"]
    return 201, {
        "id": "pay_" + body["booking_id"][-8:],
        "booking_id": body["booking_id"],
        "status": "open",
        "amount_minor": body["amount_minor"],
        "currency": body["currency"],
        "checkout_url": f"https://checkout.example/{body['booking_id']}",
        "checkout_session_id": "cs_test",
        "expires_at": body["expires_at"],
    }


def test_checkout_extends_the_hold_and_asks_payments_once(
    platform: Platform, catalog: httpx.Client, booking: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_checkout")
    with recording_server(Recorder(routes={"/v1/internal/payments": _payment})) as payments:
        instance = platform.spawn("booking", BOOKING_PAYMENTS_URL=payments.url)
        try:
            with httpx.Client(base_url=instance.url, timeout=30) as client:
                made = create_booking(client, buyer, booking_body(offering["id"], 2))
                first = client.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
                second = client.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
                stranger = client.post(
                    f"/v1/bookings/{made['id']}/checkout", headers=tokens.customer("cus_x")
                )
                after = client.get(f"/v1/bookings/{made['id']}", headers=buyer).json()
        finally:
            instance.stop()

    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["payment_id"] == f"pay_{made['id'][-8:]}"
    assert answer["checkout_url"].startswith("https://checkout.example/")
    assert second.json() == answer  # same payment, not a second one
    assert stranger.status_code == 404

    (call,) = payments.calls("/v1/internal/payments")
    assert call["headers"]["Idempotency-Key"].startswith(f"booking:{made['id']}:checkout:1:")
    assert call["body"]["amount_minor"] == made["total_minor"] == 140_000
    assert call["body"]["currency"] == "JPY"
    assert call["body"]["customer_email"] == "aiko@example.com"

    # hold stretched to >= ~35 minutes, and the session ends no later than the hold
    hold = allocation(catalog, tokens, made["lines"][0]["allocation_id"])
    hold_until = datetime.fromisoformat(hold["expires_at"])
    created = datetime.fromisoformat(made["created_at"])
    assert hold_until - created >= timedelta(minutes=34)
    session_until = datetime.fromisoformat(call["body"]["expires_at"])
    assert timedelta(minutes=30) <= session_until - created
    assert session_until <= hold_until
    assert datetime.fromisoformat(after["hold_expires_at"]) == hold_until
    assert after["payment_id"] == answer["payment_id"] and after["status"] == "held"


def test_checkout_with_payments_down_is_503_and_changes_nothing(
    platform: Platform, catalog: httpx.Client, booking: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_nopay")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    instance = platform.spawn("booking", BOOKING_PAYMENTS_URL=f"http://127.0.0.1:{free_port()}")
    try:
        with httpx.Client(base_url=instance.url, timeout=30) as client:
            answer = client.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    finally:
        instance.stop()
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    after = booking.get(f"/v1/bookings/{made['id']}", headers=buyer).json()
    assert after["status"] == "held" and after["payment_id"] is None
    assert after["version"] == made["version"]
    assert after["hold_expires_at"] == made["hold_expires_at"]
