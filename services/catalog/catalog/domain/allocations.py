"""Holds on capacity (allocations) once made: how they look, their lifecycle, reads,
extend, commit and release, and the availability derived from them. No HTTP here.
Making a hold is ``holds``; the locks, rules and counters both use are ``room``.
"""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.domain.room import add_reserved, ensure_room, lock_mission_and_offering
from catalog.models import allocations, missions, offerings
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound
from lpx_common.outbox import NO_LONGER_APPLIES
from lpx_common.states import TransitionTable

# Mission statuses in which capacity may still be committed (sold before, paid now).
COMMITTABLE_MISSION_STATUSES = frozenset({"on_sale", "sales_closed"})

# An allocation's lifecycle. "expired" is a held row whose room a later hold reclaimed; it
# may still commit if room is found again. Releasing a committed one is a cancellation.
ALLOCATION_LIFECYCLE = TransitionTable[str](
    "allocation",
    {
        "held": {"committed", "released", "expired"},
        "expired": {"committed", "released"},
        "committed": {"released"},
        "released": set(),
    },
)

a, m, o = allocations, missions, offerings


def present(row: Any, now: datetime | None = None) -> dict[str, Any]:
    """An allocation as the API shows it: a held one past its expiry reports ``expired``."""
    data = dict(row._mapping) if isinstance(row, Row) else dict(row)
    now = now or utcnow()
    if data["status"] == "held" and data["expires_at"] <= now:
        data["status"] = "expired"
    return data


# --- reads ------------------------------------------------------------------------------


async def get_allocation(db: Database, allocation_id: str) -> dict[str, Any]:
    async with db.read_connection() as conn:
        row = (await conn.execute(select(a).where(a.c.id == allocation_id))).first()
    if row is None:
        raise NotFound(f"No allocation {allocation_id}.", code="allocation-not-found")
    return present(row)


async def list_by_reference(db: Database, reference: str) -> list[dict[str, Any]]:
    async with db.read_connection() as conn:
        rows = (await conn.execute(select(a).where(a.c.reference == reference))).all()
    now = utcnow()
    return [present(r, now) for r in rows]


# --- extend, commit, release ------------------------------------------------------------


# A purchase extends and commits its hold: statements built once, executed with
# parameters (see lpx_common.db.insert_into).
_UNTIL = bindparam("until", type_=a.c.expires_at.type)
_EXTEND = (
    update(a)
    .where(
        a.c.id == bindparam("allocation_id"),
        a.c.status == "held",
        a.c.expires_at > bindparam("now"),
    )
    .values(expires_at=case((a.c.expires_at < _UNTIL, _UNTIL), else_=a.c.expires_at))
    .returning(*a.c)
)
_COMMIT = (
    update(a)
    .where(a.c.id == bindparam("allocation_id"))
    .values(status="committed", committed_at=bindparam("at"))
    .returning(*a.c)
)


async def extend_hold(db: Database, allocation_id: str, ttl_seconds: int) -> dict[str, Any]:
    """Push a live hold's expiry to ``now + ttl`` (never shortens it). 409 unless held."""
    now = utcnow()
    new_expiry = now + timedelta(seconds=ttl_seconds)
    async with db.engine.begin() as conn:
        # The row lock taken by this UPDATE orders it against a concurrent reclaim, which
        # re-checks `expires_at <= now` on the row it waited for.
        row = (
            await conn.execute(
                _EXTEND, {"allocation_id": allocation_id, "now": now, "until": new_expiry}
            )
        ).first()
        if row is not None:
            return present(row, now)
        current = (await conn.execute(select(a).where(a.c.id == allocation_id))).first()
    if current is None:
        raise NotFound(f"No allocation {allocation_id}.", code="allocation-not-found")
    shown = present(current, now)
    raise Conflict(
        f"Only a held allocation can be extended; this one is {shown['status']}.",
        code="allocation-not-held",
        allocation_status=shown["status"],
    )


