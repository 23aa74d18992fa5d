"""Background work started with the app: the Stripe event processor (which also
re-submits refunds that never reached Stripe) and the outbox relay to booking."""

import logging
import math
import time
from datetime import timedelta

from fastapi import FastAPI

from lpx_common.clock import utcnow
from lpx_common.http import ServiceClient
from lpx_common.outbox import OutboxRelay
from lpx_common.workers import PeriodicWorker
from payments.clients.stripe_api import StripeApi
from payments.config import Settings
from payments.domain import events, refunds
from payments.domain.context import Ports
from payments.finance.domain import refund_followups, refund_watch
from payments.models import outbox_messages

log = logging.getLogger("payments.workers")

# A refund row not sent to Stripe this long after its last try is sent again.
REFUND_RESUBMIT_AFTER = timedelta(seconds=5)


class EventProcessor(PeriodicWorker):
    """Processes stored Stripe events (and re-submits stuck refunds) in the background."""

    def __init__(self, ports: Ports, settings: Settings, *, batch_size: int = 20) -> None:
        super().__init__(
            "stripe-event-processor", settings.event_poll_seconds, self.run_once, batch=batch_size
        )
        self.ports = ports
        self.settings = settings
        self.batch_size = batch_size
        self._swept_at = -math.inf

    async def run_once(self) -> int:
        claimed = await events.claim_due(
            self.ports, limit=self.batch_size, lease=timedelta(seconds=60)
        )
        for event in claimed:
            await events.process_event(
                self.ports, event, max_attempts=self.settings.event_max_attempts
            )
        # The refund sweeps are a safety net with their own delays: once per interval, not
        # on every pass (each webhook wakes the processor, and a pass that found events
        # is followed by another; sweeping on each was two thirds of payments' queries).
        if time.monotonic() - self._swept_at >= self.settings.event_poll_seconds:
            self._swept_at = time.monotonic()
            await self._sweep_refunds()
        return len(claimed)

    async def _sweep_refunds(self) -> None:
        async with self.ports.db.read() as session:
            pending = await refunds.unsubmitted_refunds(session, REFUND_RESUBMIT_AFTER)
        for refund_id in pending:
            await refunds.submit_refund(self.ports, refund_id)
        async with self.ports.db.read() as session:
            unfinished = await refund_followups.due_followups(session)
        for refund_id in unfinished:
            await refund_followups.run_followups(self.ports, refund_id)


def refund_gauges(ports: Ports, settings: Settings) -> PeriodicWorker:
    """Keeps the refund gauges on /metrics current (independent of /readyz)."""
    grace = timedelta(seconds=settings.refund_due_grace_seconds)

    async def refresh() -> int:
        await refund_watch.refund_health(ports.db, utcnow(), grace)
        return 0

    return PeriodicWorker("refund-gauges", settings.money_metrics_poll_seconds, refresh)


async def start_workers(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    stripe_api = StripeApi(settings)
    booking = ServiceClient(
        "booking",
        settings.booking_url,
        app.state.token_codec,
        timeout=settings.http_timeout_seconds,
    )
    notifications = ServiceClient(
        "notifications",
        settings.notifications_url,
        app.state.token_codec,
        timeout=settings.http_timeout_seconds,
    )
    app.state.notifications_client = notifications
    relay = OutboxRelay(
        app.state.db,
        outbox_messages,
        {"booking": booking, "notifications": notifications},
        poll_seconds=settings.outbox_poll_seconds,
    )
    ports = Ports(db=app.state.db, stripe=stripe_api, outbox_written=relay.notify)
    processor = EventProcessor(ports, settings)
    gauges = refund_gauges(ports, settings)
    app.state.refund_gauges = gauges
    gauges.start()
    app.state.stripe_api = stripe_api
    app.state.booking_client = booking
    app.state.relay = relay
    app.state.ports = ports
    app.state.event_processor = processor
    if settings.outbox_relay_enabled:
        relay.start()
    if settings.event_processor_enabled:
        processor.start()


async def stop_workers(app: FastAPI) -> None:
    await app.state.event_processor.stop()
    await app.state.refund_gauges.stop()
    await app.state.relay.stop()
    await app.state.booking_client.aclose()
    await app.state.notifications_client.aclose()
    await app.state.stripe_api.aclose()
