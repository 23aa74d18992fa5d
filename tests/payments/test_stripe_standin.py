"""The Stripe stand-in speaks Stripe: auth, form encoding, idempotency, Checkout rules,
refund limits, list pagination, the hosted page and test cards."""

import time

import httpx

from tests.harness import Platform


def session_form(expires_in: int = 3600, amount: int = 12_345, currency: str = "usd") -> dict:
    return {
        "mode": "payment",
        "success_url": "https://shop.example/ok",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": currency,
        "line_items[0][price_data][unit_amount]": str(amount),
        "line_items[0][price_data][product_data][name]": "Name engraving",
        "metadata[booking_id]": "bkg_X1",
        "client_reference_id": "bkg_X1",
        "expires_at": str(int(time.time()) + expires_in),
    }


def test_requires_the_secret_key(platform: Platform) -> None:
    url = platform.service("stripe").url
    missing = httpx.get(url + "/v1/events")
    wrong = httpx.get(url + "/v1/events", headers={"Authorization": "Bearer sk_test_wrong"})
    assert missing.status_code == wrong.status_code == 401
    assert wrong.json()["error"]["type"] == "invalid_request_error"
    assert "Invalid API Key" in wrong.json()["error"]["message"]


def test_session_create_decodes_brackets_and_enforces_expiry_window(
    stripe_api: httpx.Client,
) -> None:
    made = stripe_api.post("/v1/checkout/sessions", data=session_form())
    assert made.status_code == 200, made.text
    session = made.json()
    assert session["object"] == "checkout.session" and session["status"] == "open"
    assert session["metadata"] == {"booking_id": "bkg_X1"}
    assert session["amount_total"] == 12_345 and session["currency"] == "usd"
    assert session["url"].endswith(f"/checkout/{session['id']}")
    too_soon = stripe_api.post("/v1/checkout/sessions", data=session_form(expires_in=20 * 60))
    too_late = stripe_api.post("/v1/checkout/sessions", data=session_form(expires_in=25 * 3600))
    for refused in (too_soon, too_late):
        assert refused.status_code == 400
        assert refused.json()["error"]["param"] == "expires_at"


def test_idempotency_keys_replay_and_refuse_other_parameters(stripe_api: httpx.Client) -> None:
    key = {"Idempotency-Key": f"test:{time.time_ns()}"}
    form = session_form()
    first = stripe_api.post("/v1/checkout/sessions", data=form, headers=key)
    again = stripe_api.post("/v1/checkout/sessions", data=form, headers=key)
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    other = stripe_api.post("/v1/checkout/sessions", data=session_form(amount=99), headers=key)
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"


def test_hosted_page_declines_then_accepts_and_refunds_stay_within_the_charge(
    platform: Platform, stripe_api: httpx.Client
) -> None:
    session = stripe_api.post(
        "/v1/checkout/sessions", data=session_form(currency="jpy", amount=70_000)
    ).json()
    url = platform.service("stripe").url + f"/checkout/{session['id']}"
    page = httpx.get(url)
    assert page.status_code == 200
    for element_id in ("card-number", "card-expiry", "card-cvc", "pay"):
        assert f'id="{element_id}"' in page.text
    card = {"card_expiry": "12/34", "card_cvc": "123"}
    declined = httpx.post(url, data={"card_number": "4000 0000 0000 0002", **card})
    assert declined.status_code == 402
    assert "declined" in declined.text and 'id="card-error"' in declined.text
    assert stripe_api.get(f"/v1/checkout/sessions/{session['id']}").json()["status"] == "open"
    paid = httpx.post(url, data={"card_number": "4242 4242 4242 4242", **card})
    assert paid.status_code == 303 and paid.headers["location"] == "https://shop.example/ok"

    done = stripe_api.get(
        f"/v1/checkout/sessions/{session['id']}",
        params={"expand[]": "payment_intent.latest_charge.balance_transaction"},
    ).json()
    assert done["status"] == "complete" and done["payment_status"] == "paid"
    txn = done["payment_intent"]["latest_charge"]["balance_transaction"]
    assert (txn["amount"], txn["fee"], txn["net"]) == (70_000, 2_520, 67_480)  # 3.6 % in yen
    charge_id = done["payment_intent"]["latest_charge"]["id"]

    part = stripe_api.post("/v1/refunds", data={"charge": charge_id, "amount": "30000"})
    assert part.status_code == 200 and part.json()["status"] == "succeeded"
    too_much = stripe_api.post("/v1/refunds", data={"charge": charge_id, "amount": "40001"})
    assert too_much.status_code == 400 and too_much.json()["error"]["param"] == "amount"
    rest = stripe_api.post("/v1/refunds", data={"charge": charge_id})
    assert rest.json()["amount"] == 40_000
    assert stripe_api.get(f"/v1/charges/{charge_id}").json()["refunded"] is True

    refunds = stripe_api.get("/v1/refunds", params={"charge": charge_id}).json()
    assert [r["amount"] for r in refunds["data"]] == [40_000, 30_000]  # newest first

    # Paid sessions cannot be paid again or expired.
    assert httpx.post(url, data={"card_number": "4242424242424242", **card}).status_code == 400
    assert stripe_api.post(f"/v1/checkout/sessions/{session['id']}/expire").status_code == 400


