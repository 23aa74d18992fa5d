"""Refunds by finance and by booking, failed refunds, disputes, and a ledger whose
debits equal its credits after every one of them."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy.exc import DBAPIError

from lpx_common.ids import new_id
from tests.harness import Tokens
from tests.payments.conftest import (
    PaymentsDb,
    account,
    get_payment,
    ledger_balances,
    new_booking_id,
    paid_payment,
    wait_for,
)


def finance_refund(
    pay: httpx.Client,
    tokens: Tokens,
    payment_id: str,
    key: str,
    amount: int | None = None,
    role: str = "finance",
) -> httpx.Response:
    body = {"reason": "requested_by_customer"}
    if amount is not None:
        body["amount_minor"] = amount
    return pay.post(
        f"/v1/payments/{payment_id}/refunds",
        json=body,
        headers=tokens.staff(role) | {"Idempotency-Key": key},
    )


def test_finance_refunds_partially_never_beyond_what_was_captured(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id, amount=12_345, currency="USD")
    key = "refund-" + booking_id

    part = finance_refund(pay, tokens, payment["id"], key, 5_000)
    assert part.status_code == 201, part.text
    refund = part.json()
    assert refund["status"] == "succeeded" and refund["amount_minor"] == 5_000
    assert refund["currency"] == "USD" and refund["requested_by"] == "staff:stf_test"
    replay = finance_refund(pay, tokens, payment["id"], key, 5_000)
    assert replay.json()["id"] == refund["id"]
    # Stripe refunded once, under our own key refund:{id}.
    charge = stripe_api.get(f"/v1/charges/{payment['charge_id']}").json()
    assert charge["amount_refunded"] == 5_000
    stripe_refund = stripe_api.get(f"/v1/refunds/{refund['stripe_refund_id']}").json()
    assert stripe_refund["metadata"]["refund_id"] == refund["id"]

    too_much = finance_refund(pay, tokens, payment["id"], key + "-2", 7_346)
    assert too_much.status_code == 422
    assert too_much.json()["refundable_minor"] == 7_345
    rest = finance_refund(pay, tokens, payment["id"], key + "-3")
    assert rest.status_code == 201 and rest.json()["amount_minor"] == 7_345
    nothing = finance_refund(pay, tokens, payment["id"], key + "-4", 1)
    assert nothing.status_code == 422

    detail = get_payment(pay, tokens, payment["id"])
    assert detail["amount_refunded_minor"] == 12_345 and detail["refundable_minor"] == 0
    assert [r["amount_minor"] for r in detail["refunds"]] == [5_000, 7_345]
    mine = ledger_balances(pay, tokens, booking_id=booking_id)
    assert mine["balanced"] is True
    assert account(mine, "customer_deposits", "USD") == 0
    assert ledger_balances(pay, tokens)["balanced"] is True


def test_refund_routes_check_role_key_and_body(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    payment = paid_payment(pay, tokens, stripe_api, new_booking_id())
    assert (
        finance_refund(pay, tokens, payment["id"], "k-op", 10, role="operator").status_code == 403
    )
    no_key = pay.post(
        f"/v1/payments/{payment['id']}/refunds",
        json={"amount_minor": 1},
        headers=tokens.staff("finance"),
    )
    assert no_key.status_code == 422
    negative = finance_refund(pay, tokens, payment["id"], "k-neg", -5)
    assert negative.status_code == 422
    assert negative.headers["content-type"] == "application/problem+json"
    unknown = finance_refund(pay, tokens, new_id("pay"), "k-unknown", 10)
    assert unknown.status_code == 404
    admin = finance_refund(pay, tokens, payment["id"], "k-admin", 10, role="admin")
    assert admin.status_code == 201
    assert pay.get("/v1/refunds", headers=tokens.customer()).status_code == 403


def test_booking_refund_tells_booking_when_stripe_confirms(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    headers = tokens.service("booking") | {"Idempotency-Key": "msg_refund_" + booking_id}
    body = {"booking_id": booking_id, "refund_total_minor": 70_000, "reason": "cancellation"}
    made = pay.post("/v1/internal/refunds", json=body, headers=headers)
    assert made.status_code == 201, made.text
    (refund,) = made.json()["created"]
    assert refund["amount_minor"] == 70_000 and refund["payment_id"] == payment["id"]
    again = pay.post("/v1/internal/refunds", json=body, headers=headers)
    assert again.status_code == 200 and again.json()["created"] == []
    assert again.json()["refunded_minor"] == 70_000 and again.json()["settled"] is True

    told = wait_for(
        lambda: [
            m for m in payments_db.outbox(booking_id) if m["path"].endswith("/refund-completed")
        ]
    )
    assert told[0]["payload"] == {
        "refund_id": refund["id"],
        "payment_id": payment["id"],
        "amount_minor": 70_000,
        "currency": "JPY",
    }
    # A card refund has nothing to follow it (no credit note, no return to a bank): it is
    # never on the follow-up sweep's list.
    marks = payments_db.rows("SELECT followup_due FROM refunds WHERE id = :r", r=refund["id"])
    assert marks == [{"followup_due": False}]
    other = pay.post(
        "/v1/internal/refunds",
        json={"booking_id": new_booking_id(), "refund_total_minor": 1, "reason": "cancellation"},
        headers=tokens.service("booking") | {"Idempotency-Key": "msg_nothing_" + booking_id},
    )
    assert other.status_code == 422
    assert other.json()["type"].endswith("/refund-exceeds-captured")
    assert ledger_balances(pay, tokens)["balanced"] is True


def test_a_refund_that_fails_later_is_visible_to_finance_and_reversed_in_the_ledger(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    # Stripe's test card whose refunds succeed first and fail a moment later.
    payment = paid_payment(pay, tokens, stripe_api, booking_id, card="4000000000005126")
    refund = finance_refund(pay, tokens, payment["id"], "refund-fails-" + booking_id).json()
    assert refund["status"] == "succeeded"

    def failed_refunds() -> list[dict]:
        listed = pay.get(
            "/v1/refunds", params={"status": "failed"}, headers=tokens.staff("finance")
        ).json()
        return [r for r in listed["items"] if r["id"] == refund["id"]]

    (failed,) = wait_for(failed_refunds)
    assert failed["failure_reason"] == "expired_or_canceled_card"
    detail = get_payment(pay, tokens, payment["id"])
    assert detail["amount_refunded_minor"] == 0 and detail["refundable_minor"] == 70_000
    mine = ledger_balances(pay, tokens, booking_id=booking_id)
    assert mine["balanced"] is True
    assert account(mine, "customer_deposits", "JPY") == -70_000  # we owe the customer again
    entries = pay.get(
        "/v1/ledger/entries", params={"booking_id": booking_id}, headers=tokens.staff("finance")
    ).json()["items"]
    assert len(entries) == 3 + 2 + 2  # capture, refund, its reversal


def test_dispute_lifecycle_posts_balanced_entries(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    dispute = stripe_api.post(
        f"/_standin/charges/{payment['charge_id']}/dispute", json={"reason": "fraudulent"}
    ).json()

    def disputes() -> list[dict]:
        return get_payment(pay, tokens, payment["id"])["disputes"]

    (opened,) = wait_for(disputes)
    assert opened["stripe_dispute_id"] == dispute["id"] and opened["status"] == "needs_response"
    withdrawn = ledger_balances(pay, tokens, booking_id=booking_id)
    assert account(withdrawn, "disputes_receivable", "JPY") == 70_000
    assert account(withdrawn, "stripe_fees", "JPY") == 2_520 + 2_000  # + dispute fee
    assert withdrawn["balanced"] is True

    stripe_api.post(f"/_standin/disputes/{dispute['id']}/close", json={"status": "lost"})
    wait_for(lambda: disputes()[0]["status"] == "lost")
    lost = ledger_balances(pay, tokens, booking_id=booking_id)
    assert account(lost, "disputes_receivable", "JPY") == 0
    assert account(lost, "customer_deposits", "JPY") == 0
    assert lost["balanced"] is True
    listed = pay.get(
        "/v1/payments/disputes", params={"status": "lost"}, headers=tokens.staff("finance")
    ).json()
    assert opened["id"] in [d["id"] for d in listed["items"]]


def test_payment_lists_filter_and_paginate(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    by_booking = pay.get(
        "/v1/payments", params={"booking_id": booking_id}, headers=tokens.staff("finance")
    ).json()
    assert [p["id"] for p in by_booking["items"]] == [payment["id"]]
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params = {"status": "succeeded", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = pay.get("/v1/payments", params=params, headers=tokens.staff("finance")).json()
        assert all(p["status"] == "succeeded" for p in page["items"])
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert payment["id"] in seen and len(seen) == len(set(seen))
    bad = pay.get("/v1/payments", params={"status": "bogus"}, headers=tokens.staff("finance"))
    assert bad.status_code == 422


def test_concurrent_refunds_never_exceed_the_captured_amount(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)

    def refund(i: int) -> int:
        with httpx.Client(base_url=str(pay.base_url), timeout=30.0) as client:
            return finance_refund(
                client, tokens, payment["id"], f"race-{booking_id}-{i}", 30_000
            ).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = sorted(pool.map(refund, range(4)))
    assert statuses == [201, 201, 422, 422]  # 2 x 30,000 fit in 70,000; a third does not
    charge = stripe_api.get(f"/v1/charges/{payment['charge_id']}").json()
    assert charge["amount_refunded"] == 60_000
    assert get_payment(pay, tokens, payment["id"])["refundable_minor"] == 10_000
    assert ledger_balances(pay, tokens, booking_id=booking_id)["balanced"] is True


def test_ledger_entries_cannot_be_changed_or_deleted(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    booking_id = new_booking_id()
    paid_payment(pay, tokens, stripe_api, booking_id)
    for statement in (
        "UPDATE ledger_entries SET amount_minor = 1 WHERE booking_id = :b",
        "DELETE FROM ledger_entries WHERE booking_id = :b",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            payments_db.rows(statement + " RETURNING id", b=booking_id)
    assert ledger_balances(pay, tokens, booking_id=booking_id)["balanced"] is True
