"""Checkout through Stripe and what webhooks do to payments: success, declines,
duplicates, forged or stale signatures, out-of-order events, expiry, and a crash."""

import json
import time
from typing import Any

import httpx

from lpx_common.ids import new_id
from tests.harness import STRIPE_WEBHOOK_SECRET, Platform, ServiceProcess, Tokens
from tests.payments.conftest import (
    PaymentsDb,
    account,
    checkout_body,
    events_of,
    get_payment,
    ledger_balances,
    new_booking_id,
    paid_payment,
    pay_session,
    sign,
    start_checkout,
    wait_for,
)


def test_checkout_is_idempotent_and_uses_our_stripe_key(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    body = checkout_body(booking_id)
    first = start_checkout(pay, tokens, booking_id, body=body)
    assert first.status_code == 201, first.text
    payment = first.json()
    assert payment["status"] == "open" and payment["id"].startswith("pay_")
    assert payment["checkout_url"].endswith(payment["checkout_session_id"])
    replay = start_checkout(pay, tokens, booking_id, body=body)
    assert replay.json() == payment and replay.headers.get("idempotent-replayed") == "true"
    # Booking asks again (a new attempt number): the live session is handed out again.
    again = start_checkout(pay, tokens, booking_id, n=2)
    assert again.status_code == 200 and again.json()["id"] == payment["id"]

    session = stripe_api.get(f"/v1/checkout/sessions/{payment['checkout_session_id']}").json()
    assert session["client_reference_id"] == booking_id
    assert session["metadata"] == {"booking_id": booking_id, "payment_id": payment["id"]}
    assert session["amount_total"] == 70_000 and session["currency"] == "jpy"
    # Our Stripe idempotency key is built from our data: reusing it elsewhere is refused.
    clash = stripe_api.post(
        "/v1/checkout/sessions",
        data={"mode": "payment", "success_url": "https://x.example"},
        headers={"Idempotency-Key": f"booking:{booking_id}:checkout:1"},
    )
    assert clash.status_code == 400 and clash.json()["error"]["type"] == "idempotency_error"


def test_checkout_input_and_auth_are_checked(pay: httpx.Client, tokens: Tokens) -> None:
    booking_id = new_booking_id()
    short = start_checkout(pay, tokens, booking_id, minutes=10)  # Stripe wants >= 30 min
    assert short.status_code == 422
    assert short.headers["content-type"] == "application/problem+json"
    assert "30 minutes" in short.json()["detail"]
    bad_currency = start_checkout(pay, tokens, new_booking_id(), currency="EUR")
    assert bad_currency.status_code == 422
    key = {"Idempotency-Key": "k1"}
    body = {"booking_id": new_id("bkg"), "amount_minor": 1}
    assert pay.post("/v1/internal/payments", json=body, headers=key).status_code == 401
    as_customer = pay.post("/v1/internal/payments", json=body, headers=tokens.customer() | key)
    assert as_customer.status_code == 403


def test_card_payment_confirms_through_signed_webhook_and_balances_the_ledger(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    assert payment["amount_captured_minor"] == 70_000
    assert payment["fee_minor"] == 2_520
    assert payment["charge_id"].startswith("ch_")
    assert payment["balance_transaction_id"].startswith("txn_")

    mine = ledger_balances(pay, tokens, booking_id=booking_id)
    assert mine["balanced"] is True
    assert account(mine, "stripe_balance", "JPY") == 67_480
    assert account(mine, "stripe_fees", "JPY") == 2_520
    assert account(mine, "customer_deposits", "JPY") == -70_000
    assert ledger_balances(pay, tokens)["balanced"] is True

    told = payments_db.outbox(booking_id)
    assert [m["path"].rsplit("/", 1)[1] for m in told] == ["payment-succeeded"]
    assert told[0]["payload"]["payment_id"] == payment["id"]
    assert told[0]["payload"]["amount_minor"] == 70_000
    assert told[0]["payload"]["currency"] == "JPY"


def test_declined_card_leaves_the_payment_open_and_payable(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    payment = start_checkout(pay, tokens, booking_id).json()
    declined = pay_session(stripe_api, payment["checkout_session_id"], "4000000000000002")
    assert declined.status_code == 402
    assert declined.json()["error"]["decline_code"] == "generic_decline"
    noted = wait_for(lambda: (p := get_payment(pay, tokens, payment["id"]))["last_error"] and p)
    assert noted["status"] == "open" and "declined" in noted["last_error"]
    assert payments_db.outbox(booking_id) == []

    assert pay_session(stripe_api, payment["checkout_session_id"]).status_code == 200
    wait_for(lambda: get_payment(pay, tokens, payment["id"])["status"] == "succeeded")


def test_duplicate_webhook_is_processed_once(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    (completed,) = events_of(
        stripe_api, payment["checkout_session_id"], "checkout.session.completed"
    )
    entries_before = payments_db.rows(
        "SELECT count(*) AS n FROM ledger_entries WHERE booking_id = :b", b=booking_id
    )[0]["n"]
    assert stripe_api.post(f"/_standin/events/{completed['id']}/resend").status_code == 200
    wait_for(
        lambda: (
            len(
                stripe_api.get("/_standin/deliveries", params={"event_id": completed["id"]}).json()[
                    "items"
                ]
            )
            >= 2
        )
    )
    payload = json.dumps(completed)
    direct = pay.post(
        "/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": sign(payload, STRIPE_WEBHOOK_SECRET)},
    )
    assert direct.status_code == 200 and direct.json() == {"received": True, "duplicate": True}
    time.sleep(1.0)
    assert (
        payments_db.rows(
            "SELECT count(*) AS n FROM ledger_entries WHERE booking_id = :b", b=booking_id
        )[0]["n"]
        == entries_before
    )
    assert len(payments_db.outbox(booking_id)) == 1
    assert (
        payments_db.rows(
            "SELECT count(*) AS n FROM stripe_events WHERE id = :e", e=completed["id"]
        )[0]["n"]
        == 1
    )


def test_forged_or_stale_signatures_are_refused_and_nothing_is_stored(
    pay: httpx.Client, payments_db: PaymentsDb
) -> None:
    event = {
        "id": "evt_forged_" + new_booking_id(),
        "object": "event",
        "type": "checkout.session.completed",
        "created": int(time.time()),
        "data": {"object": {"id": "cs_test_forged", "object": "checkout.session"}},
        "livemode": False,
    }
    payload = json.dumps(event)
    attempts = {
        "forged": sign(payload, "whsec_not_the_secret"),
        "stale": sign(payload, STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) - 3600),
        "future": sign(payload, STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) + 3600),
        "tampered": sign(payload.replace("completed", "expired"), STRIPE_WEBHOOK_SECRET),
        "garbage": "t=1,v1=zz",
    }
    for name, header in attempts.items():
        refused = pay.post(
            "/webhooks/stripe", content=payload, headers={"Stripe-Signature": header}
        )
        assert refused.status_code == 400, name
        assert refused.headers["content-type"] == "application/problem+json", name
    assert pay.post("/webhooks/stripe", content=payload).status_code == 400
    assert payments_db.rows("SELECT id FROM stripe_events WHERE id = :e", e=event["id"]) == []


def test_the_stand_in_sends_only_the_event_types_the_endpoint_is_enabled_for(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    """The platform's endpoint is enabled for the types payments acts on, as at Stripe:
    a card payment's ``charge.succeeded`` is created and listed, and never sent."""
    payment = paid_payment(pay, tokens, stripe_api, new_booking_id())

    def deliveries(event: dict[str, Any]) -> list[dict[str, Any]]:
        answer = stripe_api.get("/_standin/deliveries", params={"event_id": event["id"]})
        return answer.json()["items"]

    (charged,) = events_of(stripe_api, payment["charge_id"], "charge.succeeded")
    (succeeded,) = events_of(stripe_api, payment["payment_intent_id"], "payment_intent.succeeded")
    assert [d["status"] for d in wait_for(lambda: deliveries(succeeded))] == [200]
    assert deliveries(charged) == []


def test_an_event_type_nothing_acts_on_is_acknowledged_and_not_kept(
    pay: httpx.Client, payments_db: PaymentsDb
) -> None:
    """Stripe sends several events for one payment; one that no handler acts on (Stripe's
    ``charge.succeeded`` with its ``payment_intent.succeeded``) is answered 200 and not
    stored, leased and marked ignored. One a handler acts on is kept."""
    kept: dict[str, bool] = {}
    for type_ in ("charge.succeeded", "checkout.session.completed"):
        event = {
            "id": f"evt_{type_.replace('.', '_')}_{new_booking_id()}",
            "object": "event",
            "type": type_,
            "created": int(time.time()),
            "data": {"object": {"id": "cs_or_ch_not_ours", "object": type_.rsplit(".", 1)[0]}},
            "livemode": False,
        }
        payload = json.dumps(event)
        answer = pay.post(
            "/webhooks/stripe",
            content=payload,
            headers={"Stripe-Signature": sign(payload, STRIPE_WEBHOOK_SECRET)},
        )
        assert answer.status_code == 200 and answer.json()["received"] is True, answer.text
        stored = payments_db.rows("SELECT id FROM stripe_events WHERE id = :e", e=event["id"])
        kept[type_] = bool(stored)
    assert kept == {"charge.succeeded": False, "checkout.session.completed": True}


def test_out_of_order_events_never_move_a_payment_backwards(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    payment = start_checkout(pay, tokens, booking_id).json()
    session_id = payment["checkout_session_id"]
    open_snapshot = stripe_api.get(f"/v1/checkout/sessions/{session_id}").json()
    assert pay_session(stripe_api, session_id).status_code == 200
    wait_for(lambda: get_payment(pay, tokens, payment["id"])["status"] == "succeeded")
    # A late "expired" event carrying an old snapshot of the session arrives afterwards.
    late = stripe_api.post(
        "/_standin/events",
        json={"type": "checkout.session.expired", "object": open_snapshot | {"status": "expired"}},
    ).json()
    wait_for(
        lambda: payments_db.rows(
            "SELECT processed_at FROM stripe_events WHERE id = :e AND processed_at IS NOT NULL",
            e=late["id"],
        )
    )
    assert get_payment(pay, tokens, payment["id"])["status"] == "succeeded"
    assert len(payments_db.outbox(booking_id)) == 1


def test_expire_ends_the_session_at_stripe(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    payment = start_checkout(pay, tokens, new_booking_id()).json()
    headers = tokens.service("booking") | {"Idempotency-Key": "msg_expire_" + payment["id"]}
    expired = pay.post(f"/v1/internal/payments/{payment['id']}/expire", headers=headers)
    assert expired.status_code == 200 and expired.json()["status"] == "expired"
    session = stripe_api.get(f"/v1/checkout/sessions/{payment['checkout_session_id']}").json()
    assert session["status"] == "expired"
    assert pay_session(stripe_api, payment["checkout_session_id"]).status_code == 400
    again = pay.post(f"/v1/internal/payments/{payment['id']}/expire", headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "expired"
    unknown = pay.post(f"/v1/internal/payments/{new_id('pay')}/expire", headers=headers)
    assert unknown.status_code == 404


def test_a_paid_session_is_not_expired_but_recorded(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    """Booking's hold ran out while the buyer paid: expiring finds the money instead."""
    payment = start_checkout(pay, tokens, new_booking_id()).json()
    assert (
        pay_session(
            stripe_api, payment["checkout_session_id"], webhook_delay_seconds=30
        ).status_code
        == 200
    )
    expired = pay.post(
        f"/v1/internal/payments/{payment['id']}/expire", headers=tokens.service("booking")
    )
    assert expired.status_code == 200 and expired.json()["status"] == "succeeded"


def test_event_stored_before_a_crash_is_processed_after_restart(
    platform: Platform,
    pay: httpx.Client,
    tokens: Tokens,
    stripe_api: httpx.Client,
    payments_db: PaymentsDb,
) -> None:
    """Payments dies after storing the webhook and before acting on it; the restarted
    service processes the stored event and tells booking."""
    booking_id = new_booking_id()
    payment = start_checkout(pay, tokens, booking_id).json()
    shared = platform.service("payments")
    platform.stop_extras("payments")
    shared.kill()
    frozen = ServiceProcess(
        "payments-frozen",
        shared.app,
        shared.env
        | {"PAYMENTS_EVENT_PROCESSOR_ENABLED": "false", "PAYMENTS_OUTBOX_RELAY_ENABLED": "false"},
        platform.log_dir,
        port=shared.port,
    ).start()
    try:
        assert pay_session(stripe_api, payment["checkout_session_id"]).status_code == 200
        wait_for(
            lambda: payments_db.rows(
                "SELECT id FROM stripe_events WHERE type = 'checkout.session.completed' "
                "AND object_id = :s",
                s=payment["checkout_session_id"],
            )
        )
        time.sleep(0.5)
        assert get_payment(pay, tokens, payment["id"])["status"] == "open"
        assert payments_db.outbox(booking_id) == []
    finally:
        frozen.kill()  # SIGKILL: the crash
        shared.start()  # also when an assertion above failed: later tests need payments
    wait_for(lambda: get_payment(pay, tokens, payment["id"])["status"] == "succeeded")
    assert [m["path"].rsplit("/", 1)[1] for m in payments_db.outbox(booking_id)] == [
        "payment-succeeded"
    ]


def test_delayed_payment_is_processing_then_succeeds_or_fails(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    """Konbini-style payments complete the session unpaid; the money comes (or not) later."""
    outcomes = {}
    for outcome in ("succeeded", "failed"):
        booking_id = new_booking_id()
        payment = start_checkout(pay, tokens, booking_id).json()
        session_id = payment["checkout_session_id"]
        assert pay_session(stripe_api, session_id, method="konbini").status_code == 200
        wait_for(lambda p=payment: get_payment(pay, tokens, p["id"])["status"] == "processing")
        assert payments_db.outbox(booking_id) == []
        settled = stripe_api.post(
            f"/_standin/checkout/sessions/{session_id}/settle", json={"outcome": outcome}
        )
        assert settled.status_code == 200
        wait_for(lambda p=payment, o=outcome: get_payment(pay, tokens, p["id"])["status"] == o)
        outcomes[outcome] = [m["path"].rsplit("/", 1)[1] for m in payments_db.outbox(booking_id)]
    assert outcomes == {"succeeded": ["payment-succeeded"], "failed": ["payment-failed"]}


def test_webhooks_are_retried_until_payments_answers(
    platform: Platform, pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    """Payments is down when Stripe sends the webhook; Stripe's retries deliver it."""
    payment = start_checkout(pay, tokens, new_booking_id()).json()
    shared = platform.service("payments")
    platform.stop_extras("payments")
    shared.kill()
    try:
        assert pay_session(stripe_api, payment["checkout_session_id"]).status_code == 200
        (completed,) = events_of(
            stripe_api, payment["checkout_session_id"], "checkout.session.completed"
        )

        def attempts() -> list[dict]:
            return stripe_api.get(
                "/_standin/deliveries", params={"event_id": completed["id"]}
            ).json()["items"]

        failed = wait_for(attempts)
        assert failed[0]["status"] is None and failed[0]["error"]  # nobody listening
    finally:
        shared.start()
    delivered = wait_for(lambda: [d for d in attempts() if d["status"] == 200], timeout=40)
    assert delivered[0]["attempt"] >= 2
    wait_for(lambda: get_payment(pay, tokens, payment["id"])["status"] == "succeeded")


def test_finance_sees_what_became_of_each_stripe_event(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    payment = paid_payment(pay, tokens, stripe_api, new_booking_id())
    (completed,) = events_of(
        stripe_api, payment["checkout_session_id"], "checkout.session.completed"
    )

    def processed() -> list[dict]:
        page = pay.get(
            "/v1/payments/webhook-events",
            params={"state": "processed", "type": "checkout.session.completed", "limit": 200},
            headers=tokens.staff("finance"),
        ).json()
        return [e for e in page["items"] if e["id"] == completed["id"]]

    (seen,) = wait_for(processed)
    # Finance may add what it copied for the report ("…; 1 balance transactions copied").
    assert seen["outcome"].startswith("payment succeeded") and seen["last_error"] is None
    bad = pay.get(
        "/v1/payments/webhook-events", params={"state": "odd"}, headers=tokens.staff("finance")
    )
    assert bad.status_code == 422
