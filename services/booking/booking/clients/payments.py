"""Booking's client of payments: start a checkout. Everything else booking asks of
payments goes through the outbox (see ``clients/outbox.py``)."""

import hashlib
import json
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

    async def start_payment(self, body: CheckoutRequest, attempt_key: str) -> PaymentView:
        """``attempt_key`` names the checkout attempt. A retry of the attempt recomputes the
        session's end, so the key also carries the body's digest: the same body replays,
        a new one is a new request that payments answers with the booking's open session
        (it keeps one live session per booking) instead of a 422 for a reused key."""
        payload = body.model_dump(mode="json")
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
        response = await self.http.request(
            "POST",
            "/v1/internal/payments",
            json=payload,
            idempotency_key=f"{attempt_key}:{digest}",
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
