"""Booking's refund decisions are cumulative targets: every refund, whoever asked for it,
counts against what the booking is owed, and every refund is reported back to booking
(refund-completed, or refund-failed when it fails after it was requested)."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.harness import Tokens
from tests.payments.conftest import (
    PaymentsDb,
    get_payment,
    ledger_balances,
    new_booking_id,
    paid_payment,
    wait_for,
)


def target(
    pay: httpx.Client, tokens: Tokens, booking_id: str, total: Any, key: str = ""
) -> httpx.Response:
    return pay.post(
        "/v1/internal/refunds",
        json={"booking_id": booking_id, "refund_total_minor": total, "reason": "cancellation"},
        headers=tokens.service("booking") | {"Idempotency-Key": key or f"msg_{booking_id}"},
    )


def finance_refund(
    pay: httpx.Client, tokens: Tokens, payment_id: str, key: str, amount: int
) -> httpx.Response:
    return pay.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount_minor": amount, "reason": "requested_by_customer"},
        headers=tokens.staff("finance") | {"Idempotency-Key": key},
    )


def messages(payments_db: PaymentsDb, booking_id: str, kind: str) -> list[dict[str, Any]]:
    return [m["payload"] for m in payments_db.outbox(booking_id) if m["path"].endswith(kind)]


def test_finance_refunds_part_then_booking_cancels_and_only_the_rest_is_refunded(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    """Defect 6: the cancellation refunds what the policy owes minus what finance already
    refunded, and finance's refund is reported to booking like any other."""
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    part = finance_refund(pay, tokens, payment["id"], "fin-" + booking_id, 20_000)
    assert part.status_code == 201, part.text
    told = wait_for(lambda: messages(payments_db, booking_id, "/refund-completed"))
    assert told == [
        {
            "refund_id": part.json()["id"],
            "payment_id": payment["id"],
            "amount_minor": 20_000,
            "currency": "JPY",
        }
    ]

    made = target(pay, tokens, booking_id, 70_000)
    assert made.status_code == 201, made.text
    answer = made.json()
    assert [r["amount_minor"] for r in answer["created"]] == [50_000]
    assert answer["refunded_minor"] == 70_000 and answer["pending_minor"] == 0
    settled = target(pay, tokens, booking_id, 70_000, key="msg_again_" + booking_id)
    assert settled.status_code == 200 and settled.json()["settled"] is True
    lower = target(pay, tokens, booking_id, 10_000, key="msg_lower_" + booking_id)
    assert lower.status_code == 200 and lower.json()["created"] == []

    charge = stripe_api.get(f"/v1/charges/{payment['charge_id']}").json()
    assert charge["amount_refunded"] == 70_000
    assert get_payment(pay, tokens, payment["id"])["refundable_minor"] == 0
    assert (
        len(
            wait_for(
                lambda: (
                    len(messages(payments_db, booking_id, "/refund-completed")) == 2
                    and messages(payments_db, booking_id, "/refund-completed")
                )
            )
        )
        == 2
    )
    assert ledger_balances(pay, tokens, booking_id=booking_id)["balanced"] is True


def test_concurrent_targets_and_finance_refunds_never_exceed_the_target(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)

    def ask(i: int) -> int:
        with httpx.Client(base_url=str(pay.base_url), timeout=30.0) as client:
            if i % 3 == 2:
                return finance_refund(
                    client, tokens, payment["id"], f"f{i}-{booking_id}", 10_000
                ).status_code
            return target(client, tokens, booking_id, 40_000, key=f"m{i}-{booking_id}").status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(ask, range(6)))
    assert all(s in (200, 201) for s in statuses), statuses
    charge = stripe_api.get(f"/v1/charges/{payment['charge_id']}").json()
    refunds = get_payment(pay, tokens, payment["id"])["refunds"]
    by_finance = sum(r["amount_minor"] for r in refunds if r["requested_by"].startswith("staff"))
    by_targets = sum(r["amount_minor"] for r in refunds if r["requested_by"].startswith("service"))
    assert by_finance == 20_000
    # Targets only ever fill up to 40,000, counting finance's refunds made before them.
    assert by_targets <= 40_000 and by_targets + by_finance >= 40_000
    assert charge["amount_refunded"] == by_targets + by_finance


