"""Bookings follow their mission through the catalog's mission-events feed."""

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    db_rows,
    make_offering,
    outbox_to,
    pay,
    set_mission_status,
    status_of,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens


def test_confirmed_bookings_fly_and_are_delivered(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    mission_id = offering["mission_id"]
    paid = create_booking(booking, tokens.customer("cus_fly"), booking_body(offering["id"]))
    assert pay(booking, tokens, paid["id"], paid["total_minor"]).json()["status"] == "confirmed"

    set_mission_status(catalog, tokens, mission_id, "sales_closed")
    set_mission_status(catalog, tokens, mission_id, "launched")
    wait_for(lambda: status_of(booking, tokens, paid["id"]) == "flown")
    set_mission_status(catalog, tokens, mission_id, "landed")
    wait_for(lambda: status_of(booking, tokens, paid["id"]) == "delivered")
    history = booking.get(f"/v1/bookings/{paid['id']}/history", headers=tokens.staff("sales"))
    items = history.json()["items"]
    assert [h["to_status"] for h in items] == ["held", "confirmed", "flown", "delivered"]
    assert items[2]["actor"] == "catalog:mission-launched"
    # the feed position is kept in booking's database, so a restart resumes from there
    events: list[dict] = []
    after = 0
    while page := catalog.get(
        "/v1/internal/mission-events",
        params={"after": after, "limit": 1000},
        headers=tokens.service("booking"),
    ).json()["items"]:
        events += page
        after = page[-1]["seq"]
    landed_seq = max(e["seq"] for e in events if e["mission_id"] == mission_id)
    cursor = db_rows(platform, "SELECT last_seq FROM feed_cursors")
    assert cursor[0]["last_seq"] >= landed_seq


def test_lost_mission_marks_confirmed_bookings_mission_lost(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    paid = create_booking(booking, tokens.customer("cus_lost"), booking_body(offering["id"]))
    pay(booking, tokens, paid["id"], paid["total_minor"])
    for status in ("sales_closed", "launched", "lost"):
        set_mission_status(catalog, tokens, offering["mission_id"], status)
    wait_for(lambda: status_of(booking, tokens, paid["id"]) == "mission_lost")


def test_cancelled_mission_refunds_paid_bookings_and_cancels_holds(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5, cancellation_fee_bps=2_000)
    paid = create_booking(booking, tokens.customer("cus_mc1"), booking_body(offering["id"], 2))
    pay(booking, tokens, paid["id"], paid["total_minor"])
    held = create_booking(booking, tokens.customer("cus_mc2"), booking_body(offering["id"]))
    elsewhere = make_offering(catalog, tokens, capacity=5)
    untouched = create_booking(booking, tokens.customer("cus_mc3"), booking_body(elsewhere["id"]))

    set_mission_status(catalog, tokens, offering["mission_id"], "cancelled")
    wait_for(lambda: status_of(booking, tokens, paid["id"]) == "refund_due")
    wait_for(lambda: status_of(booking, tokens, held["id"]) == "cancelled")
    # the mission's fault: everything goes back, no cancellation fee
    (refund,) = outbox_to(platform, paid["id"], "/v1/internal/refunds")
    assert refund["payload"]["refund_total_minor"] == paid["total_minor"] == 140_000
    assert outbox_to(platform, held["id"], "/v1/internal/refunds") == []
    for made in (paid, held):
        alloc_id = made["lines"][0]["allocation_id"]
        wait_for(lambda a=alloc_id: allocation(catalog, tokens, a)["status"] == "released")
    assert status_of(booking, tokens, untouched["id"]) == "held"
    assert units_left(catalog, tokens, elsewhere["id"]) == 4
