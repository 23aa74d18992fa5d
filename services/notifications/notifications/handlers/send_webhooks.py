"""The webhook sender: a background loop that POSTs due deliveries, signed, and records
every attempt in the endpoint's delivery log.

Leasing works as for emails (``next_attempt_at`` pushed past the lease before sending),
so a process killed mid-delivery leaves the delivery to be sent again once the lease runs
out: each event arrives at least once; receivers deduplicate on the event id header.
Each attempt is signed afresh, with its own timestamp.
"""

import asyncio
import json
import logging
import time
from datetime import timedelta
from typing import Any

from prometheus_client import Counter, Histogram
from sqlalchemy import delete, select, update

from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.workers import PeriodicWorker
from notifications.clients.webhooks import WebhookClient, WebhookResult
from notifications.config import Settings
from notifications.domain import signing
from notifications.domain.retry import backoff_seconds
from notifications.domain.states import (
    DELIVERY_LIFECYCLE,
    ENDPOINT_LIFECYCLE,
    DeliveryStatus,
    EndpointStatus,
)
from notifications.models import Delivery, DeliveryAttempt, Event, WebhookEndpoint

log = logging.getLogger("notifications.webhooks")
ATTEMPTS = Counter("webhook_attempts_total", "Webhook delivery attempts", ["outcome"])
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


class WebhookSender:
    def __init__(self, db: Database, settings: Settings, client: WebhookClient) -> None:
        self.db = db
        self.settings = settings
        self.client = client
        self.worker = PeriodicWorker("webhooks", settings.poll_seconds, self.send_due)

    async def send_due(self) -> int:
        batch = await self._lease()
        outcomes = await asyncio.gather(*(self._deliver(row) for row in batch))
        if outcomes:
            await self._record(list(outcomes))
        return len(batch)

    async def _lease(self) -> list[dict[str, Any]]:
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
                .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
                .order_by(Delivery.next_attempt_at)
                .limit(self.settings.batch_size)
            )
            if self.db.dialect == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=Delivery)
            rows = [dict(r) for r in (await session.execute(stmt)).mappings()]
            if rows:
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_([r["id"] for r in rows]))
                    .values(next_attempt_at=now + timedelta(seconds=self.settings.lease_seconds))
                )
        return rows

    def _secrets(self, row: dict[str, Any]) -> list[str]:
        keys = [row["secret"]]
        expires = row["previous_secret_expires_at"]
        if row["previous_secret"] and expires is not None and expires > utcnow():
            keys.append(row["previous_secret"])  # the overlap after a roll
        return keys

    async def _deliver(self, row: dict[str, Any]) -> tuple[dict[str, Any], WebhookResult, int]:
        body = envelope(row)
        if row["endpoint_status"] != EndpointStatus.ENABLED:
            return row, WebhookResult(None, 0, "endpoint disabled"), len(body)
        headers = {
            signing.SIGNATURE_HEADER: signing.header(self._secrets(row), int(time.time()), body),
            signing.EVENT_ID_HEADER: row["event_id"],
            "User-Agent": "LPX-Webhooks/1",
        }
        return row, await self.client.post(row["url"], body, headers), len(body)

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

    async def _record(self, outcomes: list[tuple[dict[str, Any], WebhookResult, int]]) -> None:
        """One transaction for the whole batch (one commit instead of one per delivery).
        Should it fail, the deliveries stay leased and are sent again after the lease:
        at least once, never lost. Endpoints are locked in id order (no deadlocks)."""
        now = utcnow()
        outcomes = sorted(outcomes, key=lambda o: (o[0]["endpoint_id"], o[0]["id"]))
        cleared: set[str] = set()
        async with self.db.transaction() as session:
            for row, result, size in outcomes:
                values = self._outcome(row, result, now)
                changed = await session.execute(
                    update(Delivery)
                    .where(Delivery.id == row["id"], Delivery.status == DeliveryStatus.PENDING)
                    .values(**values)
                )
                if not changed.rowcount:
                    continue  # settled meanwhile (a redelivery asked for, another replica)
                session.add(
                    DeliveryAttempt(
                        delivery_id=row["id"],
                        endpoint_id=row["endpoint_id"],
                        event_id=row["event_id"],
                        attempt=values["attempts"],
                        at=now,
                        request_bytes=size,
                        status_code=result.status_code,
                        latency_ms=result.latency_ms,
                        error=result.error,
                    )
                )
                if row["endpoint_status"] != EndpointStatus.ENABLED:
                    continue
                if result.ok and row["endpoint_id"] in cleared:
                    continue  # its failure streak is already cleared in this batch
                await self._track_endpoint(session, row["endpoint_id"], result.ok, now)
                if result.ok:
                    cleared.add(row["endpoint_id"])
        for row, result, _size in outcomes:
            ATTEMPTS.labels("ok" if result.ok else "failed").inc()
            if result.ok:
                DELAY.observe(max(0.0, (now - row["occurred_at"]).total_seconds()))

    async def _track_endpoint(self, session: Any, endpoint_id: str, ok: bool, now: Any) -> None:
        """An endpoint that has failed for longer than the limit is disabled, and what
        was still waiting for it fails (the partner can redeliver after fixing it)."""
        if ok:
            # The common case takes no row lock: it only clears a failure streak if any.
            await session.execute(
                update(WebhookEndpoint)
                .where(
                    WebhookEndpoint.id == endpoint_id, WebhookEndpoint.failing_since.is_not(None)
                )
                .values(failing_since=None)
            )
            return
        endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
        if endpoint is None or endpoint.status != EndpointStatus.ENABLED:
            return
        if endpoint.failing_since is None:
            endpoint.failing_since = now
            return
        limit = timedelta(seconds=self.settings.webhook_disable_after_seconds)
        if now - endpoint.failing_since >= limit:
            ENDPOINT_LIFECYCLE.check(endpoint.status, EndpointStatus.DISABLED)
            endpoint.status = EndpointStatus.DISABLED
            endpoint.disabled_reason = "every delivery failed for too long"
            endpoint.updated_at = now
            await session.execute(
                update(Delivery)
                .where(Delivery.endpoint_id == endpoint_id, Delivery.status == "pending")
                .values(status=DeliveryStatus.FAILED, failed_at=now, last_error="endpoint disabled")
            )
            log.warning(
                "webhook endpoint %s disabled after failing since %s",
                endpoint_id,
                endpoint.failing_since.isoformat(),
            )
