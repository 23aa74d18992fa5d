"""Offerings: what is sold on a mission, its prices, limits and sale window."""

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.domain.allocations import usage
from catalog.domain.missions import OPEN_STATUSES
from catalog.domain.tax import japan_day
from catalog.models import missions, offerings, tax_rates
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from lpx_common.ids import new_id
from lpx_common.money import SUPPORTED_CURRENCIES

KG_GRAMS = 1000
BALLOT_FIELDS = (
    "ballot_opens_at",
    "ballot_closes_at",
    "ballot_draw_at",
    "ballot_payment_seconds",
    "ballot_max_quantity",
)

EDITABLE = (
    "sku",
    "name",
    "kind",
    "audience",
    "unit",
    "unit_mass_grams",
    "capacity_units",
    "prices",
    "min_quantity",
    "max_quantity",
    "sale_starts_at",
    "sale_ends_at",
    "review_required",
    "review_hold_days",
    "cancellation_cutoff_days",
    "cancellation_fee_bps",
    "tax_category",
    *BALLOT_FIELDS,
    "waitlist_offer_seconds",
)
# A first-come offering's waiting list: how long an offer of capacity that came back is
# held for the person in line (booking runs the list).
DEFAULT_WAITLIST_OFFER_SECONDS = 24 * 3600
# How a ballot sells; frozen once its application window has opened (see validate).
SALE_MODE_FIELDS = ("sale_mode", *BALLOT_FIELDS)


def _field(field: str, message: str) -> dict[str, str]:
    return {"field": f"body.{field}", "message": message}


def validate(offering: dict[str, Any], mission: dict[str, Any]) -> None:
    """Rules across fields; raises one 422 listing every problem found."""
    errors: list[dict[str, str]] = []
    prices: dict[str, int] = offering["prices"]
    unsupported = sorted(set(prices) - SUPPORTED_CURRENCIES)
    if unsupported:
        raise Unprocessable(
            f"We do not sell in {', '.join(unsupported)}; "
            f"prices may be in {', '.join(sorted(SUPPORTED_CURRENCIES))}.",
            code="unsupported-currency",
            errors=[_field(f"prices.{c}", "unsupported currency") for c in unsupported],
        )
    if not prices:
        errors.append(_field("prices", "at least one price (JPY or USD) is needed"))
    if offering["unit"] == "kg" and offering["unit_mass_grams"] != KG_GRAMS:
        errors.append(_field("unit_mass_grams", "an offering sold per kg has 1000 g units"))
    if offering["max_quantity"] < offering["min_quantity"]:
        errors.append(_field("max_quantity", "must be at least min_quantity"))
    if offering["sale_ends_at"] <= offering["sale_starts_at"]:
        errors.append(_field("sale_ends_at", "must be after sale_starts_at"))
    if offering["sale_ends_at"] > mission["launch_window_start"]:
        errors.append(_field("sale_ends_at", "sales must end before the launch window opens"))
    if offering.get("sale_mode") == "ballot":
        errors.extend(_ballot_errors(offering))
    if errors:
        raise Unprocessable("The offering is not valid; see `errors`.", errors=errors)


def _ballot_errors(offering: dict[str, Any]) -> list[dict[str, str]]:
    """A ballot needs its whole schedule, inside the sale window and in this order:
    sale starts <= applications open < applications close <= draw < sale ends."""
    missing = [f for f in BALLOT_FIELDS if offering.get(f) is None]
    if missing:
        return [_field(f, "required when sale_mode is ballot") for f in missing]
    errors = []
    if offering["ballot_opens_at"] < offering["sale_starts_at"]:
        errors.append(_field("ballot_opens_at", "must not be before sale_starts_at"))
    if offering["ballot_closes_at"] <= offering["ballot_opens_at"]:
        errors.append(_field("ballot_closes_at", "must be after ballot_opens_at"))
    if offering["ballot_draw_at"] < offering["ballot_closes_at"]:
        errors.append(_field("ballot_draw_at", "must not be before ballot_closes_at"))
    if offering["ballot_draw_at"] >= offering["sale_ends_at"]:
        errors.append(_field("ballot_draw_at", "must be before sale_ends_at"))
    if not offering["min_quantity"] <= offering["ballot_max_quantity"] <= offering["max_quantity"]:
        errors.append(_field("ballot_max_quantity", "must be within min_quantity..max_quantity"))
    return errors


