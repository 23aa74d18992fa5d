"""Making a hold on capacity (an allocation). No HTTP here.

A hold must fit two budgets at once: the offering's units and its mission's grams. The
check-then-write runs under row locks taken in a fixed order, mission then offering, so
that no interleaving can oversell, and no two transactions can deadlock on each other.

Two paths create a hold:

* ``_try_fast_hold`` (PostgreSQL only) is the hot path: ONE prepared statement, run as
  its own transaction, that locks the mission row then the offering row (``FOR UPDATE``),
  checks on the locked values that the hold is sellable and fits both budgets, inserts
  the allocation and bumps both reserved counters. One round trip; the locks live only
  for the statement and its commit. A hold that plainly cannot fit (seen on the
  statement's snapshot) is refused without taking any lock, so a sold-out offering does
  not queue its refusals behind the lock either.
* ``_hold_locked`` is the general path, used on SQLite (where ``BEGIN IMMEDIATE`` already
  serialises writers) and on PostgreSQL whenever the fast path declines: it locks the
  rows explicitly, gives each refusal its precise reason, and reclaims expired holds
  before concluding that a hold does not fit.

The reserved counters count expired-but-unreclaimed holds, so they never understate use;
when a hold looks short of room, expired holds of the mission are reclaimed (marked
``expired``) in the same locked transaction and the check runs again. Correctness thus
never depends on a sweeper.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from catalog.domain.allocations import present
from catalog.domain.room import (
    add_reserved,
    check_sellable,
    check_sellable_values,
    ensure_nobody_ahead,
    ensure_room,
    lock_mission_and_offering,
    no_room,
)
from catalog.models import allocations, missions, offerings
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound
from lpx_common.ids import new_id

log = logging.getLogger("catalog.allocations")
a, m, o = allocations, missions, offerings


# asyncpg errors meaning the connection, not the statement, failed.
_DISCONNECTS = (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.InterfaceError)


@dataclass(frozen=True)
class HoldResult:
    allocation: dict[str, Any]
    created: bool


# The hot path, as ONE statement run in autocommit (PostgreSQL only): one round trip, so
# the row locks live only as long as the statement. Reading it top-down:
#   pre  reads offering and mission WITHOUT locks (the statement's snapshot), plus whether
#        the reference exists and whether the mission has expired holds to reclaim;
#   go   passes only if, on that snapshot, the hold is new, sellable and fits. A refusal
#        therefore takes no lock at all: at the snapshot's instant there was no room;
#   m    locks the mission row (first, always);
#   o    locks the offering row; it joins m, so it cannot lock before m has;
#   ok   re-checks sellable-and-fits on the locked (latest committed) values;
#   ins  inserts the hold, unless the reference exists (then nothing happens at all);
#   um/uo add the hold to the reserved counters, only for a row that was inserted
#        (data-modifying WITH parts always run to completion, read or not).
# The answer row carries the values the decision saw (locked ones when locks were taken),
# so a refusal is explained without a second trip; no row: the offering does not exist.
# Parameters: $1 offering id, $2 quantity, $3 now, $4 new allocation id, $5 reference,
# $6 expires_at. Sent to asyncpg as is; it prepares it once per connection.
_FAST_HOLD = """
    WITH pre AS (
        SELECT off.mission_id, mis.status AS mission_status, mis.reserved_grams,
               mis.mass_budget_grams, off.reserved_units, off.capacity_units,
               off.unit_mass_grams, off.min_quantity, off.max_quantity,
               off.sale_starts_at, off.sale_ends_at,
               (SELECT id FROM allocations WHERE reference = $5) AS existing_id,
               EXISTS (
                   SELECT 1 FROM allocations AS exp
                   WHERE exp.mission_id = off.mission_id AND exp.status = 'held'
                     AND exp.expires_at <= CAST($3 AS timestamptz)
               ) AS has_expired
        FROM offerings AS off JOIN missions AS mis ON mis.id = off.mission_id
        WHERE off.id = $1
    ), go AS (
        SELECT mission_id FROM pre
        WHERE existing_id IS NULL
          AND mission_status = 'on_sale'
          AND reserved_grams + CAST($2 AS bigint) * unit_mass_grams <= mass_budget_grams
          AND reserved_units + CAST($2 AS bigint) <= capacity_units
          AND CAST($2 AS bigint) BETWEEN min_quantity AND max_quantity
          AND sale_starts_at <= CAST($3 AS timestamptz)
          AND sale_ends_at > CAST($3 AS timestamptz)
    ), m AS (
        SELECT id, status, reserved_grams, mass_budget_grams
        FROM missions
        WHERE id = (SELECT mission_id FROM go)
        FOR UPDATE
    ), o AS (
        SELECT off.id, off.mission_id, off.unit_mass_grams, off.reserved_units,
               off.capacity_units, off.min_quantity, off.max_quantity,
               off.sale_starts_at, off.sale_ends_at
        FROM offerings AS off JOIN m ON m.id = off.mission_id
        WHERE off.id = $1
        FOR UPDATE OF off
    ), ok AS (
        SELECT o.id AS offering_id, o.mission_id, CAST($2 AS bigint) * o.unit_mass_grams AS grams
        FROM o JOIN m ON m.id = o.mission_id
        WHERE m.status = 'on_sale'
          AND m.reserved_grams + CAST($2 AS bigint) * o.unit_mass_grams <= m.mass_budget_grams
          AND o.reserved_units + CAST($2 AS bigint) <= o.capacity_units
          AND CAST($2 AS bigint) BETWEEN o.min_quantity AND o.max_quantity
          AND o.sale_starts_at <= CAST($3 AS timestamptz)
          AND o.sale_ends_at > CAST($3 AS timestamptz)
    ), ins AS (
        INSERT INTO allocations
            (id, reference, offering_id, mission_id, quantity, mass_grams, status,
             expires_at, created_at)
        SELECT CAST($4 AS varchar), CAST($5 AS varchar), offering_id, mission_id,
               CAST($2 AS bigint), grams, 'held', CAST($6 AS timestamptz),
               CAST($3 AS timestamptz)
        FROM ok
        ON CONFLICT (reference) DO NOTHING
        RETURNING offering_id, mission_id, mass_grams
    ), um AS (
        UPDATE missions SET reserved_grams = missions.reserved_grams + ins.mass_grams
        FROM ins WHERE missions.id = ins.mission_id
        RETURNING missions.id
    ), uo AS (
        UPDATE offerings SET reserved_units = offerings.reserved_units + CAST($2 AS bigint)
        FROM ins WHERE offerings.id = ins.offering_id
        RETURNING offerings.id
    )
    SELECT pre.mission_id, pre.existing_id, pre.has_expired,
           COALESCE(m.status, pre.mission_status) AS mission_status,
           COALESCE(m.reserved_grams, pre.reserved_grams) AS reserved_grams,
           COALESCE(m.mass_budget_grams, pre.mass_budget_grams) AS mass_budget_grams,
           COALESCE(o.reserved_units, pre.reserved_units) AS reserved_units,
           COALESCE(o.capacity_units, pre.capacity_units) AS capacity_units,
           COALESCE(o.unit_mass_grams, pre.unit_mass_grams) AS unit_mass_grams,
           COALESCE(o.min_quantity, pre.min_quantity) AS min_quantity,
           COALESCE(o.max_quantity, pre.max_quantity) AS max_quantity,
           COALESCE(o.sale_starts_at, pre.sale_starts_at) AS sale_starts_at,
           COALESCE(o.sale_ends_at, pre.sale_ends_at) AS sale_ends_at,
           ins.mass_grams AS inserted_grams
    FROM pre LEFT JOIN m ON true LEFT JOIN o ON true LEFT JOIN ins ON true
