"""Storefront pages rendered by the gateway from the catalog (no browser needed)."""

import httpx

from tests.gateway.conftest import Account, create_staff, make_offering
from tests.harness import Platform


def test_pages_show_missions_offerings_prices_and_availability(
    gateway: httpx.Client, admin: Account
) -> None:
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator, capacity=321)
    mission = gateway.get(f"/v1/catalog/missions/{offering['mission_id']}").json()
    listing = gateway.get(f"/offerings?mission_id={mission['id']}")
    assert listing.status_code == 200
    assert listing.headers["content-type"].startswith("text/html")
    assert offering["name"] in listing.text and mission["name"] in listing.text
    assert "¥70,000" in listing.text and "$460.00" in listing.text
    assert "321 left" in listing.text
    book = gateway.get(f"/book/{offering['id']}")
    assert book.status_code == 200
    assert 'id="book-form"' in book.text and mission["landing_site"] in book.text
    missing = gateway.get("/book/off_does_not_exist")
    assert missing.status_code == 404 and "No such offering" in missing.text
    for path in ("/", "/account", "/my-bookings", "/bookings/bkg_x", "/static/app.js"):
        assert gateway.get(path).status_code == 200


def test_pages_say_so_when_the_catalog_is_down(platform: Platform) -> None:
    process = platform.spawn("gateway", GATEWAY_CATALOG_URL="http://127.0.0.1:9")
    try:
        page = httpx.get(process.url + "/offerings")
        assert page.status_code == 503
        assert "unavailable" in page.text and page.headers["content-type"].startswith("text/html")
    finally:
        process.stop()