def test_a_target_beyond_the_captured_money_is_refused_and_zero_is_settled(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    nothing_paid = new_booking_id()
    zero = target(pay, tokens, nothing_paid, 0)
    assert zero.status_code == 200 and zero.json()["settled"] is True
    booking_id = new_booking_id()
    paid_payment(pay, tokens, stripe_api, booking_id, amount=5_000)
    too_much = target(pay, tokens, booking_id, 5_001)
    assert too_much.status_code == 422
    assert too_much.headers["content-type"].startswith("application/problem+json")
    assert too_much.json()["refundable_minor"] == 5_000


def test_a_failed_refund_is_reported_to_booking_and_finance_can_retry_it(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client, payments_db: PaymentsDb
) -> None:
    """Defect 8: a refund that fails after it was requested is signalled back."""
    booking_id = new_booking_id()
    payment = paid_payment(pay, tokens, stripe_api, booking_id)
    made = target(pay, tokens, booking_id, 70_000)
    (refund,) = made.json()["created"]
    assert refund["status"] == "succeeded"
    failed = stripe_api.post(
        f"/_standin/refunds/{refund['stripe_refund_id']}/fail",
        json={"failure_reason": "expired_or_canceled_card"},
    )
    assert failed.status_code == 200, failed.text
    reported = wait_for(lambda: messages(payments_db, booking_id, "/refund-failed"))
    assert reported == [
        {
            "refund_id": refund["id"],
            "payment_id": payment["id"],
            "amount_minor": 70_000,
            "currency": "JPY",
            "reason": "expired_or_canceled_card",
        }
    ]
    finance = tokens.staff("finance")
    listed = pay.get(
        "/v1/refunds", params={"status": "failed", "booking_id": booking_id}, headers=finance
    )
    assert [r["id"] for r in listed.json()["items"]] == [refund["id"]]

    key = {"Idempotency-Key": "retry-" + refund["id"]}
    retried = pay.post(f"/v1/refunds/{refund['id']}/retry", headers=finance | key)
    assert retried.status_code == 201, retried.text
    again = retried.json()
    assert again["status"] == "succeeded" and again["retry_of_refund_id"] == refund["id"]
    assert again["amount_minor"] == 70_000 and again["id"] != refund["id"]
    replay = pay.post(f"/v1/refunds/{refund['id']}/retry", headers=finance | key)
    assert replay.json()["id"] == again["id"]
    twice = pay.post(
        f"/v1/refunds/{refund['id']}/retry", headers=finance | {"Idempotency-Key": "other"}
    )
    assert twice.status_code == 409
    assert twice.json()["replaced_by_refund_id"] == again["id"]
    not_failed = pay.post(
        f"/v1/refunds/{again['id']}/retry", headers=finance | {"Idempotency-Key": "x" + booking_id}
    )
    assert not_failed.status_code == 409
    # Booking's target is met again by the retry: nothing more.
    assert target(pay, tokens, booking_id, 70_000, key="after-" + booking_id).status_code == 200
    completed = wait_for(
        lambda: (m := messages(payments_db, booking_id, "/refund-completed")) and len(m) == 2 and m
    )
    assert completed[-1]["refund_id"] == again["id"]
    assert ledger_balances(pay, tokens, booking_id=booking_id)["balanced"] is True


def test_a_booking_target_makes_good_a_failed_refund_and_finance_cannot_retry_it_twice(
    pay: httpx.Client, tokens: Tokens, stripe_api: httpx.Client
) -> None:
    booking_id = new_booking_id()
    paid_payment(pay, tokens, stripe_api, booking_id)
    (refund,) = target(pay, tokens, booking_id, 30_000).json()["created"]
    stripe_api.post(f"/_standin/refunds/{refund['stripe_refund_id']}/fail", json={})
    finance = tokens.staff("finance")
    wait_for(
        lambda: pay.get(f"/v1/refunds/{refund['id']}", headers=finance).json()["status"] == "failed"
    )
    remade = target(pay, tokens, booking_id, 30_000, key="again-" + booking_id)
    assert remade.status_code == 201 and remade.json()["created"][0]["amount_minor"] == 30_000
    shown = pay.get(f"/v1/refunds/{refund['id']}", headers=finance).json()
    assert shown["replaced_by_refund_id"] == remade.json()["created"][0]["id"]
    refused = pay.post(
        f"/v1/refunds/{refund['id']}/retry", headers=finance | {"Idempotency-Key": booking_id}
    )
    assert refused.status_code == 409
