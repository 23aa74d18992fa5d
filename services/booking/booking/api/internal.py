"""Routes for peer services (payments' outbox). Each message is applied once: the
message id arrives as the Idempotency-Key and the store replays the first answer
(owner = the calling service)."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from booking.api.shapes import booking_out
from booking.deps import BookingsDep, IdempotencyDep, PeerService
from booking.models import Booking
from booking.schemas import (
    BookingOut,
    MilestoneEventIn,
    PaymentFailedIn,
    PaymentSucceededIn,
    RefundCompletedIn,
)
from booking.service import BookingService
from lpx_common.auth import Principal
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import BookingId

router = APIRouter(prefix="/v1/internal/bookings", tags=["internal"])

Apply = Callable[[BookingService, Principal, str, Any], Awaitable[Booking]]


def _message_route(path: str, body_model: type[BaseModel], apply: Apply, summary: str) -> None:
    """One route per message kind; they differ only in body shape and domain call."""

    async def handle(
        booking_id: BookingId,
        body: body_model,  # type: ignore[valid-type]  # a concrete model per route
        request: Request,
        caller: PeerService,
        service: BookingsDep,
        store: IdempotencyDep,
        idempotency_key: IdempotencyKey,
    ) -> JSONResponse:
        async def call() -> BookingOut:
            return booking_out(await apply(service, caller, booking_id, body))

        return await store.run_request(request, caller, idempotency_key, body, call)

    handle.__name__ = path.strip("/").replace("-", "_")
    router.add_api_route(
        "/{booking_id}" + path,
        handle,
        methods=["POST"],
        response_model=BookingOut,
        summary=summary,
    )


_message_route(
    "/payment-succeeded",
    PaymentSucceededIn,
    BookingService.payment_succeeded,
    "Money arrived: commit (or re-allocate) and confirm, else refund",
)
_message_route(
    "/payment-failed",
    PaymentFailedIn,
    BookingService.payment_failed,
    "The payment failed: the next checkout starts a new payment",
)
_message_route(
    "/refund-completed",
    RefundCompletedIn,
    BookingService.refund_completed,
    "A refund went through: record it; refunded once everything owed is back",
)
_message_route(
    "/milestone-events",
    MilestoneEventIn,
    BookingService.milestone_event,
    "An invoice of a milestone was finalized, paid, failed, voided or became overdue",
)
