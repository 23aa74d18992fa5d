"""Money paths across booking, payments and the Stripe stand-in, each as a user meets it:
a company that paid by bank transfer cancels, a customer cancels after finance already
refunded part, a lost mission leaves no invoice open."""

import httpx

from tests.booking.support import set_mission_status
from tests.finance.support import (
    approved_business_booking,
    invoice_of,
    key,
    paid_consumer_booking,
    stripe_get,
    stripe_post,
    wait_for,
)
from tests.harness import Tokens


def _booking(booking: httpx.Client, tokens: Tokens, booking_id: str) -> dict:
    return booking.get(f"/v1/bookings/{booking_id}", headers=tokens.staff("sales")).json()


def _refunds_at_payments(payments: httpx.Client, tokens: Tokens, booking_id: str) -> list[dict]:
    answer = payments.get(
        "/v1/refunds", params={"booking_id": booking_id}, headers=tokens.staff("finance")
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _deposit_paid_by_bank_transfer(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> dict:
    approved = approved_business_booking(booking, catalog, tokens)
    invoice = invoice_of(payments, tokens, approved["id"], status="open")
    stripe_post(
        stripe_standin,
        f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
        {"amount": invoice["amount_minor"], "currency": "jpy"},
    )
    wait_for(lambda: _booking(booking, tokens, approved["id"])["status"] == "confirmed")
    return {**approved, "invoice": invoice}


def test_a_company_that_paid_by_bank_transfer_cancels_and_is_refunded(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    """Defect 1: the refund used to be refused with 409 for ever; the booking sat in
    refund_due with nothing refunded and no report showing it."""
    made = _deposit_paid_by_bank_transfer(booking, catalog, payments, stripe_standin, tokens)
    cancelled = booking.post(
        f"/v1/bookings/{made['id']}/cancel",
        json={"reason": "payload not ready"},
        headers=tokens.staff("sales"),
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["refund_requested_minor"] == 15_000_000

    done = wait_for(
        lambda: (b := _booking(booking, tokens, made["id"]))["status"] == "refunded" and b
    )
    assert done["refunded_minor"] == 15_000_000 and done["refund_owed_since"] is None
    (refund,) = _refunds_at_payments(payments, tokens, made["id"])
    assert refund["status"] == "succeeded" and refund["amount_minor"] == 15_000_000
    at_stripe = stripe_get(stripe_standin, f"/v1/refunds/{refund['stripe_refund_id']}")
    assert at_stripe["destination_details"]["type"] == "customer_cash_balance"
    # the open contract invoice was never issued; nothing else is left to bill
    assert [m["status"] for m in done["milestones"]] == ["paid", "voided"]


def test_finance_refunds_part_then_the_customer_cancels_and_gets_exactly_the_rest(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    """Defect 6: the booking used to end cancelled with only finance's refund."""
    paid = paid_consumer_booking(booking, catalog, stripe_standin, tokens)
    goodwill = payments.post(
        f"/v1/payments/{paid['payment_id']}/refunds",
        json={"amount_minor": 20_000, "reason": "late certificate"},
        headers={**tokens.staff("finance"), "Idempotency-Key": key()},
    )
    assert goodwill.status_code == 201, goodwill.text
    wait_for(lambda: _booking(booking, tokens, paid["id"])["refunded_minor"] == 20_000)

    cancelled = booking.post(
        f"/v1/bookings/{paid['id']}/cancel",
        json={"reason": "cannot attend"},
        headers=paid["customer_headers"],
    )
    assert cancelled.status_code == 200, cancelled.text
    done = wait_for(
        lambda: (b := _booking(booking, tokens, paid["id"]))["status"] == "refunded" and b
    )
    assert done["refunded_minor"] == 70_000  # no fee on this offering: all of it, once
    refunds = _refunds_at_payments(payments, tokens, paid["id"])
    assert sorted(r["amount_minor"] for r in refunds) == [20_000, 50_000]
    charge = stripe_get(stripe_standin, f"/v1/charges/{paid['charge_id']}")
    assert charge["amount_refunded"] == 70_000


def test_a_lost_mission_leaves_no_invoice_open_at_stripe(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    """Defect 2: the open invoice of a voided milestone stayed open at Stripe."""
    made = _deposit_paid_by_bank_transfer(booking, catalog, payments, stripe_standin, tokens)
    signed = booking.post(
        f"/v1/bookings/{made['id']}/business-events",
        json={"event": "contract"},
        headers=tokens.staff("sales"),
    )
    assert signed.status_code == 200, signed.text

    def contract_invoice() -> dict | None:
        items = payments.get(
            "/v1/finance/invoices",
            params={"booking_id": made["id"]},
            headers=tokens.staff("finance"),
        ).json()["items"]
        return next((i for i in items if i["id"] != made["invoice"]["id"]), None)

    contract = wait_for(contract_invoice)
    wait_for(
        lambda: (
            stripe_get(stripe_standin, f"/v1/invoices/{contract['stripe_invoice_id']}")["status"]
            == "open"
        )
    )
    mission = _booking(booking, tokens, made["id"])["mission_id"]
    for status in ("sales_closed", "launched", "lost"):
        set_mission_status(catalog, tokens, mission, status)
    wait_for(lambda: _booking(booking, tokens, made["id"])["status"] == "mission_lost")
    wait_for(
        lambda: (
            stripe_get(stripe_standin, f"/v1/invoices/{contract['stripe_invoice_id']}")["status"]
            == "void"
        ),
        timeout=30,
    )
    # the deposit stays paid (the policy keeps it): nothing is refunded
    assert _refunds_at_payments(payments, tokens, made["id"]) == []
