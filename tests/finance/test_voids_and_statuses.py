"""Milestones booking no longer bills have their invoice voided (or never made), and
finance learns booking's statuses from booking's own status feed; money owed back for
too long, and failed refunds, show up in the exceptions and in /metrics."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from lpx_common.ids import new_id
from tests.finance.company import (
    ids,
    invoice_request,
    open_invoice,
    pay_by_bank_transfer,
    post_invoice,
)
from tests.finance.support import stripe_get, wait_for
from tests.harness import Platform, Tokens


def void(
    payments: httpx.Client, tokens: Tokens, booking_id: str, milestone_id: str
) -> httpx.Response:
    return payments.post(
        "/v1/internal/invoices/void",
        json={"booking_id": booking_id, "milestone_id": milestone_id, "reason": "mission lost"},
        headers=tokens.service("booking") | {"Idempotency-Key": "msg_void_" + milestone_id},
    )


def test_the_open_invoice_of_a_milestone_no_longer_billed_is_voided_at_stripe(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    """Defect 2: a lost mission leaves no open invoice behind."""
    invoice = open_invoice(payments, tokens)
    voided = void(payments, tokens, invoice["booking_id"], invoice["milestone_id"])
    assert voided.status_code == 200, voided.text
    answer = voided.json()
    assert answer["outcome"] == "voided" and answer["invoice"]["status"] == "void"
    at_stripe = stripe_get(stripe_standin, f"/v1/invoices/{invoice['stripe_invoice_id']}")
    assert at_stripe["status"] == "void"
    # The same message again replays; another message for it changes nothing.
    assert void(payments, tokens, invoice["booking_id"], invoice["milestone_id"]).json() == answer
    other = payments.post(
        "/v1/internal/invoices/void",
        json={
            "booking_id": invoice["booking_id"],
            "milestone_id": invoice["milestone_id"],
            "reason": "again",
        },
        headers=tokens.service("booking") | {"Idempotency-Key": "msg_other_" + invoice["id"]},
    )
    assert other.status_code == 200 and other.json()["outcome"] == "already_void"


def test_a_void_before_the_invoice_message_means_no_invoice_is_ever_made(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    booking_id, milestone_id = ids()
    first = void(payments, tokens, booking_id, milestone_id)
    assert first.status_code == 200 and first.json()["outcome"] == "not_invoiced"
    late = post_invoice(payments, tokens, invoice_request(booking_id, milestone_id))
    assert late.status_code in (200, 201), late.text
    assert late.json()["status"] == "deleted" and late.json()["stripe_invoice_id"] is None
    listed = stripe_get(stripe_standin, "/v1/invoices", limit=100)["data"]
    assert not [i for i in listed if i["metadata"].get("milestone_id") == milestone_id]


def test_a_paid_invoice_is_left_alone_and_the_answer_says_so(
    payments: httpx.Client, stripe_standin: httpx.Client, tokens: Tokens
) -> None:
    invoice = open_invoice(payments, tokens, amount=400_000)
    pay_by_bank_transfer(payments, tokens, stripe_standin, invoice)
    wait_for(
        lambda: (
            payments.get(
                f"/v1/finance/invoices/{invoice['id']}", headers=tokens.staff("finance")
            ).json()["status"]
            == "paid"
        )
    )
    answer = void(payments, tokens, invoice["booking_id"], invoice["milestone_id"]).json()
    assert answer["outcome"] == "already_paid" and answer["amount_paid_minor"] == 400_000
    at_stripe = stripe_get(stripe_standin, f"/v1/invoices/{invoice['stripe_invoice_id']}")
    assert at_stripe["status"] == "paid"


def feed(
    payments: httpx.Client, tokens: Tokens, booking_id: str, version: int, **fields: Any
) -> httpx.Response:
    body = {
        "booking_id": booking_id,
        "status": "confirmed",
        "version": version,
        "kind": "consumer",
        "currency": "JPY",
        "total_minor": 70_000,
        "paid_minor": 70_000,
        "refunded_minor": 0,
        "refund_owed_minor": 0,
        "updated_at": datetime.now(UTC).isoformat(),
        **fields,
    }
    return payments.post(
        "/v1/internal/booking-statuses",
        json=body,
        headers=tokens.service("booking") | {"Idempotency-Key": f"msg_{booking_id}_{version}"},
    )


def test_the_status_feed_keeps_the_newest_version_only(
    payments: httpx.Client, tokens: Tokens
) -> None:
    booking_id = new_id("bkg")
    assert feed(payments, tokens, booking_id, 3, status="refund_due").json()["applied"] is True
    older = feed(payments, tokens, booking_id, 2, status="confirmed").json()
    assert older == {
        "booking_id": booking_id,
        "applied": False,
        "status": "refund_due",
        "version": 3,
    }
    assert feed(payments, tokens, booking_id, 3, status="cancelled").json()["applied"] is False
    newer = feed(payments, tokens, booking_id, 4, status="refunded").json()
    assert newer["applied"] is True and newer["status"] == "refunded"
    refused = feed(payments, tokens, booking_id, 5, paid_minor="70000")
    assert refused.status_code == 422
    assert (
        feed(payments, tokens, booking_id, 5, updated_at="2026-01-01T00:00:00").status_code == 422
    )


def test_refunds_due_too_long_are_exceptions_and_metrics(
    platform: Platform, payments: httpx.Client, tokens: Tokens
) -> None:
    """Defect 8: a refund_due older than the grace period is in the exception list, and
    /metrics counts it (count and oldest age) whatever /readyz says."""
    quick = platform.spawn(
        "payments",
        PAYMENTS_MONEY_METRICS_POLL_SECONDS="0.2",
        PAYMENTS_REFUND_DUE_GRACE_SECONDS="60",
    )
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    waiting = new_id("bkg")
    owed = new_id("bkg")
    fresh = new_id("bkg")
    feed(payments, tokens, waiting, 1, status="refund_due", updated_at=long_ago.isoformat())
    feed(
        payments,
        tokens,
        owed,
        1,
        status="cancelled",
        refund_owed_minor=35_000,
        updated_at=long_ago.isoformat(),
    )
    feed(payments, tokens, fresh, 1, status="refund_due")
    # A later entry with the same status keeps the time the booking entered it.
    feed(payments, tokens, waiting, 2, status="refund_due", refunded_minor=1)

    with httpx.Client(base_url=quick.url, timeout=30.0) as client:
        report = client.get(
            "/v1/finance/reconciliation",
            params={"from": "2020-01-01", "to": "2099-12-31", "limit": 1},
            headers=tokens.staff("finance"),
        ).json()
        listed = {e["booking_id"]: e for e in report["exceptions"]["refunds_due_too_long"]}
        assert waiting in listed and owed in listed and fresh not in listed
        assert listed[owed]["refund_owed_minor"] == 35_000
        assert listed[waiting]["waiting_seconds"] >= 7_000

        def gauges() -> dict[str, float] | None:
            text = client.get("/metrics").text
            found = {
                line.split()[0]: float(line.split()[1])
                for line in text.splitlines()
                if line.startswith("payments_refunds_")
            }
            # Other tests' bookings may be overdue too: wait for a pass that saw ours.
            ours = found.get("payments_refunds_due_overdue_oldest_age_seconds", 0) >= 7_000
            return found if ours and found.get("payments_refunds_due_overdue", 0) >= 2 else None

        seen = wait_for(gauges, timeout=10)
        assert "payments_refunds_failed" in seen
        assert "payments_refunds_failed_oldest_age_seconds" in seen
