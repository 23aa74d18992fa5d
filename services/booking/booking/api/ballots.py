"""Ballot routes (reached through the gateway): the public draw, one's own application,
and the operators' list."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from booking.deps import PortsDep
from booking.domain.ballots import BallotStatus
from booking.handlers import ballots
from booking.models import Ballot, BallotApplication
from booking.schemas import (
    BallotApplicationIn,
    BallotApplicationOut,
    BallotApplicationRow,
    BallotOut,
    DrawEntry,
    DrawOut,
)
from lpx_common.auth import Principal, require
from lpx_common.ids import OfferingId
from lpx_common.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/v1/ballots", tags=["ballots"])

# Anyone may read a ballot's commitment and, once drawn, its seed and list: that is what
# makes the draw checkable.
Anyone = Annotated[
    Principal,
    Depends(require(kinds=("anonymous", "customer", "partner", "staff", "service"))),
]
# Applications are a customer's own (signed in, with an email address).
Applicant = Annotated[Principal, Depends(require(kinds=("customer",)))]
# Who applied, with names and emails: staff who run sales.
Staff = Annotated[Principal, Depends(require(roles=("sales", "operator", "admin")))]


def ballot_out(ballot: Ballot) -> BallotOut:
    revealed = ballot.status != BallotStatus.OPEN
    return BallotOut(
        offering_id=ballot.offering_id,
        status=ballot.status,  # type: ignore[arg-type]  # one of BallotStatus
        commitment=ballot.commitment,
        seed=ballot.seed if revealed else None,
        list_hash=ballot.list_hash,
        application_count=ballot.application_count,
        draw_at=ballot.draw_at,
        drawn_at=ballot.drawn_at,
    )


def application_out(app: BallotApplication, ballot: Ballot) -> BallotApplicationOut:
    return BallotApplicationOut(
        id=app.id,
        offering_id=app.offering_id,
        quantity=app.quantity,
        status=app.status,  # type: ignore[arg-type]  # one of ApplicationStatus
        rank=app.rank,
        currency=app.currency,
        locale=app.locale,
        booking_id=app.booking_id if app.status in ("offered", "paid", "lapsed") else None,
        created_at=app.created_at,
        updated_at=app.updated_at,
        ballot=ballot_out(ballot),
    )


@router.get(
    "/{offering_id}",
    response_model=BallotOut,
    summary="A ballot: its commitment, and once drawn its seed and list hash",
)
async def get_ballot(offering_id: OfferingId, _: Anyone, ports: PortsDep) -> BallotOut:
    ballot, _offering = await ballots.ballot_of(ports, offering_id)
    return ballot_out(ballot)


@router.get(
    "/{offering_id}/draw",
    response_model=DrawOut,
    summary="The published draw: seed, list hash and the frozen list with ranks "
    "(409 before the draw)",
)
async def get_draw(offering_id: OfferingId, _: Anyone, ports: PortsDep) -> DrawOut:
    ballot, rows = await ballots.drawn_list(ports, offering_id)
    return DrawOut(
        ballot=ballot_out(ballot),
        entries=[
            DrawEntry(
                application_id=r.id,
                quantity=r.quantity,
                rank=r.rank or 0,
                status=r.status,  # type: ignore[arg-type]
            )
            for r in rows
        ],
    )


@router.put(
    "/{offering_id}/application",
    response_model=BallotApplicationOut,
    summary="Apply, or replace one's application, while the window is open (idempotent)",
)
async def put_application(
    offering_id: OfferingId, body: BallotApplicationIn, principal: Applicant, ports: PortsDep
) -> BallotApplicationOut:
    app, ballot = await ballots.apply(ports, principal, offering_id, body)
    return application_out(app, ballot)


@router.get(
    "/{offering_id}/application",
    response_model=BallotApplicationOut,
    summary="One's own application and where it stands",
)
async def get_application(
    offering_id: OfferingId, principal: Applicant, ports: PortsDep
) -> BallotApplicationOut:
    app, ballot = await ballots.own_application(ports, principal, offering_id)
    return application_out(app, ballot)


@router.delete(
    "/{offering_id}/application",
    status_code=204,
    summary="Withdraw one's application before the draw (idempotent)",
)
async def delete_application(
    offering_id: OfferingId, principal: Applicant, ports: PortsDep
) -> Response:
    await ballots.withdraw(ports, principal, offering_id)
    return Response(status_code=204)


@router.get(
    "/{offering_id}/applications",
    response_model=Page[BallotApplicationRow],
    summary="Applications (staff): by rank once drawn (`ranked=true`), else by id",
)
async def list_applications(
    offering_id: OfferingId,
    _: Staff,
    ports: PortsDep,
    ranked: Annotated[bool, Query()] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[BallotApplicationRow]:
    rows, next_cursor = await ballots.applications(
        ports, offering_id, ranked=ranked, limit=limit, cursor=cursor
    )
    return Page[BallotApplicationRow](
        items=[BallotApplicationRow.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )
