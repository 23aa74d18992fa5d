"""Emails for admins: what was sent, and the hard failures someone must look at."""

from sqlalchemy import select

from lpx_common.db import Database
from lpx_common.pagination import keyset_page
from notifications.models import Email
from notifications.schemas import EmailOut


def out(email: Email) -> EmailOut:
    return EmailOut(
        id=email.id,
        event_id=email.event_id,
        to=email.to_address,
        template=email.template,
        locale=email.locale,
        status=email.status,
        attempts=email.attempts,
        last_error=email.last_error,
        provider_message_id=email.provider_message_id,
        created_at=email.created_at,
        sent_at=email.sent_at,
        failed_at=email.failed_at,
    )


async def list_emails(
    db: Database, *, status: str | None, to: str | None, limit: int, cursor: str | None
) -> tuple[list[EmailOut], str | None]:
    stmt = select(Email)
    if status is not None:
        stmt = stmt.where(Email.status == status)
    if to is not None:
        stmt = stmt.where(Email.to_address == to)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(session, stmt, [Email.id], limit=limit, cursor=cursor)
    return [out(r) for r in rows], next_cursor
