"""Entry point: ``uvicorn --factory stripe_standin.main:create_app``.

A local stand-in for the subset of Stripe's API the platform uses. Routers are a list
so further resources (invoices, payouts, …) plug in with one line.
"""

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from stripe_standin import cash_balance, customers, invoice_adjustments, invoices, payouts_sync
from stripe_standin import operations as ops
from stripe_standin.api import checkout, control, events, hosted, payments, payouts
from stripe_standin.config import StandinSettings
from stripe_standin.errors import StripeError, stripe_error_handler
from stripe_standin.store import Store
from stripe_standin.webhooks import WebhookDeliverer

log = logging.getLogger("stripe_standin")

ROUTERS: list[APIRouter] = [
    checkout.router,
    payments.router,
    events.router,
    payouts.router,
    hosted.router,
    control.router,
    customers.router,
    invoices.router,
    invoice_adjustments.router,
    cash_balance.router,
    payouts_sync.router,
]


async def _sweeper(store: Store, seconds: float) -> None:
    """Stripe expires open sessions at their ``expires_at`` by itself; so do we."""
    while True:
        await asyncio.sleep(seconds)
        try:
            async with store.lock:
                ops.sweep_expired(store)
        except Exception:
            log.exception("session sweep failed")


class RequestIdMiddleware:
    """Every API answer names its request (``Request-Id: req_...``), as Stripe's do; the
    SDK reads it into ``last_response.request_id`` and its errors."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        request_id = b"req_" + secrets.token_hex(7).encode()

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"request-id", request_id)]
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(settings: StandinSettings | None = None) -> FastAPI:
    settings = settings or StandinSettings.from_env()
    logging.basicConfig(level=logging.INFO)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await app.state.deliverer.start()
        sweeper = asyncio.create_task(_sweeper(app.state.store, settings.sweep_seconds))
        try:
            yield
        finally:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
            await app.state.deliverer.stop()

    app = FastAPI(
        title="Stripe stand-in",
        description="Local stand-in for the subset of Stripe's API the platform uses "
        "(dev and tests only).",
        lifespan=lifespan,
    )
    store = Store()
    deliverer = WebhookDeliverer(settings)
    store.on_event = lambda event, delay: deliverer.send(event, delay=delay)
    app.state.settings = settings
    app.state.store = store
    app.state.deliverer = deliverer
    app.add_exception_handler(StripeError, stripe_error_handler)
    app.add_middleware(RequestIdMiddleware)

    @app.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    for router in ROUTERS:
        app.include_router(router)
    return app
