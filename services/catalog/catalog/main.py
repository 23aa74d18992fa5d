"""Entry point: `uvicorn --factory catalog.main:create_app`."""

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from catalog.api import internal, missions, offerings, tax
from catalog.config import Settings, get_settings
from catalog.models import Base
from lpx_common.app import create_service_app
from lpx_common.db import is_sqlite


async def _open_hold_engine(app: FastAPI) -> None:
    """A small autocommit pool for the one-statement hold path (PostgreSQL only).

    Autocommit: the statement is its own transaction, so no BEGIN/COMMIT round trips. No
    pre-ping either: a connection found dead makes the hold fall back to the general path
    (which runs on the main, pre-pinged pool) instead of costing a ping on every hold.
    """
    settings: Settings = app.state.settings
    app.state.hold_engine = None
    if not is_sqlite(settings.database_url):
        app.state.hold_engine = create_async_engine(
            settings.database_url,
            pool_size=settings.hold_pool_size,
            max_overflow=0,
            pool_recycle=1800,
            isolation_level="AUTOCOMMIT",
        )


async def _close_hold_engine(app: FastAPI) -> None:
    if app.state.hold_engine is not None:
        await app.state.hold_engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Catalog",
        description="missions, offerings, capacity and holds (the inventory authority).",
        # Flat list, hot path first: each router level costs a matching pass per request.
        routers=[internal.router, offerings.router, missions.router, tax.router],
        metadata=Base.metadata,
        on_startup=[_open_hold_engine],
        on_shutdown=[_close_hold_engine],
    )
