"""Making a hold on capacity (an allocation). No HTTP here.

A hold must fit two budgets at once: the offering's units and its mission's grams. The
check-then-write runs under row locks taken in a fixed order, mission then offering, so
that no interleaving can oversell, and no two transactions can deadlock on each other.

Two paths create a hold:

* :mod:`catalog.domain.fast_holds` (PostgreSQL only) is the hot path: ONE prepared
  statement, run as its own transaction, that locks the mission row then the offering
  row (``FOR UPDATE``), grants the holds that fit both budgets on the locked values,
  inserts them and bumps both reserved counters. Concurrent holds on one offering share
  one such statement (group commit). One round trip; the locks live only for the
  statement and its commit. Holds that plainly cannot fit (seen on the statement's
  snapshot) are refused without taking any lock, so a sold-out offering does not queue
  its refusals behind the lock either.
* ``_hold_locked`` is the general path, used on SQLite (where ``BEGIN IMMEDIATE`` already
  serialises writers) and on PostgreSQL whenever the fast path declines: it locks the
  rows explicitly, gives each refusal its precise reason, and reclaims expired holds
  before concluding that a hold does not fit.

The reserved counters count expired-but-unreclaimed holds, so they never understate use;
when a hold looks short of room, expired holds of the mission are reclaimed (marked
``expired``) in the same locked transaction and the check runs again. Correctness thus
never depends on a sweeper.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError

from catalog.domain.allocations import present
from catalog.domain.fast_holds import FastHolds
from catalog.domain.room import (
    add_reserved,
    check_sellable,
    ensure_nobody_ahead,
    ensure_room,
    lock_mission_and_offering,
)
from catalog.models import allocations, missions, offerings
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict
from lpx_common.ids import new_id

a, m, o = allocations, missions, offerings


@dataclass(frozen=True)
class HoldResult:
    allocation: dict[str, Any]
    created: bool


async def create_hold(
    db: Database,
    *,
    reference: str,
    offering_id: str,
    quantity: int,
    ttl_seconds: int,
    fast: FastHolds | None = None,
    free_below: int | None = None,
) -> HoldResult:
    """Hold ``quantity`` units of an offering for ``ttl_seconds``; idempotent by reference.

    ``fast`` (PostgreSQL) enables the one-statement hot path with group commit.
    ``free_below``: hold only while fewer units than this are free (booking's waiting
    list has someone in line who needs that many: what comes back is theirs first). The
    check runs under the same locks as the hold, so it is exact; such holds take the
    general path, which reclaims expired holds before counting.
    """
    if fast is not None and free_below is None:
        made = await fast.hold(reference, offering_id, quantity, ttl_seconds)
        if made is not None:
            return HoldResult(made, created=True)
    try:
        return await _hold_locked(db, reference, offering_id, quantity, ttl_seconds, free_below)
    except IntegrityError:
        # A concurrent create with the same reference won the unique constraint.
        return await _existing_by_reference(db, reference, offering_id, quantity)


async def _existing_by_reference(
    db: Database, reference: str, offering_id: str, quantity: int
) -> HoldResult:
    async with db.read_connection() as conn:
        row = (await conn.execute(select(a).where(a.c.reference == reference))).first()
    if row is None:  # pragma: no cover - the unique violation names an existing row
        raise Conflict("The hold could not be recorded; retry.", code="retry")
    return HoldResult(_same_request(row, offering_id, quantity), created=False)


def _same_request(row: Row[Any], offering_id: str, quantity: int) -> dict[str, Any]:
    if row.offering_id != offering_id or row.quantity != quantity:
        raise Conflict(
            f"Reference {row.reference!r} already holds {row.quantity} of {row.offering_id}; "
            "a reference names one hold.",
            code="reference-conflict",
        )
    return present(row)


async def _hold_locked(
    db: Database,
    reference: str,
    offering_id: str,
    quantity: int,
    ttl_seconds: int,
    free_below: int | None = None,
) -> HoldResult:
    async with db.engine.begin() as conn:
        existing = (await conn.execute(select(a).where(a.c.reference == reference))).first()
        if existing is not None:
            return HoldResult(_same_request(existing, offering_id, quantity), created=False)
        mission, offering = await lock_mission_and_offering(conn, offering_id)
        now = utcnow()
        check_sellable(mission, offering, quantity, now)
        grams = quantity * offering.unit_mass_grams
        if free_below is not None:
            await ensure_nobody_ahead(conn, mission, offering, free_below, now)
        await ensure_room(conn, mission, offering, quantity, grams, now)
        row = {
            "id": new_id("alc"),
            "reference": reference,
            "offering_id": offering.id,
            "mission_id": mission.id,
            "quantity": quantity,
            "mass_grams": grams,
            "status": "held",
            "expires_at": now + timedelta(seconds=ttl_seconds),
            "created_at": now,
            "committed_at": None,
            "released_at": None,
        }
        await conn.execute(a.insert().values(**row))
        await add_reserved(conn, mission.id, offering.id, quantity, grams)
    return HoldResult(row, created=True)
