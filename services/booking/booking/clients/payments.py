"""Booking's client of payments: start a checkout. Everything else booking asks of
payments goes through the outbox (see ``clients/outbox.py``)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from booking.clients._problems import peer_problem
from lpx_common.errors import ServiceUnavailable
from lpx_common.http import ServiceClient


class CheckoutRequest(BaseModel):
    booking_id: str
    amount_minor: int
    currency: str
    expires_at: datetime
    customer_email: str
    description: str
    success_url: str
    cancel_url: str
    locale: str = "auto"  # Stripe Checkout's page language


class PaymentView(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    checkout_url: str | None = None
    expires_at: datetime | None = None


class PaymentsClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def start_payment(self, body: CheckoutRequest, idempotency_key: str) -> PaymentView:
        response = await self.http.request(
            "POST",
            "/v1/internal/payments",
            json=body.model_dump(mode="json"),
            idempotency_key=idempotency_key,
        )
        if response.status_code in (200, 201):
            return PaymentView.model_validate_json(response.content)
        if response.status_code in (404, 405):
            # a payments service without this route cannot take money yet: that is an
            # outage from the buyer's point of view, not a missing booking
            raise ServiceUnavailable(
                "Payments cannot start a checkout right now; try again shortly.",
                code="payments-unavailable",
            )
        raise peer_problem("payments", response)
