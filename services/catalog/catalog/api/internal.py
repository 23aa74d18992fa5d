"""Service-to-service routes: offerings as booking reads them, allocations (holds) for
booking, mission status events."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from catalog.api.access import Service
from catalog.deps import DbDep, FastHoldsDep
from catalog.domain import allocations, holds, missions, offerings
from catalog.schemas import (
    AllocationCreate,
    AllocationExtend,
    AllocationList,
    AllocationOut,
    MissionEventOut,
    MissionEventPage,
    OfferingForSaleOut,
)
from lpx_common.ids import AllocationId, OfferingId

router = APIRouter(prefix="/v1/internal", tags=["internal"])


@router.get(
    "/offerings/{offering_id}",
    response_model=OfferingForSaleOut,
    summary="An offering with its mission's status and launch window (drafts included)",
)
async def get_offering_for_sale(offering_id: OfferingId, db: DbDep, _: Service) -> Any:
    # What booking reads to take and pay for a booking: one read instead of the offering
    # and then its mission.
    row = await offerings.read_offering(db, offering_id)
    row["mission"] = {
        "id": row["mission_id"],
        "status": row.pop("mission_status"),
        "launch_window_start": row.pop("mission_launch_window_start"),
    }
    return row


@router.post(
    "/allocations",
    response_model=AllocationOut,
    status_code=status.HTTP_201_CREATED,
    summary="Hold capacity (idempotent by reference: a retry answers 200 with the same hold)",
    responses={200: {"model": AllocationOut, "description": "The hold already existed."}},
)
async def create_allocation(
    body: AllocationCreate, db: DbDep, fast: FastHoldsDep, _: Service, response: Response
) -> Any:
    result = await holds.create_hold(
        db,
        fast=fast,
        reference=body.reference,
        offering_id=body.offering_id,
        quantity=body.quantity,
        ttl_seconds=body.ttl_seconds,
        free_below=body.free_below,
    )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return result.allocation


@router.get("/allocations", response_model=AllocationList, summary="Allocations by reference")
async def list_allocations(
    db: DbDep,
    _: Service,
    reference: Annotated[str, Query(min_length=1, max_length=200)],
) -> Any:
    return {"items": await allocations.list_by_reference(db, reference)}


@router.get("/allocations/{allocation_id}", response_model=AllocationOut)
async def get_allocation(allocation_id: AllocationId, db: DbDep, _: Service) -> Any:
    return await allocations.get_allocation(db, allocation_id)


@router.post(
    "/allocations/{allocation_id}/extend",
    response_model=AllocationOut,
    summary="Push a live hold's expiry to now + ttl_seconds (409 unless held)",
)
async def extend_allocation(
    allocation_id: AllocationId, body: AllocationExtend, db: DbDep, _: Service
) -> Any:
    return await allocations.extend_hold(db, allocation_id, body.ttl_seconds)


@router.post(
    "/allocations/{allocation_id}/commit",
    response_model=AllocationOut,
    summary="Make a hold permanent (idempotent; an expired hold needs capacity still free)",
)
async def commit_allocation(allocation_id: AllocationId, db: DbDep, _: Service) -> Any:
    return await allocations.commit_hold(db, allocation_id)


@router.post(
    "/allocations/{allocation_id}/release",
    response_model=AllocationOut,
    summary="Give the capacity back (idempotent; also for committed ones, on cancellation)",
)
async def release_allocation(allocation_id: AllocationId, db: DbDep, _: Service) -> Any:
    return await allocations.release_hold(db, allocation_id)


@router.get(
    "/mission-events",
    response_model=MissionEventPage,
    summary="Mission status changes after `after` (a seq), oldest first",
)
async def mission_events(
    db: DbDep,
    _: Service,
    # A seq is a 64-bit integer: a larger `after` is a 422, not a database error.
    after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Any:
    items, next_after = await missions.events_after(db, after, limit)
    return MissionEventPage(
        items=[MissionEventOut.model_validate(item) for item in items], next_after=next_after
    )
