"""Room for a hold: the mission and offering rows locked in one fixed order, the sale's
rules, both budgets checked (reclaiming expired holds first), and the reserved counters.

Every path that changes the counters (making, committing, releasing a hold) locks the
mission row before the offering row, so none can deadlock on another.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from prometheus_client import Counter
from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.models import allocations, missions, offerings
from lpx_common.clock import as_utc
from lpx_common.errors import Conflict, NotFound, Unprocessable

a, m, o = allocations, missions, offerings


HOLDS_REFUSED = Counter(
    "catalog_holds_refused_total",
    "Holds refused because the offering's units or the mission's mass budget ran out",
    ["reason"],
)


def no_room(
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


async def lock_mission_and_offering(
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


async def reclaim_expired(conn: AsyncConnection, mission_id: str, now: datetime) -> None:
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


async def ensure_room(
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
    await reclaim_expired(conn, mission.id, now)
    reserved_units = (
        await conn.execute(select(o.c.reserved_units).where(o.c.id == offering.id))
    ).scalar_one()
    reserved_grams = (
        await conn.execute(select(m.c.reserved_grams).where(m.c.id == mission.id))
    ).scalar_one()
    if fits(reserved_units, reserved_grams):
        return
    raise no_room(
        reserved_units,
        offering.capacity_units,
        reserved_grams,
        mission.mass_budget_grams,
        quantity,
        grams,
    )


async def ensure_nobody_ahead(
    conn: AsyncConnection, mission: Row[Any], offering: Row[Any], free_below: int, now: datetime
) -> None:
    """409 ``queue-ahead`` when ``free_below`` or more units are free (mass permitting)."""
    await reclaim_expired(conn, mission.id, now)
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


def check_sellable(mission: Row[Any], offering: Row[Any], quantity: int, now: datetime) -> None:
    check_sale(
        mission.status,
        offering.sale_starts_at,
        offering.sale_ends_at,
        offering.min_quantity,
        offering.max_quantity,
        quantity,
        now,
    )


def check_sellable_values(row: Mapping[str, Any], quantity: int, now: datetime) -> None:
    check_sale(
        row["mission_status"],
        as_utc(row["sale_starts_at"]),
        as_utc(row["sale_ends_at"]),
        row["min_quantity"],
        row["max_quantity"],
        quantity,
        now,
    )


def check_sale(
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


async def add_reserved(
    conn: AsyncConnection, mission_id: str, offering_id: str, units: int, grams: int
) -> None:
    await conn.execute(
        update(o).where(o.c.id == offering_id).values(reserved_units=o.c.reserved_units + units)
    )
    await conn.execute(
        update(m).where(m.c.id == mission_id).values(reserved_grams=m.c.reserved_grams + grams)
    )
