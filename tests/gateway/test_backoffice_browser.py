"""The back office in a real browser, one role at a time doing its main job end to end
against the real services, in Japanese or English, at desktop or phone width. Every page
passes axe-core (no serious or critical violation), shows no untranslated string and
never scrolls sideways; a role that must not see a page gets the 403 page in words."""

import csv
import io
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.booking.support import wait_for
from tests.finance.support import STRIPE_AUTH, control, foreign_charge, payout, sync
from tests.gateway.conftest import Account, booking_body, create_staff, idem, make_offering, signup
from tests.gateway.storefront_support import (
    DESKTOP,
    LOCALES,
    PHONE,
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
    screenshot_dir,
)
from tests.harness import Platform, Tokens, create_offering

pytestmark = pytest.mark.browser
JST = timedelta(hours=9)


def _open(browser: Browser, lang: str, phone: bool, shots: Path) -> Shopper:  # noqa: F811
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        locale=LOCALES[lang],
        is_mobile=phone,
        has_touch=phone,
        bypass_csp=True,  # only so that axe-core can be injected
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return Shopper(page, lang, phone, False, shots)


@pytest.fixture
def staffer(
    request: pytest.FixtureRequest,
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> Iterator[Shopper]:
    lang, phone = request.param
    s = _open(browser, lang, phone, screenshot_dir(tmp_path))
    try:
        yield s
    finally:
        s.page.context.close()


def sign_in(s: Shopper, base: str, account: Account) -> None:
    s.page.goto(base + "/backoffice")
    s.page.wait_for_url(re.compile(r"/backoffice/login"))
    s.check("bo-login")
    s.fill("#email", account.email)
    s.fill("#password", account.password)
    s.click("#sign-in")
    s.page.wait_for_url(re.compile(r"/backoffice$"))
    s.check("bo-home")


def confirm(s: Shopper, name: str) -> None:
    """Every change stops on its confirmation page first."""
    expect(s.page.locator(".confirm-step")).to_be_visible()
    s.check(name)
    s.click("#confirm")


def local(moment: datetime) -> str:
    return (moment + JST).strftime("%Y-%m-%dT%H:%M")


def pay_booking(gateway: httpx.Client, stripe: httpx.Client, offering_id: str) -> str:
    customer = signup(gateway, "Moon Buyer")
    made = gateway.post(
        "/v1/bookings",
        json=booking_body(offering_id, email=customer.email),
        headers={**customer.headers, **idem()},
    )
    assert made.status_code == 201, made.text
    booking_id = made.json()["id"]
    checkout = gateway.post(f"/v1/bookings/{booking_id}/checkout", headers=customer.headers)
    assert checkout.status_code == 200, checkout.text
    session = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[-1]
    control(stripe, f"/checkout/sessions/{session}/pay", {"card_number": "4242424242424242"})
    wait_for(
        lambda: (
            gateway.get(f"/v1/bookings/{booking_id}", headers=customer.headers).json()["status"]
            == "confirmed"
        )
    )
    return booking_id


@pytest.mark.parametrize("staffer", [pytest.param(("ja", False), id="ja-desktop")], indirect=True)
def test_operator_creates_a_mission_and_offering_sells_it_and_marks_it_lost(
    staffer: Shopper,
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
    stripe_standin: httpx.Client,
) -> None:
    s, page, base = staffer, staffer.page, platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    sign_in(s, base, operator)
    now = datetime.now(UTC)
    code = f"BO-{secrets.token_hex(3)}"

    page.goto(base + "/backoffice/operator/missions")
    s.check("bo-missions")
    s.click("#new-mission")
    for field, value in {
        "#f-code": code,
        "#f-name": f"月面ミッション {code}",
        "#f-lander": "APEX 1.0",
        "#f-landing_site": "Schrödinger Basin",
        "#f-launch_window_start": local(now + timedelta(days=400)),
        "#f-launch_window_end": local(now + timedelta(days=430)),
        "#f-mass_budget_kg": "300",
    }.items():
        page.fill(field, value)
    s.check("bo-mission-new")
    s.click("#save-mission")
    confirm(s, "bo-confirm-mission")
    page.wait_for_url(re.compile(r"/backoffice/operator/missions/msn_"))
    mission_id = page.url.split("/missions/")[1].split("?")[0]
    expect(page.locator("#mission-status")).to_have_text("下書き")

    s.click("#new-offering")
    for field, value in {
        "#f-sku": f"CAP-{code}",
        "#f-name": "メメントカプセル S",
        "#f-unit_mass_grams": "10",
        "#f-capacity_units": "500",
        "#f-price_jpy": "70000",
        "#f-max_quantity": "10",
        "#f-sale_starts_at": local(now - timedelta(days=1)),
        "#f-sale_ends_at": local(now + timedelta(days=300)),
    }.items():
        page.fill(field, value)
    s.check("bo-offering-new")
    s.click("#save-offering")
    confirm(s, "bo-confirm-offering")
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#board")).to_contain_text("メメントカプセル S")
    expect(page.locator("#board")).to_contain_text("0 / 500")
    s.check("bo-mission")

    def move(target: str, effect: str | None, shot: str) -> None:
        page.select_option("#f-status", target)
        page.fill("#f-reason", f"to {target}")
        s.click("#preview-status")
        if effect:
            expect(page.locator("#effects")).to_contain_text(effect)
        confirm(s, shot)
        expect(page.locator("#notice")).to_be_visible()

    move("on_sale", None, "bo-status-on-sale")
    expect(page.locator("#mission-status")).to_have_text("販売中")

    # A customer buys one capacity slot through the public API; the board shows it sold.
    offering_id = gateway.get("/v1/catalog/offerings", params={"mission_id": mission_id}).json()[
        "items"
    ][0]["id"]
    pay_booking(gateway, stripe_standin, offering_id)
    page.reload()
    expect(page.locator("#board")).to_contain_text("1 / 500")

    move("sales_closed", None, "bo-status-closed")
    move("launched", "1件の予約が「打ち上げ済み」になります。", "bo-status-launched")
    # The preview of the loss reads the bookings as they are now (flown after launch).
    wait_for(
        lambda: gateway.get(
            "/v1/bookings",
            params={"mission_id": mission_id, "status": "flown"},
            headers=operator.headers,
        ).json()["items"]
    )
    move("lost", "1件の予約が「ミッション喪失」になります。", "bo-status-lost")
    expect(page.locator("#mission-status")).to_have_text("喪失")

    # Operators do not see the finance pages: a 403 page, in words.
    answer = page.goto(base + "/backoffice/finance/reconciliation")
    assert answer is not None and answer.status == 403
    expect(page.locator("h1")).to_have_text("あなたのロールでは開けません")
    s.check("bo-403")


@pytest.mark.parametrize("staffer", [pytest.param(("en", True), id="en-phone")], indirect=True)
def test_sales_approves_a_business_booking_with_checklist_and_schedule(
    staffer: Shopper, gateway: httpx.Client, admin: Account, platform: Platform
) -> None:
    s, page, base = staffer, staffer.page, platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    sales = create_staff(gateway, admin, "sales")
    offering = create_offering(
        gateway,
        operator.headers,
        name="Passive payload",
        kind="passive_payload",
        audience="business",
        unit="kg",
        unit_mass_grams=1000,
        capacity_units=20,
        prices={"JPY": 150_000_000},
    )
    body = booking_body(offering["id"])
    body["business"] = {
        "company": {"name": "Moonworks KK", "email": "ops@moonworks.example", "country": "JP"},
        "payload": {
            "mass_grams": 1_000,
            "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 50},
            "power_mw": 2_500,
            "data_volume_mb": 20,
            "mounting_location": "top deck, port side",
        },
    }
    made = gateway.post("/v1/bookings", json=body, headers={**sales.headers, **idem()})
    assert made.status_code == 201, made.text
    booking_id = made.json()["id"]
    assert made.json()["status"] == "under_review"

    sign_in(s, base, sales)
    page.goto(base + "/backoffice/sales/reviews")
    page.fill("#mission-filter", str(offering["mission_id"]))
    page.locator("#mission-filter").press("Enter")
    row = page.locator(f'tr[data-booking="{booking_id}"]')
    expect(row).to_contain_text("Moonworks KK")
    s.check("bo-reviews")
    row.locator("a.button").click()
    page.wait_for_url(re.compile(booking_id))
    expect(page.locator("#payload")).to_contain_text("top deck, port side")
    expect(page.locator("#schedule-sum")).to_contain_text("100.00 % — ready")
    # The live check: a schedule that does not add up says so at once.
    page.fill("#s-pct-1", "15")
    expect(page.locator("#schedule-sum")).to_contain_text("105.00 %; it must be exactly 100 %")
    page.fill("#s-pct-1", "10")
    expect(page.locator("#schedule-sum")).to_contain_text("100.00 % — ready")
    for name in (
        "content_fit",
        "technical_fit",
        "export_control_cleared",
        "sanctions_screening_cleared",
    ):
        page.check(f"#c-{name}")
    page.fill("#f-reason", "Fits the deck; export and sanctions checks clear.")
    s.check("bo-review")
    s.click("#approve")
    expect(page.locator("#effects")).to_contain_text("5 milestones adding up to 100.00 %")
    confirm(s, "bo-confirm-review")
    expect(page.locator("#booking-status")).to_have_text("Approved")
    expect(page.locator("#notice")).to_contain_text("The review was recorded.")
    approved = gateway.get(f"/v1/bookings/{booking_id}", headers=sales.headers).json()
    assert approved["status"] == "approved"
    assert [m["percent_bps"] for m in approved["milestones"]] == [1000, 3000, 3000, 2000, 1000]
    s.check("bo-reviewed")


@pytest.mark.parametrize("staffer", [pytest.param(("ja", True), id="ja-phone")], indirect=True)
def test_finance_retries_a_failed_refund_and_downloads_the_reconciliation(
    staffer: Shopper,
    gateway: httpx.Client,
    admin: Account,
    platform: Platform,
    stripe_standin: httpx.Client,
) -> None:
    s, page, base = staffer, staffer.page, platform.url("gateway")
    operator = create_staff(gateway, admin, "operator")
    finance = create_staff(gateway, admin, "finance")
    offering = make_offering(gateway, operator)
    booking_id = pay_booking(gateway, stripe_standin, str(offering["id"]))
    payment_id = gateway.get(f"/v1/bookings/{booking_id}", headers=finance.headers).json()[
        "payment_id"
    ]
    # Plant a failed refund: refunded, then failed at the card's bank.
    refund = gateway.post(
        f"/v1/payments/{payment_id}/refunds",
        json={"amount_minor": 10_000, "reason": "requested_by_customer"},
        headers={**finance.headers, **idem()},
    )
    assert refund.status_code == 201, refund.text
    refund_id = refund.json()["id"]
    failed = stripe_standin.post(
        f"/_standin/refunds/{refund.json()['stripe_refund_id']}/fail",
        json={"failure_reason": "expired_or_canceled_card"},
        headers=STRIPE_AUTH,
    )
    assert failed.status_code == 200, failed.text
    wait_for(
        lambda: (
            gateway.get(f"/v1/refunds/{refund_id}", headers=finance.headers).json()["status"]
            == "failed"
        )
    )

    sign_in(s, base, finance)
    page.goto(base + "/backoffice/finance/reconciliation")
    s.check("bo-reconciliation")
    page.locator("#finance-tabs a", has_text="例外").click()
    retry = page.locator(f'button.retry[data-refund="{refund_id}"]')
    expect(retry).to_be_visible()
    s.check("bo-exceptions")
    retry.click()
    confirm(s, "bo-confirm-retry")
    expect(page.locator("#notice")).to_contain_text("新しい返金を依頼しました。")
    retried = gateway.get(
        "/v1/refunds", params={"booking_id": booking_id}, headers=finance.headers
    ).json()["items"]
    assert any(r["retry_of_refund_id"] == refund_id for r in retried)

    with page.expect_download() as download:
        page.locator("#csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert download.value.suggested_filename.endswith("_JST.csv")
    assert any(r.get("booking_id") == booking_id for r in rows), text[:500]

    # The booking's page: payments, refunds, the policy's refund proposed.
    page.goto(f"{base}/backoffice/finance/bookings/{booking_id}")
    expect(page.locator(".payment")).to_contain_text(refund_id)
    s.check("bo-finance-booking")

    # The charts draw today's revenue from the per-day sums.
    page.goto(base + "/backoffice/finance/charts")
    expect(page.locator('svg[aria-label="日別売上 (JPY)"]')).to_be_visible()
    s.check("bo-charts")


@pytest.mark.parametrize("staffer", [pytest.param(("en", False), id="en-desktop")], indirect=True)
def test_admin_issues_a_partner_key_shown_once_and_revokes_it(
    staffer: Shopper, gateway: httpx.Client, admin: Account, platform: Platform
) -> None:
    s, page, base = staffer, staffer.page, platform.url("gateway")
    sign_in(s, base, admin)
    page.goto(base + "/backoffice/admin/partners")
    s.check("bo-partners")
    name = f"Orbital Travel {secrets.token_hex(3)}"
    page.fill("#p-name", name)
    page.fill("#p-email", "sales@orbital.example")
    s.click("#create-partner")
    confirm(s, "bo-confirm-partner")
    page.wait_for_url(re.compile(r"/backoffice/admin/partners/ptn_"))
    page.fill("#k-name", "booking sync")
    s.click("#issue-key")
    confirm(s, "bo-confirm-key")
    key = page.locator("#key-value").inner_text().strip()
    assert key.startswith("lpxk_")
    s.check("bo-key-shown")
    assert gateway.get("/v1/catalog/missions", headers={"X-API-Key": key}).status_code == 200
    # Shown once: the partner's page no longer has it.
    page.reload()
    assert key not in page.content()

    page.locator("button.revoke").first.click()
    confirm(s, "bo-confirm-revoke")
    expect(page.locator("#notice")).to_contain_text("The key was revoked.")
    assert gateway.get("/v1/catalog/missions", headers={"X-API-Key": key}).status_code == 401

    page.goto(base + "/backoffice/admin/audit")
    expect(page.locator("#audit")).to_contain_text("api_key.revoke")
    expect(page.locator("#audit")).to_contain_text("api_key.create")
    s.check("bo-audit")
    page.goto(base + "/backoffice/admin/staff")
    s.check("bo-staff")


@pytest.fixture(scope="module")
def sample(
    gateway: httpx.Client,
    admin: Account,
    stripe_standin: httpx.Client,
    payments: httpx.Client,
    tokens: Tokens,
) -> dict[str, str]:
    """One of everything the pages show: a mission with a sold offering, a business
    booking under review, a partner."""
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)
    paid = pay_booking(gateway, stripe_standin, str(offering["id"]))
    partner = gateway.post(
        "/v1/admin/partners",
        json={"name": "Sample partner", "contact_email": "p@partner.example"},
        headers=admin.headers,
    ).json()["id"]
    made = payout(stripe_standin, "jpy", [foreign_charge(stripe_standin, 25_000)])
    sync(payments, tokens)
    return {
        "mission": str(offering["mission_id"]),
        "offering": str(offering["id"]),
        "booking": paid,
        "partner": partner,
        "payout": str(made["id"]),
    }


PAGES = (
    ("home", "/backoffice"),
    ("missions", "/backoffice/operator/missions"),
    ("mission", "/backoffice/operator/missions/{mission}"),
    ("mission-new", "/backoffice/operator/missions/new"),
    ("offering-new", "/backoffice/operator/missions/{mission}/offerings/new"),
    ("offering", "/backoffice/operator/offerings/{offering}"),
    ("reviews", "/backoffice/sales/reviews"),
    ("sales-booking", "/backoffice/sales/bookings/{booking}"),
    ("reconciliation", "/backoffice/finance/reconciliation"),
    ("exceptions", "/backoffice/finance/exceptions"),
    ("charts", "/backoffice/finance/charts"),
    ("invoices", "/backoffice/finance/invoices"),
    ("payout", "/backoffice/finance/payouts/{payout}"),
    ("finance-booking", "/backoffice/finance/bookings/{booking}"),
    ("partners", "/backoffice/admin/partners"),
    ("partner", "/backoffice/admin/partners/{partner}"),
    ("staff", "/backoffice/admin/staff"),
    ("audit", "/backoffice/admin/audit"),
)


@pytest.mark.parametrize(
    "staffer",
    # Each language and each width once (the role tests above cover the other pairs);
    # all four pairs cost the suite a minute more for little.
    [
        pytest.param(("ja", False), id="ja-desktop"),
        pytest.param(("en", True), id="en-phone"),
    ],
    indirect=True,
)
def test_every_page_in_both_languages_at_both_widths(
    staffer: Shopper, admin: Account, platform: Platform, sample: dict[str, str]
) -> None:
    """An admin opens every page: translated, labelled, no sideways scrolling at 390 px,
    no serious axe violation; a screenshot of each."""
    s, base = staffer, platform.url("gateway")
    sign_in(s, base, admin)
    for name, path in PAGES:
        answer = s.page.goto(base + path.format(**sample))
        assert answer is not None and answer.status == 200, f"{name}: {answer and answer.status}"
        s.check("page-" + name)
