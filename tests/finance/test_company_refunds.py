"""Company money: bank-transfer payments are refundable the way Stripe refunds them (into
the customer's cash balance, then back to their bank as a step of its own), refunds of
invoice payments get a credit note, and each company account is its own Stripe customer."""

import json

import httpx

from tests.finance.company import (
    cash_balance,
    open_invoice,
    pay_by_bank_transfer,
    refund,
    refund_target,
)
from tests.finance.support import payments_rows, stripe_get, stripe_post, wait_for
from tests.harness import Platform, Tokens


def test_a_bank_transfer_payment_is_refunded_to_the_cash_balance_then_to_the_bank(
    platform: Platform, payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    """Defect 1: booking's refund of a customer_balance payment no longer gets 409."""
    invoice = open_invoice(payments, tokens, amount=1_500_000)
    booking_id, customer = invoice["booking_id"], invoice["stripe_customer_id"]
    payment = pay_by_bank_transfer(payments, tokens, stripe_standin, invoice)
    assert payment["method"] == "customer_balance" and payment["invoice_id"] == invoice["id"]
    assert cash_balance(stripe_standin, customer) == 0

    made = refund_target(payments, tokens, booking_id, 1_000_000, "msg_r1_" + booking_id)
    assert made.status_code == 201, made.text
    (created,) = made.json()["created"]
    assert created["status"] == "succeeded" and created["payment_id"] == payment["id"]
    # Stripe put the money back in the company's cash balance at once...
    assert cash_balance(stripe_standin, customer) == 1_000_000
    at_stripe = stripe_get(stripe_standin, f"/v1/refunds/{created['stripe_refund_id']}")
    assert at_stripe["destination_details"]["type"] == "customer_cash_balance"

    # ...and payments asks Stripe to return it to the bank, writes a credit note on the
    # invoice, and both are visible to finance.
    done = wait_for(
        lambda: (
            (r := refund(payments, tokens, created["id"]))["cash_return_status"]
            and r["stripe_credit_note_id"]
            and r
        )
    )
    assert done["cash_return_status"] == "requires_action"
    assert cash_balance(stripe_standin, customer) == 0  # on its way to the bank
    back = stripe_get(stripe_standin, f"/v1/refunds/{done['cash_return_stripe_id']}")
    assert back["origin"] == "customer_balance" and back["amount"] == 1_000_000
    assert back["next_action"]["display_details"]["email_sent"]["email_sent_to"]
    note = stripe_get(stripe_standin, f"/v1/credit_notes/{done['stripe_credit_note_id']}")
    assert note["invoice"] == invoice["stripe_invoice_id"]
    assert note["refund"] == created["stripe_refund_id"] and note["amount"] == 1_000_000
    # Both follow-ups made: the refund leaves the follow-up sweep's list.
    followup_due = "SELECT followup_due FROM refunds WHERE id = $1"
    wait_for(
        lambda: payments_rows(platform, followup_due, created["id"]) == [{"followup_due": False}]
    )

    # The company sends its bank details: the return succeeds.
    stripe_post(stripe_standin, f"/_standin/refunds/{back['id']}/bank_details")
    wait_for(lambda: refund(payments, tokens, created["id"])["cash_return_status"] == "succeeded")
    # The booking's target covers the rest later: only the difference moves.
    rest = refund_target(payments, tokens, booking_id, 1_500_000, "msg_r2_" + booking_id)
    assert rest.status_code == 201 and rest.json()["created"][0]["amount_minor"] == 500_000
    again = refund_target(payments, tokens, booking_id, 1_500_000, "msg_r3_" + booking_id)
    assert again.status_code == 200 and again.json()["refunded_minor"] == 1_500_000
    balances = payments.get(
        "/v1/ledger/balances", params={"booking_id": booking_id}, headers=tokens.staff("finance")
    ).json()
    assert balances["balanced"] is True
    deposits = [a for a in balances["accounts"] if a["account"] == "customer_deposits"]
    assert deposits[0]["balance_minor"] == 0


def test_a_return_to_the_bank_that_expires_is_an_exception_and_can_be_sent_again(
    platform: Platform, payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    invoice = open_invoice(payments, tokens, amount=300_000)
    booking_id, customer = invoice["booking_id"], invoice["stripe_customer_id"]
    pay_by_bank_transfer(payments, tokens, stripe_standin, invoice)
    (created,) = refund_target(payments, tokens, booking_id, 300_000, "m_" + booking_id).json()[
        "created"
    ]
    waiting = wait_for(
        lambda: (r := refund(payments, tokens, created["id"]))["cash_return_stripe_id"] and r
    )
    # 45 days pass without bank details: Stripe cancels, the money is in the cash balance.
    stripe_post(stripe_standin, f"/_standin/refunds/{waiting['cash_return_stripe_id']}/expire")
    wait_for(lambda: refund(payments, tokens, created["id"])["cash_return_status"] == "canceled")
    assert cash_balance(stripe_standin, customer) == 300_000
    report = payments.get(
        "/v1/finance/reconciliation",
        params={"from": "2020-01-01", "to": "2099-12-31", "limit": 1},
        headers=tokens.staff("finance"),
    ).json()
    listed = [f for f in report["exceptions"]["refunds_failed"] if f["refund_id"] == created["id"]]
    assert listed and listed[0]["stage"] == "return_to_bank" and listed[0]["status"] == "canceled"

    finance = tokens.staff("finance") | {"Idempotency-Key": "again-" + created["id"]}
    again = payments.post(f"/v1/refunds/{created['id']}/return-to-bank", headers=finance)
    assert again.status_code == 200, again.text
    assert again.json()["cash_return_status"] == "requires_action"
    assert again.json()["cash_return_stripe_id"] != waiting["cash_return_stripe_id"]
    assert cash_balance(stripe_standin, customer) == 0
    busy = payments.post(
        f"/v1/refunds/{created['id']}/return-to-bank",
        headers=tokens.staff("finance") | {"Idempotency-Key": "third-" + created["id"]},
    )
    assert busy.status_code == 409
    # Booking heard of the refund once: the return to the bank is payments' own step.
    completed = payments_rows(
        platform,
        "SELECT payload FROM outbox_messages WHERE path = $1",
        f"/v1/internal/bookings/{booking_id}/refund-completed",
    )
    assert len(completed) == 1 and json.loads(completed[0]["payload"])["refund_id"] == created["id"]


def test_two_companies_sharing_a_billing_email_are_two_customers(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    """Defect 3: a Stripe customer belongs to one company account, never to an email."""
    email = "shared-ap@holding.example"
    first = open_invoice(payments, tokens, amount=200_000, email=email, account="acct_A1")
    second = open_invoice(payments, tokens, amount=200_000, email=email, account="acct_B2")
    again = open_invoice(payments, tokens, amount=90_000, email=email, account="acct_A1")
    assert first["stripe_customer_id"] != second["stripe_customer_id"]
    assert again["stripe_customer_id"] == first["stripe_customer_id"]
    assert first["billing_account_id"] == "acct_A1"
    customer = stripe_get(stripe_standin, f"/v1/customers/{second['stripe_customer_id']}")
    assert customer["metadata"]["billing_account_id"] == "acct_B2"
    # The second company's transfer pays the second company's invoice, and only that.
    pay_by_bank_transfer(payments, tokens, stripe_standin, second)
    shown = payments.get(
        f"/v1/finance/invoices/{first['id']}", headers=tokens.staff("finance")
    ).json()
    assert shown["status"] == "open"
    assert cash_balance(stripe_standin, first["stripe_customer_id"]) == 0
