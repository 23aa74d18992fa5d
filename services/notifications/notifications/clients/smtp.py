"""Sending one email over SMTP (any server; the local run and tests use a sink).

``smtplib`` is blocking, so each send runs in a worker thread. The outcome is classified
so the sender knows whether to try again: a 4xx reply or a broken connection is
transient, a 5xx reply (the address does not exist, the message is refused) is not.
"""

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr

from notifications.domain.emails import Composed


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    timeout: float
    sender: str


class SendFailed(Exception):
    def __init__(self, detail: str, *, permanent: bool) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent


def build_message(config: SmtpConfig, to: str, composed: Composed, lang: str) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(config.sender)
    message["From"] = formataddr((name, address))
    message["To"] = to
    message["Subject"] = composed.subject
    domain = address.rsplit("@", 1)[-1] or "lpx.example"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(composed.text)
    message.add_alternative(composed.html, subtype="html")
    message["Content-Language"] = lang  # after the body: set_content drops Content-* headers
    return message


def _send_blocking(config: SmtpConfig, message: EmailMessage) -> None:
    try:
        with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
            if config.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.username and config.password:
                smtp.login(config.username, config.password)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        permanent = all(code >= 500 for code in codes)
        raise SendFailed(f"recipient refused ({codes})", permanent=permanent) from exc
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(
            f"SMTP {exc.smtp_code}: {exc.smtp_error[:200]!r}", permanent=exc.smtp_code >= 500
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"SMTP unreachable: {type(exc).__name__}", permanent=False) from exc


async def send(config: SmtpConfig, message: EmailMessage) -> str:
    """Send ``message``; return its Message-ID (the id a provider's logs show)."""
    await asyncio.to_thread(_send_blocking, config, message)
    return str(message["Message-ID"])
