"""Emails for admins and operators: what was sent, and the hard failures."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from lpx_common.pagination import Cursor, Limit, Page
from notifications.deps import DbDep, MailReader
from notifications.domain.states import EmailStatus
from notifications.handlers import emails
from notifications.schemas import EmailOut

router = APIRouter(prefix="/v1/notifications/emails", tags=["emails"])


@router.get("/failed", response_model=Page[EmailOut], summary="Emails that failed for good")
async def list_failed(db: DbDep, _: MailReader, limit: Limit = 50, cursor: Cursor = None) -> Any:
    items, next_cursor = await emails.list_emails(
        db, status=EmailStatus.FAILED, to=None, limit=limit, cursor=cursor
    )
    return Page[EmailOut](items=items, next_cursor=next_cursor)


@router.get("", response_model=Page[EmailOut], summary="Emails, optionally by status or address")
async def list_emails(
    db: DbDep,
    _: MailReader,
    status_: Annotated[EmailStatus | None, Query(alias="status")] = None,
    to: Annotated[str | None, Query(max_length=320)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    items, next_cursor = await emails.list_emails(
        db, status=status_, to=to, limit=limit, cursor=cursor
    )
    return Page[EmailOut](items=items, next_cursor=next_cursor)