def check_sale_mode_change(current: dict[str, Any], changes: dict[str, Any], now: datetime) -> None:
    """Once a ballot's applications have opened, how it sells is fixed: the draw time
    and the rules were published with its commitment, and people applied under them."""
    started = (
        current.get("sale_mode") == "ballot"
        and current.get("ballot_opens_at") is not None
        and current["ballot_opens_at"] <= now
    )
    touched = [f for f in SALE_MODE_FIELDS if f in changes and changes[f] != current.get(f)]
    if started and touched:
        raise Conflict(
            "The ballot's applications have opened; its sale mode and schedule can no "
            "longer change.",
            code="ballot-started",
            errors=[_field(f, "fixed once applications open") for f in touched],
        )


def _sku_taken(sku: str) -> Conflict:
    return Conflict(f"An offering with SKU {sku!r} already exists.", code="sku-taken")


async def _mission_for_update(conn: AsyncConnection, mission_id: str) -> dict[str, Any]:
    row = (
        await conn.execute(select(missions).where(missions.c.id == mission_id).with_for_update())
    ).first()
    if row is None:
        raise NotFound(f"No mission {mission_id}.", code="mission-not-found")
    return dict(row._mapping)


def _check_mission_open(mission: dict[str, Any], *, seeding: bool = False) -> None:
    if not seeding and mission["status"] not in OPEN_STATUSES:
        raise Conflict(
            f"Mission {mission['code']} is {mission['status']}; its offerings are closed.",
            code="mission-closed",
        )


