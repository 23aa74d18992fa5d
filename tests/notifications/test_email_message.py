"""The email as bytes on the wire: what a mail client parses out of it is the subject,
sender, recipient, date, language and both bodies we composed, in Japanese and English, and
for an address that is not ASCII too (built the other way, for SMTPUTF8)."""

import email
import email.policy
from datetime import UTC, datetime
from email.generator import BytesGenerator
from io import BytesIO

import pytest

from notifications.clients.smtp import SmtpConfig, build_message
from notifications.domain.emails import Composed

CONFIG = SmtpConfig(
    host="127.0.0.1",
    port=25,
    username=None,
    password=None,
    starttls=False,
    timeout=5.0,
    sender="月面ペイロード取引所 <noreply@lpx.example>",
)


@pytest.mark.parametrize(
    ("to", "subject", "lang"),
    [
        ("buyer@example.com", "ご予約 bkg_1：お席を確保しました" * 3, "ja"),
        ("buyer@example.com", "Booking bkg_1 is confirmed", "en"),
        ("購入者@例え.jp", "ご予約 bkg_1 が確定しました", "ja"),
    ],
)
def test_a_client_reads_back_what_was_composed(to: str, subject: str, lang: str) -> None:
    composed = Composed(
        subject=subject, text="お名前の刻印 × 1\n¥3,000\n", html="<p>お名前の刻印 × 1</p>"
    )
    built = build_message(CONFIG, to, composed, lang)
    wire = BytesIO()
    international = not to.isascii()
    # As smtplib's send_message flattens it (UTF-8 headers only for an SMTPUTF8 mailbox).
    policy = built.policy.clone(linesep="\r\n", **({"utf8": True} if international else {}))
    BytesGenerator(wire, policy=policy).flatten(built)
    parsed = body = email.message_from_bytes(wire.getvalue(), policy=email.policy.default)
    if international:  # an SMTPUTF8 message carries UTF-8 headers (RFC 6532)
        parsed = email.message_from_string(wire.getvalue().decode(), policy=email.policy.default)

    assert str(parsed["Subject"]) == subject
    assert parsed["From"].addresses[0].display_name == "月面ペイロード取引所"
    assert parsed["From"].addresses[0].addr_spec == "noreply@lpx.example"
    assert parsed["To"].addresses[0].addr_spec == to
    assert parsed["Content-Language"] == lang and parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Message-ID"].endswith("@lpx.example>")
    sent_at = parsed["Date"].datetime  # RFC 5322 requires it; relays need not add it
    assert abs((datetime.now(UTC) - sent_at).total_seconds()) < 60
    # (an 8bit body, the SMTPUTF8 one, keeps the wire's CRLF line ends)
    assert body.get_body(("plain",)).get_content().replace("\r\n", "\n") == composed.text
    assert body.get_body(("html",)).get_content().strip() == composed.html
    if not international:
        assert wire.getvalue().isascii()  # any SMTP server takes it, no 8BITMIME needed
