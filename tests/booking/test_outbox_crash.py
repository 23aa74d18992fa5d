"""The outbox survives a crash: a message committed by a process killed before sending
it is delivered by the restarted process."""

import httpx

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    db_rows,
    make_offering,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens


def test_release_committed_before_a_sigkill_is_delivered_after_restart(
    platform: Platform,
    booking: httpx.Client,
    catalog: httpx.Client,
    tokens: Tokens,
    own_booking_db: str,
) -> None:
    offering = make_offering(catalog, tokens, capacity=3)
    buyer = tokens.customer("cus_crash")
    # Its own database, so no other instance's relay can help; relay off, so the message
    # is committed but surely not sent when the process dies.
    instance = platform.spawn(
        "booking", BOOKING_DATABASE_URL=own_booking_db, BOOKING_OUTBOX_ENABLED="false"
    )
    try:
        with httpx.Client(base_url=instance.url, timeout=30) as client:
            made = create_booking(client, buyer, booking_body(offering["id"], 3))
            answer = client.post(
                f"/v1/bookings/{made['id']}/cancel", json={"reason": "crash test"}, headers=buyer
            )
            assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
        alloc_id = made["lines"][0]["allocation_id"]
        pending = db_rows(
            platform,
            "SELECT path FROM outbox_messages WHERE delivered_at IS NULL"
            " AND destination = 'catalog'",
            url=own_booking_db,
        )
        assert pending == [{"path": f"/v1/internal/allocations/{alloc_id}/release"}]
        assert allocation(catalog, tokens, alloc_id)["status"] == "held"

        instance.kill()  # SIGKILL: no shutdown hooks
        instance.env["BOOKING_OUTBOX_ENABLED"] = "true"
        instance.start()

        wait_for(lambda: allocation(catalog, tokens, alloc_id)["status"] == "released")
        assert units_left(catalog, tokens, offering["id"]) == 3
        # The relay marks the message delivered once the catalog has answered.
        wait_for(
            lambda: all(
                row["delivered_at"] is not None
                for row in db_rows(
                    platform,
                    "SELECT delivered_at FROM outbox_messages WHERE destination = 'catalog'",
                    url=own_booking_db,
                )
            )
        )
    finally:
        instance.stop()
