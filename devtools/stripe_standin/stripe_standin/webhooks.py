"""Webhook delivery as Stripe does it: JSON event, ``Stripe-Signature: t=…,v1=…`` where
v1 is HMAC-SHA256(secret, f"{t}.{raw_body}"), retried with backoff until a 2xx."""

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from stripe_standin.config import StandinSettings

log = logging.getLogger("stripe_standin.webhooks")


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


@dataclass
class Delivery:
    event_id: str
    attempt: int
    status: int | None
    error: str | None
    at: int = field(default_factory=lambda: int(time.time()))


class WebhookDeliverer:
    def __init__(self, settings: StandinSettings) -> None:
        self.settings = settings
        self.deliveries: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=self.settings.webhook_timeout_seconds)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._client:
            await self._client.aclose()

    def send(self, event: dict[str, Any], *, delay: float = 0.0) -> None:
        """Queue delivery of ``event`` (a no-op when no webhook URL is configured, or the
        endpoint is not enabled for the event's type)."""
        enabled = self.settings.webhook_events
        if not self.settings.webhook_url or (enabled is not None and event["type"] not in enabled):
            return
        task = asyncio.create_task(self._deliver(event, delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, event: dict[str, Any], delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        assert self._client is not None and self.settings.webhook_url
        payload = json.dumps(event, separators=(",", ":"))
        for attempt in range(1, self.settings.webhook_max_attempts + 1):
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": sign(payload, self.settings.webhook_secret),
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            }
            status, error = None, None
            try:
                response = await self._client.post(
                    self.settings.webhook_url, content=payload, headers=headers
                )
                status = response.status_code
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            self.deliveries.append(Delivery(event["id"], attempt, status, error))
            if status is not None and 200 <= status < 300:
                event["pending_webhooks"] = 0
                return
            log.warning("webhook %s attempt %d failed: %s", event["id"], attempt, status or error)
            backoff = self.settings.webhook_retry_base_seconds * 2 ** (attempt - 1)
            await asyncio.sleep(min(30.0, backoff))
        log.error("webhook %s gave up after %d attempts", event["id"], attempt)
