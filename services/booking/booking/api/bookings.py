"""Public booking routes (reached through the gateway)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from booking.api.shapes import booking_out, checkout_out, history_item
from booking.deps import (
    Changer,
    ChangesDep,
    CompanyReader,
    Creator,
    IdempotencyDep,
    PortsDep,
    Reader,
    Reviewer,
)
from booking.domain.states import Status
from booking.handlers import cancel as cancelling
from booking.handlers import checkout as checking_out
from booking.handlers import confirmation as confirming
from booking.handlers import create, queries
from booking.handlers import review as reviewing
from booking.handlers.queries import ListFilters
from booking.models import Booking
from booking.schemas import (
    BookingCreate,
    BookingOut,
    BusinessEventIn,
    CancelIn,
    CancellationPreviewOut,
    CheckoutOut,
    CompanyOut,
    ConfirmationIn,
    HistoryOut,
    ReviewIn,
)
from lpx_common.clock import as_utc
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import BookingId, MissionId, OfferingId
from lpx_common.pagination import Cursor, Limit, Page
from lpx_common.waiting import etag_matches, prefer_wait, read_when_changed

router = APIRouter(prefix="/v1/bookings", tags=["bookings"])

OptionalIdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Optional: a retry with the same key replays the first response.",
    ),
]


@router.post(
    "",
    status_code=201,
    response_model=BookingOut,
    summary="Book capacity: holds it at the catalog (Idempotency-Key required)",
)
async def create_booking(
    body: BookingCreate,
    request: Request,
    principal: Creator,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    async def call() -> Booking:
        return await create.create_booking(ports, principal, body)

    return await store.run_request(
        request, principal, idempotency_key, body, call, status_code=201, render=booking_out
    )


@router.get("", response_model=Page[BookingOut], summary="Bookings the caller may see")
async def list_bookings(
    principal: Reader,
    ports: PortsDep,
    limit: Limit = 50,
    cursor: Cursor = None,
    status: Annotated[Status | None, Query()] = None,
    mission_id: MissionId | None = None,
    offering_id: OfferingId | None = None,
    updated_since: Annotated[datetime | None, Query()] = None,
    company_email: Annotated[
        str | None,
        Query(min_length=3, max_length=320, description="A company account's bookings."),
    ] = None,
    overdue: Annotated[
        bool | None, Query(description="Only bookings with (true) or without overdue milestones.")
    ] = None,
) -> Page[BookingOut]:
    filters = ListFilters(
        status=status,
        mission_id=mission_id,
        offering_id=offering_id,
        updated_since=as_utc(updated_since) if updated_since else None,
        company_email=company_email,
        overdue=overdue,
    )
    rows, next_cursor = await queries.list_bookings(
        ports, principal, filters, limit=limit, cursor=cursor
    )
    return Page[BookingOut](items=[booking_out(b) for b in rows], next_cursor=next_cursor)


@router.get(
    "/companies",
    response_model=Page[CompanyOut],
    summary="Company accounts: business bookings by their company's email (sales, admins)",
)
async def list_companies(
    principal: CompanyReader, ports: PortsDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[CompanyOut]:
    rows, next_cursor = await queries.list_companies(ports, limit=limit, cursor=cursor)
    return Page[CompanyOut](
        items=[
            CompanyOut(
                email=c.email,
                name=c.name,
                country=c.country,
                bookings=c.bookings,
                totals=c.totals,
                last_booked_at=c.last_booked_at,
            )
            for c in rows
        ],
        next_cursor=next_cursor,
    )


@router.get(
    "/{booking_id}",
    response_model=BookingOut,
    summary="One booking",
    description=(
        "Answers carry a strong `ETag`. Send it back in `If-None-Match` for 304 Not "
        "Modified while the booking is unchanged; add `Prefer: wait=N` (seconds, at most "
        "20) to be answered as soon as it changes instead of polling: 200 with the new "
        "booking, or 304 after N seconds. `Preference-Applied` says whether it waited."
    ),
    responses={304: {"description": "Unchanged (If-None-Match named the current ETag)"}},
)
async def get_booking(
    booking_id: BookingId,
    principal: Reader,
    ports: PortsDep,
    changes: ChangesDep,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
    prefer: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    async def read() -> bytes:
        booking = await queries.get_booking(ports, principal, booking_id)
        return booking_out(booking).model_dump_json(by_alias=True).encode()

    wait = prefer_wait(prefer, ports.settings.wait_max_seconds)
    body, etag, waited = await read_when_changed(
        changes,
        booking_id,
        read,
        seen=if_none_match,
        wait=wait,
        recheck_seconds=ports.settings.wait_recheck_seconds,
    )
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Prefer"}
    if waited:
        headers["Preference-Applied"] = f"wait={wait:g}"
    if etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.get("/{booking_id}/history", response_model=HistoryOut, summary="Status history")
async def get_history(booking_id: BookingId, principal: Reader, ports: PortsDep) -> HistoryOut:
    changes = await queries.history(ports, principal, booking_id)
    return HistoryOut(items=[history_item(c) for c in changes])


@router.post(
    "/{booking_id}/checkout",
    response_model=CheckoutOut,
    summary="Start paying a held consumer booking (idempotent by booking; key optional); "
    "a booking that costs nothing is confirmed at once",
)
async def checkout(
    booking_id: BookingId,
    request: Request,
    principal: Changer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> JSONResponse:
    async def call() -> Booking:
        return await checking_out.checkout(ports, principal, booking_id)

    return await store.run_request(
        request, principal, idempotency_key, None, call, render=checkout_out
    )


@router.get(
    "/{booking_id}/cancellation-preview",
    response_model=CancellationPreviewOut,
    summary="What cancelling now would keep and refund (nothing changes)",
)
async def cancellation_preview(
    booking_id: BookingId, principal: Reader, ports: PortsDep
) -> CancellationPreviewOut:
    booking, terms = await confirming.cancellation_preview(ports, principal, booking_id)
    return CancellationPreviewOut(
        cancellable=terms.cancellable,
        cutoff_at=terms.cutoff_at,
        currency=booking.currency,
        fee_minor=terms.fee_minor,
        refund_minor=terms.refund_minor,
        fee_if_paid_minor=terms.fee_if_paid_minor,
    )


@router.post(
    "/{booking_id}/confirmation",
    response_model=BookingOut,
    summary="Store what the buyer saw on the final confirmation screen (held bookings)",
)
async def confirmation(
    booking_id: BookingId,
    body: ConfirmationIn,
    request: Request,
    principal: Changer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> JSONResponse:
    async def call() -> Booking:
        return await confirming.confirm(ports, principal, booking_id, body)

    return await store.run_request(
        request, principal, idempotency_key, body, call, render=booking_out
    )


@router.post("/{booking_id}/cancel", response_model=BookingOut, summary="Cancel before the cut-off")
async def cancel(
    booking_id: BookingId,
    body: CancelIn,
    request: Request,
    principal: Changer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> JSONResponse:
    async def call() -> Booking:
        return await cancelling.cancel(ports, principal, booking_id, body.reason)

    return await store.run_request(
        request, principal, idempotency_key, body, call, render=booking_out
    )


@router.post(
    "/{booking_id}/review",
    response_model=BookingOut,
    summary="Approve (with a payment schedule) or reject a business booking",
)
async def review(
    booking_id: BookingId,
    body: ReviewIn,
    request: Request,
    principal: Reviewer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> JSONResponse:
    async def call() -> Booking:
        return await reviewing.review(ports, principal, booking_id, body)

    return await store.run_request(
        request, principal, idempotency_key, body, call, render=booking_out
    )


@router.post(
    "/{booking_id}/business-events",
    response_model=BookingOut,
    summary="Record the contract signature or payload delivery: invoices those milestones",
)
async def business_event(
    booking_id: BookingId,
    body: BusinessEventIn,
    request: Request,
    principal: Reviewer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: OptionalIdempotencyKey = None,
) -> JSONResponse:
    async def call() -> Booking:
        return await reviewing.business_event(ports, principal, booking_id, body.event)

    return await store.run_request(
        request, principal, idempotency_key, body, call, render=booking_out
    )
