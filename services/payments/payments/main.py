"""Entry point: `uvicorn --factory payments.main:create_app`."""

from fastapi import FastAPI

from lpx_common.app import create_service_app
from payments import api
from payments.config import Settings, get_settings
from payments.models import Base


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Payments",
        description="Stripe payments, refunds, the ledger and reconciliation.",
        routers=[api.router],
        metadata=Base.metadata,
    )
