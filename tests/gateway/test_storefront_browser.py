"""The storefront in a real browser: sign up, book, pay on the Stripe stand-in's page,
and see the booking confirmed under "my bookings"."""

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.gateway.conftest import Account, create_staff, make_offering
from tests.harness import Platform

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()


def test_sign_up_book_pay_and_see_it_confirmed(
    page: Page,
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
    tmp_path: Path,
) -> None:
    base = platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)

    page.goto(base + "/offerings?mission_id=" + str(offering["mission_id"]))
    row = page.locator(f'tr[data-offering="{offering["id"]}"]')
    expect(row).to_contain_text("¥70,000")
    expect(row).to_contain_text("$460.00")
    expect(row).to_contain_text("1,000 left")
    page.screenshot(path=str(tmp_path / "offerings.png"), full_page=True)
    row.get_by_role("link", name="Book").click()

    # Not signed in: the booking page sends us to sign up, and back.
    page.locator("#signin-link").click()
    email = f"browser-{secrets.token_hex(4)}@example.com"
    page.fill("#signup-name", "Browser Buyer")
    page.fill("#signup-email", email)
    page.fill("#signup-password", "correct-horse-battery")
    page.click("#signup")
    page.wait_for_url(re.compile(r"/book/"))

    expect(page.locator("#contact-email")).to_have_value(email)
    page.fill("#quantity", "2")
    page.select_option("#currency", "JPY")
    page.click("#book")

    # The Stripe stand-in's hosted checkout page.
    page.wait_for_url(re.compile(r"/checkout/"))
    expect(page.locator("body")).to_contain_text("140")
    page.fill("#card-number", "4242 4242 4242 4242")
    page.fill("#card-expiry", "12 / 34")
    page.fill("#card-cvc", "123")
    page.click("#pay")

    # Back on the storefront; the webhook reaches payments, booking confirms.
    page.wait_for_url(re.compile(r"/bookings/bkg_"))
    expect(page.locator("#booking-status")).to_have_text("confirmed", timeout=30_000)

    page.goto(base + "/my-bookings")
    rows = page.locator("#my-bookings tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("2 \u00d7 Memento capsule S")
    expect(rows.first).to_contain_text("¥140,000")
    expect(rows.first.locator("td.status")).to_have_text("confirmed")
    page.screenshot(path=str(tmp_path / "my-bookings.png"), full_page=True)
