"""Company accounts for sales: business bookings grouped by their company's email (case
folded), counts and totals per currency, cursor paging, the `company_email` and `overdue`
filters of the list, and who may read them."""

from datetime import datetime
from typing import Any
from uuid import uuid4

import httpx

from tests.booking.support import booking_body, create_booking, make_offering
from tests.booking.test_business import BUSINESS, business_offering
from tests.harness import Tokens


def company(name: str, email: str) -> dict[str, Any]:
    return {**BUSINESS, "company": {"name": name, "email": email, "country": "JP"}}


def all_companies(booking: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        answer = booking.get("/v1/bookings/companies", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert len(page["items"]) <= 1
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_company_accounts_list_filter_paging_and_access(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    tag = uuid4().hex[:8]
    first, second = f"a-{tag}@moonworks.example", f"b-{tag}@selene.example"
    sales, partner = tokens.staff("sales"), tokens.partner("ptn_co", "bookings:write")
    one = create_booking(
        booking, partner, booking_body(offering["id"], business=company("Moonworks", first))
    )
    two = create_booking(
        booking,
        sales,
        booking_body(offering["id"], business=company("Moonworks KK", first.upper())),
    )
    three = create_booking(
        booking, sales, booking_body(offering["id"], business=company("Selene", second))
    )
    shop = make_offering(catalog, tokens)
    consumer = create_booking(booking, tokens.customer("cus_co"), booking_body(shop["id"]))

    # every page of one holds one company, each once, in email order, ours among them
    listed = all_companies(booking, sales)
    emails = [c["email"] for c in listed]
    assert emails == sorted(set(emails))
    mine = {c["email"]: c for c in listed if tag in c["email"]}
    assert list(mine) == [first, second]
    moonworks = mine[first]
    assert moonworks["bookings"] == 2 and moonworks["name"] == "Moonworks KK"
    assert moonworks["country"] == "JP"
    assert moonworks["totals"] == {"JPY": one["total_minor"] + two["total_minor"]}
    assert datetime.fromisoformat(moonworks["last_booked_at"]) == datetime.fromisoformat(
        two["created_at"]
    )
    assert mine[second]["bookings"] == 1

    # one company's bookings: the list filtered by its email, in any case
    theirs = booking.get(
        "/v1/bookings", params={"company_email": first.upper()}, headers=sales
    ).json()
    assert sorted(b["id"] for b in theirs["items"]) == sorted([one["id"], two["id"]])
    assert three["id"] not in [b["id"] for b in theirs["items"]]
    assert consumer["id"] not in [b["id"] for b in theirs["items"]]
    # none of them has an overdue milestone yet
    late = booking.get(
        "/v1/bookings", params={"company_email": first, "overdue": "true"}, headers=sales
    ).json()
    assert late["items"] == []
    on_time = booking.get(
        "/v1/bookings", params={"company_email": first, "overdue": "false"}, headers=sales
    ).json()
    assert len(on_time["items"]) == 2

    # admins read it; customers, partners and other staff do not
    assert booking.get("/v1/bookings/companies", headers=tokens.staff("admin")).status_code == 200
    for refused in (
        tokens.customer("cus_co"),
        tokens.partner("ptn_co", "bookings:read", "bookings:write"),
        tokens.staff("finance"),
        tokens.staff("operator"),
    ):
        answer = booking.get("/v1/bookings/companies", headers=refused)
        assert answer.status_code == 403, answer.text
    assert booking.get("/v1/bookings/companies").status_code == 401

    # bad input is a problem, never a 500
    for cursor in ("not-a-cursor!", "WzFd", "WyJhIiwiYiJd"):  # junk, [1], ["a","b"]
        answer = booking.get("/v1/bookings/companies", params={"cursor": cursor}, headers=sales)
        assert answer.status_code == 422, (cursor, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert (
        booking.get("/v1/bookings/companies", params={"limit": 0}, headers=sales).status_code == 422
    )
    assert (
        booking.get("/v1/bookings", params={"company_email": "x" * 400}, headers=sales).status_code
        == 422
    )
