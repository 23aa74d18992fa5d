"""Booking's client of payments: start a checkout. Refunds, invoices and checkout
expiry are asked for through the outbox (paths below)."""

from typing import Any

from booking.clients._problems import peer_problem
from lpx_common.errors import ServiceUnavailable
from lpx_common.http import ServiceClient, path_for

REFUNDS_PATH = "/v1/internal/refunds"
INVOICES_PATH = "/v1/internal/invoices"


def expire_payment_path(payment_id: str) -> str:
    return path_for("/v1/internal/payments/{payment_id}/expire", payment_id=payment_id)


class PaymentsClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def start_payment(self, body: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        response = await self.http.request(
            "POST", "/v1/internal/payments", json=body, idempotency_key=idempotency_key
        )
        if response.status_code in (200, 201):
            return response.json()
        if response.status_code in (404, 405):
            # a payments service without this route cannot take money yet: that is an
            # outage from the buyer's point of view, not a missing booking
            raise ServiceUnavailable(
                "Payments cannot start a checkout right now; try again shortly.",
                code="payments-unavailable",
            )
        raise peer_problem("payments", response)
