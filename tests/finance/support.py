"""Helpers for finance tests: real bookings paid through the real stack, the Stripe
stand-in's API and controls, and direct reads of the payments database."""

from __future__ import annotations

import asyncio
import csv
import io
import secrets
import time
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from tests.booking.support import booking_body, key, make_offering, wait_for
from tests.harness import STRIPE_API_KEY, Platform, Tokens

STRIPE_AUTH = {"Authorization": f"Bearer {STRIPE_API_KEY}"}
CHECKLIST = {
    "content_fit": True,
    "technical_fit": True,
    "export_control_cleared": True,
    "sanctions_screening_cleared": True,
}

__all__ = ["key", "make_offering", "wait_for"]


def stripe_get(stripe: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    answer = stripe.get(path, params=params, headers=STRIPE_AUTH)
    assert answer.status_code == 200, answer.text
    return answer.json()


def stripe_post(stripe: httpx.Client, path: str, data: dict[str, Any] | None = None) -> Any:
    answer = stripe.post(path, data=data or {}, headers=STRIPE_AUTH)
    assert answer.status_code == 200, answer.text
    return answer.json()


def control(stripe: httpx.Client, path: str, body: dict[str, Any] | None = None) -> Any:
    answer = stripe.post(f"/_standin{path}", json=body or {}, headers=STRIPE_AUTH)
    assert answer.status_code == 200, answer.text
    return answer.json()


def next_second() -> datetime:
    """A range start that no earlier Stripe object shares (Stripe times are whole seconds)."""
    start = int(time.time()) + 1
    time.sleep(max(0.0, start - time.time()) + 0.01)
    return datetime.fromtimestamp(start, tz=UTC)


def paid_consumer_booking(
    booking: httpx.Client,
    catalog: httpx.Client,
    stripe: httpx.Client,
    tokens: Tokens,
    *,
    currency: str = "JPY",
    card: str = "4242424242424242",
    quantity: int = 1,
) -> dict[str, Any]:
    """A consumer booking paid by card through booking, payments and the stand-in;
    returns the confirmed booking with the Stripe ids of its payment."""
    offering = make_offering(catalog, tokens, prices={"JPY": 70_000, "USD": 46_000})
    customer = tokens.customer(f"cus_{secrets.token_hex(4)}")
    created = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"], quantity, currency=currency),
        headers={**customer, "Idempotency-Key": key()},
    )
    assert created.status_code == 201, created.text
    booking_id = created.json()["id"]
    checkout = booking.post(f"/v1/bookings/{booking_id}/checkout", headers=customer)
    assert checkout.status_code == 200, checkout.text
    session_id = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
    paid = control(stripe, f"/checkout/sessions/{session_id}/pay", {"card_number": card})
    charge_id = paid["payment_intent"]["latest_charge"]

    def confirmed() -> dict[str, Any] | None:
        got = booking.get(f"/v1/bookings/{booking_id}", headers=customer).json()
        return got if got["status"] == "confirmed" else None

    confirmed_booking = wait_for(confirmed, timeout=30)
    return {
        **confirmed_booking,
        "charge_id": charge_id,
        "payment_intent_id": paid["payment_intent"]["id"],
        "customer_headers": customer,
    }


# Approval with a 10 % deposit due on approval (invoiced at once), the rest at contract.
APPROVAL = {
    "decision": "approve",
    "checklist": CHECKLIST,
    "reason": "fits",
    "schedule": [
        {"label": "Deposit", "percent_bps": 1000, "due_event": "approval"},
        {"label": "Contract", "percent_bps": 9000, "due_event": "contract"},
    ],
}


def business_booking_body(
    offering_id: str, email: str, *, name: str = "Lunar Corp K.K.", currency: str = "JPY"
) -> dict[str, Any]:
    """One kilogram of payload for a company, as its sales contact books it."""
    body = booking_body(offering_id, 1, currency=currency)
    body["business"] = {
        "company": {"name": name, "email": email, "country": "JP"},
        "payload": {
            "mass_grams": 1000,
            "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 100},
            "mounting_location": "deck A",
        },
    }
    return body


