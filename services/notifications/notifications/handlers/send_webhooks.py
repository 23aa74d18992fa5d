"""The webhook sender: a background loop that POSTs due deliveries, signed, and records
every attempt in the endpoint's delivery log.

Leasing works as for emails (``next_attempt_at`` pushed past the lease before sending,
rows claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so several workers and
replicas never take the same delivery, and a process killed mid-delivery leaves it to be
sent again once the lease runs out: each event arrives at least once; receivers
deduplicate on the event id header. Each attempt is signed afresh, with its own timestamp.

Deliveries go out concurrently, bounded twice: at most ``webhook_concurrency`` requests
in flight per process, and at most ``webhook_endpoint_concurrency`` to any one endpoint
(a slow partner never takes every slot). The loop leases more only while fewer than
``webhook_max_outstanding`` leased deliveries are unfinished, and skips endpoints that
already have their share waiting. Outcomes are written in batches as requests finish.
"""

import asyncio
import contextlib
import json
import logging
import time
from collections import Counter as Tally
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Counter, Histogram
from sqlalchemy import ColumnElement, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database, constant
from lpx_common.ids import new_id
from lpx_common.workers import PeriodicWorker
from notifications.clients.webhooks import WebhookClient, WebhookResult
from notifications.config import Settings
from notifications.domain import signing
from notifications.domain.emails import ENDPOINT_DISABLED
from notifications.domain.retry import backoff_seconds
from notifications.domain.states import (
    DELIVERY_LIFECYCLE,
    ENDPOINT_LIFECYCLE,
    DeliveryStatus,
    EmailStatus,
    EndpointStatus,
)
from notifications.models import Delivery, DeliveryAttempt, Email, Event, WebhookEndpoint

log = logging.getLogger("notifications.webhooks")
ATTEMPTS = Counter("webhook_attempts_total", "Webhook delivery attempts", ["outcome"])
DISABLED = Counter("webhook_endpoints_disabled_total", "Endpoints disabled for failing")
DELAY = Histogram(
    "webhook_delivery_delay_seconds",
    "From the event to its successful delivery",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600),
)


