"""Background work started with the app: the Stripe event processor (which also
re-submits refunds that never reached Stripe) and the outbox relay to booking."""

import logging
from datetime import timedelta

from fastapi import FastAPI

from lpx_common.http import ServiceClient
from lpx_common.outbox import OutboxRelay
from lpx_common.workers import PeriodicWorker
from payments import finance
from payments.clients.stripe_api import StripeApi
from payments.config import Settings
from payments.domain import events, refunds
from payments.domain.context import Ports
from payments.models import outbox_messages

log = logging.getLogger("payments.workers")

# A refund row not sent to Stripe this long after its last try is sent again.
REFUND_RESUBMIT_AFTER = timedelta(seconds=5)


class EventProcessor(PeriodicWorker):
    """Processes stored Stripe events (and re-submits stuck refunds) in the background."""

    def __init__(self, ports: Ports, settings: Settings, *, batch_size: int = 20) -> None:
        super().__init__("stripe-event-processor", settings.event_poll_seconds, self.run_once)
        self.ports = ports
        self.settings = settings
        self.batch_size = batch_size

    async def run_once(self) -> int:
        ids = await events.claim_due(self.ports, limit=self.batch_size, lease=timedelta(seconds=60))
        for event_id in ids:
            await events.process_event(
                self.ports, event_id, max_attempts=self.settings.event_max_attempts
            )
        async with self.ports.db.read() as session:
            pending = await refunds.unsubmitted_refunds(session, REFUND_RESUBMIT_AFTER)
        for refund_id in pending:
            await refunds.submit_refund(self.ports, refund_id)
        return len(ids)


async def start_workers(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    stripe_api = StripeApi(settings)
    booking = ServiceClient(
        "booking",
        settings.booking_url,
        app.state.token_codec,
        timeout=settings.http_timeout_seconds,
    )
    relay = OutboxRelay(
        app.state.db,
        outbox_messages,
        {"booking": booking},
        poll_seconds=settings.outbox_poll_seconds,
        on_delivered=finance.booking_answer_recorder(app.state.db),
    )
    ports = Ports(db=app.state.db, stripe=stripe_api, outbox_written=relay.notify)
    processor = EventProcessor(ports, settings)
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
    await app.state.relay.stop()
    await app.state.booking_client.aclose()
    await app.state.stripe_api.aclose()
