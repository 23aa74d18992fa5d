"""Offerings: public reads with filters, operator create/edit, derived availability."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import AwareDatetime
from sqlalchemy import select

from catalog.api.access import (
    IfMatchHeader,
    IfNoneMatchHeader,
    Operator,
    Reader,
    changes_of,
    created,
    etag,
    expected_version,
    hide_draft,
    not_modified,
    sees_drafts,
    set_etag,
)
from catalog.deps import DbDep, IdempotencyDep
from catalog.domain import offerings as domain
from catalog.domain import tax
from catalog.models import Mission, Offering
from catalog.schemas import (
    Audience,
    OfferingAvailability,
    OfferingCreate,
    OfferingKind,
    OfferingOut,
    OfferingPatch,
)
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import MissionId, OfferingId
from lpx_common.pagination import Cursor, Limit, Page, keyset_page

router = APIRouter(prefix="/v1/catalog/offerings", tags=["offerings"])


@router.get("", response_model=Page[OfferingOut], summary="List offerings")
async def list_offerings(
    db: DbDep,
    reader: Reader,
    mission_id: MissionId | None = None,
    audience: Audience | None = None,
    kind: OfferingKind | None = None,
    on_sale_now: Annotated[
        bool | None,
        Query(description="true: only offerings that can be bought now; false: the others"),
    ] = None,
    updated_since: Annotated[
        AwareDatetime | None, Query(description="Only items changed at or after this instant.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    stmt = select(Offering)
    if not sees_drafts(reader):
        announced = select(Mission.id).where(
            Mission.id == Offering.mission_id, Mission.status != "draft"
        )
        stmt = stmt.where(announced.exists())
    if mission_id is not None:
        stmt = stmt.where(Offering.mission_id == mission_id)
    if audience is not None:
        stmt = stmt.where(Offering.audience == audience)
    if kind is not None:
        stmt = stmt.where(Offering.kind == kind)
    if updated_since is not None:
        stmt = stmt.where(Offering.updated_at >= updated_since)
    if on_sale_now is not None:
        now = utcnow()
        selling = (
            (
                select(Mission.id).where(
                    Mission.id == Offering.mission_id, Mission.status == "on_sale"
                )
            ).exists()
            & (Offering.sale_starts_at <= now)
            & (Offering.sale_ends_at > now)
        )
        stmt = stmt.where(selling if on_sale_now else ~selling)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Offering.id], limit=limit, cursor=cursor
        )
    items = await tax.with_rates(db, [OfferingOut.model_validate(r).model_dump() for r in rows])
    return Page[OfferingOut](
        items=[OfferingOut.model_validate(r) for r in items], next_cursor=next_cursor
    )


@router.post(
    "",
    response_model=OfferingOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create an offering on a mission",
)
async def create_offering(
    body: OfferingCreate,
    db: DbDep,
    idem: IdempotencyDep,
    key: IdempotencyKey,
    principal: Operator,
    request: Request,
) -> Any:
    async def call() -> OfferingOut:
        row = await domain.create_offering(db, body.model_dump())
        return OfferingOut.model_validate((await tax.with_rates(db, [row]))[0])

    answer = await idem.run_request(
        request, principal, key, body, call, status_code=status.HTTP_201_CREATED
    )
    return created(answer, "/v1/catalog/offerings")


@router.get("/{offering_id}", response_model=OfferingOut, summary="One offering (with ETag)")
async def get_offering(
    offering_id: OfferingId,
    db: DbDep,
    reader: Reader,
    response: Response,
    if_none_match: IfNoneMatchHeader = None,
) -> Any:
    row = await domain.read_offering(db, offering_id)
    hide_draft(reader, row.pop("mission_status"), f"offering {offering_id}", "offering-not-found")
    if not_modified(if_none_match, row["version"]):
        return Response(
            status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(row["version"])}
        )
    set_etag(response, row["version"])
    return row  # validated once, as the response model


@router.patch("/{offering_id}", response_model=OfferingOut, summary="Edit an offering (If-Match)")
async def patch_offering(
    offering_id: OfferingId,
    body: OfferingPatch,
    db: DbDep,
    _: Operator,
    response: Response,
    if_match: IfMatchHeader = None,
) -> Any:
    version = expected_version(if_match)
    row = await domain.update_offering(db, offering_id, changes_of(body), version)
    set_etag(response, row["version"])
    return OfferingOut.model_validate((await tax.with_rates(db, [row]))[0])


@router.get(
    "/{offering_id}/availability",
    response_model=OfferingAvailability,
    summary="Units left (and the mission's grams left), derived now",
)
async def get_offering_availability(offering_id: OfferingId, db: DbDep, reader: Reader) -> Any:
    found = await domain.offering_availability(db, offering_id)
    await _hide_if_draft(db, reader, found["mission_id"], offering_id)
    return found


async def _hide_if_draft(
    db: Database, reader: Principal, mission_id: str, offering_id: str
) -> None:
    if sees_drafts(reader):
        return
    async with db.read_connection() as conn:
        status_ = await conn.scalar(select(Mission.status).where(Mission.id == mission_id))
    hide_draft(reader, status_ or "draft", f"offering {offering_id}", "offering-not-found")
