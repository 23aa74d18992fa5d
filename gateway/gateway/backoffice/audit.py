"""The back office's audit log: who changed what, kept in the gateway's own database.

A row is written after the API accepted a confirmed change (a refused change changed
nothing). Details hold ids and choices, never a secret: an API key's clear text is
never passed here, only its id and prefix."""

from typing import Any

from fastapi import Request
from sqlalchemy import select

from gateway.backoffice.session import Staff
from gateway.models import AuditEntry
from lpx_common.clock import utcnow
from lpx_common.ids import new_id


async def record(
    request: Request, staff: Staff, action: str, target: str, detail: dict[str, Any] | None = None
) -> None:
    entry = AuditEntry(
        id=new_id("aud"),
        at=utcnow(),
        actor_id=staff.state.account_id,
        actor_email=staff.state.email,
        action=action,
        target=target[:80],
        detail=detail or {},
    )
    async with request.app.state.db.transaction() as session:
        session.add(entry)


async def latest(request: Request, limit: int = 200, before: str | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before:
        stmt = stmt.where(AuditEntry.id < before)
    async with request.app.state.db.read() as session:
        return list(await session.scalars(stmt))
