"""Cancellation by the buyer (cut-off, fee, refund, capacity) and refused transitions."""

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    key,
    make_offering,
    outbox_to,
    pay,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens


def cancel(
    booking: httpx.Client, headers: dict[str, str], booking_id: str, reason: str = "plans changed"
) -> httpx.Response:
    return booking.post(
        f"/v1/bookings/{booking_id}/cancel", json={"reason": reason}, headers=headers
    )


def test_cancelling_a_paid_booking_releases_capacity_and_refunds_minus_the_fee(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    # 7.5 % fee on 3 x 33,333 JPY = 99,999: fee = floor(7,499.925) = 7,499 (buyer keeps the
    # fraction), refund = 92,500
    offering = make_offering(
        catalog, tokens, capacity=5, prices={"JPY": 33_333, "USD": 222}, cancellation_fee_bps=750
    )
    buyer = tokens.customer("cus_cancel")
    made = create_booking(booking, buyer, booking_body(offering["id"], 3))
    assert pay(booking, tokens, made["id"], 99_999).json()["status"] == "confirmed"
    assert units_left(catalog, tokens, offering["id"]) == 2

    answer = cancel(booking, buyer, made["id"])
    assert answer.status_code == 200, answer.text
    cancelled = answer.json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancellation_fee_minor"] == 7_499
    assert cancelled["refund_requested_minor"] == 92_500
    (refund,) = outbox_to(platform, made["id"], "/v1/internal/refunds")
    assert refund["payload"]["refund_total_minor"] == 92_500
    alloc_id = made["lines"][0]["allocation_id"]
    wait_for(lambda: allocation(catalog, tokens, alloc_id)["status"] == "released")
    assert units_left(catalog, tokens, offering["id"]) == 5

    def refund_completed(amount: int) -> httpx.Response:
        return booking.post(
            f"/v1/internal/bookings/{made['id']}/refund-completed",
            json={"refund_id": "rfd_" + key(), "amount_minor": amount, "currency": "JPY"},
            headers={**tokens.service("payments"), "Idempotency-Key": key()},
        )

    partial = refund_completed(50_000).json()  # a partial refund is recorded, not final
    assert partial["status"] == "cancelled" and partial["refunded_minor"] == 50_000
    refunded = refund_completed(42_500).json()
    assert refunded["status"] == "refunded" and refunded["refunded_minor"] == 92_500
    history = booking.get(f"/v1/bookings/{made['id']}/history", headers=buyer).json()["items"]
    assert [h["to_status"] for h in history] == ["held", "confirmed", "cancelled", "refunded"]
    assert history[2]["reason"] == "plans changed" and history[2]["actor"] == "customer:cus_cancel"


def test_cancelling_an_unpaid_hold_releases_it_without_a_refund(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_unpaid")
    made = create_booking(booking, buyer, booking_body(offering["id"], 2))
    assert cancel(booking, buyer, made["id"]).json()["status"] == "cancelled"
    wait_for(lambda: units_left(catalog, tokens, offering["id"]) == 2)
    assert outbox_to(platform, made["id"], "/v1/internal/refunds") == []


def test_cancellation_after_the_cutoff_is_refused(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    # launch in 20 days, cut-off 30 days before launch: already passed
    offering = make_offering(catalog, tokens, launch_in_days=20, cancellation_cutoff_days=30)
    buyer = tokens.customer("cus_late_cancel")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    answer = cancel(booking, buyer, made["id"])
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("cancellation-cutoff-passed")
    assert booking.get(f"/v1/bookings/{made['id']}", headers=buyer).json()["status"] == "held"


def test_forbidden_transitions_are_409(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=3)
    buyer = tokens.customer("cus_forbid")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    assert cancel(booking, buyer, made["id"]).status_code == 200

    again = cancel(booking, buyer, made["id"])
    assert again.status_code == 409
    problem = again.json()
    assert problem["type"].endswith("invalid-transition")
    assert problem["current_status"] == "cancelled" and problem["requested_status"] == "cancelled"
    # a consumer booking is never reviewed; a cancelled one cannot be paid at checkout
    review = booking.post(
        f"/v1/bookings/{made['id']}/review",
        json={
            "decision": "approve",
            "checklist": {
                "content_fit": True,
                "technical_fit": True,
                "export_control_cleared": True,
                "sanctions_screening_cleared": True,
            },
            "reason": "ok",
        },
        headers=tokens.staff("sales"),
    )
    assert review.status_code == 409
    checkout = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert checkout.status_code == 409
    history = booking.get(f"/v1/bookings/{made['id']}/history", headers=buyer).json()["items"]
    assert [h["to_status"] for h in history] == ["held", "cancelled"]
