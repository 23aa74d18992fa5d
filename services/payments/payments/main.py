"""Entry point: `uvicorn --factory payments.main:create_app`."""

from typing import Any

from fastapi import FastAPI

from lpx_common.app import create_service_app
from lpx_common.auth import require
from lpx_common.outbox import failed_messages_router
from payments import api, finance
from payments.config import Settings, get_settings
from payments.domain import events
from payments.domain.context import Ports
from payments.models import Base, outbox_messages
from payments.workers import start_workers, stop_workers


async def _invoice_event(ports: Ports, event: dict[str, Any]) -> str:
    return await finance.handle_invoice_event(
        ports.db, ports.stripe.client, event, ports.outbox_written
    )


async def _payout_event(ports: Ports, event: dict[str, Any]) -> str:
    return await finance.handle_payout_event(ports.db, ports.stripe.client, event)


for _type in finance.INVOICE_EVENTS:
    events.register_handler(_type, _invoice_event)
for _type in finance.PAYOUT_EVENTS:
    events.register_handler(_type, _payout_event)


async def _ledger_event(ports: Ports, event: dict[str, Any]) -> str:
    return await finance.handle_ledger_event(ports.db, ports.stripe.client, event)


# Last for every event type: whatever the handlers above booked is then in the report.
for _type in list(events.HANDLERS):
    events.register_handler(_type, _ledger_event)


def stripe_event_types() -> list[str]:
    """The event types to enable on Stripe's webhook endpoint: those a handler acts on
    (services/payments/README.md lists them for operators)."""
    return sorted(t for t in events.HANDLERS if events.acted_on(t))


async def _share_stripe_client(app: FastAPI) -> None:
    # Finance's code looks for the SDK client here; one client, one connection pool.
    app.state.stripe = app.state.stripe_api.client


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    return create_service_app(
        settings,
        title="Lunar Payload Exchange — Payments",
        description="Stripe payments, refunds, the ledger and reconciliation.",
        routers=[
            failed_messages_router(
                "/v1/finance/outbox/failed", outbox_messages, require(roles=("finance", "operator"))
            ),
            api.router,
            finance.router,
        ],
        metadata=Base.metadata,
        on_startup=[start_workers, _share_stripe_client],
        on_shutdown=[stop_workers],
    )
