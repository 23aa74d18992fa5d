"""Defect 7: every money amount and quantity in every payments, finance and stand-in
schema is a strict integer. ``"100"``, ``true``, ``1000.0`` and ``1.0000000000000001``
are refused with a 422 problem (the stand-in answers as Stripe does, a 400 error)."""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.harness import Tokens
from tests.payments.conftest import checkout_body, new_booking_id
from tests.payments.test_stripe_standin import session_form

# JSON texts, so that 1.0000000000000001 reaches the server as written.
NOT_INTEGERS = ['"100"', "true", "1000.0", "1.0000000000000001"]


def _post_raw(
    client: httpx.Client, path: str, body: dict[str, Any], field: str, raw: str, headers: dict
) -> httpx.Response:
    marker = "__RAW__"
    text = httpx.Request("POST", "/", json={**body, field: marker}).content.decode()
    return client.post(
        path,
        content=text.replace(f'"{marker}"', raw),
        headers=headers | {"content-type": "application/json"},
    )


def _routes(tokens: Tokens) -> list[tuple[str, Callable[[], dict[str, Any]], str, dict]]:
    service = tokens.service("booking")
    booking_id = new_booking_id()
    invoice = {
        "booking_id": booking_id,
        "milestone_id": "mst_S" + booking_id[5:],
        "label": "Deposit",
        "amount_minor": 1000,
        "currency": "JPY",
        "days_until_due": 30,
        "company": {"name": "Lunar Corp", "email": "ap@lunar.example"},
        "billing_account_id": "acct_strict",
    }
    status = {
        "booking_id": booking_id,
        "status": "confirmed",
        "version": 1,
        "kind": "consumer",
        "currency": "JPY",
        "total_minor": 1,
        "paid_minor": 1,
        "refunded_minor": 0,
        "refund_owed_minor": 0,
        "updated_at": "2026-12-01T00:00:00+00:00",
    }
    refund = {"booking_id": booking_id, "refund_total_minor": 1, "reason": "x"}
    return [
        ("/v1/internal/payments", lambda: checkout_body(booking_id), "amount_minor", service),
        ("/v1/internal/refunds", lambda: refund, "refund_total_minor", service),
        ("/v1/internal/invoices", lambda: invoice, "amount_minor", service),
        ("/v1/internal/invoices", lambda: invoice, "days_until_due", service),
        ("/v1/internal/booking-statuses", lambda: status, "version", service),
        ("/v1/internal/booking-statuses", lambda: status, "refund_owed_minor", service),
        (
            "/v1/payments/pay_XXXXXXXXXXXXXXXX/refunds",
            lambda: {"reason": "x"},
            "amount_minor",
            tokens.staff("finance"),
        ),
    ]


@pytest.mark.parametrize("raw", NOT_INTEGERS)
def test_payments_and_finance_refuse_anything_but_an_integer(
    pay: httpx.Client, tokens: Tokens, raw: str
) -> None:
    for path, body, field, headers in _routes(tokens):
        answer = _post_raw(pay, path, body(), field, raw, headers | {"Idempotency-Key": "k" + raw})
        assert answer.status_code == 422, (path, field, raw, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert any(field in str(e) for e in answer.json().get("errors", [])), answer.json()


def test_the_stand_in_refuses_amounts_stripe_would_refuse(stripe_api: httpx.Client) -> None:
    for raw in ("100.0", "1e3", " 100", "1_000", "true"):
        answer = stripe_api.post("/v1/payouts", data={"amount": raw, "currency": "jpy"})
        assert answer.status_code == 400, (raw, answer.text)
        assert answer.json()["error"]["code"] == "parameter_invalid_integer"
    made = stripe_api.post("/v1/checkout/sessions", data=session_form()).json()
    paid = stripe_api.post(
        f"/_standin/checkout/sessions/{made['id']}/pay", json={"card_number": "4242424242424242"}
    ).json()
    charge = paid["payment_intent"]["latest_charge"]
    for raw in ("100", True, 100.0):
        answer = stripe_api.post(f"/_standin/charges/{charge}/dispute", json={"amount": raw})
        assert answer.status_code == 400, (raw, answer.text)
    assert stripe_api.get(f"/v1/charges/{charge}").json()["disputed"] is False
