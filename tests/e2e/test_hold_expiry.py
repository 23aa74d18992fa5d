"""When holds run out: on a separate platform whose holds last seconds (Stripe Checkout
Sessions that short are allowed by its stand-in), through the gateway."""

import time

from tests.e2e.conftest import FastHoldPlatform, Stack, wait_for


def test_declined_card_leaves_the_booking_payable_until_its_hold_expires(
    fast_stack: Stack,
) -> None:
    stack = fast_stack
    offering = stack.offering(capacity=1)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    declined = stack.pay(checkout, "4000000000000002")
    assert declined.status_code == 402
    assert stack.booking(buyer, booking["id"])["status"] == "held"
    assert stack.units_left(offering["id"]) == 0

    expired = stack.wait_status(
        buyer, booking["id"], "expired", timeout=FastHoldPlatform.HOLD_SECONDS + 15
    )
    assert expired["status"] == "expired"
    assert stack.units_left(offering["id"]) == 1
    session_id = stack.session_id(checkout)
    wait_for(
        lambda: (
            stack.stripe.get(f"/v1/checkout/sessions/{session_id}").json()["status"] == "expired"
        )
    )
    late = stack.pay(checkout)
    assert late.status_code == 400  # Stripe no longer takes money for it
    wait_for(lambda: stack.payments_of(booking["id"])[0]["status"] == "expired")
    assert stack.ledger(booking["id"])["accounts"] == []


def test_money_after_the_hold_expired_with_no_capacity_left_is_refunded(
    fast_stack: Stack,
) -> None:
    """The buyer pays by konbini (a delayed method) before the hold ends; the money only
    arrives after the hold expired and someone else took the last unit."""
    stack = fast_stack
    offering = stack.offering(capacity=1)
    late_buyer, other_buyer = stack.customer(), stack.customer()
    booking = stack.book(late_buyer, offering["id"])
    checkout = stack.checkout(late_buyer, booking["id"])
    assert stack.pay(checkout, method="konbini").status_code == 200
    wait_for(lambda: stack.payments_of(booking["id"])[0]["status"] == "processing")

    stack.wait_status(
        late_buyer, booking["id"], "expired", timeout=FastHoldPlatform.HOLD_SECONDS + 15
    )
    other = stack.book(other_buyer, offering["id"])
    assert other["status"] == "held"
    assert stack.units_left(offering["id"]) == 0

    settled = stack.stripe.post(
        f"/_standin/checkout/sessions/{stack.session_id(checkout)}/settle",
        json={"outcome": "succeeded"},
    )
    assert settled.status_code == 200
    refunded = stack.wait_status(late_buyer, booking["id"], "refunded", timeout=30)
    assert refunded["status"] == "refunded"
    (refund,) = stack.refunds_of(booking["id"])
    assert refund["status"] == "succeeded" and refund["amount_minor"] == 70_000
    # No capacity was sold twice: the other buyer still holds the only unit.
    assert stack.booking(other_buyer, other["id"])["status"] == "held"
    assert stack.units_left(offering["id"]) == 0
    mine = stack.ledger(booking["id"])
    assert mine["balanced"] is True
    assert stack.account(mine, "customer_deposits") == 0
    time.sleep(0.5)
    assert stack.ledger()["balanced"] is True
