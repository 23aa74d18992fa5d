"""Business bookings: long hold under review, checklist approval with an exact payment
schedule, invoices through the outbox, deposit paid -> confirmed, rejection."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    key,
    make_offering,
    outbox_to,
    set_mission_status,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens

ALL_CLEAR = {
    "content_fit": True,
    "technical_fit": True,
    "export_control_cleared": True,
    "sanctions_screening_cleared": True,
}
BUSINESS = {
    "company": {"name": "Moonworks KK", "email": "ops@moonworks.example", "country": "JP"},
    "payload": {
        "mass_grams": 1_000,
        "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 50},
        "power_mw": 2_500,
        "data_volume_mb": 20,
        "mounting_location": "top deck, port side",
    },
}


def business_offering(catalog: httpx.Client, tokens: Tokens, **extra: Any) -> dict[str, Any]:
    return make_offering(
        catalog,
        tokens,
        audience="business",
        capacity=5,
        unit_mass_grams=1_000,
        prices={"JPY": 123_456_789, "USD": 82_304_526},
        review_hold_days=14,
        **extra,
    )


def review(
    booking: httpx.Client, headers: dict[str, str], booking_id: str, **body: Any
) -> httpx.Response:
    payload = {"decision": "approve", "checklist": ALL_CLEAR, "reason": "all clear", **body}
    return booking.post(f"/v1/bookings/{booking_id}/review", json=payload, headers=headers)


def test_business_booking_review_approve_schedule_and_deposit(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    partner = tokens.partner("ptn_biz", "bookings:write", "bookings:read")
    made = create_booking(booking, partner, booking_body(offering["id"], business=BUSINESS))
    assert made["kind"] == "business" and made["status"] == "under_review"
    assert made["partner_id"] == "ptn_biz"
    assert made["company"]["name"] == "Moonworks KK"
    assert made["payload"]["mounting_location"] == "top deck, port side"
    held_for = datetime.fromisoformat(made["hold_expires_at"]) - datetime.now(UTC)
    assert timedelta(days=13, hours=23) < held_for <= timedelta(days=14)
    assert units_left(catalog, tokens, offering["id"]) == 4

    sales = tokens.staff("sales")
    assert review(booking, tokens.customer("cus_z"), made["id"]).status_code == 403
    assert review(booking, partner, made["id"]).status_code == 403
    unchecked = review(
        booking, sales, made["id"], checklist={**ALL_CLEAR, "export_control_cleared": False}
    )
    assert unchecked.status_code == 422
    assert unchecked.json()["type"].endswith("checklist-incomplete")
    assert unchecked.json()["errors"][0]["field"].endswith("export_control_cleared")
    short = review(
        booking,
        sales,
        made["id"],
        schedule=[
            {"label": "deposit", "percent_bps": 5_000, "due_event": "approval"},
            {"label": "rest", "percent_bps": 4_000, "due_event": "launch"},
        ],
    )
    assert short.status_code == 422 and short.json()["type"].endswith("invalid-schedule")

    approved = review(booking, sales, made["id"])
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved"
    milestones = body["milestones"]
    # 10/30/30/20/10 % of 123,456,789 JPY by largest remainder: exact to the yen
    assert [m["amount_minor"] for m in milestones] == [
        12_345_679,
        37_037_037,
        37_037_036,
        24_691_358,
        12_345_679,
    ]
    assert sum(m["amount_minor"] for m in milestones) == body["total_minor"] == 123_456_789
    assert [m["due_event"] for m in milestones] == [
        "approval",
        "contract",
        "payload_delivery",
        "launch",
        "landing",
    ]
    # approval keeps the capacity held while the deposit invoice is open (30 days)
    hold = allocation(catalog, tokens, made["lines"][0]["allocation_id"])
    assert hold["status"] == "held"
    held_for = datetime.fromisoformat(hold["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=29, hours=23) < held_for <= timedelta(days=30)
    hold_until = datetime.fromisoformat(hold["expires_at"])
    assert datetime.fromisoformat(body["hold_expires_at"]) == hold_until
    deposit = milestones[0]
    assert deposit["status"] == "invoiced"
    assert [m["status"] for m in milestones[1:]] == ["scheduled"] * 4
    (invoice,) = outbox_to(platform, made["id"], "/v1/internal/invoices")
    assert invoice["destination"] == "payments"
    assert invoice["payload"]["milestone_id"] == deposit["id"]
    assert invoice["payload"]["amount_minor"] == 12_345_679
    assert invoice["payload"]["company"] == {
        "name": "Moonworks KK",
        "email": "ops@moonworks.example",
    }

    paid = booking.post(
        f"/v1/internal/bookings/{made['id']}/milestone-events",
        json={
            "milestone_id": deposit["id"],
            "invoice_id": "in_123",
            "event": "paid",
            "amount_minor": 12_345_679,
            "currency": "JPY",
            "occurred_at": datetime.now(UTC).isoformat(),
        },
        headers={**tokens.service("payments"), "Idempotency-Key": key()},
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "confirmed"
    assert paid.json()["milestones"][0]["status"] == "paid"
    assert paid.json()["paid_minor"] == 12_345_679
    assert allocation(catalog, tokens, made["lines"][0]["allocation_id"])["status"] == "committed"

    contract = booking.post(
        f"/v1/bookings/{made['id']}/business-events",
        json={"event": "contract"},
        headers=tokens.staff("operator"),
    )
    assert contract.status_code == 200
    assert contract.json()["milestones"][1]["status"] == "invoiced"
    assert len(outbox_to(platform, made["id"], "/v1/internal/invoices")) == 2
    history = booking.get(f"/v1/bookings/{made['id']}/history", headers=partner).json()["items"]
    assert [h["to_status"] for h in history] == ["under_review", "approved", "confirmed"]
    assert history[1]["actor"] == "staff:stf_test" and history[1]["reason"] == "all clear"


def test_rejection_releases_capacity(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    made = create_booking(
        booking, tokens.staff("sales"), booking_body(offering["id"], 2, business=BUSINESS)
    )
    assert units_left(catalog, tokens, offering["id"]) == 3
    rejected = review(
        booking,
        tokens.staff("operator"),
        made["id"],
        decision="reject",
        checklist={**ALL_CLEAR, "sanctions_screening_cleared": False},
        reason="sanctions screening hit",
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["milestones"] == []
    wait_for(lambda: units_left(catalog, tokens, offering["id"]) == 5)
    # a decided review cannot be decided again
    assert review(booking, tokens.staff("sales"), made["id"]).status_code == 409


def test_business_offerings_need_business_details_and_one_audience(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    consumer = make_offering(catalog, tokens)
    buyer = tokens.staff("sales")
    missing = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"]),
        headers={**buyer, "Idempotency-Key": key()},
    )
    assert missing.status_code == 422
    assert missing.json()["type"].endswith("business-details-required")
    heavy = {**BUSINESS, "payload": {**BUSINESS["payload"], "mass_grams": 1_001}}
    too_heavy = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"], 1, business=heavy),
        headers={**buyer, "Idempotency-Key": key()},
    )
    assert too_heavy.status_code == 422
    assert too_heavy.json()["type"].endswith("payload-too-heavy")
    mixed = booking_body(offering["id"], business=BUSINESS)
    mixed["lines"].append({"offering_id": consumer["id"], "quantity": 1})
    answer = booking.post("/v1/bookings", json=mixed, headers={**buyer, "Idempotency-Key": key()})
    assert answer.status_code == 422


def test_a_dated_milestone_is_invoiced_by_the_worker_and_shows_overdue(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    made = create_booking(
        booking, tokens.staff("sales"), booking_body(offering["id"], business=BUSINESS)
    )
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    approved = review(
        booking,
        tokens.staff("sales"),
        made["id"],
        schedule=[
            {"label": "deposit", "percent_bps": 3_333, "due_event": "approval"},
            {"label": "balance", "percent_bps": 6_667, "due_date": yesterday},
        ],
    )
    assert approved.status_code == 200, approved.text
    amounts = [m["amount_minor"] for m in approved.json()["milestones"]]
    assert sum(amounts) == 123_456_789

    def overdue() -> list[str]:
        got = booking.get(f"/v1/bookings/{made['id']}", headers=tokens.staff("finance")).json()
        return got["overdue_milestones"]

    balance_id = approved.json()["milestones"][1]["id"]
    assert wait_for(overdue) == [balance_id]
    # Sales finds it among the overdue bookings, and under its company.
    sales = tokens.staff("sales")
    chased = booking.get("/v1/bookings", params={"overdue": "true", "limit": 200}, headers=sales)
    assert made["id"] in [b["id"] for b in chased.json()["items"]]
    company = booking.get(
        "/v1/bookings", params={"company_email": "OPS@moonworks.example"}, headers=sales
    )
    assert made["id"] in [b["id"] for b in company.json()["items"]]
    invoices = outbox_to(platform, made["id"], "/v1/internal/invoices")
    assert [i["payload"]["due_date"] for i in invoices][1] == yesterday


def test_launch_and_landing_invoice_their_milestones(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    made = create_booking(
        booking, tokens.staff("sales"), booking_body(offering["id"], business=BUSINESS)
    )
    approved = review(
        booking,
        tokens.staff("sales"),
        made["id"],
        schedule=[
            {"label": "deposit", "percent_bps": 5_000, "due_event": "approval"},
            {"label": "launch", "percent_bps": 3_000, "due_event": "launch"},
            {"label": "landing", "percent_bps": 2_000, "due_event": "landing"},
        ],
    ).json()
    deposit = approved["milestones"][0]
    booking.post(
        f"/v1/internal/bookings/{made['id']}/milestone-events",
        json={"milestone_id": deposit["id"], "event": "paid", "amount_minor": 61_728_394},
        headers={**tokens.service("payments"), "Idempotency-Key": key()},
    )
    for status in ("sales_closed", "launched"):
        set_mission_status(catalog, tokens, offering["mission_id"], status)
    wait_for(lambda: len(outbox_to(platform, made["id"], "/v1/internal/invoices")) == 2)
    set_mission_status(catalog, tokens, offering["mission_id"], "landed")
    invoices = wait_for(
        lambda: (
            (found := outbox_to(platform, made["id"], "/v1/internal/invoices"))
            and len(found) == 3
            and found
        )
    )
    assert [i["payload"]["label"] for i in invoices] == ["deposit", "launch", "landing"]
    assert [i["payload"]["amount_minor"] for i in invoices] == [61_728_394, 37_037_037, 24_691_358]
    final = booking.get(f"/v1/bookings/{made['id']}", headers=tokens.staff("sales")).json()
    assert final["status"] == "delivered"
