"""Transactional outbox: calls to peers that must happen after a commit, and survive crashes.

``enqueue`` writes a message in the caller's transaction, so it exists exactly when the
business change does. ``OutboxRelay`` delivers pending messages over HTTP with the
message id as the Idempotency-Key, retrying with exponential backoff and jitter; the
receiver deduplicates on that key. A relay leases a batch before sending, so several
relays (or a restarted one) never lose a message; at worst one is sent twice, which the
receiver's deduplication absorbs.

What the receiver answers decides what happens to a message:

* 2xx: delivered.
* a 4xx problem+json whose ``settles`` member is ``"already-done"`` or
  ``"no-longer-applies"`` (see :data:`SETTLES`): the receiver states that the message
  needs nothing more (what it asks for was done another way, or was overtaken, e.g. a
  commit for a hold its owner had already released). The message is settled: marked
  delivered, not retried, not a failure, with the outcome kept in ``last_error``
  (``"settled (no-longer-applies): HTTP 409 allocation-released: ..."``).
* transient: the peer unreachable or 5xx, 408, 425, 429, and 409
  ``idempotency-key-in-flight`` (the same message still being applied): retried with
  backoff, up to ``max_attempts``.
* anything else (a 4xx the receiver did not mark as settling): failed at once. Failed
  messages are counted in ``outbox_messages_total{outcome="failed"}``, logged as errors
  and listed by :func:`failed_messages` for operators and finance.

A peer that was down and answers again gets its backlog at once: the first answer from
a destination the relay last found unreachable (or has not reached since it started)
makes that destination's messages waiting out a backoff due now, so a restart of a peer
does not leave confirmations waiting minutes for their next try.

A receiver says "settled" by raising its problem with the member, e.g.
``Conflict(..., code="allocation-released", settles=NO_LONGER_APPLIES)``.
"""

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Request
from prometheus_client import Counter, Gauge
from pydantic import BaseModel
from sqlalchemy import Table, and_, bindparam, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.auth import Principal
from lpx_common.clock import as_utc, utcnow
from lpx_common.db import Database, insert_into, lease_due
from lpx_common.errors import PROBLEM_JSON, ServiceUnavailable, Unprocessable
from lpx_common.http import ServiceClient
from lpx_common.ids import new_id
from lpx_common.observability import service_name
from lpx_common.pagination import Cursor, Limit, decode_cursor, encode_cursor
from lpx_common.telemetry import continue_trace, current_traceparent
from lpx_common.workers import PeriodicWorker

log = logging.getLogger("lpx.outbox")

OUTBOX_SENT = Counter("outbox_messages_total", "Outbox deliveries", ["destination", "outcome"])
OUTBOX_PENDING = Gauge(
    "outbox_pending_messages", "Messages not yet delivered (nor failed for good)", ["service"]
)
OUTBOX_OLDEST = Gauge(
    "outbox_oldest_pending_age_seconds",
    "Age of the oldest message not yet delivered (0: none)",
    ["service"],
)
# The backlog gauges are recomputed at most this often (one indexed query).
BACKLOG_EVERY_SECONDS = 10.0

ALREADY_DONE = "already-done"
NO_LONGER_APPLIES = "no-longer-applies"
SETTLES = frozenset({ALREADY_DONE, NO_LONGER_APPLIES})

_RETRYABLE_STATUSES = {408, 425, 429}
# A 409 is transient only when it says the same key is still being applied.
_IN_FLIGHT_CODE = "idempotency-key-in-flight"


def classify(response: httpx.Response) -> tuple[str, str | None]:
    """``(outcome, note)`` for a receiver's answer below 500: ``delivered``, ``settled``,
    ``retry`` or ``failed`` (see the module docs)."""
    status = response.status_code
    if status < 300:
        return "delivered", None
    problem: dict[str, Any] = {}
    if response.headers.get("content-type", "").startswith(PROBLEM_JSON):
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            problem = body
    code = str(problem.get("type", "")).rsplit("/", 1)[-1]
    summary = f"HTTP {status} {code}: {str(problem.get('detail') or response.text)[:400]}"
    settles = problem.get("settles")
    if 400 <= status < 500 and settles in SETTLES:
        return "settled", f"settled ({settles}): {summary}"
    if status in _RETRYABLE_STATUSES or (status == 409 and code == _IN_FLIGHT_CODE):
        return "retry", summary
    return "failed", summary


