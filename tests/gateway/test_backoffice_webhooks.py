"""Partners' webhook endpoints in the back office, in a real browser: an admin finds a
partner's failing endpoint, reads its deliveries and log, disables it, enables it again
and sends the failed events again. And the developer's mail page of the local run."""

import email.message
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.gateway.conftest import Account, create_partner, idem
from tests.gateway.storefront_support import (
    Shopper,
    browser,  # noqa: F401  # the module's Chromium
)
from tests.gateway.test_backoffice_browser import confirm, sign_in, staffer  # noqa: F401
from tests.harness import Platform, ServiceProcess
from tests.notifications.support import post_event, receiver

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def failing(platform: Platform, gateway: httpx.Client, admin: Account) -> Iterator[dict[str, str]]:
    """A partner's endpoint whose receiver answers 500, with one event waiting for it."""
    partner = create_partner(gateway, admin, "Hooks")
    with receiver(answer=lambda n: 500) as hook:
        made = gateway.post(
            "/v1/notifications/webhook-endpoints",
            json={"url": hook.url, "event_types": ["booking.confirmed"], "partner_id": partner},
            headers={**admin.headers, **idem()},
        )
        assert made.status_code == 201, made.text
        with httpx.Client(base_url=platform.url("notifications"), timeout=30.0) as client:
            post_event(client, platform.tokens, partner=partner)
        hook.wait(lambda got: len(got) >= 2)  # tried, and tried again
        yield {"partner": partner, "endpoint": made.json()["id"]}


@pytest.mark.parametrize(
    "staffer",
    [pytest.param(("ja", False), id="ja-desktop"), pytest.param(("en", True), id="en-phone")],
    indirect=True,
)
def test_admin_disables_enables_and_redelivers_a_failing_endpoint(
    staffer: Shopper,  # noqa: F811
    admin: Account,
    platform: Platform,
    failing: dict[str, str],
) -> None:
    s, base = staffer, platform.url("gateway")
    sign_in(s, base, admin)
    s.page.goto(f"{base}/backoffice/admin/webhooks?partner_id={failing['partner']}")
    s.check("webhooks")
    s.click(f"tr[data-endpoint='{failing['endpoint']}'] a")
    s.page.wait_for_url(re.compile(r"/backoffice/admin/webhooks/whe_"))
    expect(s.page.locator("#attempts tbody tr").first).to_contain_text("500")
    s.check("webhook-endpoint")
    if s.lang == "en":
        return  # one language changes things; the other looks
    s.click("#disable")
    confirm(s, "webhook-disable")
    expect(s.page.locator("#notice")).to_be_visible()
    expect(s.page.locator("#endpoint-status")).to_have_text("無効")
    for _ in range(50):  # what was waiting fails at its next turn (within a second or so)
        if "endpoint disabled" in s.page.inner_text("#deliveries"):
            break
        s.page.wait_for_timeout(200)
        s.page.reload()
    expect(s.page.locator("#deliveries")).to_contain_text("endpoint disabled")
    s.click("#enable")
    confirm(s, "webhook-enable")
    s.click("#redeliver")
    confirm(s, "webhook-redeliver")
    expect(s.page.locator("#notice")).to_contain_text("1 件")
    audit = s.page.goto(base + "/backoffice/admin/audit")
    assert audit is not None and audit.status == 200
    text = s.page.inner_text("main")
    assert "webhook_endpoint.disable" in text and "webhook_endpoint.redeliver_failed" in text


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mail")
    for n, (to, subject, lang) in enumerate(
        [
            ("aki@example.com", "ご予約 bkg_01 が確定しました", "ja"),
            ("ops@moonworks.example", "Booking bkg_02: invoice for Deposit", "en"),
        ],
        start=1,
    ):
        message = email.message.EmailMessage()
        message["From"], message["To"], message["Subject"] = (
            "LPX <no-reply@lpx.example>",
            to,
            subject,
        )
        message["Date"] = format_datetime(datetime(2026, 12, 1, 3, n, tzinfo=UTC))
        message.set_content(f"{subject}\n\nline two ({lang})")
        message.add_alternative(
            f"<p lang='{lang}'>{subject}</p><script>alert(1)</script>", subtype="html"
        )
        (folder / f"20261201T03000{n}-000{n}.eml").write_bytes(bytes(message))
    (folder / "notes.txt").write_text("not an email")
    return folder


@pytest.fixture(scope="module")
def local_gateway(platform: Platform, mail_dir: Path) -> Iterator[ServiceProcess]:
    """A gateway as the local run starts it: with the mail sink's folder."""
    process = platform.spawn("gateway", GATEWAY_DEV_MAIL_DIR=str(mail_dir))
    try:
        yield process
    finally:
        process.stop()


@pytest.mark.parametrize("staffer", [pytest.param(("ja", False), id="ja-desktop")], indirect=True)
def test_the_local_run_shows_the_mail_sent_and_nothing_else_does(
    staffer: Shopper,  # noqa: F811
    local_gateway: ServiceProcess,
    gateway: httpx.Client,
) -> None:
    s, base = staffer, local_gateway.url
    s.page.goto(base + "/dev/mail")
    rows = s.page.locator("#mails tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Booking bkg_02: invoice for Deposit")  # newest first
    s.check("dev-mail")
    s.page.locator("#mails a", has_text="確定").click()
    expect(s.page.locator("#mail")).to_contain_text("aki@example.com")
    expect(s.page.locator(".mail-text")).to_contain_text("line two (ja)")
    s.check("dev-mail-message")
    with httpx.Client(base_url=base, timeout=30.0) as client:
        for path in ("/dev/mail/notes.txt", "/dev/mail/x.eml"):
            assert client.get(path).status_code == 404, path
        escape = client.get("/dev/mail/..%2F..%2Fetc%2Fpasswd.eml")
        assert escape.status_code in (404, 422)  # the edge refuses such a path first
        assert escape.headers["content-type"] == "application/problem+json"
    assert gateway.get("/dev/mail").status_code == 404  # not a local run
    assert gateway.get("/dev/mail/20261201T030001-0001.eml").status_code == 404