"""


async def create_hold(
    db: Database,
    *,
    reference: str,
    offering_id: str,
    quantity: int,
    ttl_seconds: int,
    fast_engine: AsyncEngine | None = None,
    free_below: int | None = None,
) -> HoldResult:
    """Hold ``quantity`` units of an offering for ``ttl_seconds``; idempotent by reference.

    ``fast_engine`` (PostgreSQL, autocommit) enables the one-statement hot path.
    ``free_below``: hold only while fewer units than this are free (booking's waiting
    list has someone in line who needs that many: what comes back is theirs first). The
    check runs under the same locks as the hold, so it is exact; such holds take the
    general path, which reclaims expired holds before counting.
    """
    if fast_engine is not None and free_below is None:
        fast = await _try_fast_hold(fast_engine, reference, offering_id, quantity, ttl_seconds)
        if fast is not None:
            return HoldResult(fast, created=True)
    try:
        return await _hold_locked(db, reference, offering_id, quantity, ttl_seconds, free_below)
    except IntegrityError:
        # A concurrent create with the same reference won the unique constraint.
        return await _existing_by_reference(db, reference, offering_id, quantity)


async def _try_fast_hold(
    engine: AsyncEngine, reference: str, offering_id: str, quantity: int, ttl_seconds: int
) -> dict[str, Any] | None:
    """The hot path; ``None`` means "not decided here" and the general path takes over."""
    now = utcnow()
    expires_at = now + timedelta(seconds=ttl_seconds)
    allocation_id = new_id("alc")
    try:
        async with engine.connect() as conn:
            # The engine is autocommit: the statement is its own transaction. It goes to
            # asyncpg directly, which keeps it prepared on the connection; SQLAlchemy's
            # per-execution work would cost more than the statement itself.
            driver: Any = (await conn.get_raw_connection()).driver_connection
            row = await driver.fetchrow(
                _FAST_HOLD, offering_id, quantity, now, allocation_id, reference, expires_at
            )
    except (OSError, *_DISCONNECTS) as exc:
        # A dead pooled connection (database restarted): the general path, on the
        # pre-pinged pool, decides instead. Had the statement committed before the
        # connection died, the general path finds the hold by its reference.
        log.warning("hold fast path lost its connection: %s", type(exc).__name__)
        await _discard_pool(engine)
        return None
    if row is None:
        raise NotFound(f"No offering {offering_id}.", code="offering-not-found")
    if row["inserted_grams"] is not None:
        return {
            "id": allocation_id,
            "reference": reference,
            "offering_id": offering_id,
            "mission_id": row["mission_id"],
            "quantity": quantity,
            "mass_grams": row["inserted_grams"],
            "status": "held",
            "expires_at": expires_at,
            "created_at": now,
            "committed_at": None,
            "released_at": None,
        }
    if row["existing_id"] is not None:
        return None  # a retry: the general path answers with the existing hold
    check_sellable_values(row, quantity, now)
    grams = quantity * row["unit_mass_grams"]
    fits = (
        row["reserved_units"] + quantity <= row["capacity_units"]
        and row["reserved_grams"] + grams <= row["mass_budget_grams"]
    )
    if fits or row["has_expired"]:
        # Room appeared, or expired holds can be reclaimed: decide under the general path.
        return None
    raise no_room(
        row["reserved_units"],
        row["capacity_units"],
        row["reserved_grams"],
        row["mass_budget_grams"],
        quantity,
        grams,
    )


async def _discard_pool(engine: AsyncEngine) -> None:
    """Drop pooled connections after a disconnect: they all died with the server."""
    await engine.dispose(close=False)


async def _existing_by_reference(
    db: Database, reference: str, offering_id: str, quantity: int
) -> HoldResult:
    async with db.engine.connect() as conn:
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
