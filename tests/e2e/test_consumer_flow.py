"""The consumer flow end to end, through the gateway, with every service and the Stripe
stand-in running as real processes on PostgreSQL: book, check out, pay by card on Stripe,
signed webhook, confirmed; declines, duplicates, forgeries, cancellation and a crash."""

import json
import time

from tests.e2e.conftest import Stack, wait_for
from tests.harness import STRIPE_WEBHOOK_SECRET, ServiceProcess
from tests.payments.conftest import sign


def test_card_payment_confirms_the_booking_and_balances_the_ledger(stack: Stack) -> None:
    offering = stack.offering(capacity=5, price_jpy=70_000)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"], quantity=2)
    assert booking["status"] == "held" and booking["total_minor"] == 140_000
    assert stack.units_left(offering["id"]) == 3

    checkout = stack.checkout(buyer, booking["id"])
    assert checkout["checkout_url"].startswith(stack.platform.url("stripe") + "/checkout/")
    assert stack.checkout(buyer, booking["id"]) == checkout  # idempotent by booking
    paid = stack.pay(checkout)
    assert paid.status_code == 200, paid.text

    confirmed = stack.wait_status(buyer, booking["id"], "confirmed")
    assert confirmed["total_minor"] == 140_000
    assert stack.units_left(offering["id"]) == 3  # committed, not released
    (payment,) = stack.payments_of(booking["id"])
    assert payment["id"] == checkout["payment_id"] and payment["status"] == "succeeded"
    assert payment["amount_captured_minor"] == 140_000 and payment["fee_minor"] == 5_040

    mine = stack.ledger(booking["id"])
    assert mine["balanced"] is True
    assert stack.account(mine, "customer_deposits") == -140_000
    assert stack.account(mine, "stripe_balance") == 140_000 - 5_040
    assert stack.account(mine, "stripe_fees") == 5_040
    assert stack.ledger()["balanced"] is True


def test_hosted_page_form_post_confirms_the_booking(stack: Stack) -> None:
    offering = stack.offering(capacity=3)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    paid = stack.pay_with_form(checkout)
    assert paid.status_code == 303
    assert booking["id"] in paid.headers["location"]  # back to the shop's booking page
    stack.wait_status(buyer, booking["id"], "confirmed")
    assert stack.ledger(booking["id"])["balanced"] is True


def test_declined_card_keeps_the_booking_held_and_payable(stack: Stack) -> None:
    offering = stack.offering(capacity=3)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    declined = stack.pay_with_form(checkout, card="4000 0000 0000 0002")
    # Booked without a language, so in the shop's default: Stripe's page is Japanese.
    assert declined.status_code == 402 and "カードが拒否されました" in declined.text
    wait_for(lambda: stack.payments_of(booking["id"])[0]["last_error"])
    time.sleep(0.5)
    assert stack.booking(buyer, booking["id"])["status"] == "held"
    assert stack.units_left(offering["id"]) == 2
    # Same checkout, another card: the buyer can still pay.
    assert stack.checkout(buyer, booking["id"]) == checkout
    assert stack.pay_with_form(checkout).status_code == 303
    stack.wait_status(buyer, booking["id"], "confirmed")


def test_duplicate_webhook_is_processed_once(stack: Stack) -> None:
    offering = stack.offering(capacity=3)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    assert stack.pay(checkout).status_code == 200
    stack.wait_status(buyer, booking["id"], "confirmed")
    before = stack.ledger(booking["id"])

    events = stack.stripe.get(
        "/v1/events", params={"type": "checkout.session.completed", "limit": 100}
    ).json()["data"]
    (completed,) = [e for e in events if e["data"]["object"]["id"] == stack.session_id(checkout)]
    for _ in range(2):  # Stripe's "resend", twice
        assert stack.stripe.post(f"/_standin/events/{completed['id']}/resend").status_code == 200
    payload = json.dumps(completed)
    again = stack.gw.post(
        "/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": sign(payload, STRIPE_WEBHOOK_SECRET)},
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    wait_for(
        lambda: (
            len(
                stack.stripe.get(
                    "/_standin/deliveries", params={"event_id": completed["id"]}
                ).json()["items"]
            )
            >= 3
        )
    )
    time.sleep(1.0)
    assert stack.ledger(booking["id"]) == before
    assert stack.history(buyer, booking["id"]).count("confirmed") == 1
    assert stack.units_left(offering["id"]) == 2


