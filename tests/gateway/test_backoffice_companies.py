"""Sales' company accounts over plain HTTP against the real services: a salesperson sees
the company in the list and its bookings, each linking to the booking's review page; the
overdue milestones page answers; an operator gets 403."""

import secrets
from typing import Any

import httpx

from tests.gateway.backoffice_support import staff_client
from tests.gateway.conftest import Account, booking_body, create_staff, idem, make_offering
from tests.harness import Platform

PAYLOAD = {
    "mass_grams": 1_000,
    "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 50},
    "power_mw": 2_500,
    "data_volume_mb": 20,
    "mounting_location": "top deck, port side",
}


def business_booking(
    gateway: httpx.Client, sales: Account, offering_id: object, company: dict[str, str]
) -> dict[str, Any]:
    body = booking_body(offering_id) | {"business": {"company": company, "payload": PAYLOAD}}
    made = gateway.post("/v1/bookings", json=body, headers={**sales.headers, **idem()})
    assert made.status_code == 201, made.text
    return made.json()


def test_sales_sees_a_company_and_its_bookings_and_an_operator_does_not(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    sales = create_staff(gateway, admin, "sales")
    offering = make_offering(gateway, operator, audience="business", capacity=20)
    email = f"ops-{secrets.token_hex(4)}@kaguya.example"
    company = {"name": "Kaguya Works KK", "email": email, "country": "JP"}
    made = business_booking(gateway, sales, offering["id"], company)

    client = staff_client(platform.url("gateway"), sales)
    listing = client.get("/backoffice/sales/companies", params={"limit": 1})
    assert listing.status_code == 200
    assert "/backoffice/sales/companies" in listing.text  # in the nav
    # the list pages; the company is on one of its pages
    page, seen = listing, False
    for _ in range(50):
        if f'data-company="{email}"' in page.text:
            seen = True
            break
        following = page.text.split('rel="next" class="next"')[0].rsplit('href="', 1)
        if 'rel="next"' not in page.text:
            break
        page = client.get(following[1].split('"')[0].replace("&amp;", "&"))
        assert page.status_code == 200
    assert seen, "the company is in the list"
    assert "Kaguya Works KK" in page.text

    theirs = client.get("/backoffice/sales/company", params={"email": email.upper()})
    assert theirs.status_code == 200
    assert f'data-booking="{made["id"]}"' in theirs.text
    assert f'href="/backoffice/sales/bookings/{made["id"]}"' in theirs.text
    assert client.get(f"/backoffice/sales/bookings/{made['id']}").status_code == 200
    nobody = client.get("/backoffice/sales/company", params={"email": "x" * 500})
    assert nobody.status_code == 200 and 'id="company-empty"' in nobody.text
    assert client.get("/backoffice/sales/overdue").status_code == 200

    other = staff_client(platform.url("gateway"), operator)
    for path in (
        "/backoffice/sales/companies",
        "/backoffice/sales/company",
        "/backoffice/sales/overdue",
    ):
        assert other.get(path, params={"email": email}).status_code == 403, path
