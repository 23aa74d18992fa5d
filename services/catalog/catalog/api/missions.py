"""Missions: public reads, operator create/edit/status changes, derived availability."""

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
from catalog.domain import missions as domain
from catalog.domain.offerings import mission_availability
from catalog.models import Mission
from catalog.schemas import (
    MissionAvailability,
    MissionCreate,
    MissionOut,
    MissionPatch,
    MissionStatus,
    MissionStatusChange,
)
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import MissionId
from lpx_common.pagination import Cursor, Limit, Page, keyset_page

router = APIRouter(prefix="/v1/catalog/missions", tags=["missions"])


def _out(row: dict[str, Any]) -> MissionOut:
    return MissionOut.model_validate(row)


@router.get("", response_model=Page[MissionOut], summary="List missions")
async def list_missions(
    db: DbDep,
    reader: Reader,
    status_: Annotated[MissionStatus | None, Query(alias="status")] = None,
    updated_since: Annotated[
        AwareDatetime | None, Query(description="Only items changed at or after this instant.")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Any:
    stmt = select(Mission)
    if not sees_drafts(reader):
        stmt = stmt.where(Mission.status != "draft")
    if status_ is not None:
        stmt = stmt.where(Mission.status == status_)
    if updated_since is not None:
        stmt = stmt.where(Mission.updated_at >= updated_since)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Mission.id], limit=limit, cursor=cursor
        )
    return Page[MissionOut](
        items=[MissionOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.post(
    "",
    response_model=MissionOut,
    status_code=status.HTTP_201_CREATED,
    summary="Create a mission (in draft)",
)
async def create_mission(
    body: MissionCreate,
    db: DbDep,
    idem: IdempotencyDep,
    key: IdempotencyKey,
    principal: Operator,
    request: Request,
) -> Any:
    async def call() -> MissionOut:
        return _out(await domain.create_mission(db, body.model_dump()))

    answer = await idem.run_request(
        request, principal, key, body, call, status_code=status.HTTP_201_CREATED
    )
    return created(answer, "/v1/catalog/missions")


@router.get("/{mission_id}", response_model=MissionOut, summary="One mission (with ETag)")
async def get_mission(
    mission_id: MissionId,
    db: DbDep,
    reader: Reader,
    response: Response,
    if_none_match: IfNoneMatchHeader = None,
) -> Any:
    async with db.read_connection() as conn:
        row = await domain.get_mission(conn, mission_id)
    hide_draft(reader, row["status"], f"mission {mission_id}", "mission-not-found")
    if not_modified(if_none_match, row["version"]):
        return Response(
            status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag(row["version"])}
        )
    set_etag(response, row["version"])
    return _out(row)


@router.patch("/{mission_id}", response_model=MissionOut, summary="Edit a mission (If-Match)")
async def patch_mission(
    mission_id: MissionId,
    body: MissionPatch,
    db: DbDep,
    _: Operator,
    response: Response,
    if_match: IfMatchHeader = None,
) -> Any:
    version = expected_version(if_match)
    changes = changes_of(body)
    row = await domain.update_mission(db, mission_id, changes, version)
    set_etag(response, row["version"])
    return _out(row)


@router.post(
    "/{mission_id}/status",
    response_model=MissionOut,
    summary="Change a mission's status along the transition table (If-Match)",
)
async def change_status(
    mission_id: MissionId,
    body: MissionStatusChange,
    db: DbDep,
    principal: Operator,
    response: Response,
    if_match: IfMatchHeader = None,
) -> Any:
    version = expected_version(if_match)
    row = await domain.change_status(
        db,
        mission_id,
        body.status,
        reason=body.reason,
        actor=f"{principal.kind}:{principal.subject}",
        expected_version=version,
    )
    set_etag(response, row["version"])
    return _out(row)


@router.get(
    "/{mission_id}/availability",
    response_model=MissionAvailability,
    summary="Grams left on the mission and units left per offering, derived now",
)
async def get_mission_availability(mission_id: MissionId, db: DbDep, reader: Reader) -> Any:
    found = await mission_availability(db, mission_id)
    hide_draft(reader, found["status"], f"mission {mission_id}", "mission-not-found")
    return found
