"""Entry point: `uvicorn --factory booking.main:create_app`."""

from functools import partial
from typing import Any

import httpx
from fastapi import FastAPI

from booking import api
from booking.clients.catalog import CatalogClient
from booking.clients.payments import PaymentsClient
from booking.config import Settings, get_settings
from booking.handlers import ballot_places, expiry, milestones, mission_events, waitlist_offers
from booking.models import Base, outbox_messages
from booking.ports import Ports
from lpx_common.app import create_service_app
from lpx_common.auth import require
from lpx_common.http import ServiceClient
from lpx_common.outbox import OutboxRelay, failed_messages_router
from lpx_common.waiting import ChangeSignals
from lpx_common.workers import PeriodicWorker


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    async def start(app: FastAPI) -> None:
        async def capacity_back(message: dict[str, Any], _response: httpx.Response) -> None:
            """A hold went back to the catalog: a waiting list may offer it now."""
            if message["destination"] == "catalog" and message["path"].endswith("/release"):
                ports.waitlist_changed()

        codec = app.state.token_codec
        timeout = settings.http_timeout_seconds
        catalog_http = ServiceClient("catalog", settings.catalog_url, codec, timeout=timeout)
        payments_http = ServiceClient("payments", settings.payments_url, codec, timeout=timeout)
        notifications_http = ServiceClient(
            "notifications", settings.notifications_url, codec, timeout=timeout
        )
        app.state.http_clients = [catalog_http, payments_http, notifications_http]
        relay = OutboxRelay(
            app.state.db,
            outbox_messages,
            {
                "catalog": catalog_http,
                "payments": payments_http,
                "notifications": notifications_http,
            },
            poll_seconds=settings.outbox_poll_seconds,
            on_delivered=capacity_back,
        )
        ports = Ports(
            app.state.db,
            settings,
            CatalogClient(catalog_http),
            PaymentsClient(payments_http),
            relay.notify if settings.outbox_enabled else (lambda: None),
        )
        app.state.changes = ChangeSignals(settings.max_waiting_reads)
        ports.bookings_changed = app.state.changes.changed
        app.state.ports = ports
        waitlists = PeriodicWorker(
            "waitlists",
            settings.waitlist_poll_seconds,
            partial(waitlist_offers.run_waitlists, ports),
        )
        ports.waitlist_changed = waitlists.notify
        app.state.workers = []
        if settings.outbox_enabled:
            relay.start()
            app.state.workers.append(relay)
        if settings.workers_enabled:
            for worker in (
                PeriodicWorker(
                    "expiry", settings.expiry_poll_seconds, partial(expiry.expire_due_holds, ports)
                ),
                PeriodicWorker(
                    "mission-events",
                    settings.mission_events_poll_seconds,
                    partial(mission_events.poll_mission_events, ports),
                ),
                PeriodicWorker(
                    "milestones",
                    settings.milestone_poll_seconds,
                    partial(milestones.invoice_dated_milestones, ports),
                ),
                PeriodicWorker(
                    "ballots",
                    settings.ballot_poll_seconds,
                    partial(ballot_places.run_ballots, ports),
                ),
                waitlists,
                PeriodicWorker(
                    "refund-watch",
                    settings.refund_watch_seconds,
                    partial(expiry.watch_refunds_owed, ports),
                ),
            ):
                worker.start()
                app.state.workers.append(worker)

    async def stop(app: FastAPI) -> None:
        for worker in reversed(app.state.workers):
            await worker.stop()
        for client in app.state.http_clients:
            await client.aclose()

    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Booking",
        description="bookings and their lifecycle, from hold to flight.",
        routers=[
            # Before api.router: its /v1/bookings/{booking_id} would take this path.
            failed_messages_router(
                "/v1/bookings/outbox/failed",
                outbox_messages,
                require(roles=("operator", "finance")),
            ),
            api.router,
        ],
        metadata=Base.metadata,
        on_startup=[start],
        on_shutdown=[stop],
    )
