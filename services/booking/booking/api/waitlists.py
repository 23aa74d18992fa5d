"""Waiting-list routes (reached through the gateway): how long a line is, one's own place
in it, and the operators' view of the whole line."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from booking.deps import IdempotencyDep, PortsDep
from booking.handlers import waitlist
from booking.models import WaitlistEntry
from booking.schemas import (
    EntryStatusName,
    WaitlistEntryOut,
    WaitlistEntryRow,
    WaitlistJoinIn,
    WaitlistOut,
)
from lpx_common.auth import Principal, require
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import OfferingId
from lpx_common.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1/waitlists", tags=["waiting lists"])

# How long a line is: anyone (the storefront shows it beside a sold-out offering).
Anyone = Annotated[
    Principal,
    Depends(require(kinds=("anonymous", "customer", "partner", "staff", "service"))),
]
# A place in line is a customer's own (signed in, with an email address to offer to).
Customer = Annotated[Principal, Depends(require(kinds=("customer",)))]
# Who waits, with names and emails: operators (and admins).
Operator = Annotated[Principal, Depends(require(roles=("operator",)))]


def entry_out(entry: WaitlistEntry, position: int | None) -> WaitlistEntryOut:
    return WaitlistEntryOut(
        id=entry.id,
        offering_id=entry.offering_id,
        quantity=entry.quantity,
        status=entry.status,  # type: ignore[arg-type]  # one of EntryStatus
        position=position,
        currency=entry.currency,
        locale=entry.locale,
        booking_id=entry.booking_id if entry.offered_at is not None else None,
        offered_at=entry.offered_at,
        offer_expires_at=entry.offer_expires_at,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


@router.get(
    "/{offering_id}",
    response_model=WaitlistOut,
    summary="A waiting list: how many wait, and how long an offer is held",
)
async def get_waitlist(offering_id: OfferingId, _: Anyone, ports: PortsDep) -> WaitlistOut:
    count, units, offer_seconds = await waitlist.summary(ports, offering_id)
    return WaitlistOut(
        offering_id=offering_id, waiting=count, waiting_units=units, offer_seconds=offer_seconds
    )


@router.post(
    "/{offering_id}/entry",
    status_code=201,
    response_model=WaitlistEntryOut,
    summary="Join a sold-out offering's waiting list (Idempotency-Key required)",
)
async def join(
    offering_id: OfferingId,
    body: WaitlistJoinIn,
    request: Request,
    principal: Customer,
    ports: PortsDep,
    store: IdempotencyDep,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    async def call() -> WaitlistEntryOut:
        return entry_out(*await waitlist.join(ports, principal, offering_id, body))

    return await store.run_request(request, principal, idempotency_key, body, call, status_code=201)


@router.get(
    "/{offering_id}/entry",
    response_model=WaitlistEntryOut,
    summary="One's own place in the line (the latest entry), and an offer's booking",
)
async def get_entry(
    offering_id: OfferingId, principal: Customer, ports: PortsDep
) -> WaitlistEntryOut:
    return entry_out(*await waitlist.own_entry(ports, principal, offering_id))


@router.delete(
    "/{offering_id}/entry",
    status_code=204,
    summary="Leave the line (idempotent; an offer out is given up by cancelling its booking)",
)
async def leave(offering_id: OfferingId, principal: Customer, ports: PortsDep) -> Response:
    await waitlist.leave(ports, principal, offering_id)
    return Response(status_code=204)


@router.get(
    "/{offering_id}/entries",
    response_model=Page[WaitlistEntryRow],
    summary="The line (operators): every entry in order of joining",
)
async def list_entries(
    offering_id: OfferingId,
    _: Operator,
    ports: PortsDep,
    status: Annotated[EntryStatusName | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[WaitlistEntryRow]:
    rows, next_cursor = await waitlist.entries(
        ports, offering_id, status=status, limit=limit, cursor=cursor
    )
    return Page[WaitlistEntryRow](
        items=[WaitlistEntryRow.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )
