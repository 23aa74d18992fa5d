"""Entry point: `uvicorn --factory booking.main:create_app`."""

from fastapi import FastAPI

from booking import api
from booking.config import Settings, get_settings
from booking.models import Base
from lpx_common.app import create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Booking",
        description="bookings and their lifecycle, from hold to flight.",
        routers=[api.router],
        metadata=Base.metadata,
    )
