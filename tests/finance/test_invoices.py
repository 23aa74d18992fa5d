"""Company invoices: booking's due milestone becomes a Stripe Invoice paid by bank
transfer or card; its events reach booking; overdue ones are listed for sales/finance."""

import httpx

from lpx_common.ids import new_id
from tests.finance.support import (
    approved_business_booking,
    control,
    invoice_of,
    key,
    payments_rows,
    stripe_get,
    stripe_post,
    wait_for,
)
from tests.harness import Platform, Tokens


def milestone(booking: httpx.Client, headers: dict[str, str], booking_id: str, label: str) -> dict:
    got = booking.get(f"/v1/bookings/{booking_id}", headers=headers).json()
    return next(m for m in got["milestones"] if m["label"] == label)


def test_deposit_paid_by_bank_transfer_confirms_the_booking(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    approved = approved_business_booking(booking, catalog, tokens)
    booking_id, sales = approved["id"], approved["sales_headers"]
    deposit = milestone(booking, sales, booking_id, "Deposit")

    invoice = invoice_of(payments, tokens, booking_id, status="open")
    assert invoice["milestone_id"] == deposit["id"]
    assert invoice["amount_minor"] == deposit["amount_minor"] == 15_000_000
    assert invoice["amount_major"] == "15000000"  # JPY has no decimals

    # What Stripe holds: a finalized send_invoice invoice for bank transfer or card.
    at_stripe = stripe_get(stripe_standin, f"/v1/invoices/{invoice['stripe_invoice_id']}")
    assert at_stripe["status"] == "open"
    assert at_stripe["collection_method"] == "send_invoice"
    assert at_stripe["metadata"]["booking_id"] == booking_id
    assert at_stripe["metadata"]["milestone_id"] == deposit["id"]
    assert at_stripe["payment_settings"]["payment_method_types"] == ["customer_balance", "card"]
    assert at_stripe["amount_due"] == 15_000_000 and at_stripe["currency"] == "jpy"
    assert [line["amount"] for line in at_stripe["lines"]["data"]] == [15_000_000]
    # Booking heard that the invoice went out.
    wait_for(lambda: milestone(booking, sales, booking_id, "Deposit")["status"] == "invoiced")

    # The company pays by bank transfer into its cash balance; Stripe applies it.
    stripe_post(
        stripe_standin,
        f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
        {"amount": 15_000_000, "currency": "jpy"},
    )
    paid = invoice_of(payments, tokens, booking_id, status="paid")
    assert paid["amount_paid_minor"] == 15_000_000 and paid["paid_at"]

    def confirmed() -> dict | None:
        got = booking.get(f"/v1/bookings/{booking_id}", headers=sales).json()
        return got if got["status"] == "confirmed" else None

    confirmed_booking = wait_for(confirmed, timeout=30)
    assert milestone(booking, sales, booking_id, "Deposit")["status"] == "paid"
    assert confirmed_booking["status"] == "confirmed"

    # The ledger recorded gross, Stripe's fee and net, tied to the booking and Stripe.
    charge = stripe_get(stripe_standin, f"/v1/invoices/{invoice['stripe_invoice_id']}")["charge"]
    txn = stripe_get(stripe_standin, f"/v1/charges/{charge}")["balance_transaction"]
    entries = payments_rows(
        platform,
        "SELECT account, side, amount_minor FROM ledger_entries "
        "WHERE booking_id = $1 AND stripe_balance_transaction_id = $2 ORDER BY account",
        booking_id,
        txn,
    )
    fee = (15_000_000 * 15 + 500) // 1000
    assert {(e["account"], e["side"], e["amount_minor"]) for e in entries} == {
        ("customer_deposits", "credit", 15_000_000),
        ("stripe_balance", "debit", 15_000_000 - fee),
        ("stripe_fees", "debit", fee),
    }


def test_invoice_requests_are_deduplicated_and_validated(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    body = {
        "booking_id": new_id("bkg"),
        "milestone_id": f"mst_{key()[-12:]}",
        "label": "Deposit",
        "amount_minor": 4_600_00,
        "currency": "USD",
        "due_date": "2099-01-31",
        "company": {"name": "Moon Works Inc.", "email": "AP@moonworks.example"},
        "billing_account_id": f"acct_{key()[-12:]}",
    }
    headers = {**tokens.service("booking"), "Idempotency-Key": key()}
    first = payments.post("/v1/internal/invoices", json=body, headers=headers)
    assert first.status_code == 201, first.text
    created = first.json()
    assert created["status"] == "open" and created["amount_major"] == "4600.00"
    assert created["due_at"].startswith("2099-01-31T23:59:59")
    # A redelivered message (same key) gets the invoice it made, not a second one.
    replay = payments.post("/v1/internal/invoices", json=body, headers=headers)
    assert replay.status_code == 200 and replay.json()["id"] == created["id"]
    # Another message for the same milestone gets the same invoice, not a second one.
    again = payments.post(
        "/v1/internal/invoices",
        json=body,
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert again.status_code == 200 and again.json()["id"] == created["id"]
    other_amount = payments.post(
        "/v1/internal/invoices",
        json={**body, "amount_minor": 1},
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert other_amount.status_code == 422
    assert other_amount.json()["type"].endswith("milestone-already-invoiced")
    listed = stripe_get(
        stripe_standin, "/v1/invoices", customer=created["stripe_customer_id"], limit=100
    )
    assert [i["id"] for i in listed["data"]] == [created["stripe_invoice_id"]]
    # The company's Stripe customer is reused (found by its billing account) next time.
    second = payments.post(
        "/v1/internal/invoices",
        json={**body, "milestone_id": f"mst_{key()[-12:]}", "label": "Contract"},
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert second.status_code == 201, second.text
    assert second.json()["stripe_customer_id"] == created["stripe_customer_id"]

    bad = payments.post(
        "/v1/internal/invoices",
        json={**body, "currency": "EUR", "amount_minor": -1},
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert {e["field"] for e in bad.json()["errors"]} >= {"body.currency", "body.amount_minor"}
    unbilled = payments.post(
        "/v1/internal/invoices",
        json={k: v for k, v in body.items() if k != "billing_account_id"},
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert unbilled.status_code == 422
    assert {e["field"] for e in unbilled.json()["errors"]} == {"body.billing_account_id"}
    past = payments.post(
        "/v1/internal/invoices",
        json={**body, "milestone_id": "mst_past", "due_date": "2001-01-01"},
        headers={**tokens.service("booking"), "Idempotency-Key": key()},
    )
    assert past.status_code == 422 and past.json()["type"].endswith("due-date-in-past")
    staff = payments.post(
        "/v1/internal/invoices",
        json=body,
        headers={**tokens.staff("finance"), "Idempotency-Key": key()},
    )
    assert staff.status_code == 403


def test_overdue_and_failed_card_payment_reach_sales_finance_and_booking(
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    approved = approved_business_booking(booking, catalog, tokens, currency="USD")
    booking_id, sales = approved["id"], approved["sales_headers"]
    invoice = invoice_of(payments, tokens, booking_id, status="open")

    # A card attempt is declined: the invoice stays open and the failure is visible.
    declined = stripe_standin.post(
        f"/v1/invoices/{invoice['stripe_invoice_id']}/pay",
        data={"payment_method": "pm_card_chargeDeclined"},
        headers={"Authorization": stripe_standin.headers.get("Authorization", "")}
        | {"Authorization": "Bearer sk_test_standin_platform"},
    )
    assert declined.status_code == 402

    def failure_noted() -> dict | None:
        got = payments.get(
            f"/v1/finance/invoices/{invoice['id']}", headers=tokens.staff("finance")
        ).json()
        return got if got["last_payment_error"] else None

    assert wait_for(failure_noted)["status"] == "open"

    control(stripe_standin, f"/invoices/{invoice['stripe_invoice_id']}/overdue")
    for role in ("sales", "finance", "admin"):

        def overdue_listed(role: str = role) -> bool:
            answer = payments.get(
                "/v1/finance/invoices",
                params={"overdue": "true", "status": "open", "limit": 200},
                headers=tokens.staff(role),
            )
            assert answer.status_code == 200, answer.text
            return invoice["id"] in [i["id"] for i in answer.json()["items"]]

        wait_for(overdue_listed)
    assert payments.get("/v1/finance/invoices", headers=tokens.staff("operator")).status_code == 403
    wait_for(lambda: milestone(booking, sales, booking_id, "Deposit")["status"] == "overdue")

    # Paid late by card: no longer overdue, and booking confirms.
    stripe_post(
        stripe_standin,
        f"/v1/invoices/{invoice['stripe_invoice_id']}/pay",
        {"payment_method": "pm_card_visa"},
    )
    paid = invoice_of(payments, tokens, booking_id, status="paid")
    assert paid["overdue"] is False
    wait_for(
        lambda: (
            booking.get(f"/v1/bookings/{booking_id}", headers=sales).json()["status"] == "confirmed"
        ),
        timeout=30,
    )


def test_a_voided_invoice_voids_the_milestone(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> None:
    approved = approved_business_booking(booking, catalog, tokens)
    booking_id, sales = approved["id"], approved["sales_headers"]
    invoice = invoice_of(payments, tokens, booking_id, status="open")
    stripe_post(stripe_standin, f"/v1/invoices/{invoice['stripe_invoice_id']}/void")
    voided = invoice_of(payments, tokens, booking_id, status="void")
    assert voided["voided_at"] and voided["overdue"] is False
    wait_for(lambda: milestone(booking, sales, booking_id, "Deposit")["status"] == "voided")
    # A late "finalized" (events out of order) never moves it back.
    late = control(
        stripe_standin,
        "/events",
        {"type": "invoice.finalized", "object_id": invoice["stripe_invoice_id"]},
    )
    wait_for(
        lambda: payments_rows(
            platform,
            "SELECT 1 FROM stripe_events WHERE id = $1 AND processed_at IS NOT NULL",
            late["id"],
        )
    )
    again = payments.get(f"/v1/finance/invoices/{invoice['id']}", headers=tokens.staff("finance"))
    assert again.json()["status"] == "void"
