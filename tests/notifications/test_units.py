"""The notification rules that need no process: signatures, the URL guard, backoff, who
may receive what, and every email in both languages with nothing left untranslated."""

import time

import pytest

from notifications.domain import signing
from notifications.domain.emails import COMMON, ENDPOINT_DISABLED, WORDING, compose
from notifications.domain.events import EMAILED, partner_may_receive
from notifications.domain.retry import backoff_seconds
from notifications.domain.states import DELIVERY_LIFECYCLE, EMAIL_LIFECYCLE
from notifications.domain.urls import UnsafeTarget, check_address, parse
from notifications.i18n import known_messages

BOOKING = {
    "booking_id": "bkg_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A",
    "status": "confirmed",
    "contact": {"name": "<Aki>", "email": "aki@example.com"},
    "currency": "USD",
    "total_minor": 46_000,
    "paid_minor": 46_000,
    "refunded_minor": 46_000,
    "hold_expires_at": "2027-07-01T03:04:00+00:00",
    "lines": [{"name": "Memento capsule S", "quantity": 1, "amount_minor": 46_000}],
}


def test_signature_verifies_and_forgeries_and_stale_ones_do_not() -> None:
    body, now = b'{"id":"evt_1"}', int(time.time())
    header = signing.header(["whsec_a"], now, body)
    assert signing.verify("whsec_a", header, body)
    assert not signing.verify("whsec_b", header, body)
    assert not signing.verify("whsec_a", header, body + b" ")
    assert not signing.verify("whsec_a", header, body, now=now + 301)
    assert not signing.verify("whsec_a", "t=abc,v1=00", body)
    both = signing.header(["whsec_new", "whsec_old"], now, body)
    assert signing.verify("whsec_new", both, body) and signing.verify("whsec_old", both, body)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x",
        "ftp://example.com/x",
        "https:///x",
        "https://u:p@example.com/x",
        "https://example.com/x#frag",
        "https://example.com:99999/x",
    ],
)
def test_urls_refused_in_production(url: str) -> None:
    with pytest.raises(UnsafeTarget):
        parse(url, allow_http=False)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "fe80::1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "224.0.0.1",
    ],
)
def test_only_public_addresses_are_allowed(address: str) -> None:
    with pytest.raises(UnsafeTarget):
        check_address(address, allow_loopback=False)


def test_loopback_only_when_the_setting_allows_it() -> None:
    check_address("127.0.0.1", allow_loopback=True)
    check_address("93.184.216.34", allow_loopback=False)
    with pytest.raises(UnsafeTarget):
        check_address("10.0.0.1", allow_loopback=True)  # private stays refused


def test_backoff_grows_is_capped_and_jittered() -> None:
    waits = [backoff_seconds(n, 1.0, 60.0) for n in range(1, 12)]
    assert 0.8 <= waits[0] <= 1.2 and 3.2 <= waits[2] <= 4.8
    assert all(w <= 72.0 for w in waits)
    assert len({backoff_seconds(3, 1.0, 60.0) for _ in range(20)}) > 1


def test_a_partner_only_gets_its_own_booking_events_and_public_mission_events() -> None:
    assert partner_may_receive("booking.confirmed", "ptn_a", "ptn_a")
    assert not partner_may_receive("booking.confirmed", "ptn_a", "ptn_b")
    assert not partner_may_receive("booking.confirmed", None, "ptn_b")
    assert partner_may_receive("mission.launched", None, "ptn_b")


def test_lifecycles_allow_retries_and_redelivery_only() -> None:
    assert EMAIL_LIFECYCLE.allows("pending", "sent") and EMAIL_LIFECYCLE.is_final("sent")
    assert DELIVERY_LIFECYCLE.allows("failed", "pending")
    assert not DELIVERY_LIFECYCLE.allows("succeeded", "failed")


def test_every_message_is_translated_into_japanese() -> None:
    used = set(COMMON)
    for wording in WORDING.values():
        used |= {wording.subject, wording.intro, wording.next_steps, wording.link_label}
    assert used - known_messages("ja") == set()
    assert set(WORDING) == set(EMAILED) | {ENDPOINT_DISABLED}


@pytest.mark.parametrize("template", sorted(EMAILED))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_email_renders_in_both_languages(template: str, lang: str) -> None:
    email = compose(template, lang, BOOKING, "https://shop.example")
    if template != "ballot.lost":  # not drawn: there is no booking (yet) to name
        assert BOOKING["booking_id"] in email.subject
    assert "$460.00" in email.text
    assert "&lt;Aki&gt;" in email.html and "<Aki>" not in email.html  # escaped
    assert "https://shop.example/" in email.text and 'lang="' + lang + '"' in email.html
    if lang == "ja":
        assert "様" in email.text and "ニュースの配信設定" in email.text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_milestone_emails_tell_the_amount_and_due_date(lang: str) -> None:
    data = {
        **BOOKING,
        "currency": "JPY",
        "status": "approved",
        "milestone": {"label": "Deposit", "amount_minor": 15_000_000, "due_date": "2027-03-01"},
    }
    invoiced = compose("milestone.invoiced", lang, data, "https://shop.example")
    overdue = compose("milestone.overdue", lang, data, "https://shop.example")
    for email in (invoiced, overdue):
        assert "Deposit" in email.subject and "¥15,000,000" in email.text
        assert ("2027年3月1日" if lang == "ja" else "1 March 2027") in email.text
    assert ("期限を過ぎて" if lang == "ja" else "overdue") in overdue.subject


def test_a_disabled_endpoint_email_names_the_endpoint_and_the_way_back() -> None:
    data = {
        "endpoint_id": "whe_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A",
        "url": "https://partner.example/hooks",
        "failing_since": "2027-07-01T03:04:00+00:00",
        "last_error": "non-2xx answer",
    }
    email = compose(ENDPOINT_DISABLED, "en", data, "https://shop.example")
    assert data["endpoint_id"] in email.subject and data["url"] in email.text
    assert "Hello," in email.text and "enable the endpoint again" in email.text
    assert "https://shop.example/docs" in email.html
    assert "ご担当者様" in compose(ENDPOINT_DISABLED, "ja", data, "https://shop.example").text