async def enqueue(
    session: AsyncSession,
    table: Table,
    *,
    destination: str,
    path: str,
    payload: dict[str, Any],
    method: str = "POST",
    message_id: str | None = None,
    traceparent: str | None = None,
) -> str:
    """Add a message to the outbox inside the caller's transaction; returns its id.

    The message keeps ``traceparent`` (by default the current trace context), so its
    delivery joins that trace."""
    now = utcnow()
    message_id = message_id or new_id("msg")
    await session.execute(
        insert_into(table),
        {
            "id": message_id,
            "destination": destination,
            "method": method,
            "path": path,
            "payload": payload,
            "created_at": now,
            "available_at": now,
            "attempts": 0,
            "traceparent": traceparent or current_traceparent(),
        },
    )
    return message_id


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        table: Table,
        clients: dict[str, ServiceClient],
        *,
        poll_seconds: float = 2.0,
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
        self._worker = PeriodicWorker(
            "outbox-relay", poll_seconds, self.deliver_due, batch=batch_size
        )
        # Built once, executed with parameters: see lpx_common.db.insert_into.
        t = table
        due = (
            select(t.c.id)
            .where(
                t.c.delivered_at.is_(None),
                t.c.failed_at.is_(None),
                t.c.available_at <= bindparam("now"),
            )
            .order_by(t.c.available_at)
            .limit(batch_size)
        )
        self._lease_statement = lease_due(
            db.dialect, t, due, key=t.c.id, lease_column="available_at", returning=t.c
        )
        # A delivery's outcome: the columns set are the parameters' other keys.
        self._record_statement = update(t).where(
            t.c.id == bindparam("message_id"), t.c.delivered_at.is_(None)
        )
        self._backlog_measured_at = 0.0
        # Destinations that may have messages waiting out a backoff: all of them until
        # the first answer since this relay started, then those last found unreachable.
        self._maybe_backlogged = set(clients)

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
        if time.monotonic() - self._backlog_measured_at >= BACKLOG_EVERY_SECONDS:
            await self.measure_backlog()
        return len(batch)

    async def measure_backlog(self) -> None:
        """Set the backlog gauges: how many messages wait, and for how long the oldest."""
        t = self.table
        self._backlog_measured_at = time.monotonic()
        pending = and_(t.c.delivered_at.is_(None), t.c.failed_at.is_(None))
        async with self.db.read() as session:
            count, oldest = (
                await session.execute(select(func.count(), func.min(t.c.created_at)).where(pending))
            ).one()
        service = service_name()
        OUTBOX_PENDING.labels(service).set(count)
        age = (utcnow() - as_utc(oldest)).total_seconds() if oldest is not None else 0.0
        OUTBOX_OLDEST.labels(service).set(max(age, 0.0))

    async def _lease_batch(self) -> list[dict[str, Any]]:
        """The due messages, each now leased to this relay: one statement (an idle poll
        is a single round trip), locking with SKIP LOCKED so two relays never lease the
        same message."""
        now = utcnow()
        async with self.db.autocommit() as conn:
            leased = await conn.execute(
                self._lease_statement, {"now": now, "leased_until": now + self.lease}
            )
            rows = [dict(r) for r in leased.mappings()]
        return sorted(rows, key=lambda r: (r["created_at"], r["id"]))

    async def _deliver(self, message: dict[str, Any]) -> None:
        client = self.clients.get(message["destination"])
        attempts = message["attempts"] + 1
        outcome, error = "retry", None
        response: httpx.Response | None = None
        if client is None:
            outcome, error = "failed", f"no client for destination {message['destination']!r}"
        else:
            try:
                with continue_trace(
                    message.get("traceparent"),
                    f"outbox deliver {message['destination']}",
                    {"messaging.message.id": message["id"], "url.path": message["path"]},
                ):
                    response = await client.request(
                        message["method"],
                        message["path"],
                        json=message["payload"],
                        idempotency_key=message["id"],
                    )
            except ServiceUnavailable as exc:
                error = exc.detail
                self._maybe_backlogged.add(message["destination"])
            else:
                outcome, error = classify(response)
                if message["destination"] in self._maybe_backlogged:
                    self._maybe_backlogged.discard(message["destination"])
                    await self._due_now(message["destination"])
        if outcome == "retry" and attempts >= self.max_attempts:
            outcome = "failed"
        now = utcnow()
        values: dict[str, Any] = {"attempts": attempts, "last_error": error}
        if outcome in ("delivered", "settled"):
            values["delivered_at"] = now
            if outcome == "settled":
                log.info("outbox message %s settled: %s", message["id"], error)
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
        async with self.db.autocommit() as conn:
            await conn.execute(self._record_statement, {"message_id": message["id"], **values})
        OUTBOX_SENT.labels(message["destination"], outcome).inc()
        if outcome == "delivered" and self.on_delivered is not None and response is not None:
            try:
                await self.on_delivered(message, response)
            except Exception:
                log.exception("on_delivered hook failed for outbox message %s", message["id"])

    async def _due_now(self, destination: str) -> None:
        """The peer answers again: its messages waiting out a backoff are due now (one
        statement). One leased by another relay at this moment may go twice; receivers
        deduplicate on the message id."""
        t = self.table
        now = utcnow()
        async with self.db.autocommit() as conn:
            moved = await conn.execute(
                update(t)
                .where(
                    t.c.destination == destination,
                    t.c.delivered_at.is_(None),
                    t.c.failed_at.is_(None),
                    t.c.attempts > 0,
                    t.c.available_at > now,
                )
                .values(available_at=now)
            )
        if moved.rowcount:
            log.info("%s answers again: %d waiting message(s) due now", destination, moved.rowcount)
            self.notify()


