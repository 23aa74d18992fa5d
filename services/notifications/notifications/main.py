"""Entry point: `uvicorn --factory notifications.main:create_app`."""

import asyncio
import contextlib
from datetime import timedelta
from functools import partial

from fastapi import FastAPI

from lpx_common.app import create_service_app
from lpx_common.workers import PeriodicWorker
from notifications.api import emails, endpoints, internal
from notifications.clients.webhooks import WebhookClient
from notifications.config import Settings, get_settings
from notifications.handlers.send_emails import EmailSender
from notifications.handlers.send_webhooks import WebhookSender, purge_delivery_log
from notifications.models import Base


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    async def start(app: FastAPI) -> None:
        client = WebhookClient(
            timeout=settings.webhook_timeout_seconds,
            max_response_bytes=settings.webhook_max_response_bytes,
            allow_loopback=settings.webhook_allow_loopback,
            allow_http=settings.webhook_allow_http,
            per_origin_connections=settings.webhook_endpoint_concurrency,
        )
        app.state.webhook_client = client
        email_sender = EmailSender(app.state.db, settings)
        webhook_sender = WebhookSender(app.state.db, settings, client)
        webhook_sender.on_email = email_sender.worker.notify
        app.state.webhook_sender = webhook_sender
        app.state.email_sender = email_sender
        senders = [email_sender, webhook_sender]
        purge = PeriodicWorker(
            "delivery-log-purge",
            settings.delivery_log_purge_seconds,
            partial(purge_delivery_log, app.state.db, timedelta(days=settings.delivery_log_days)),
        )
        app.state.workers = []
        if settings.workers_enabled:
            for worker in (*(sender.worker for sender in senders), purge):
                worker.start()
                app.state.workers.append(worker)

        def wake_senders(*, emails: bool = True, webhooks: bool = True) -> None:
            # The senders only: the delivery-log purge keeps its own hourly pace.
            if emails:
                email_sender.worker.notify()
            if webhooks:
                webhook_sender.worker.notify()

        app.state.wake_senders = wake_senders

    async def stop(app: FastAPI) -> None:
        for worker in reversed(app.state.workers):
            await worker.stop()
        # Requests in flight finish and are recorded; anything cut short is sent again
        # after its lease.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(app.state.webhook_sender.drain(), 5.0)
        await app.state.webhook_client.aclose()
        app.state.email_sender.sender.close()

    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Notifications",
        description="emails to customers and signed webhooks to partners.",
        routers=[internal.router, endpoints.router, emails.router],
        metadata=Base.metadata,
        on_startup=[start],
        on_shutdown=[stop],
    )
