"""The storefront in a real browser, in Japanese and in English, at desktop and at phone
width (390 px): browse, sign up, book with a dedication, read the final confirmation
(tax, terms, hold deadline, cancellation fee), pay with 4242 on the Stripe stand-in's
page, see "confirmed" in words, download the receipt and check its text; then book
again, get declined with 4000 0000 0000 0002, pay again before the hold ends, preview
the cancellation fee and cancel. Every page passes axe-core (no serious or critical
violation), shows no untranslated string and never scrolls sideways. One English run
uses the keyboard alone.
"""

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.gateway.conftest import Account, create_staff
from tests.gateway.storefront_support import (
    DESKTOP,
    LOCALES,
    PHONE,
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
    pdf_text,
    screenshot_dir,
)
from tests.harness import Platform, create_offering

pytestmark = pytest.mark.browser

TEXT = {
    "ja": {
        "tax": "うち消費税（10%）¥6,363",
        "total_tax": "うち消費税（10%）¥12,727",
        "left": "残り1,000",
        "book": "予約する",
        "confirm_title": "最終確認",
        "fee": "キャンセル手数料¥14,000",
        "pay_label": "カード番号",
        "declined": "カードが拒否されました",
        "confirmed": "予約確定",
        "held": "仮押さえ中（お支払い待ち）",
        "preview": "キャンセル手数料¥7,000を差し引き、¥63,000を返金します",
        "refund": "¥63,000",
        "kept": "キャンセル手数料：¥7,000",
        "receipt": [
            "領収書",
            "¥140,000",
            "様",
            "T1234567890123",
            "10%対象 ¥140,000（内消費税 ¥12,727）",
        ],
        "dedication": "月へ ありがとう 2027",
        "bad_inscription": "刻印できません",
        "terms": "販売条件",
    },
    "en": {
        "tax": "of which consumption tax 10%: ¥6,363",
        "total_tax": "of which consumption tax 10%: ¥12,727",
        "left": "1,000 left",
        "book": "Book",
        "confirm_title": "Final confirmation",
        "fee": "¥14,000 is kept as the cancellation fee",
        "pay_label": "Card number",
        "declined": "declined",
        "confirmed": "Confirmed",
        "held": "Reserved, waiting for payment",
        "preview": "¥7,000 is kept as the cancellation fee and ¥63,000 is refunded",
        "refund": "¥63,000",
        "kept": "Cancellation fee kept: ¥7,000",
        "receipt": ["Receipt", "¥140,000", "T1234567890123", "10% items: ¥140,000"],
        "dedication": "Aki & Ken - to the Moon!",
        "bad_inscription": "cannot be engraved",
        "terms": "terms of sale",
    },
}
# Each language once and each width once (one of them by keyboard alone) keeps the suite
# in its time budget; the back-office walk covers both languages at both widths.
RUNS = [
    pytest.param(("en", False, True), id="en-desktop-keyboard-only"),
    pytest.param(("ja", True, False), id="ja-phone"),
]


@pytest.fixture
def shopper(request: pytest.FixtureRequest, browser: Browser, tmp_path: Path) -> Iterator[Shopper]:  # noqa: F811
    lang, phone, keyboard = request.param
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        locale=LOCALES[lang],
        is_mobile=phone,
        has_touch=phone,
        bypass_csp=True,  # only so that axe-core can be injected
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield Shopper(page, lang, phone, keyboard, screenshot_dir(tmp_path))
    finally:
        context.close()


def _pay(s: Shopper, card: str) -> None:
    page = s.page
    page.wait_for_url(re.compile(r"/checkout/"))
    expect(page.locator("label[for=card-number]")).to_have_text(TEXT[s.lang]["pay_label"])
    s.fill("#card-number", card)
    s.fill("#card-expiry", "12 / 34")
    s.fill("#card-cvc", "123")
    s.click("#pay")


def _book(s: Shopper, base: str, offering_id: str, quantity: int, dedication: str) -> str:
    """From the offering's page to the final confirmation; returns the booking id."""
    page = s.page
    page.goto(f"{base}/book/{offering_id}")
    expect(page.locator("#book-form")).to_be_visible()
    s.fill("#quantity", str(quantity))
    s.fill("#inscription", dedication)
    s.click("#book")
    page.wait_for_url(re.compile(r"/bookings/bkg_\w+/confirm"))
    return page.url.split("/bookings/")[1].split("/")[0]