class FailedMessage(BaseModel):
    id: str
    destination: str
    method: str
    path: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    failed_at: datetime
    last_error: str | None


class FailedMessagePage(BaseModel):
    items: list[FailedMessage]
    next_cursor: str | None = None


async def failed_messages(
    db: Database, table: Table, *, limit: int = 50, cursor: str | None = None
) -> FailedMessagePage:
    """Messages that failed for good, newest first: what someone must look at."""
    t = table
    stmt = select(t).where(t.c.failed_at.is_not(None))
    if cursor is not None:
        failed_at, message_id = decode_cursor(cursor, 2)
        try:
            after = datetime.fromisoformat(str(failed_at))
        except ValueError as exc:
            raise Unprocessable(
                "The cursor is not one this API gave out.", code="bad-cursor"
            ) from exc
        stmt = stmt.where(tuple_(t.c.failed_at, t.c.id) < tuple_(after, str(message_id)))
    stmt = stmt.order_by(t.c.failed_at.desc(), t.c.id.desc()).limit(limit + 1)
    async with db.read() as session:
        rows = [dict(r) for r in (await session.execute(stmt)).mappings()]
    more = len(rows) > limit
    rows = rows[:limit]
    return FailedMessagePage(
        items=[FailedMessage.model_validate(r) for r in rows],
        next_cursor=encode_cursor([rows[-1]["failed_at"], rows[-1]["id"]]) if more else None,
    )


def failed_messages_router(path: str, table: Table, reader: Any) -> APIRouter:
    """``GET path``: the service's failed outbox messages, for the staff ``reader``
    admits (a ``require(...)`` dependency). Mount it under a prefix the gateway forwards,
    before any ``/{id}`` route of the same prefix."""
    router = APIRouter(tags=["operations"])

    @router.get(
        path,
        response_model=FailedMessagePage,
        summary="Messages to peers that failed for good (newest first)",
    )
    async def list_failed(
        request: Request,
        _: Annotated[Principal, Depends(reader)],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> FailedMessagePage:
        return await failed_messages(request.app.state.db, table, limit=limit, cursor=cursor)

    return router