async def commit_hold(db: Database, allocation_id: str) -> dict[str, Any]:
    """Make a hold permanent. Idempotent; an expired hold commits only if room is left."""
    async with db.engine.begin() as conn:
        current = await _locked_allocation(conn, allocation_id)
        if current is None:
            raise NotFound(f"No allocation {allocation_id}.", code="allocation-not-found")
        allocation, mission, offering = current
        if allocation.status == "committed":
            return present(allocation)
        if allocation.status == "released":
            # Only the hold's owner releases it, so its own later commit (an outbox
            # message overtaken by a cancellation) needs nothing more: say so, and the
            # sender settles the message instead of retrying it or reporting a failure.
            raise Conflict(
                "This allocation was released; make a new hold.",
                code="allocation-released",
                settles=NO_LONGER_APPLIES,
            )
        ALLOCATION_LIFECYCLE.check(allocation.status, "committed")
        if mission.status not in COMMITTABLE_MISSION_STATUSES:
            raise Conflict(
                f"Mission {mission.code} is {mission.status}; capacity can no longer be committed.",
                code="mission-closed",
            )
        now = utcnow()
        if allocation.status == "expired":
            # Reclaimed by a later hold: its room must be found again.
            await ensure_room(
                conn, mission, offering, allocation.quantity, allocation.mass_grams, now
            )
            await add_reserved(
                conn, mission.id, offering.id, allocation.quantity, allocation.mass_grams
            )
        # A "held" row, expired or not, is still inside the reserved counters: every hold
        # made since was checked with it counted, so its room is still there.
        row = (await conn.execute(_COMMIT, {"allocation_id": allocation_id, "at": now})).one()
    return present(row)


async def release_hold(db: Database, allocation_id: str) -> dict[str, Any]:
    """Give the room back. Idempotent; releasing a committed allocation is a cancellation."""
    async with db.engine.begin() as conn:
        current = await _locked_allocation(conn, allocation_id)
        if current is None:
            raise NotFound(f"No allocation {allocation_id}.", code="allocation-not-found")
        allocation, mission, offering = current
        if allocation.status == "released":
            return present(allocation)
        ALLOCATION_LIFECYCLE.check(allocation.status, "released")
        if allocation.status in ("held", "committed"):
            await add_reserved(
                conn, mission.id, offering.id, -allocation.quantity, -allocation.mass_grams
            )
        row = (
            await conn.execute(
                update(a)
                .where(a.c.id == allocation_id)
                .values(status="released", released_at=utcnow())
                .returning(*a.c)
            )
        ).one()
    return present(row)


async def _locked_allocation(
    conn: AsyncConnection, allocation_id: str
) -> tuple[Row[Any], Row[Any], Row[Any]] | None:
    """Lock mission, offering, then the allocation row, and read them."""
    offering_id = (
        await conn.execute(select(a.c.offering_id).where(a.c.id == allocation_id))
    ).scalar_one_or_none()
    if offering_id is None:
        return None
    mission, offering = await lock_mission_and_offering(conn, offering_id)
    allocation = (
        await conn.execute(select(a).where(a.c.id == allocation_id).with_for_update())
    ).one()
    return allocation, mission, offering


# --- derived availability ---------------------------------------------------------------


async def usage(
    conn: AsyncConnection, *, offering_id: str | None = None, mission_id: str | None = None
) -> dict[str, tuple[int, int, int, int]]:
    """Per offering: (committed units, unexpired held units, committed g, unexpired held g).

    Derived from the allocation rows at read time; expired holds simply do not count.
    """
    now = utcnow()
    live = a.c.status == "committed"
    held = (a.c.status == "held") & (a.c.expires_at > now)
    stmt = (
        select(
            a.c.offering_id,
            func.coalesce(func.sum(case((live, a.c.quantity), else_=0)), 0),
            func.coalesce(func.sum(case((held, a.c.quantity), else_=0)), 0),
            func.coalesce(func.sum(case((live, a.c.mass_grams), else_=0)), 0),
            func.coalesce(func.sum(case((held, a.c.mass_grams), else_=0)), 0),
        )
        .where(a.c.status.in_(("held", "committed")))
        .group_by(a.c.offering_id)
    )
    if offering_id is not None:
        stmt = stmt.where(a.c.offering_id == offering_id)
    if mission_id is not None:
        stmt = stmt.where(a.c.mission_id == mission_id)
    rows = (await conn.execute(stmt)).all()
    return {r[0]: (int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows}