def test_forged_or_stale_webhooks_are_refused_and_change_nothing(stack: Stack) -> None:
    offering = stack.offering(capacity=3)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    session = stack.stripe.get(f"/v1/checkout/sessions/{stack.session_id(checkout)}").json()
    forged_event = {
        "id": "evt_forged" + booking["id"][-12:],
        "object": "event",
        "api_version": "2024-06-20",
        "type": "checkout.session.completed",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": session | {"status": "complete", "payment_status": "paid"}},
    }
    payload = json.dumps(forged_event)
    for header in (
        sign(payload, "whsec_guessed"),
        sign(payload, STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) - 3600),
    ):
        refused = stack.gw.post(
            "/webhooks/stripe", content=payload, headers={"Stripe-Signature": header}
        )
        assert refused.status_code == 400
        assert refused.headers["content-type"].startswith("application/problem+json")
    time.sleep(1.0)
    assert stack.booking(buyer, booking["id"])["status"] == "held"
    assert stack.payments_of(booking["id"])[0]["status"] == "open"
    assert stack.ledger(booking["id"])["accounts"] == []


def test_cancelling_a_paid_booking_refunds_per_policy_and_returns_capacity(
    stack: Stack,
) -> None:
    offering = stack.offering(capacity=2, price_jpy=70_000, fee_bps=1_000)  # 10 % kept
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])
    assert stack.pay(checkout).status_code == 200
    stack.wait_status(buyer, booking["id"], "confirmed")
    assert stack.units_left(offering["id"]) == 1

    cancelled = stack.gw.post(
        f"/v1/bookings/{booking['id']}/cancel",
        json={"reason": "changed my mind"},
        headers=buyer.headers,
    )
    assert cancelled.status_code == 200, cancelled.text
    stack.wait_status(buyer, booking["id"], "refunded")
    assert stack.units_left(offering["id"]) == 2
    (refund,) = stack.refunds_of(booking["id"])
    assert refund["status"] == "succeeded" and refund["amount_minor"] == 63_000
    charge = stack.stripe.get(f"/v1/charges/{stack.payments_of(booking['id'])[0]['charge_id']}")
    assert charge.json()["amount_refunded"] == 63_000
    mine = stack.ledger(booking["id"])
    assert mine["balanced"] is True
    assert stack.account(mine, "customer_deposits") == -7_000  # the cancellation fee
    assert stack.ledger()["balanced"] is True


def test_payments_killed_after_storing_the_event_still_confirms_after_restart(
    stack: Stack,
) -> None:
    """SIGKILL payments between storing the webhook and telling booking: nothing is lost."""
    offering = stack.offering(capacity=2)
    buyer = stack.customer()
    booking = stack.book(buyer, offering["id"])
    checkout = stack.checkout(buyer, booking["id"])

    shared = stack.platform.service("payments")
    stack.platform.stop_extras("payments")
    shared.kill()
    # The same service on the same port, but it only stores webhooks: it "crashes"
    # before processing them or telling booking anything.
    frozen = ServiceProcess(
        "payments-frozen",
        shared.app,
        shared.env
        | {"PAYMENTS_EVENT_PROCESSOR_ENABLED": "false", "PAYMENTS_OUTBOX_RELAY_ENABLED": "false"},
        stack.platform.log_dir,
        port=shared.port,
    ).start()
    try:
        assert stack.pay(checkout).status_code == 200
        wait_for(
            lambda: any(
                d["status"] == 200
                for d in stack.stripe.get("/_standin/deliveries").json()["items"]
                if d["event_id"] in _session_event_ids(stack, checkout)
            )
        )
        time.sleep(1.0)
        assert stack.booking(buyer, booking["id"])["status"] == "held"
    finally:
        frozen.kill()
        shared.start()  # also when an assertion above failed: later tests need payments
    stack.wait_status(buyer, booking["id"], "confirmed")
    assert stack.ledger(booking["id"])["balanced"] is True


def _session_event_ids(stack: Stack, checkout: dict) -> set[str]:
    events = stack.stripe.get(
        "/v1/events", params={"type": "checkout.session.completed", "limit": 100}
    ).json()["data"]
    return {e["id"] for e in events if e["data"]["object"]["id"] == stack.session_id(checkout)}


def test_payments_routes_are_for_finance_only_at_the_gateway(stack: Stack) -> None:
    buyer = stack.customer()
    assert stack.gw.get("/v1/ledger/balances", headers=buyer.headers).status_code == 403
    assert stack.gw.get("/v1/ledger/balances").status_code == 401
    assert stack.gw.get("/v1/payments", headers=stack.operator.headers).status_code == 403
    internal = stack.gw.post("/v1/internal/payments", json={}, headers=stack.finance.headers)
    assert internal.status_code in (403, 404)  # the gateway never forwards /v1/internal
