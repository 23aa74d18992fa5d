"""The consumer flow with the real payments service and the Stripe stand-in: checkout,
pay on the hosted page, booking confirmed; cancel, refund, booking refunded."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    key,
    make_offering,
    status_of,
    units_left,
    wait_for,
)
from tests.harness import STRIPE_API_KEY, Tokens


def test_pay_through_stripe_then_cancel_and_get_refunded(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    offering = make_offering(catalog, tokens, capacity=3, cancellation_fee_bps=1_000)
    buyer = tokens.customer("cus_e2e")
    made = create_booking(booking, buyer, booking_body(offering["id"], 2))

    checkout = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert checkout.status_code == 200, checkout.text
    answer = checkout.json()
    assert answer["payment_id"].startswith("pay_")
    session_id = answer["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
    paid = stripe_standin.post(
        f"/_standin/checkout/sessions/{session_id}/pay",
        json={"card_number": "4242424242424242"},
        headers={"Authorization": f"Bearer {STRIPE_API_KEY}"},
    )
    assert paid.status_code == 200, paid.text

    wait_for(lambda: status_of(booking, tokens, made["id"]) == "confirmed")
    assert allocation(catalog, tokens, made["lines"][0]["allocation_id"])["status"] == "committed"

    cancelled = booking.post(
        f"/v1/bookings/{made['id']}/cancel", json={"reason": "cannot attend"}, headers=buyer
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["refund_requested_minor"] == 126_000  # 140,000 - 10 % fee
    wait_for(lambda: status_of(booking, tokens, made["id"]) == "refunded", timeout=60)
    final = booking.get(f"/v1/bookings/{made['id']}", headers=buyer).json()
    assert final["refunded_minor"] == 126_000
    assert units_left(catalog, tokens, offering["id"]) == 3


def test_the_hosted_payment_page_speaks_the_language_the_buyer_confirmed_in(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    offering = make_offering(catalog, tokens, capacity=4)
    pages = {}
    for locale in ("en", "ja"):
        buyer = tokens.customer(f"cus_locale_{locale}")
        made = create_booking(booking, buyer, booking_body(offering["id"], 1))
        confirmed = booking.post(
            f"/v1/bookings/{made['id']}/confirmation",
            json={"terms_version": "2026-12-01", "locale": locale},
            headers={**buyer, "Idempotency-Key": key()},
        )
        assert confirmed.status_code == 200, confirmed.text
        checkout = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
        assert checkout.status_code == 200, checkout.text
        session_id = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
        session = stripe_standin.get(
            f"/v1/checkout/sessions/{session_id}",
            headers={"Authorization": f"Bearer {STRIPE_API_KEY}"},
        ).json()
        assert session["locale"] == locale
        pages[locale] = stripe_standin.get(f"/checkout/{session_id}").text
    assert 'lang="en"' in pages["en"] and 'lang="ja"' in pages["ja"]


def test_a_checkout_retried_after_its_answer_was_lost_gets_the_session_made_then(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    tokens: Tokens,
) -> None:
    """The first try reached payments and made a session, then booking died before it
    recorded the answer. The buyer retries: booking recomputes the session's end, so
    the body differs from the first try's; the retry must get the session made then,
    not a 422 for a reused Idempotency-Key (the crash script found this)."""
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_lost_answer")
    made = create_booking(booking, buyer, booking_body(offering["id"], 1))
    first_try = payments.post(
        "/v1/internal/payments",
        json={
            "booking_id": made["id"],
            "amount_minor": 70_000,
            "currency": "JPY",
            "expires_at": (datetime.now(UTC) + timedelta(minutes=34)).isoformat(),
            "customer_email": "aiko@example.com",
            "description": "1 x Memento capsule S",
            "success_url": "https://shop.example/bookings/paid",
            "cancel_url": "https://shop.example/bookings",
        },
        headers={
            **tokens.service("booking"),
            "Idempotency-Key": f"booking:{made['id']}:checkout:1",
        },
    )
    assert first_try.status_code == 201, first_try.text
    retried = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert retried.status_code == 200, retried.text
    assert retried.json()["payment_id"] == first_try.json()["id"]
    assert retried.json()["checkout_url"] == first_try.json()["checkout_url"]
