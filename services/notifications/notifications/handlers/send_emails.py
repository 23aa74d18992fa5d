"""The email sender: a background loop that sends due emails and records each outcome.

Rows are leased (``next_attempt_at`` pushed past the lease) before sending, so two
replicas never send the same email at once and one whose process died is sent after the
lease. At worst an email is sent twice (a crash between the SMTP answer and the record);
never zero times.
"""

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Counter
from sqlalchemy import BindParameter, Select, bindparam, select, update

from lpx_common.clock import utcnow
from lpx_common.db import Database, constant, lease_due
from lpx_common.workers import PeriodicWorker
from notifications.clients.smtp import SendFailed, SmtpConfig, SmtpSender, build_message
from notifications.config import Settings
from notifications.domain.emails import compose
from notifications.domain.retry import backoff_seconds
from notifications.domain.states import EMAIL_LIFECYCLE, EmailStatus
from notifications.models import Email, Event

log = logging.getLogger("notifications.emails")
EMAILS_SENT = Counter("notification_emails_total", "Email send attempts", ["outcome"])


def due_emails(now: datetime | BindParameter[datetime], limit: int) -> Select[tuple[str]]:
    """Emails due a try. The status is a constant in the SQL (see
    ``lpx_common.db.constant``): the partial index of pending emails is read, not every
    email ever sent."""
    return (
        select(Email.id)
        .where(Email.status == constant(EmailStatus.PENDING.value), Email.next_attempt_at <= now)
        .order_by(Email.next_attempt_at)
        .limit(limit)
    )


class EmailSender:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        self.smtp = SmtpConfig(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            starttls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds,
            sender=settings.mail_from,
        )
        self.sender = SmtpSender(self.smtp)
        self.worker = PeriodicWorker(
            "emails", settings.poll_seconds, self.send_due, batch=settings.batch_size
        )
        # Built once, executed with parameters (see lpx_common.db.insert_into).
        due = due_emails(bindparam("now"), settings.batch_size)
        self._lease_statement = lease_due(
            db.dialect,
            Email,
            due,
            key=Email.id,
            lease_column="next_attempt_at",
            returning=(
                Email.id,
                Email.event_id,
                Email.to_address,
                Email.template,
                Email.locale,
                Email.attempts,
            ),
        )
        # One try's outcome: the columns set are the parameters' other keys.
        emails = Email.__table__
        self._record_statement = update(emails).where(
            emails.c.id == bindparam("email_id"), emails.c.status == EmailStatus.PENDING
        )

    async def send_due(self) -> int:
        batch = await self._lease()
        await asyncio.gather(*(self._send(row) for row in batch))
        return len(batch)

    async def _lease(self) -> list[dict[str, Any]]:
        """The due emails, leased in one statement (an idle poll is one round trip; SKIP
        LOCKED keeps two replicas from leasing the same email), with their events' data."""
        now = utcnow()
        until = now + timedelta(seconds=self.settings.lease_seconds)
        async with self.db.autocommit() as conn:
            leased = await conn.execute(self._lease_statement, {"now": now, "leased_until": until})
            rows = [dict(r) for r in leased.mappings()]
        if not rows:
            return rows
        ids = {r["event_id"] for r in rows}
        async with self.db.read() as session:
            found = await session.execute(select(Event.id, Event.data).where(Event.id.in_(ids)))
            data = {event_id: event_data for event_id, event_data in found}
        return [{**row, "data": data[row["event_id"]]} for row in rows]

    async def _send(self, row: dict[str, Any]) -> None:
        attempts = row["attempts"] + 1
        values: dict[str, Any] = {"attempts": attempts}
        try:
            composed = compose(
                row["template"], row["locale"], row["data"], self.settings.storefront_url
            )
            message = build_message(self.smtp, row["to_address"], composed, row["locale"])
            values["provider_message_id"] = await self.sender.send(message)
        except SendFailed as exc:
            status, values["last_error"] = EmailStatus.PENDING, exc.detail
            if exc.permanent or attempts >= self.settings.email_max_attempts:
                status = EmailStatus.FAILED
        except Exception as exc:  # a template or data problem: no retry will fix it
            log.exception("email %s could not be composed", row["id"])
            status, values["last_error"] = EmailStatus.FAILED, f"compose: {type(exc).__name__}"
        else:
            status = EmailStatus.SENT
        EMAIL_LIFECYCLE.check(EmailStatus.PENDING, status)
        now = utcnow()
        values["status"] = status
        if status == EmailStatus.SENT:
            values |= {"sent_at": now, "last_error": None}
        elif status == EmailStatus.FAILED:
            values["failed_at"] = now
            # The address is the customer's: not logged, only the email's id and cause.
            log.error("email %s failed for good: %s", row["id"], values["last_error"])
        else:
            log.warning(
                "email %s not sent (attempt %d): %s", row["id"], attempts, values["last_error"]
            )
            delay = backoff_seconds(
                attempts,
                self.settings.email_backoff_seconds,
                self.settings.email_max_backoff_seconds,
            )
            values["next_attempt_at"] = now + timedelta(seconds=delay)
        async with self.db.autocommit() as conn:
            await conn.execute(self._record_statement, {"email_id": row["id"], **values})
        EMAILS_SENT.labels(str(status)).inc()