@pytest.mark.parametrize("shopper", RUNS, indirect=True)
def test_browse_book_confirm_pay_receipt_decline_pay_again_and_cancel(
    shopper: Shopper, gateway: httpx.Client, admin: Account, platform: Platform
) -> None:
    s, text, page = shopper, TEXT[shopper.lang], shopper.page
    base = platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    offering = create_offering(
        gateway,
        operator.headers,
        capacity_units=1000,
        cancellation_cutoff_days=30,
        cancellation_fee_bps=1000,
    )

    # Browse: prices include tax, with the tax beside them.
    page.goto(base + "/")
    s.check("home")
    page.goto(f"{base}/offerings?mission_id={offering['mission_id']}")
    row = page.locator(f'tr[data-offering="{offering["id"]}"]')
    expect(row).to_contain_text("¥70,000")
    expect(row).to_contain_text(text["tax"])
    expect(row).to_contain_text(text["left"])
    s.check("offerings")
    s.click(f'tr[data-offering="{offering["id"]}"] a.button')
    page.wait_for_url(re.compile(r"/book/"))
    s.check("book-signed-out")

    # Not signed in: the booking page sends us to sign up, and back.
    s.click("#signin-link")
    page.wait_for_url(re.compile(r"/account"))
    s.check("account")
    email = f"browser-{secrets.token_hex(4)}@example.com"
    s.fill("#signup-name", "山田 花子" if s.lang == "ja" else "Hana Yamada")
    s.fill("#signup-email", email)
    s.fill("#signup-password", "correct-horse-battery")
    s.click("#signup")
    page.wait_for_url(re.compile(r"/book/"))
    expect(page.locator("#contact-email")).to_have_value(email)
    s.check("book")

    # A dedication that cannot be engraved is refused, in words, before anything is held.
    s.fill("#quantity", "2")
    s.fill("#inscription", "🚀 moon")
    s.click("#book")
    expect(page.locator("#book-error")).to_contain_text(text["bad_inscription"])
    booking_id = _book(s, base, offering["id"], 2, text["dedication"])

    # The final confirmation: everything before paying.
    view = page.locator("#confirm-view")
    expect(view.locator("h1")).to_contain_text(text["confirm_title"])
    expect(page.locator("#confirm-total")).to_have_text("¥140,000")
    expect(page.locator("#confirm-tax")).to_contain_text(text["total_tax"])
    expect(page.locator("#confirm-inscription")).to_have_text(text["dedication"])
    expect(page.locator("#confirm-lines")).to_contain_text("2 × Memento capsule S")
    expect(page.locator("#confirm-cancellation")).to_contain_text(text["fee"])
    expect(page.locator("#confirm-hold")).to_contain_text("JST")
    expect(page.locator("#hold-countdown")).not_to_be_empty()
    expect(view).to_contain_text(text["terms"])
    expect(view).to_contain_text("2026-12-01")
    expect(page.locator("#place-order")).to_be_enabled()
    s.check("confirm")
    s.click("#place-order")
    # The screenshot must not start while the browser is still leaving the storefront.
    page.wait_for_url(re.compile(r"/checkout/"))
    expect(page.locator("#card-number")).to_be_visible()
    s.check("stand-in-checkout")
    _pay(s, "4242 4242 4242 4242")

    # Back on the storefront; the webhook reaches payments, booking confirms.
    page.wait_for_url(re.compile(r"/bookings/bkg_"))
    expect(page.locator("#booking-status")).to_have_text(text["confirmed"], timeout=30_000)
    s.check("booking-confirmed")
    with page.expect_download() as download:
        s.click("#download-receipt")
    receipt = pdf_text(Path(download.value.path()).read_bytes())
    for expected in text["receipt"]:
        assert expected in receipt, (expected, receipt)

    # What the customer saw was stored with the booking, with the terms' version.
    stored = page.evaluate(
        """async (id) => (await fetch("/v1/bookings/" + id, {headers:
            {Authorization: "Bearer " + localStorage.getItem("lpx.access")}})).json()""",
        booking_id,
    )
    assert stored["confirmation"]["terms_version"] == "2026-12-01"
    assert stored["confirmation"]["locale"] == s.lang

    # A second booking: declined, then paid again before the hold ends.
    second = _book(s, base, offering["id"], 1, text["dedication"])
    s.click("#place-order")
    _pay(s, "4000 0000 0000 0002")
    expect(page.locator("#card-error")).to_contain_text(text["declined"])
    s.check("stand-in-declined")
    page.goto(f"{base}/bookings/{second}")
    expect(page.locator("#booking-status")).to_have_text(text["held"])
    expect(page.locator("#booking-countdown")).to_contain_text(re.compile(r"\d"))
    s.check("booking-held")
    s.click("#pay-again")
    _pay(s, "4242 4242 4242 4242")
    page.wait_for_url(re.compile(rf"/bookings/{second}"))
    expect(page.locator("#booking-status")).to_have_text(text["confirmed"], timeout=30_000)

    # Cancel it, after seeing the fee and the refund.
    s.click("#cancel-preview")
    expect(page.locator("#cancel-terms")).to_contain_text(text["preview"])
    s.check("cancel-preview")
    s.fill("#cancel-reason", "plans changed")
    s.click("#cancel-confirm")
    expect(page.locator("#booking-money")).to_contain_text(text["refund"], timeout=30_000)
    expect(page.locator("#booking-money")).to_contain_text(text["kept"])
    s.check("booking-cancelled")

    # Sign-in survives a reload and a new tab.
    page.goto(base + "/my-bookings")
    cards = page.locator("#my-bookings li")
    expect(cards).to_have_count(2)
    expect(page.locator(f'li[data-booking="{booking_id}"] .status')).to_have_text(text["confirmed"])
    s.check("my-bookings")
    page.reload()
    expect(page.locator("#my-bookings li")).to_have_count(2)
    other = page.context.new_page()
    other.goto(base + "/my-bookings")
    expect(other.locator("#my-bookings li")).to_have_count(2)
    other.close()

    # The legal pages, from every footer.
    for name in ("tokushoho", "terms", "privacy"):
        page.goto(base + "/")
        page.locator(f'footer a[href="/legal/{name}"]').click()
        page.wait_for_url(re.compile(rf"/legal/{name}"))
        s.check(f"legal-{name}")
    page.goto(base + "/book/off_missing")
    s.check("not-found")


def test_sign_in_token_is_never_in_a_cookie(gateway: httpx.Client) -> None:
    """CSRF: signing in sets no cookie, so a cross-site request carries no credential."""
    email = f"cookie-{secrets.token_hex(4)}@example.com"
    answer = gateway.post(
        "/v1/auth/signup",
        json={"email": email, "password": "correct-horse-battery", "name": "C"},
    )
    assert answer.status_code == 201 and "set-cookie" not in answer.headers
