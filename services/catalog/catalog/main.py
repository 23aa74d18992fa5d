"""Entry point: `uvicorn --factory catalog.main:create_app`."""

from fastapi import FastAPI

from catalog import api
from catalog.config import Settings, get_settings
from catalog.models import Base
from lpx_common.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Catalog",
        description="missions, offerings, capacity and holds (the inventory authority).",
        routers=[api.router],
        metadata=Base.metadata,
    )
