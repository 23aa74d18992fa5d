"""Waiting-list pages in a real browser, in Japanese and English, at desktop and phone
width: the offering list sends a sold-out offering to its waiting list; a customer
joins, sees their place and leaves; one whose turn has come sees the offer to pay; an
operator sees the line in the back office. Every page passes the storefront checks
(translated, no sideways scrolling, no serious axe violation) and is shot."""

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.gateway.conftest import Account, booking_body, create_staff, idem, signup
from tests.gateway.storefront_support import (
    DESKTOP,
    LOCALES,
    PHONE,
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
    screenshot_dir,
)
from tests.harness import Platform, create_offering

pytestmark = pytest.mark.browser

TEXT = {
    "ja": {
        "list": "キャンセル待ちに登録する",
        "waiting": "現在 2 番目です",
        "left": "キャンセル待ちを取り消しました",
        "offered": "お客様の順番です",
        "bo": "1 名（希望数 1 点）",
    },
    "en": {
        "list": "Join the waiting list",
        "waiting": "You are number 2 in line",
        "left": "You left the waiting list",
        "offered": "It is your turn",
        "bo": "1 in line · units wanted: 1",
    },
}
RUNS = [
    # Each language once and each width once keeps the suite in its time budget.
    pytest.param(("ja", False), id="ja-desktop"),
    pytest.param(("en", True), id="en-phone"),
]


def _sold_out(gateway: httpx.Client, operator: Account) -> dict[str, Any]:
    """A one-unit offering, booked (held) by someone else."""
    offering = create_offering(
        gateway, operator.headers, capacity_units=1, max_quantity=2, waitlist_offer_seconds=3600
    )
    seller = signup(gateway, "Seller")
    booked = gateway.post(
        "/v1/bookings",
        json=booking_body(offering["id"], seller.email),
        headers=seller.headers | idem(),
    )
    assert booked.status_code == 201, booked.text
    offering["sold"] = (seller, booked.json())
    return offering


def _join(gateway: httpx.Client, person: Account, offering_id: str) -> None:
    joined = gateway.post(
        f"/v1/waitlists/{offering_id}/entry",
        json={"quantity": 1, "name": "Hana Yamada"},
        headers=person.headers | idem(),
    )
    assert joined.status_code == 201, joined.text


@pytest.fixture(scope="module")
def offered(gateway: httpx.Client, admin: Account) -> dict[str, Any]:
    """A line of one whose turn came: the unit sold was cancelled and offered to them."""
    operator = create_staff(gateway, admin, "operator")
    offering = _sold_out(gateway, operator)
    person = signup(gateway, "Hana Yamada")
    _join(gateway, person, offering["id"])
    seller, booking = offering["sold"]
    cancelled = gateway.post(
        f"/v1/bookings/{booking['id']}/cancel",
        json={"reason": "plans changed"},
        headers=seller.headers | idem(),
    )
    assert cancelled.status_code == 200, cancelled.text
    deadline = time.monotonic() + 30
    path = f"/v1/waitlists/{offering['id']}/entry"
    while gateway.get(path, headers=person.headers).json()["status"] != "offered":
        assert time.monotonic() < deadline, "the unit was not offered in time"
        time.sleep(0.3)
    return {"offering": offering, "person": person, "operator": operator}


@pytest.fixture
def shopper(request: pytest.FixtureRequest, browser: Browser, tmp_path: Path) -> Iterator[Shopper]:  # noqa: F811
    lang, phone = request.param
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        locale=LOCALES[lang],
        is_mobile=phone,
        has_touch=phone,
        bypass_csp=True,  # only so that axe-core can be injected
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the list?" asks first
    try:
        yield Shopper(page, lang, phone, False, screenshot_dir(tmp_path))
    finally:
        context.close()


def _signed_in_as(s: Shopper, account: Account, name: str) -> None:
    """The storefront keeps its tokens in localStorage (as after signing in)."""
    s.page.evaluate(
        """([a, r, e, n]) => { localStorage.setItem("lpx.access", a);
           localStorage.setItem("lpx.refresh", r); localStorage.setItem("lpx.email", e);
           localStorage.setItem("lpx.name", n); }""",
        [account.access_token, account.refresh_token, account.email, name],
    )
    s.page.reload()


@pytest.mark.parametrize("shopper", RUNS, indirect=True)
def test_join_see_ones_place_leave_and_pay_an_offer(
    shopper: Shopper,
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
    offered: dict[str, Any],
) -> None:
    s, text, page = shopper, TEXT[shopper.lang], shopper.page
    base = platform.url("gateway")
    offering = _sold_out(gateway, offered["operator"])
    offering_id = offering["id"]
    _join(gateway, signup(gateway, "Ken Sato"), offering_id)  # someone is ahead

    page.goto(f"{base}/offerings?mission_id={offering['mission_id']}")
    expect(page.locator(f'a[href="/waitlists/{offering_id}"]')).to_contain_text(text["list"])
    s.check("waitlist-offerings")

    page.goto(f"{base}/waitlists/{offering_id}")
    expect(page.locator("#waitlist-signin")).to_be_visible()
    expect(page.locator("#waitlist-sold-out")).to_be_visible()
    s.check("waitlist-signed-out")

    customer = signup(gateway, "Aiko Tanaka")
    _signed_in_as(s, customer, "Aiko Tanaka")
    expect(page.locator("#waitlist-form")).to_be_visible()
    s.check("waitlist-open")
    s.click("#waitlist-join")
    expect(page.locator("#waitlist-mine")).to_contain_text(text["waiting"])
    expect(page.locator("#waitlist-leave")).to_be_visible()
    s.check("waitlist-waiting")
    s.click("#waitlist-leave")
    expect(page.locator("#waitlist-mine")).to_contain_text(text["left"])
    expect(page.locator("#waitlist-form")).to_be_visible()
    s.check("waitlist-left")

    # One whose turn has come is sent to pay for the booking held for them.
    offered_id = offered["offering"]["id"]
    page.goto(f"{base}/waitlists/{offered_id}")
    _signed_in_as(s, offered["person"], "Hana Yamada")
    expect(page.locator("#waitlist-mine")).to_contain_text(text["offered"])
    expect(page.locator("#waitlist-pay")).to_have_attribute("href", re.compile(r"^/bookings/bkg_"))
    s.check("waitlist-offered")

    if s.phone == (s.lang == "en"):  # the back office once per language and width
        page.goto(base + "/backoffice")
        s.fill("#email", admin.email)
        s.fill("#password", admin.password)
        s.click("#sign-in")
        page.wait_for_url(f"{base}/backoffice")
        page.goto(f"{base}/backoffice/waitlists/{offering_id}")
        expect(page.locator("#waiting-count")).to_contain_text(text["bo"])
        expect(page.locator("#line tbody tr")).to_have_count(2)
        s.check("bo-waitlist")
        page.goto(f"{base}/backoffice/waitlists")
        expect(page.locator(f'a[href="/backoffice/waitlists/{offering_id}"]')).to_be_visible()
        s.check("bo-waitlists")
