"""Money reaching a booking (payments' internal calls, stood in for by the test):
commit on payment, expiry, late payments that re-allocate or end in a refund."""

import time

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    key,
    make_offering,
    outbox_to,
    pay,
    status_of,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens, free_port


def test_payment_on_a_held_booking_commits_and_confirms_once(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    made = create_booking(booking, tokens.customer("cus_pay"), booking_body(offering["id"], 2))
    message = key()
    first = pay(
        booking, tokens, made["id"], made["total_minor"], payment_id="pay_1", message_id=message
    )
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "confirmed" and first.json()["paid_minor"] == 140_000
    assert allocation(catalog, tokens, made["lines"][0]["allocation_id"])["status"] == "committed"

    # the same message again replays; the same payment under another message changes nothing
    replay = pay(
        booking, tokens, made["id"], made["total_minor"], payment_id="pay_1", message_id=message
    )
    assert replay.headers.get("Idempotent-Replayed") == "true"
    again = pay(booking, tokens, made["id"], made["total_minor"], payment_id="pay_1")
    assert again.status_code == 200 and again.json()["paid_minor"] == 140_000
    history = booking.get(f"/v1/bookings/{made['id']}/history", headers=tokens.staff("sales"))
    assert [h["to_status"] for h in history.json()["items"]] == ["held", "confirmed"]
    assert history.json()["items"][1]["actor"] == "service:payments"
    assert units_left(catalog, tokens, offering["id"]) == 3

    # internal routes are for services only
    denied = booking.post(
        f"/v1/internal/bookings/{made['id']}/payment-succeeded",
        json={"payment_id": "pay_x", "amount_minor": 1, "currency": "JPY"},
        headers={**tokens.customer("cus_pay"), "Idempotency-Key": key()},
    )
    assert denied.status_code == 403


def test_expiry_releases_capacity_and_capacity_is_right_before_the_worker(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    tokens: Tokens,
    own_booking_db: str,
) -> None:
    offering = make_offering(catalog, tokens, capacity=1)
    # An instance with 1-second holds and NO workers, on its own database: its booking
    # stays "held" past its expiry, yet the catalog already counts the unit as free.
    lazy = platform.spawn(
        "booking",
        BOOKING_DATABASE_URL=own_booking_db,
        BOOKING_HOLD_TTL_SECONDS="1",
        BOOKING_WORKERS_ENABLED="false",
    )
    try:
        with httpx.Client(base_url=lazy.url, timeout=30) as client:
            stale = create_booking(
                client, tokens.customer("cus_lazy"), booking_body(offering["id"])
            )
            assert units_left(catalog, tokens, offering["id"]) == 0
            time.sleep(1.5)
            assert (
                client.get(
                    f"/v1/bookings/{stale['id']}", headers=tokens.customer("cus_lazy")
                ).json()["status"]
                == "held"
            )
    finally:
        lazy.stop()
    assert units_left(catalog, tokens, offering["id"]) == 1

    # The shared instance's worker expires its own short hold and releases it.
    quick = platform.spawn("booking", BOOKING_HOLD_TTL_SECONDS="1")
    try:
        with httpx.Client(base_url=quick.url, timeout=30) as client:
            made = create_booking(client, tokens.customer("cus_exp"), booking_body(offering["id"]))
    finally:
        quick.stop()
    wait_for(lambda: status_of(booking, tokens, made["id"]) == "expired")
    alloc_id = made["lines"][0]["allocation_id"]
    wait_for(lambda: allocation(catalog, tokens, alloc_id)["status"] == "released")
    assert units_left(catalog, tokens, offering["id"]) == 1
    history = booking.get(f"/v1/bookings/{made['id']}/history", headers=tokens.staff("sales"))
    last = history.json()["items"][-1]
    assert last["to_status"] == "expired" and last["actor"] == "system:booking"


def _expired_booking(
    platform: Platform, booking: httpx.Client, tokens: Tokens, offering_id: str, buyer: str
) -> dict:
    quick = platform.spawn("booking", BOOKING_HOLD_TTL_SECONDS="1")
    try:
        with httpx.Client(base_url=quick.url, timeout=30) as client:
            made = create_booking(client, tokens.customer(buyer), booking_body(offering_id))
    finally:
        quick.stop()
    wait_for(lambda: status_of(booking, tokens, made["id"]) == "expired")
    return made


def test_late_payment_reallocates_when_capacity_is_left(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    made = _expired_booking(platform, booking, tokens, offering["id"], "cus_late")
    wait_for(lambda: units_left(catalog, tokens, offering["id"]) == 2)

    paid = pay(booking, tokens, made["id"], made["total_minor"])
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert body["status"] == "confirmed"
    new_alloc = body["lines"][0]["allocation_id"]
    assert new_alloc != made["lines"][0]["allocation_id"]
    assert allocation(catalog, tokens, new_alloc)["status"] == "committed"
    assert units_left(catalog, tokens, offering["id"]) == 1
    assert outbox_to(platform, made["id"], "/v1/internal/refunds") == []


def test_late_payment_without_capacity_ends_refund_due_with_a_refund_requested(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=1)
    made = _expired_booking(platform, booking, tokens, offering["id"], "cus_toolate")
    wait_for(lambda: units_left(catalog, tokens, offering["id"]) == 1)
    # someone else takes the last unit meanwhile
    create_booking(booking, tokens.customer("cus_other"), booking_body(offering["id"]))

    paid = pay(booking, tokens, made["id"], made["total_minor"], payment_id="pay_late")
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "refund_due"
    assert paid.json()["refund_requested_minor"] == made["total_minor"]
    (refund,) = outbox_to(platform, made["id"], "/v1/internal/refunds")
    assert refund["destination"] == "payments"
    assert refund["payload"]["refund_total_minor"] == made["total_minor"]
    assert units_left(catalog, tokens, offering["id"]) == 0  # nothing oversold

    # payments reports the refund: the booking ends refunded
    done = booking.post(
        f"/v1/internal/bookings/{made['id']}/refund-completed",
        json={
            "refund_id": "rfd_" + key(),
            "payment_id": "pay_late",
            "amount_minor": made["total_minor"],
            "currency": "JPY",
        },
        headers={**tokens.service("payments"), "Idempotency-Key": key()},
    )
    assert done.status_code == 200 and done.json()["status"] == "refunded"
    assert done.json()["refunded_minor"] == made["total_minor"]


def test_payment_failed_lets_the_buyer_start_a_new_checkout(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    made = create_booking(booking, tokens.customer("cus_fail"), booking_body(offering["id"]))
    answer = booking.post(
        f"/v1/internal/bookings/{made['id']}/payment-failed",
        json={"payment_id": "pay_nope", "reason": "card declined"},
        headers={**tokens.service("payments"), "Idempotency-Key": key()},
    )
    assert answer.status_code == 200 and answer.json()["status"] == "held"


def test_payment_while_the_catalog_is_down_is_retried_and_confirms_once_it_is_back(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    """A booking is confirmed only with its capacity committed: while the catalog cannot
    say so, the payment report is refused with 503 (nothing stored), and the same message
    retried later confirms the booking."""
    offering = make_offering(catalog, tokens, capacity=3)
    made = create_booking(booking, tokens.customer("cus_cdown"), booking_body(offering["id"]))
    cut_off = platform.spawn("booking", BOOKING_CATALOG_URL=f"http://127.0.0.1:{free_port()}")
    message, payment = key(), "pay_" + key()
    try:
        with httpx.Client(base_url=cut_off.url, timeout=30) as client:
            refused = pay(
                client,
                tokens,
                made["id"],
                made["total_minor"],
                payment_id=payment,
                message_id=message,
            )
    finally:
        cut_off.stop()
    assert refused.status_code == 503, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert status_of(booking, tokens, made["id"]) == "held"
    alloc_id = made["lines"][0]["allocation_id"]
    assert allocation(catalog, tokens, alloc_id)["status"] == "held"

    retried = pay(
        booking, tokens, made["id"], made["total_minor"], payment_id=payment, message_id=message
    )
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "confirmed"
    assert allocation(catalog, tokens, alloc_id)["status"] == "committed"