def test_balance_transactions_paginate_like_stripe(stripe_api: httpx.Client) -> None:
    charges = set()
    for _ in range(3):
        session = stripe_api.post("/v1/checkout/sessions", data=session_form()).json()
        paid = stripe_api.post(f"/_standin/checkout/sessions/{session['id']}/pay", json={})
        assert paid.status_code == 200
        charges.add(paid.json()["payment_intent"]["latest_charge"])
    first = stripe_api.get("/v1/balance_transactions", params={"limit": 2}).json()
    assert first["object"] == "list" and len(first["data"]) == 2 and first["has_more"] is True
    second = stripe_api.get(
        "/v1/balance_transactions",
        params={"limit": 2, "starting_after": first["data"][-1]["id"]},
    ).json()
    ids = [t["id"] for t in first["data"]] + [t["id"] for t in second["data"]]
    assert len(set(ids)) == len(ids)
    listed = stripe_api.get("/v1/balance_transactions", params={"type": "charge", "limit": 100})
    assert all(t["type"] == "charge" for t in listed.json()["data"])
    # Other tests' charges share the stand-in (bank transfers have other fees): ours only.
    ours = [t for t in listed.json()["data"] if t["source"] in charges]
    assert len(ours) == 3
    assert all(t["fee"] == (t["amount"] * 36 + 500) // 1000 for t in ours)


def test_expired_sessions_cannot_be_paid(stripe_api: httpx.Client) -> None:
    session = stripe_api.post("/v1/checkout/sessions", data=session_form()).json()
    expired = stripe_api.post(f"/v1/checkout/sessions/{session['id']}/expire")
    assert expired.json()["status"] == "expired"
    paid = stripe_api.post(f"/_standin/checkout/sessions/{session['id']}/pay", json={})
    assert paid.status_code == 400
    assert paid.json()["error"]["code"] == "checkout_session_not_open"
    events = stripe_api.get("/v1/events", params={"type": "checkout.session.expired"}).json()
    assert session["id"] in [e["data"]["object"]["id"] for e in events["data"]]


def test_unknown_objects_are_stripe_404s(stripe_api: httpx.Client) -> None:
    missing = stripe_api.get("/v1/refunds/re_nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "resource_missing"


def _paid_bank_transfer_invoice(stripe_api: httpx.Client, amount: int) -> dict:
    customer = stripe_api.post(
        "/v1/customers", data={"email": "ap@corp.example", "name": "Corp"}
    ).json()
    invoice = stripe_api.post(
        "/v1/invoices",
        data={
            "customer": customer["id"],
            "collection_method": "send_invoice",
            "days_until_due": "30",
            "currency": "jpy",
            "payment_settings[payment_method_types][0]": "customer_balance",
        },
    ).json()
    stripe_api.post(
        "/v1/invoiceitems",
        data={
            "customer": customer["id"],
            "invoice": invoice["id"],
            "amount": str(amount),
            "currency": "jpy",
        },
    )
    stripe_api.post(f"/v1/invoices/{invoice['id']}/finalize")
    funded = stripe_api.post(
        f"/v1/test_helpers/customers/{customer['id']}/fund_cash_balance",
        data={"amount": str(amount), "currency": "jpy"},
    )
    assert funded.json()["type"] == "funded"
    return stripe_api.get(f"/v1/invoices/{invoice['id']}").json()


def _cash(stripe_api: httpx.Client, customer_id: str) -> int:
    balance = stripe_api.get(f"/v1/customers/{customer_id}/cash_balance").json()
    return balance["available"].get("jpy", 0)


def test_a_bank_transfer_refund_goes_to_the_cash_balance_and_returns_to_the_bank(
    stripe_api: httpx.Client,
) -> None:
    invoice = _paid_bank_transfer_invoice(stripe_api, 50_000)
    customer = invoice["customer"]
    assert invoice["status"] == "paid" and _cash(stripe_api, customer) == 0
    refund = stripe_api.post(
        "/v1/refunds", data={"payment_intent": invoice["payment_intent"], "amount": "20000"}
    ).json()
    assert refund["status"] == "succeeded"
    assert refund["destination_details"]["type"] == "customer_cash_balance"
    assert _cash(stripe_api, customer) == 20_000

    too_much = stripe_api.post(
        "/v1/refunds",
        data={
            "origin": "customer_balance",
            "customer": customer,
            "amount": "20001",
            "currency": "jpy",
        },
    )
    assert too_much.status_code == 400
    back = stripe_api.post(
        "/v1/refunds",
        data={
            "origin": "customer_balance",
            "customer": customer,
            "amount": "20000",
            "currency": "jpy",
        },
    ).json()
    assert back["status"] == "requires_action" and back["charge"] is None
    shown = back["next_action"]["display_details"]
    assert shown["email_sent"]["email_sent_to"] == "ap@corp.example"
    assert shown["expires_at"] - back["created"] == 45 * 86_400
    assert _cash(stripe_api, customer) == 0
    done = stripe_api.post(f"/_standin/refunds/{back['id']}/bank_details").json()
    assert done["status"] == "succeeded" and done["next_action"] is None
    kinds = [
        t["type"]
        for t in stripe_api.get(f"/v1/customers/{customer}/cash_balance_transactions").json()[
            "data"
        ]
    ]
    assert kinds == ["return_initiated", "refunded_from_payment", "applied_to_payment", "funded"]


def test_a_return_without_bank_details_expires_back_into_the_cash_balance(
    stripe_api: httpx.Client,
) -> None:
    invoice = _paid_bank_transfer_invoice(stripe_api, 9_000)
    customer = invoice["customer"]
    stripe_api.post("/v1/refunds", data={"payment_intent": invoice["payment_intent"]})
    back = stripe_api.post(
        "/v1/refunds",
        data={
            "origin": "customer_balance",
            "customer": customer,
            "amount": "9000",
            "currency": "jpy",
        },
    ).json()
    expired = stripe_api.post(f"/_standin/refunds/{back['id']}/expire").json()
    assert expired["status"] == "canceled"
    assert _cash(stripe_api, customer) == 9_000
    assert stripe_api.post(f"/_standin/refunds/{back['id']}/bank_details").status_code == 400


def test_credit_notes_link_refunds_to_paid_invoices_and_drafts_can_be_deleted(
    stripe_api: httpx.Client,
) -> None:
    invoice = _paid_bank_transfer_invoice(stripe_api, 30_000)
    refund = stripe_api.post(
        "/v1/refunds", data={"payment_intent": invoice["payment_intent"], "amount": "10000"}
    ).json()
    note = stripe_api.post(
        "/v1/credit_notes",
        data={"invoice": invoice["id"], "refund": refund["id"], "reason": "order_change"},
    ).json()
    assert note["amount"] == 10_000 and note["refund"] == refund["id"]
    assert note["status"] == "issued" and note["type"] == "post_payment"
    twice = stripe_api.post(
        "/v1/credit_notes", data={"invoice": invoice["id"], "refund": refund["id"]}
    )
    assert twice.status_code == 400
    beyond = stripe_api.post(
        "/v1/credit_notes", data={"invoice": invoice["id"], "out_of_band_amount": "20001"}
    )
    assert beyond.status_code == 400
    listed = stripe_api.get("/v1/credit_notes", params={"invoice": invoice["id"]}).json()
    assert [n["id"] for n in listed["data"]] == [note["id"]]

    draft = stripe_api.post(
        "/v1/invoices",
        data={
            "customer": invoice["customer"],
            "collection_method": "send_invoice",
            "days_until_due": "5",
        },
    ).json()
    assert stripe_api.delete(f"/v1/invoices/{draft['id']}").json()["deleted"] is True
    assert stripe_api.get(f"/v1/invoices/{draft['id']}").status_code == 404
    assert stripe_api.delete(f"/v1/invoices/{invoice['id']}").status_code == 400


def test_every_api_answer_names_its_request(stripe_api: httpx.Client) -> None:
    made = stripe_api.post("/v1/checkout/sessions", data=session_form())
    missing = stripe_api.get("/v1/checkout/sessions/cs_test_nobody")
    ids = [made.headers.get("request-id", ""), missing.headers.get("request-id", "")]
    assert all(i.startswith("req_") for i in ids) and ids[0] != ids[1]