def envelope(event: dict[str, Any]) -> bytes:
    """The body partners receive: the event, as JSON (the bytes that are signed)."""
    document = {
        "id": event["event_id"],
        "type": event["type"],
        "created_at": event["occurred_at"].isoformat(),
        "subject_id": event["subject_id"],
        "sequence": event["sequence"],
        "data": event["data"],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


async def purge_delivery_log(db: Database, keep: timedelta) -> int:
    """The delivery log is kept ``keep`` (30 days); older attempts go."""
    async with db.transaction() as session:
        result = await session.execute(
            delete(DeliveryAttempt).where(DeliveryAttempt.at < utcnow() - keep)
        )
    return result.rowcount or 0


Outcome = tuple[dict[str, Any], WebhookResult, int]


async def tell_partner_disabled(
    session: AsyncSession, endpoint: WebhookEndpoint, last_error: str | None, now: datetime
) -> None:
    """The partner learns by email that its endpoint was disabled: an event of this
    service's own, and its email, written with the change (so neither is lost)."""
    if not endpoint.contact_email:
        return  # nobody to write to: the state is visible in the API and back office
    event = Event(
        id=new_id("evt"),
        type=ENDPOINT_DISABLED,
        source="notifications",
        subject_id=endpoint.id,
        sequence=int(now.timestamp() * 1000),
        occurred_at=now,
        partner_id=endpoint.partner_id,
        data={
            "endpoint_id": endpoint.id,
            "url": endpoint.url,
            "failing_since": endpoint.failing_since.isoformat() if endpoint.failing_since else None,
            "last_error": (last_error or "")[:300],
            "locale": endpoint.contact_locale,
            "contact": {"email": endpoint.contact_email},
        },
        received_at=now,
    )
    session.add(event)
    await session.flush()
    session.add(
        Email(
            id=new_id("eml"),
            event_id=event.id,
            to_address=endpoint.contact_email,
            template=ENDPOINT_DISABLED,
            locale=endpoint.contact_locale,
            status=EmailStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )


def due_delivery(now: datetime) -> ColumnElement[bool]:
    """A delivery due a try. The status is a constant in the SQL (see
    ``lpx_common.db.constant``): the partial index of pending deliveries is read, not
    every delivery ever made."""
    return (Delivery.status == constant(DeliveryStatus.PENDING.value)) & (
        Delivery.next_attempt_at <= now
    )


class WebhookSender:
    def __init__(self, db: Database, settings: Settings, client: WebhookClient) -> None:
        self.db = db
        self.settings = settings
        self.client = client
        self.worker = PeriodicWorker("webhooks", settings.poll_seconds, self.send_due)
        self._slots = asyncio.Semaphore(settings.webhook_concurrency)
        self._endpoint_slots: dict[str, asyncio.Semaphore] = {}
        # Leased and not yet recorded, in all and per endpoint.
        self._outstanding: Tally[str] = Tally()
        self._room = asyncio.Event()
        self._finished: list[Outcome] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._flushing: asyncio.Task[None] | None = None
        self.on_email: Any = None  # wakes the email sender (set by the app)

    @property
    def outstanding(self) -> int:
        return self._outstanding.total()

    async def send_due(self) -> int:
        """One pass: lease what there is room for and start sending it. Returns how many
        were leased (0: nothing due, or no room until some requests finish)."""
        room = self.settings.webhook_max_outstanding - self.outstanding
        if room <= 0:
            self._room.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._room.wait(), self.settings.poll_seconds)
            return 1  # come straight back: there is work
        per_endpoint = self.settings.webhook_endpoint_concurrency * 4
        busy = [e for e, n in self._outstanding.items() if n >= per_endpoint]
        batch = await self._lease(min(room, self.settings.batch_size), busy)
        bodies: dict[str, bytes] = {}
        for row in batch:
            body = bodies.setdefault(row["event_id"], envelope(row))
            self._outstanding[row["endpoint_id"]] += 1
            task = asyncio.create_task(self._deliver(row, body))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(batch)

    async def drain(self) -> None:
        """Wait for what is in flight and its record (tests, shutdown)."""
        while self._tasks or self._flushing:
            await asyncio.gather(*self._tasks, *(t for t in [self._flushing] if t))

    async def _lease(self, limit: int, busy: list[str]) -> list[dict[str, Any]]:
        now = utcnow()
        async with self.db.transaction() as session:
            stmt = (
                select(
                    Delivery.id,
                    Delivery.endpoint_id,
                    Delivery.event_id,
                    Delivery.attempts,
                    Delivery.retry_until,
                    WebhookEndpoint.url,
                    WebhookEndpoint.status.label("endpoint_status"),
                    WebhookEndpoint.secret,
                    WebhookEndpoint.previous_secret,
                    WebhookEndpoint.previous_secret_expires_at,
                    Event.type,
                    Event.occurred_at,
                    Event.subject_id,
                    Event.sequence,
                    Event.data,
                )
                .join(WebhookEndpoint, WebhookEndpoint.id == Delivery.endpoint_id)
                .join(Event, Event.id == Delivery.event_id)
                .where(due_delivery(now))
                .order_by(Delivery.next_attempt_at)
                .limit(limit)
            )
            if busy:
                stmt = stmt.where(Delivery.endpoint_id.not_in(busy))
            if self.db.dialect == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=Delivery)
            rows = [dict(r) for r in (await session.execute(stmt)).mappings()]
            if rows:
                until = now + timedelta(seconds=self.settings.lease_seconds)
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_([r["id"] for r in rows]))
                    .values(next_attempt_at=until)
                )
                for row in rows:
                    row["leased_until"] = until
        return rows

    def _secrets(self, row: dict[str, Any]) -> list[str]:
        keys = [row["secret"]]
        expires = row["previous_secret_expires_at"]
        if row["previous_secret"] and expires is not None and expires > utcnow():
            keys.append(row["previous_secret"])  # the overlap after a roll
        return keys

    def _endpoint_slot(self, endpoint_id: str) -> asyncio.Semaphore:
        slot = self._endpoint_slots.get(endpoint_id)
        if slot is None:
            slot = asyncio.Semaphore(self.settings.webhook_endpoint_concurrency)
            self._endpoint_slots[endpoint_id] = slot
        return slot

    async def _deliver(self, row: dict[str, Any], body: bytes) -> None:
        endpoint_id = row["endpoint_id"]
        try:
            if row["endpoint_status"] != EndpointStatus.ENABLED:
                result = WebhookResult(None, 0, "endpoint disabled")
            else:
                async with self._endpoint_slot(endpoint_id), self._slots:
                    if utcnow() >= row["leased_until"] - timedelta(seconds=1):
                        return  # waited out its lease: it is someone else's now
                    headers = {
                        signing.SIGNATURE_HEADER: signing.header(
                            self._secrets(row), int(time.time()), body
                        ),
                        signing.EVENT_ID_HEADER: row["event_id"],
                        "User-Agent": "LPX-Webhooks/1",
                    }
                    result = await self.client.post(row["url"], body, headers)
            self._finished.append((row, result, len(body)))
            if self._flushing is None:
                self._flushing = asyncio.create_task(self._flush())
        finally:
            self._outstanding[endpoint_id] -= 1
            if self._outstanding[endpoint_id] <= 0:  # nothing of it waits on its slot
                del self._outstanding[endpoint_id]
                self._endpoint_slots.pop(endpoint_id, None)
            self._room.set()

    async def _flush(self) -> None:
        """Record what finished, in batches, while requests keep finishing."""
        try:
            while self._finished:
                batch, self._finished = self._finished, []
                try:
                    await self._record(batch)
                except Exception:
                    # The deliveries stay leased and go again after the lease: at least
                    # once, never lost.
                    log.exception("recording %d webhook outcomes failed", len(batch))
        finally:
            self._flushing = None
        self.worker.notify()  # retries may be due sooner than the poll

    def _outcome(self, row: dict[str, Any], result: WebhookResult, now: Any) -> dict[str, Any]:
        """The delivery's new values after this attempt (a transition of the table)."""
        attempts = row["attempts"] + 1
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_status_code": result.status_code,
            "last_error": result.error,
        }
        if result.ok:
            status = DeliveryStatus.SUCCEEDED
            values["delivered_at"] = now
        elif row["endpoint_status"] != EndpointStatus.ENABLED or now >= row["retry_until"]:
            status = DeliveryStatus.FAILED
            values["failed_at"] = now
        else:
            status = DeliveryStatus.PENDING
            delay = backoff_seconds(
                attempts,
                self.settings.webhook_backoff_seconds,
                self.settings.webhook_max_backoff_seconds,
            )
            values["next_attempt_at"] = now + timedelta(seconds=delay)
        DELIVERY_LIFECYCLE.check(DeliveryStatus.PENDING, status)
        values["status"] = status
        return values

    async def _record(self, outcomes: list[Outcome]) -> None:
        """One transaction for the whole batch: the common case (a 2xx) is one UPDATE
        per status code, the delivery log one multi-row INSERT. Should it fail, the
        deliveries stay leased and are sent again after the lease: at least once, never
        lost. Endpoints are locked in id order (no deadlocks)."""
        now = utcnow()
        log_rows: list[dict[str, Any]] = []
        failures: dict[str, str | None] = {}  # endpoint -> last error, if none succeeded
        cleared: set[str] = set()
        async with self.db.transaction() as session:
            succeeded: dict[int, list[Outcome]] = {}
            for outcome in outcomes:
                row, result, _size = outcome
                if result.ok:
                    succeeded.setdefault(result.status_code or 200, []).append(outcome)
                    continue
                values = self._outcome(row, result, now)
                changed = await session.execute(
                    update(Delivery)
                    .where(Delivery.id == row["id"], Delivery.status == DeliveryStatus.PENDING)
                    .values(**values)
                )
                if changed.rowcount:
                    log_rows.append(self._log_row(row, result, outcome[2], values["attempts"]))
                    if row["endpoint_status"] == EndpointStatus.ENABLED:
                        failures[row["endpoint_id"]] = result.error
            for code, group in succeeded.items():
                ids = (
                    await session.scalars(
                        update(Delivery)
                        .where(
                            Delivery.id.in_([row["id"] for row, _r, _s in group]),
                            Delivery.status == DeliveryStatus.PENDING,
                        )
                        .values(
                            status=DeliveryStatus.SUCCEEDED,
                            attempts=Delivery.attempts + 1,
                            last_status_code=code,
                            last_error=None,
                            delivered_at=now,
                        )
                        .returning(Delivery.id)
                    )
                ).all()
                done = set(ids)
                for row, result, size in group:
                    if row["id"] in done:  # else settled meanwhile (a redelivery, a replica)
                        log_rows.append(self._log_row(row, result, size, row["attempts"] + 1))
                        cleared.add(row["endpoint_id"])
            if log_rows:
                await session.execute(insert(DeliveryAttempt), log_rows)
            for endpoint_id in sorted(cleared | set(failures)):
                if endpoint_id in cleared:
                    await self._clear_streak(session, endpoint_id)
                else:
                    await self._track_failure(session, endpoint_id, failures[endpoint_id], now)
        for row, result, _size in outcomes:
            ATTEMPTS.labels("ok" if result.ok else "failed").inc()
            if result.ok:
                DELAY.observe(max(0.0, (now - row["occurred_at"]).total_seconds()))

    @staticmethod
    def _log_row(
        row: dict[str, Any], result: WebhookResult, size: int, attempt: int
    ) -> dict[str, Any]:
        return {
            "delivery_id": row["id"],
            "endpoint_id": row["endpoint_id"],
            "event_id": row["event_id"],
            "attempt": attempt,
            "at": utcnow(),
            "request_bytes": size,
            "status_code": result.status_code,
            "latency_ms": result.latency_ms,
            "error": result.error,
        }

    @staticmethod
    async def _clear_streak(session: AsyncSession, endpoint_id: str) -> None:
        """A success ends a failure streak; the common case (none) takes no row lock."""
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.failing_since.is_not(None))
            .values(failing_since=None)
        )

    async def _track_failure(
        self, session: AsyncSession, endpoint_id: str, error: str | None, now: datetime
    ) -> None:
        """An endpoint that has failed for longer than the limit is disabled, what was
        still waiting for it fails (the partner can redeliver after fixing it), and the
        partner is told by email."""
        endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
        if endpoint is None or endpoint.status != EndpointStatus.ENABLED:
            return
        if endpoint.failing_since is None:
            endpoint.failing_since = now
            return
        limit = timedelta(seconds=self.settings.webhook_disable_after_seconds)
        if now - endpoint.failing_since < limit:
            return
        ENDPOINT_LIFECYCLE.check(endpoint.status, EndpointStatus.DISABLED)
        endpoint.status = EndpointStatus.DISABLED
        endpoint.disabled_reason = "every delivery failed for too long"
        endpoint.disabled_at = now
        endpoint.updated_at = now
        await session.execute(
            update(Delivery)
            .where(Delivery.endpoint_id == endpoint_id, Delivery.status == "pending")
            .values(status=DeliveryStatus.FAILED, failed_at=now, last_error="endpoint disabled")
        )
        await tell_partner_disabled(session, endpoint, error, now)
        DISABLED.inc()
        log.warning(
            "webhook endpoint %s disabled after failing since %s",
            endpoint_id,
            endpoint.failing_since.isoformat(),
        )
        if self.on_email is not None:
            self.on_email()
