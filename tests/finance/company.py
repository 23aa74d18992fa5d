"""Helpers for company money driven the way booking's outbox does: payments' internal
routes called directly with booking's service token (booking need not send anything)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from lpx_common.ids import new_id
from tests.finance.support import stripe_get, stripe_post, wait_for
from tests.harness import Tokens


def ids() -> tuple[str, str]:
    """A fresh (booking id, milestone id)."""
    return new_id("bkg"), new_id("mst")


def invoice_request(
    booking_id: str,
    milestone_id: str,
    *,
    amount: int = 1_500_000,
    currency: str = "JPY",
    account: str | None = None,
    email: str = "ap@lunar-corp.example",
) -> dict[str, Any]:
    return {
        "booking_id": booking_id,
        "milestone_id": milestone_id,
        "label": "Deposit",
        "amount_minor": amount,
        "currency": currency,
        "days_until_due": 30,
        "company": {"name": "Lunar Corp K.K.", "email": email},
        "billing_account_id": account or "acct_" + secrets.token_hex(6),
    }


def post_invoice(
    payments: httpx.Client, tokens: Tokens, body: dict[str, Any], key: str | None = None
) -> httpx.Response:
    return payments.post(
        "/v1/internal/invoices",
        json=body,
        headers=tokens.service("booking")
        | {"Idempotency-Key": key or f"msg_inv_{body['milestone_id']}"},
    )


def open_invoice(payments: httpx.Client, tokens: Tokens, **kw: Any) -> dict[str, Any]:
    booking_id, milestone_id = ids()
    made = post_invoice(payments, tokens, invoice_request(booking_id, milestone_id, **kw))
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "open"
    return made.json()


def pay_by_bank_transfer(
    payments: httpx.Client, tokens: Tokens, stripe: httpx.Client, invoice: dict[str, Any]
) -> dict[str, Any]:
    """The company's transfer arrives in its cash balance and pays the invoice; returns
    the booking's payment once payments recorded it."""
    stripe_post(
        stripe,
        f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
        {"amount": invoice["amount_minor"], "currency": invoice["currency"].lower()},
    )

    def recorded() -> dict[str, Any] | None:
        listed = payments.get(
            "/v1/payments",
            params={"booking_id": invoice["booking_id"], "status": "succeeded"},
            headers=tokens.staff("finance"),
        ).json()["items"]
        return listed[0] if listed else None

    return wait_for(recorded, timeout=20)


def cash_balance(stripe: httpx.Client, customer_id: str, currency: str = "jpy") -> int:
    return int(
        stripe_get(stripe, f"/v1/customers/{customer_id}/cash_balance")["available"].get(
            currency, 0
        )
    )


def refund_target(
    payments: httpx.Client, tokens: Tokens, booking_id: str, total: int, key: str
) -> httpx.Response:
    return payments.post(
        "/v1/internal/refunds",
        json={"booking_id": booking_id, "refund_total_minor": total, "reason": "cancellation"},
        headers=tokens.service("booking") | {"Idempotency-Key": key},
    )


def refund(payments: httpx.Client, tokens: Tokens, refund_id: str) -> dict[str, Any]:
    answer = payments.get(f"/v1/refunds/{refund_id}", headers=tokens.staff("finance"))
    assert answer.status_code == 200, answer.text
    return answer.json()
