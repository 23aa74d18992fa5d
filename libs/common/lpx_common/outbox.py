"""Transactional outbox: calls to peers that must happen after a commit, and survive crashes.

``enqueue`` writes a message in the caller's transaction, so it exists exactly when the
business change does. ``OutboxRelay`` delivers pending messages over HTTP with the
message id as the Idempotency-Key, retrying with exponential backoff and jitter; the
receiver deduplicates on that key. A relay leases a batch before sending, so several
relays (or a restarted one) never lose a message; at worst one is sent twice, which the
receiver's deduplication absorbs.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from prometheus_client import Counter
from sqlalchemy import Table, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import ServiceUnavailable
from lpx_common.http import ServiceClient
from lpx_common.ids import new_id
from lpx_common.workers import PeriodicWorker

log = logging.getLogger("lpx.outbox")

OUTBOX_SENT = Counter("outbox_messages_total", "Outbox deliveries", ["destination", "outcome"])

# A 409 from the receiver means "same key still in flight": try again, it is not final.
_RETRYABLE_STATUSES = {408, 409, 425, 429}


async def enqueue(
    session: AsyncSession,
    table: Table,
    *,
    destination: str,
    path: str,
    payload: dict[str, Any],
    method: str = "POST",
    message_id: str | None = None,
) -> str:
    """Add a message to the outbox inside the caller's transaction; returns its id."""
    now = utcnow()
    message_id = message_id or new_id("msg")
    await session.execute(
        table.insert().values(
            id=message_id,
            destination=destination,
            method=method,
            path=path,
            payload=payload,
            created_at=now,
            available_at=now,
            attempts=0,
        )
    )
    return message_id


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        table: Table,
        clients: dict[str, ServiceClient],
        *,
        poll_seconds: float = 0.5,
        batch_size: int = 50,
        lease: timedelta = timedelta(seconds=30),
        max_backoff_seconds: float = 300.0,
        max_attempts: int = 50,
        on_delivered: Callable[[dict[str, Any], httpx.Response], Awaitable[None]] | None = None,
    ) -> None:
        """``on_delivered`` (optional) sees each message the receiver accepted together
        with its answer, after the delivery is recorded; its failures are only logged."""
        self.on_delivered = on_delivered
        self.db = db
        self.table = table
        self.clients = clients
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.lease = lease
        self.max_backoff_seconds = max_backoff_seconds
        self.max_attempts = max_attempts
        self._worker = PeriodicWorker("outbox-relay", poll_seconds, self.deliver_due)

    def notify(self) -> None:
        """Wake the relay now instead of at the next poll (call after a commit)."""
        self._worker.notify()

    def start(self) -> None:
        self._worker.start()

    async def stop(self) -> None:
        await self._worker.stop()

    async def deliver_due(self) -> int:
        """Lease and send one batch of due messages; returns how many were handled."""
        batch = await self._lease_batch()
        await asyncio.gather(*(self._deliver(message) for message in batch))
        return len(batch)

    async def _lease_batch(self) -> list[dict[str, Any]]:
        t = self.table
        now = utcnow()
        async with self.db.transaction() as session:
            stmt = (
                select(t)
                .where(t.c.delivered_at.is_(None), t.c.failed_at.is_(None), t.c.available_at <= now)
                .order_by(t.c.available_at)
                .limit(self.batch_size)
            )
            if self.db.dialect == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            rows = [dict(r) for r in (await session.execute(stmt)).mappings()]
            if rows:
                await session.execute(
                    update(t)
                    .where(t.c.id.in_([r["id"] for r in rows]))
                    .values(available_at=now + self.lease)
                )
        return rows

    async def _deliver(self, message: dict[str, Any]) -> None:
        t = self.table
        client = self.clients.get(message["destination"])
        attempts = message["attempts"] + 1
        outcome, error = "retry", None
        response: httpx.Response | None = None
        if client is None:
            outcome, error = "failed", f"no client for destination {message['destination']!r}"
        else:
            try:
                response = await client.request(
                    message["method"],
                    message["path"],
                    json=message["payload"],
                    idempotency_key=message["id"],
                )
            except ServiceUnavailable as exc:
                error = exc.detail
            else:
                if response.status_code < 300:
                    outcome = "delivered"
                elif response.status_code in _RETRYABLE_STATUSES:
                    error = f"HTTP {response.status_code}: {response.text[:500]}"
                else:
                    outcome, error = "failed", f"HTTP {response.status_code}: {response.text[:500]}"
        if outcome == "retry" and attempts >= self.max_attempts:
            outcome = "failed"
        now = utcnow()
        values: dict[str, Any] = {"attempts": attempts, "last_error": error}
        if outcome == "delivered":
            values["delivered_at"] = now
        elif outcome == "failed":
            values["failed_at"] = now
            log.error(
                "outbox message %s to %s failed for good: %s",
                message["id"],
                message["destination"],
                error,
            )
        else:
            backoff = min(self.max_backoff_seconds, 0.5 * 2 ** (attempts - 1))
            values["available_at"] = now + timedelta(seconds=backoff * random.uniform(0.8, 1.2))
        async with self.db.transaction() as session:
            await session.execute(
                update(t)
                .where(and_(t.c.id == message["id"], t.c.delivered_at.is_(None)))
                .values(**values)
            )
        OUTBOX_SENT.labels(message["destination"], outcome).inc()
        if outcome == "delivered" and self.on_delivered is not None and response is not None:
            try:
                await self.on_delivered(message, response)
            except Exception:
                log.exception("on_delivered hook failed for outbox message %s", message["id"])
