"""Holds on capacity (allocations): create, extend, commit, release. No HTTP here.

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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg
from prometheus_client import Counter
from sqlalchemy import Row, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from catalog.models import allocations, missions, offerings
from lpx_common.clock import as_utc, utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.ids import new_id
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
log = logging.getLogger("catalog.allocations")
# asyncpg errors meaning the connection, not the statement, failed.
_DISCONNECTS = (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.InterfaceError)


@dataclass(frozen=True)
class HoldResult:
    allocation: dict[str, Any]
    created: bool


def present(row: Any, now: datetime | None = None) -> dict[str, Any]:
    """An allocation as the API shows it: a held one past its expiry reports ``expired``."""
    data = dict(row._mapping) if isinstance(row, Row) else dict(row)
    now = now or utcnow()
    if data["status"] == "held" and data["expires_at"] <= now:
        data["status"] = "expired"
    return data


HOLDS_REFUSED = Counter(
    "catalog_holds_refused_total",
    "Holds refused because the offering's units or the mission's mass budget ran out",
    ["reason"],
)


def _no_room(
    reserved_units: int,
    capacity_units: int,
    reserved_grams: int,
    mass_budget_grams: int,
    quantity: int,
    grams: int,
) -> Conflict:
    """The 409 for a hold that does not fit (counters already net of expired holds)."""
    units_left = max(capacity_units - reserved_units, 0)
    grams_left = max(mass_budget_grams - reserved_grams, 0)
    if reserved_units + quantity > capacity_units:
        detail = f"Only {units_left} unit(s) of this offering are left; {quantity} asked."
        HOLDS_REFUSED.labels("units").inc()
    else:
        detail = f"The mission has {grams_left} g of payload mass left; {grams} g asked."
        HOLDS_REFUSED.labels("mass").inc()
    return Conflict(
        detail,
        code="insufficient-capacity",
        title="Insufficient capacity",
        units_left=units_left,
        grams_left=grams_left,
    )


# --- reads ------------------------------------------------------------------------------


async def get_allocation(db: Database, allocation_id: str) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        row = (await conn.execute(select(a).where(a.c.id == allocation_id))).first()
    if row is None:
        raise NotFound(f"No allocation {allocation_id}.", code="allocation-not-found")
    return present(row)


async def list_by_reference(db: Database, reference: str) -> list[dict[str, Any]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(select(a).where(a.c.reference == reference))).all()
    now = utcnow()
    return [present(r, now) for r in rows]


# --- create -----------------------------------------------------------------------------

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
    _check_sellable_values(row, quantity, now)
    grams = quantity * row["unit_mass_grams"]
    fits = (
        row["reserved_units"] + quantity <= row["capacity_units"]
        and row["reserved_grams"] + grams <= row["mass_budget_grams"]
    )
    if fits or row["has_expired"]:
        # Room appeared, or expired holds can be reclaimed: decide under the general path.
        return None
    raise _no_room(
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


async def _lock_mission_and_offering(
    conn: AsyncConnection, offering_id: str
) -> tuple[Row[Any], Row[Any]]:
    """Lock the mission row, then the offering row (always this order: no deadlocks)."""
    mission_id = (
        await conn.execute(select(o.c.mission_id).where(o.c.id == offering_id))
    ).scalar_one_or_none()
    if mission_id is None:
        raise NotFound(f"No offering {offering_id}.", code="offering-not-found")
    mission = (await conn.execute(select(m).where(m.c.id == mission_id).with_for_update())).one()
    offering = (await conn.execute(select(o).where(o.c.id == offering_id).with_for_update())).one()
    return mission, offering


async def _reclaim_expired(conn: AsyncConnection, mission_id: str, now: datetime) -> None:
    """Mark the mission's expired holds ``expired`` and take them out of the counters.

    The caller holds the mission lock; every change to these counters takes that lock
    first, so the other offerings' counters can be adjusted here safely.
    """
    freed = (
        await conn.execute(
            update(a)
            .where(a.c.mission_id == mission_id, a.c.status == "held", a.c.expires_at <= now)
            .values(status="expired")
            .returning(a.c.offering_id, a.c.quantity, a.c.mass_grams)
        )
    ).all()
    if not freed:
        return
    units: dict[str, int] = {}
    for row in freed:
        units[row.offering_id] = units.get(row.offering_id, 0) + row.quantity
    await conn.execute(
        update(m)
        .where(m.c.id == mission_id)
        .values(reserved_grams=m.c.reserved_grams - sum(r.mass_grams for r in freed))
    )
    for offering_id, count in units.items():
        await conn.execute(
            update(o).where(o.c.id == offering_id).values(reserved_units=o.c.reserved_units - count)
        )


async def _ensure_room(
    conn: AsyncConnection,
    mission: Row[Any],
    offering: Row[Any],
    quantity: int,
    grams: int,
    now: datetime,
) -> None:
    """Raise 409 unless ``quantity`` units and ``grams`` fit (reclaiming expired holds)."""

    def fits(reserved_units: int, reserved_grams: int) -> bool:
        return (
            reserved_units + quantity <= offering.capacity_units
            and reserved_grams + grams <= mission.mass_budget_grams
        )

    if fits(offering.reserved_units, mission.reserved_grams):
        return
    await _reclaim_expired(conn, mission.id, now)
    reserved_units = (
        await conn.execute(select(o.c.reserved_units).where(o.c.id == offering.id))
    ).scalar_one()
    reserved_grams = (
        await conn.execute(select(m.c.reserved_grams).where(m.c.id == mission.id))
    ).scalar_one()
    if fits(reserved_units, reserved_grams):
        return
    raise _no_room(
        reserved_units,
        offering.capacity_units,
        reserved_grams,
        mission.mass_budget_grams,
        quantity,
        grams,
    )


def _check_sellable(mission: Row[Any], offering: Row[Any], quantity: int, now: datetime) -> None:
    _check_sale(
        mission.status,
        offering.sale_starts_at,
        offering.sale_ends_at,
        offering.min_quantity,
        offering.max_quantity,
        quantity,
        now,
    )


def _check_sellable_values(row: Mapping[str, Any], quantity: int, now: datetime) -> None:
    _check_sale(
        row["mission_status"],
        as_utc(row["sale_starts_at"]),
        as_utc(row["sale_ends_at"]),
        row["min_quantity"],
        row["max_quantity"],
        quantity,
        now,
    )


def _check_sale(
    mission_status: str,
    sale_starts_at: datetime,
    sale_ends_at: datetime,
    min_quantity: int,
    max_quantity: int,
    quantity: int,
    now: datetime,
) -> None:
    """422 unless the mission is on sale, the sale window open and the quantity allowed."""
    if mission_status != "on_sale":
        raise Unprocessable(
            f"The mission is not on sale (status {mission_status}).",
            code="mission-not-on-sale",
        )
    if not sale_starts_at <= now < sale_ends_at:
        raise Unprocessable(
            f"This offering is on sale from {sale_starts_at.isoformat()} "
            f"until {sale_ends_at.isoformat()}.",
            code="outside-sale-window",
        )
    if not min_quantity <= quantity <= max_quantity:
        raise Unprocessable(
            f"This offering is sold in quantities of {min_quantity} to {max_quantity}; "
            f"{quantity} asked.",
            code="quantity-out-of-range",
            errors=[{"field": "body.quantity", "message": "outside min_quantity..max_quantity"}],
        )


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
        mission, offering = await _lock_mission_and_offering(conn, offering_id)
        now = utcnow()
        _check_sellable(mission, offering, quantity, now)
        grams = quantity * offering.unit_mass_grams
        if free_below is not None:
            await _ensure_nobody_ahead(conn, mission, offering, free_below, now)
        await _ensure_room(conn, mission, offering, quantity, grams, now)
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
        await _add_reserved(conn, mission.id, offering.id, quantity, grams)
    return HoldResult(row, created=True)


async def _ensure_nobody_ahead(
    conn: AsyncConnection, mission: Row[Any], offering: Row[Any], free_below: int, now: datetime
) -> None:
    """409 ``queue-ahead`` when ``free_below`` or more units are free (mass permitting)."""
    await _reclaim_expired(conn, mission.id, now)
    reserved_units = (
        await conn.execute(select(o.c.reserved_units).where(o.c.id == offering.id))
    ).scalar_one()
    reserved_grams = (
        await conn.execute(select(m.c.reserved_grams).where(m.c.id == mission.id))
    ).scalar_one()
    free = max(offering.capacity_units - reserved_units, 0)
    if offering.unit_mass_grams > 0:
        free = min(
            free, max(mission.mass_budget_grams - reserved_grams, 0) // offering.unit_mass_grams
        )
    if free >= free_below:
        raise Conflict(
            f"{free} unit(s) are free, and they are offered to those waiting first.",
            code="queue-ahead",
            title="Others are waiting",
            units_left=free,
        )


async def _add_reserved(
    conn: AsyncConnection, mission_id: str, offering_id: str, units: int, grams: int
) -> None:
    await conn.execute(
        update(o).where(o.c.id == offering_id).values(reserved_units=o.c.reserved_units + units)
    )
    await conn.execute(
        update(m).where(m.c.id == mission_id).values(reserved_grams=m.c.reserved_grams + grams)
    )


# --- extend, commit, release ------------------------------------------------------------


async def extend_hold(db: Database, allocation_id: str, ttl_seconds: int) -> dict[str, Any]:
    """Push a live hold's expiry to ``now + ttl`` (never shortens it). 409 unless held."""
    now = utcnow()
    new_expiry = now + timedelta(seconds=ttl_seconds)
    async with db.engine.begin() as conn:
        # The row lock taken by this UPDATE orders it against a concurrent reclaim, which
        # re-checks `expires_at <= now` on the row it waited for.
        row = (
            await conn.execute(
                update(a)
                .where(a.c.id == allocation_id, a.c.status == "held", a.c.expires_at > now)
                .values(
                    expires_at=case((a.c.expires_at < new_expiry, new_expiry), else_=a.c.expires_at)
                )
                .returning(*a.c)
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
            await _ensure_room(
                conn, mission, offering, allocation.quantity, allocation.mass_grams, now
            )
            await _add_reserved(
                conn, mission.id, offering.id, allocation.quantity, allocation.mass_grams
            )
        # A "held" row, expired or not, is still inside the reserved counters: every hold
        # made since was checked with it counted, so its room is still there.
        row = (
            await conn.execute(
                update(a)
                .where(a.c.id == allocation_id)
                .values(status="committed", committed_at=now)
                .returning(*a.c)
            )
        ).one()
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
            await _add_reserved(
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
    mission, offering = await _lock_mission_and_offering(conn, offering_id)
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
