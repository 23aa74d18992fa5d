"""Entry point: `uvicorn --factory gateway.main:create_app`."""

from fastapi import FastAPI

from gateway import api
from gateway.config import Settings, get_settings
from gateway.models import Base
from lpx_common.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Gateway",
        description="the one public entry: routing, identity, rate limits and storefront pages.",
        routers=[api.router],
        metadata=Base.metadata,
    )
