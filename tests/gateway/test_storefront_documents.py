"""Receipts (領収書) and qualified invoices (適格請求書) as PDF: only for the customer's
own paid bookings, in their language, with the seller's registration number, the items
and the consumption tax per rate as booking computed it."""

import time

import httpx

from tests.gateway.conftest import Account, create_staff, idem, signup
from tests.gateway.storefront_support import pdf_text
from tests.harness import STRIPE_API_KEY, create_offering

JA = {"Accept-Language": "ja"}
EN = {"Accept-Language": "en"}


def _paid_booking(
    gateway: httpx.Client, stripe: httpx.Client, buyer: Account, offering_id: str
) -> dict[str, object]:
    made = gateway.post(
        "/v1/bookings",
        json={
            "lines": [{"offering_id": offering_id, "quantity": 3, "inscription": "Aki"}],
            "contact": {"name": "Aki Sato", "email": buyer.email},
            "currency": "JPY",
        },
        headers={**buyer.headers, **idem()},
    )
    assert made.status_code == 201, made.text
    booking = made.json()
    url = f"/v1/storefront/bookings/{booking['id']}/receipt.pdf"
    unpaid = gateway.get(url, headers=buyer.headers)
    assert unpaid.status_code == 409 and unpaid.json()["type"].endswith("/not-paid")
    checkout = gateway.post(f"/v1/bookings/{booking['id']}/checkout", headers=buyer.headers)
    assert checkout.status_code == 200, checkout.text
    session_id = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
    paid = stripe.post(
        f"/_standin/checkout/sessions/{session_id}/pay",
        json={"card_number": "4242424242424242"},
        headers={"Authorization": f"Bearer {STRIPE_API_KEY}"},
    )
    assert paid.status_code == 200, paid.text
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        now = gateway.get(f"/v1/bookings/{booking['id']}", headers=buyer.headers).json()
        if now["status"] == "confirmed":
            return now
        time.sleep(0.3)
    raise AssertionError("the booking was not confirmed")


def test_receipt_and_qualified_invoice_of_a_paid_booking(
    gateway: httpx.Client, stripe_standin: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    offering = create_offering(gateway, operator.headers, prices={"JPY": 3_335, "USD": 2_200})
    buyer = signup(gateway, "Aki Sato")
    booking = _paid_booking(gateway, stripe_standin, buyer, str(offering["id"]))
    base = f"/v1/storefront/bookings/{booking['id']}"
    # 3 x ¥3,335 = ¥10,005 at 10 %: floor(10005 x 10 / 110) = ¥909 (per line: 3 x 303 = 909
    # too, but the rule is once per rate).
    assert booking["tax_breakdown"] == [
        {"rate_bps": 1000, "taxable_minor": 10_005, "tax_minor": 909}
    ]

    receipt = gateway.get(base + "/receipt.pdf", headers={**buyer.headers, **JA})
    assert receipt.status_code == 200 and receipt.headers["content-type"] == "application/pdf"
    assert "attachment" in receipt.headers["content-disposition"]
    text = pdf_text(receipt.content)
    for expected in (
        "領収書",
        "Aki Sato 様",
        "¥10,005",
        "10%対象 ¥10,005（内消費税 ¥909）",
        "株式会社JALUX",
        "T1234567890123",
        booking["id"],
    ):
        assert expected in text, (expected, text)

    invoice = pdf_text(gateway.get(base + "/invoice.pdf", headers={**buyer.headers, **EN}).content)
    for expected in (
        "Qualified invoice",
        "Registration number: T1234567890123",
        "Memento capsule S",
        "¥3,335",
        "¥10,005",
        "10%",
        "10% items: ¥10,005 (consumption tax ¥909)",
        "Date of the transaction",
    ):
        assert expected in invoice, (expected, invoice)

    # Someone else's booking is not found; no sign-in is 401; an unknown document is 404.
    stranger = signup(gateway, "Stranger")
    assert gateway.get(base + "/receipt.pdf", headers=stranger.headers).status_code == 404
    assert gateway.get(base + "/receipt.pdf").status_code == 401
    assert gateway.get(base + "/contract.pdf", headers=buyer.headers).status_code in (404, 422)