def approved_business_booking(
    booking: httpx.Client,
    catalog: httpx.Client,
    tokens: Tokens,
    *,
    currency: str = "JPY",
    company_email: str | None = None,
) -> dict[str, Any]:
    """A business booking approved with a 10 % deposit due on approval (invoiced at once)
    and the rest due at contract."""
    offering = make_offering(
        catalog,
        tokens,
        audience="business",
        capacity=20,
        prices={"JPY": 150_000_000, "USD": 1_000_000_00},
        unit_mass_grams=1000,
    )
    sales = tokens.staff("sales")
    email = company_email or f"ap-{secrets.token_hex(3)}@lunar-corp.example"
    body = business_booking_body(offering["id"], email, currency=currency)
    created = booking.post("/v1/bookings", json=body, headers={**sales, "Idempotency-Key": key()})
    assert created.status_code == 201, created.text
    reviewed = booking.post(
        f"/v1/bookings/{created.json()['id']}/review", json=APPROVAL, headers=sales
    )
    assert reviewed.status_code == 200, reviewed.text
    return {**reviewed.json(), "sales_headers": sales}


def invoice_of(
    payments: httpx.Client, tokens: Tokens, booking_id: str, *, status: str | None = None
) -> dict[str, Any]:
    """Wait until payments holds an invoice for the booking (in ``status`` if given)."""

    def found() -> dict[str, Any] | None:
        answer = payments.get(
            "/v1/finance/invoices",
            params={"booking_id": booking_id},
            headers=tokens.staff("finance"),
        )
        assert answer.status_code == 200, answer.text
        items = answer.json()["items"]
        if items and (status is None or items[0]["status"] == status):
            return items[0]
        return None

    return wait_for(found, timeout=30)


def sync(payments: httpx.Client, tokens: Tokens) -> dict[str, Any]:
    answer = payments.post("/v1/finance/payouts/sync", headers=tokens.staff("finance"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def payments_rows(platform: Platform, sql: str, *args: Any) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        url = platform.database("payments").replace("postgresql+asyncpg://", "postgresql://")
        conn = await asyncpg.connect(url)
        try:
            return [dict(r) for r in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(run())


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def foreign_charge(stripe: httpx.Client, amount: int, currency: str = "jpy") -> str:
    """Money in Stripe that is none of our bookings' (an invoice made directly at Stripe);
    returns the charge's balance transaction id."""
    customer = stripe_post(
        stripe, "/v1/customers", {"email": f"x{secrets.token_hex(3)}@example.com"}
    )
    invoice = stripe_post(
        stripe,
        "/v1/invoices",
        {
            "customer": customer["id"],
            "collection_method": "send_invoice",
            "days_until_due": 30,
            "currency": currency,
            "payment_settings[payment_method_types][0]": "customer_balance",
        },
    )
    stripe_post(
        stripe,
        "/v1/invoiceitems",
        {
            "customer": customer["id"],
            "invoice": invoice["id"],
            "amount": amount,
            "currency": currency,
        },
    )
    stripe_post(stripe, f"/v1/invoices/{invoice['id']}/finalize")
    stripe_post(
        stripe,
        f"/v1/test_helpers/customers/{customer['id']}/fund_cash_balance",
        {"amount": amount, "currency": currency},
    )
    charge = stripe_get(stripe, f"/v1/invoices/{invoice['id']}")["charge"]
    return stripe_get(stripe, f"/v1/charges/{charge}")["balance_transaction"]


def payout(stripe: httpx.Client, currency: str, txns: list[str], **extra: Any) -> dict[str, Any]:
    return control(
        stripe, "/payouts", {"currency": currency, "balance_transactions": txns, **extra}
    )


def report(
    payments: httpx.Client, tokens: Tokens, start: datetime, end: datetime, **params: Any
) -> dict[str, Any]:
    answer = payments.get(
        "/v1/finance/reconciliation",
        params={"from": start.isoformat(), "to": end.isoformat(), **params},
        headers=tokens.staff("finance"),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()
