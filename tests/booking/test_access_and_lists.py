"""Who sees what: buyers their own bookings, partners theirs, staff all; filters and
cursor pagination of the list."""

from datetime import UTC, datetime

import httpx

from lpx_common.ids import new_id
from tests.booking.support import booking_body, create_booking, key, make_offering
from tests.harness import Tokens


def test_a_customer_never_sees_another_customers_booking(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens)
    alice, bob = tokens.customer("cus_alice"), tokens.customer("cus_bob")
    made = create_booking(booking, alice, booking_body(offering["id"]))

    assert booking.get(f"/v1/bookings/{made['id']}", headers=alice).status_code == 200
    hidden = booking.get(f"/v1/bookings/{made['id']}", headers=bob)
    missing = booking.get(f"/v1/bookings/{new_id('bkg')}", headers=bob)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]  # existence does not leak
    assert booking.get(f"/v1/bookings/{made['id']}/history", headers=bob).status_code == 404
    bobs = booking.get("/v1/bookings", headers=bob).json()["items"]
    assert made["id"] not in [b["id"] for b in bobs]
    cancel = booking.post(
        f"/v1/bookings/{made['id']}/cancel", json={"reason": "not mine"}, headers=bob
    )
    assert cancel.status_code == 404

    # staff read everything; finance reads but may not change
    assert (
        booking.get(f"/v1/bookings/{made['id']}", headers=tokens.staff("finance")).status_code
        == 200
    )
    finance_cancel = booking.post(
        f"/v1/bookings/{made['id']}/cancel", json={"reason": "x"}, headers=tokens.staff("finance")
    )
    assert finance_cancel.status_code == 403
    # no token at all, or an anonymous caller: refused
    assert booking.get("/v1/bookings").status_code == 401
    assert booking.get("/v1/bookings", headers=tokens.anonymous()).status_code == 401


def test_partners_book_and_read_only_their_own_with_scopes(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens)
    writer = tokens.partner("ptn_one", "bookings:write", "bookings:read")
    made = create_booking(booking, writer, booking_body(offering["id"]))
    assert made["partner_id"] == "ptn_one" and made["customer_id"] is None

    no_scope = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"]),
        headers={**tokens.partner("ptn_one", "bookings:read"), "Idempotency-Key": key()},
    )
    assert no_scope.status_code == 403
    assert booking.get("/v1/bookings", headers=tokens.partner("ptn_one")).status_code == 403
    other = tokens.partner("ptn_two", "bookings:read")
    assert booking.get(f"/v1/bookings/{made['id']}", headers=other).status_code == 404
    mine = booking.get("/v1/bookings", headers=writer).json()["items"]
    assert [b["id"] for b in mine if b["id"] == made["id"]] == [made["id"]]
    assert all(b["partner_id"] == "ptn_one" for b in mine)


def test_list_filters_and_cursor_pagination(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=20)
    other = make_offering(catalog, tokens, capacity=20)
    buyer = tokens.customer("cus_pages")
    before = datetime.now(UTC)
    made = [create_booking(booking, buyer, booking_body(offering["id"])) for _ in range(5)]
    create_booking(booking, buyer, booking_body(other["id"]))
    booking.post(f"/v1/bookings/{made[0]['id']}/cancel", json={"reason": "x"}, headers=buyer)

    seen: list[str] = []
    cursor = None
    while True:
        params = {"offering_id": offering["id"], "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = booking.get("/v1/bookings", params=params, headers=buyer).json()
        assert len(page["items"]) <= 2
        seen += [b["id"] for b in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [b["id"] for b in made]  # creation order, no gaps, no repeats

    cancelled = booking.get(
        "/v1/bookings",
        params={"status": "cancelled", "mission_id": offering["mission_id"]},
        headers=buyer,
    ).json()["items"]
    assert [b["id"] for b in cancelled] == [made[0]["id"]]
    recent = booking.get(
        "/v1/bookings",
        params={"updated_since": before.isoformat(), "mission_id": other["mission_id"]},
        headers=tokens.staff("sales"),
    ).json()["items"]
    assert len(recent) == 1
    future = booking.get(
        "/v1/bookings", params={"updated_since": "2999-01-01T00:00:00Z"}, headers=buyer
    ).json()["items"]
    assert future == []
    bad = booking.get("/v1/bookings", params={"status": "nonsense"}, headers=buyer)
    assert bad.status_code == 422
    bad_cursor = booking.get("/v1/bookings", params={"cursor": "zzz"}, headers=buyer)
    assert bad_cursor.status_code == 422