async def create_offering(
    db: Database, data: dict[str, Any], *, seeding: bool = False
) -> dict[str, Any]:
    now = utcnow()
    optional = ("tax_category", "sale_mode", "waitlist_offer_seconds", *BALLOT_FIELDS)
    row = {key: data[key] for key in EDITABLE if key not in optional}
    row["tax_category"] = data.get("tax_category") or "standard"
    row["sale_mode"] = data.get("sale_mode") or "first_come"
    row["waitlist_offer_seconds"] = (
        data.get("waitlist_offer_seconds") or DEFAULT_WAITLIST_OFFER_SECONDS
    )
    row |= {key: data.get(key) for key in BALLOT_FIELDS}
    if row["review_required"] is None:
        row["review_required"] = row["audience"] == "business"
    row |= {
        "id": data.get("id") or new_id("off"),
        "mission_id": data["mission_id"],
        "reserved_units": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    try:
        async with db.engine.begin() as conn:
            mission = await _mission_for_update(conn, data["mission_id"])
            _check_mission_open(mission, seeding=seeding)
            validate(row, mission)
            await conn.execute(insert(offerings).values(**row))
    except IntegrityError as exc:
        raise _sku_taken(row["sku"]) from exc
    return row


async def get_offering(conn: AsyncConnection, offering_id: str) -> dict[str, Any]:
    row = (await conn.execute(select(offerings).where(offerings.c.id == offering_id))).first()
    if row is None:
        raise NotFound(f"No offering {offering_id}.", code="offering-not-found")
    return dict(row._mapping)


# Built once: a read only binds the offering id and today's date (Japan time).
_RATE_TODAY = (
    select(tax_rates.c.rate_bps)
    .where(
        tax_rates.c.category == offerings.c.tax_category,
        tax_rates.c.effective_from <= bindparam("today"),
    )
    .order_by(tax_rates.c.effective_from.desc())
    .limit(1)
    .scalar_subquery()
)
_READ_OFFERING = (
    select(
        offerings,
        missions.c.status.label("mission_status"),
        missions.c.launch_window_start.label("mission_launch_window_start"),
        _RATE_TODAY.label("tax_rate_bps"),
    )
    .join(missions, missions.c.id == offerings.c.mission_id)
    .where(offerings.c.id == bindparam("offering_id"))
)


async def read_offering(db: Database, offering_id: str) -> dict[str, Any]:
    """One offering as a read shows it, with its mission's status and launch window start
    (``mission_status``, ``mission_launch_window_start``) and the tax rate in force today
    (Japan time): one query, outside a transaction."""
    params = {"offering_id": offering_id, "today": japan_day(utcnow())}
    async with db.read() as session:
        row = (await session.execute(_READ_OFFERING, params)).first()
    if row is None:
        raise NotFound(f"No offering {offering_id}.", code="offering-not-found")
    return dict(row._mapping)


async def update_offering(
    db: Database, offering_id: str, changes: dict[str, Any], expected_version: int | None
) -> dict[str, Any]:
    try:
        async with db.engine.begin() as conn:
            found = await get_offering(conn, offering_id)
            # Same lock order as the hold path: mission, then offering.
            mission = await _mission_for_update(conn, found["mission_id"])
            current = dict(
                (
                    await conn.execute(
                        select(offerings).where(offerings.c.id == offering_id).with_for_update()
                    )
                )
                .one()
                ._mapping
            )
            if expected_version is not None and current["version"] != expected_version:
                raise PreconditionFailed(
                    "The offering changed since you read it; fetch it again and retry.",
                    code="version-mismatch",
                    current_version=current["version"],
                )
            _check_mission_open(mission)
            check_sale_mode_change(current, changes, utcnow())
            merged = {**current, **changes}
            validate(merged, mission)
            if "capacity_units" in changes:
                committed, held, _, _ = (await usage(conn, offering_id=offering_id)).get(
                    offering_id, (0, 0, 0, 0)
                )
                if changes["capacity_units"] < committed + held:
                    raise Conflict(
                        f"{committed + held} unit(s) are held or committed; capacity cannot "
                        "go below that.",
                        code="capacity-in-use",
                    )
            values = {**changes, "version": current["version"] + 1, "updated_at": utcnow()}
            await conn.execute(
                update(offerings).where(offerings.c.id == offering_id).values(values)
            )
            return {**current, **values}
    except IntegrityError as exc:
        raise _sku_taken(changes.get("sku", "")) from exc


def on_sale_now(offering: dict[str, Any], mission_status: str, now: datetime) -> bool:
    return (
        mission_status == "on_sale" and offering["sale_starts_at"] <= now < offering["sale_ends_at"]
    )


def _offering_availability(
    offering: dict[str, Any],
    figures: tuple[int, int, int, int],
    mission_grams_left: int,
    mission_status: str,
    now: datetime,
) -> dict[str, Any]:
    committed, held, _, _ = figures
    units_left = max(offering["capacity_units"] - committed - held, 0)
    unit_mass = offering["unit_mass_grams"]
    bookable = units_left if unit_mass == 0 else min(units_left, mission_grams_left // unit_mass)
    sale = on_sale_now(offering, mission_status, now)
    return {
        "offering_id": offering["id"],
        "mission_id": offering["mission_id"],
        "capacity_units": offering["capacity_units"],
        "committed_units": committed,
        "held_units": held,
        "units_left": units_left,
        "unit_mass_grams": unit_mass,
        "mission_grams_left": mission_grams_left,
        # A ballot offering is never sold first come: only its draw's winners hold it.
        "bookable_units": bookable if sale and offering.get("sale_mode") != "ballot" else 0,
        "on_sale_now": sale,
        "as_of": now,
    }


async def mission_availability(db: Database, mission_id: str) -> dict[str, Any]:
    """Units and grams left, derived from the allocation rows at this moment."""
    async with db.read_connection() as conn:
        mission = (await conn.execute(select(missions).where(missions.c.id == mission_id))).first()
        if mission is None:
            raise NotFound(f"No mission {mission_id}.", code="mission-not-found")
        rows = (
            await conn.execute(
                select(offerings)
                .where(offerings.c.mission_id == mission_id)
                .order_by(offerings.c.id)
            )
        ).all()
        per_offering = await usage(conn, mission_id=mission_id)
    now = utcnow()
    committed_g = sum(f[2] for f in per_offering.values())
    held_g = sum(f[3] for f in per_offering.values())
    grams_left = max(mission.mass_budget_grams - committed_g - held_g, 0)
    return {
        "mission_id": mission.id,
        "status": mission.status,
        "mass_budget_grams": mission.mass_budget_grams,
        "committed_grams": committed_g,
        "held_grams": held_g,
        "grams_left": grams_left,
        "offerings": [
            _offering_availability(
                dict(r._mapping),
                per_offering.get(r.id, (0, 0, 0, 0)),
                grams_left,
                mission.status,
                now,
            )
            for r in rows
        ],
        "as_of": now,
    }


async def offering_availability(db: Database, offering_id: str) -> dict[str, Any]:
    async with db.read_connection() as conn:
        offering = await get_offering(conn, offering_id)
    whole = await mission_availability(db, offering["mission_id"])
    for item in whole["offerings"]:
        if item["offering_id"] == offering_id:
            return item
    raise NotFound(f"No offering {offering_id}.", code="offering-not-found")  # pragma: no cover
