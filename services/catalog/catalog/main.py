"""Entry point: `uvicorn --factory catalog.main:create_app`."""

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from catalog.api import internal, missions, offerings, tax
from catalog.config import Settings, get_settings
from catalog.domain.fast_holds import FastHolds
from catalog.models import Base, outbox_messages
from lpx_common.app import create_service_app
from lpx_common.db import is_sqlite
from lpx_common.http import ServiceClient
from lpx_common.outbox import OutboxRelay


async def _open_fast_holds(app: FastAPI) -> None:
    """The one-statement hold path and its small autocommit pool (PostgreSQL only).

    Autocommit: the statement is its own transaction, so no BEGIN/COMMIT round trips. No
    pre-ping either: a connection found dead makes the hold fall back to the general path
    (which runs on the main, pre-pinged pool) instead of costing a ping on every hold.
    """
    settings: Settings = app.state.settings
    app.state.fast_holds = None
    if not is_sqlite(settings.database_url):
        engine = create_async_engine(
            settings.database_url,
            pool_size=settings.hold_pool_size,
            max_overflow=0,
            pool_recycle=1800,
            isolation_level="AUTOCOMMIT",
        )
        app.state.fast_holds = FastHolds(engine)


async def _close_fast_holds(app: FastAPI) -> None:
    if app.state.fast_holds is not None:
        await app.state.fast_holds.dispose()


async def _start_relay(app: FastAPI) -> None:
    """Mission events to notifications, through the outbox, after their commit."""
    settings: Settings = app.state.settings
    client = ServiceClient(
        "notifications",
        settings.notifications_url,
        app.state.token_codec,
        timeout=settings.http_timeout_seconds,
    )
    app.state.notifications_client = client
    app.state.relay = OutboxRelay(
        app.state.db,
        outbox_messages,
        {"notifications": client},
        poll_seconds=settings.outbox_poll_seconds,
    )
    if settings.outbox_enabled:
        app.state.relay.start()


async def _stop_relay(app: FastAPI) -> None:
    await app.state.relay.stop()
    await app.state.notifications_client.aclose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Catalog",
        description="missions, offerings, capacity and holds (the inventory authority).",
        # Flat list, hot path first: each router level costs a matching pass per request.
        routers=[internal.router, offerings.router, missions.router, tax.router],
        metadata=Base.metadata,
        on_startup=[_open_fast_holds, _start_relay],
        on_shutdown=[_close_fast_holds, _stop_relay],
    )
