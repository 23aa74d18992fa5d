"""Routes for peer services (payments' outbox). Each message is applied once: the
message id arrives as the Idempotency-Key, and its stored answer commits in the same
transaction as its effect (owner = the calling service)."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from booking.api.shapes import booking_out
from booking.deps import IdempotencyDep, PeerService, PortsDep
from booking.handlers import milestones, payment_reports, refund_reports
from booking.models import Booking
from booking.ports import Ports
from booking.schemas import (
    BookingOut,
    MilestoneEventIn,
    PaymentFailedIn,
    PaymentSucceededIn,
    RefundCompletedIn,
    RefundFailedIn,
)
from lpx_common.auth import Principal
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import BookingId

router = APIRouter(prefix="/v1/internal/bookings", tags=["internal"])

Handler = Callable[[Ports, Principal, str, Any], Awaitable[Booking]]


def _message_route(path: str, body_model: type[BaseModel], handle: Handler, summary: str) -> None:
    """One route per message kind; they differ only in body shape and handler."""

    async def route(
        booking_id: BookingId,
        body: body_model,  # type: ignore[valid-type]  # a concrete model per route
        request: Request,
        caller: PeerService,
        ports: PortsDep,
        store: IdempotencyDep,
        idempotency_key: IdempotencyKey,
    ) -> JSONResponse:
        async def call() -> Booking:
            return await handle(ports, caller, booking_id, body)

        return await store.run_request(
            request, caller, idempotency_key, body, call, render=booking_out
        )

    route.__name__ = path.strip("/").replace("-", "_")
    router.add_api_route(
        "/{booking_id}" + path,
        route,
        methods=["POST"],
        response_model=BookingOut,
        summary=summary,
    )


_message_route(
    "/payment-succeeded",
    PaymentSucceededIn,
    payment_reports.payment_succeeded,
    "Money arrived: commit (or re-allocate) and confirm; what is not kept is owed back",
)
_message_route(
    "/payment-failed",
    PaymentFailedIn,
    payment_reports.payment_failed,
    "The payment failed: the next checkout starts a new payment",
)
_message_route(
    "/refund-completed",
    RefundCompletedIn,
    refund_reports.refund_completed,
    "A refund went through (whoever asked for it): refunded once everything owed is back",
)
_message_route(
    "/refund-failed",
    RefundFailedIn,
    refund_reports.refund_failed,
    "A refund failed after it was asked for: the money is owed again, visibly",
)
_message_route(
    "/milestone-events",
    MilestoneEventIn,
    milestones.milestone_event,
    "An invoice of a milestone was finalized, paid, failed, voided or became overdue",
)
