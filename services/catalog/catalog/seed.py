"""Demo and reference data: ispace's real missions and realistic offerings (docs/architecture.md).

Run ``python -m catalog.seed`` (uses ``CATALOG_DATABASE_URL``) after migrating; tests call
:func:`load`. Idempotent: missions are matched by code and offerings by SKU, so running
it again adds nothing.

Prices are integer minor units: JPY has no decimals, USD is in cents. Past missions (M1
2022 and M2 "RESILIENCE" 2025, both lost before a soft landing) are kept as history with
the payload offerings they flew; M3 (APEX 1.0, 2027) and M4 (Series 3, 2028) are on sale.
"""

import asyncio
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from catalog.config import Settings
from catalog.domain.missions import create_mission
from catalog.domain.offerings import create_offering
from catalog.models import missions, offerings
from lpx_common.db import Database


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


MISSIONS: list[dict[str, Any]] = [
    {
        "code": "M1",
        "name": "ispace Mission 1 (HAKUTO-R)",
        "lander": "HAKUTO-R Series 1 lander",
        "landing_site": "Atlas crater, Mare Frigoris",
        "launch_window_start": _at(2022, 12, 11),
        "launch_window_end": _at(2022, 12, 11),
        "mass_budget_grams": 30_000,
        "status": "lost",
    },
    {
        "code": "M2",
        "name": 'ispace Mission 2 "RESILIENCE"',
        "lander": "RESILIENCE (Series 1) lander",
        "landing_site": "Mare Frigoris",
        "launch_window_start": _at(2025, 1, 15),
        "launch_window_end": _at(2025, 1, 15),
        "mass_budget_grams": 30_000,
        "status": "lost",
    },
    {
        "code": "M3",
        "name": "ispace Mission 3 (APEX 1.0)",
        "lander": "APEX 1.0 lander",
        "landing_site": "Schrödinger Basin, lunar far side",
        "launch_window_start": _at(2027, 7, 1),
        "launch_window_end": _at(2027, 12, 31),
        "mass_budget_grams": 300_000,
        "status": "on_sale",
    },
    {
        "code": "M4",
        "name": "ispace Mission 4 (Series 3)",
        "lander": "Series 3 lander",
        "landing_site": "Lunar near side (to be confirmed)",
        "launch_window_start": _at(2028, 4, 1),
        "launch_window_end": _at(2028, 12, 31),
        "mass_budget_grams": 100_000,
        "status": "on_sale",
    },
]

CONSUMER_POLICY = {"cancellation_cutoff_days": 90, "cancellation_fee_bps": 1_000}
BUSINESS_POLICY = {
    "review_required": True,
    "review_hold_days": 14,
    "cancellation_cutoff_days": 180,
    "cancellation_fee_bps": 2_000,
}


def _offer(
    sku: str,
    name: str,
    kind: str,
    *,
    jpy: int,
    usd_cents: int,
    capacity: int,
    unit_mass_grams: int,
    max_quantity: int,
    unit: str = "item",
    business: bool = False,
) -> dict[str, Any]:
    policy = BUSINESS_POLICY if business else CONSUMER_POLICY
    return {
        "sku": sku,
        "name": name,
        "kind": kind,
        "audience": "business" if business else "consumer",
        "unit": unit,
        "unit_mass_grams": unit_mass_grams,
        "capacity_units": capacity,
        "prices": {"JPY": jpy, "USD": usd_cents},
        "min_quantity": 1,
        "max_quantity": max_quantity,
        "review_required": business,
        "review_hold_days": 0,
        **policy,
    }


def _kg(sku: str, name: str, kind: str, *, jpy: int, usd_cents: int, kg: int) -> dict[str, Any]:
    return _offer(
        sku, name, kind, jpy=jpy, usd_cents=usd_cents, capacity=kg, unit_mass_grams=1000,
        max_quantity=kg, unit="kg", business=True,
    )  # fmt: skip


# code -> (sale window, offerings). Sale windows close before each launch window opens.
OFFERINGS: dict[str, tuple[tuple[datetime, datetime], list[dict[str, Any]]]] = {
    "M1": (
        (_at(2020, 1, 1), _at(2022, 9, 30)),
        [
            _offer("M1-BRAND-PLATE", "Mission 1 partner logo plate", "brand_plate",
                   jpy=45_000_000, usd_cents=30_000_000, capacity=5, unit_mass_grams=300,
                   max_quantity=1, business=True),
            _kg("M1-PASSIVE", "Mission 1 customer payload (per kg)", "passive_payload",
                jpy=150_000_000, usd_cents=100_000_000, kg=10),
        ],
    ),
    "M2": (
        (_at(2023, 1, 1), _at(2024, 10, 31)),
        [
            _offer("M2-BRAND-PLATE", "RESILIENCE commemorative plate", "brand_plate",
                   jpy=45_000_000, usd_cents=30_000_000, capacity=5, unit_mass_grams=300,
                   max_quantity=1, business=True),
            _kg("M2-ROVER", "Micro-rover mounted payload (per kg)", "rover_payload",
                jpy=225_000_000, usd_cents=150_000_000, kg=5),
            _kg("M2-PASSIVE", "RESILIENCE customer payload (per kg)", "passive_payload",
                jpy=150_000_000, usd_cents=100_000_000, kg=10),
        ],
    ),
    "M3": (
        (_at(2026, 1, 15), _at(2027, 3, 31)),
        [
            _offer("M3-NAME", "Send your name to Schrödinger Basin (digital chip)",
                   "name_engraving", jpy=1_500, usd_cents=1_000, capacity=150_000,
                   unit_mass_grams=0, max_quantity=10),
            _offer("M3-MEMENTO-S", "Memento capsule S (1 cm³)", "memento_capsule",
                   jpy=70_000, usd_cents=46_000, capacity=1_000, unit_mass_grams=5,
                   max_quantity=5),
            _offer("M3-MEMENTO-M", "Memento capsule M (10 cm³)", "memento_capsule",
                   jpy=780_000, usd_cents=520_000, capacity=500, unit_mass_grams=30,
                   max_quantity=3),
            _offer("M3-MEMENTO-L", "Memento capsule L (100 cm³)", "memento_capsule",
                   jpy=3_900_000, usd_cents=2_580_000, capacity=200, unit_mass_grams=150,
                   max_quantity=2),
            _offer("M3-MEMORIAL", "Memorial capsule", "memorial_capsule",
                   jpy=1_800_000, usd_cents=1_200_000, capacity=100, unit_mass_grams=1,
                   max_quantity=2),
            _offer("M3-BRAND-PLATE", "Brand plate on the APEX 1.0 deck", "brand_plate",
                   jpy=150_000_000, usd_cents=100_000_000, capacity=5, unit_mass_grams=500,
                   max_quantity=1, business=True),
            _kg("M3-PASSIVE", "Passive payload (per kg)", "passive_payload",
                jpy=165_000_000, usd_cents=110_000_000, kg=60),
            _kg("M3-ACTIVE", "Active payload with power and data (per kg)", "active_payload",
                jpy=210_000_000, usd_cents=140_000_000, kg=150),
            _kg("M3-ROVER", "Rover-mounted payload (per kg)", "rover_payload",
                jpy=300_000_000, usd_cents=200_000_000, kg=5),
            _offer("M3-DATA", "Lunar surface data package", "data_package",
                   jpy=30_000_000, usd_cents=20_000_000, capacity=10, unit_mass_grams=0,
                   max_quantity=2, business=True),
        ],
    ),
    "M4": (
        (_at(2026, 10, 1), _at(2028, 1, 31)),
        [
            _offer("M4-NAME", "Send your name on Series 3 (digital chip)", "name_engraving",
                   jpy=0, usd_cents=0, capacity=100_000, unit_mass_grams=0, max_quantity=5),
            _offer("M4-MEMENTO-S", "Memento capsule S (1 cm³)", "memento_capsule",
                   jpy=75_000, usd_cents=50_000, capacity=800, unit_mass_grams=5,
                   max_quantity=5),
            _offer("M4-MEMENTO-M", "Memento capsule M (10 cm³)", "memento_capsule",
                   jpy=800_000, usd_cents=530_000, capacity=300, unit_mass_grams=30,
                   max_quantity=3),
            _offer("M4-MEMORIAL", "Memorial capsule", "memorial_capsule",
                   jpy=2_300_000, usd_cents=1_530_000, capacity=50, unit_mass_grams=1,
                   max_quantity=2),
            _offer("M4-BRAND-PLATE", "Brand plate on the Series 3 lander", "brand_plate",
                   jpy=120_000_000, usd_cents=80_000_000, capacity=3, unit_mass_grams=500,
                   max_quantity=1, business=True),
            _kg("M4-PASSIVE", "Passive payload (per kg)", "passive_payload",
                jpy=180_000_000, usd_cents=120_000_000, kg=40),
            _kg("M4-ACTIVE", "Active payload with power and data (per kg)", "active_payload",
                jpy=240_000_000, usd_cents=160_000_000, kg=60),
            _kg("M4-ROVER", "Rover-mounted payload (per kg)", "rover_payload",
                jpy=375_000_000, usd_cents=250_000_000, kg=3),
            _offer("M4-DATA", "Lunar surface data package", "data_package",
                   jpy=75_000_000, usd_cents=50_000_000, capacity=5, unit_mass_grams=0,
                   max_quantity=1, business=True),
        ],
    ),
}  # fmt: skip


@dataclass(frozen=True)
class SeedReport:
    missions_added: int
    offerings_added: int


async def load(db: Database) -> SeedReport:
    """Add whatever of the reference data is missing; return how much was added."""
    async with db.engine.connect() as conn:
        codes = {r.code: r.id for r in await conn.execute(select(missions.c.code, missions.c.id))}
        skus = set((await conn.scalars(select(offerings.c.sku))).all())
    missions_added = offerings_added = 0
    for mission in MISSIONS:
        code = mission["code"]
        if code not in codes:
            fields = {k: v for k, v in mission.items() if k != "status"}
            # History and current sales are loaded as they stand, not replayed.
            row = await create_mission(db, fields, status=mission["status"])
            codes[code] = row["id"]
            missions_added += 1
        (starts, ends), items = OFFERINGS[code]
        for item in items:
            if item["sku"] in skus:
                continue
            data = {
                **item,
                "mission_id": codes[code],
                "sale_starts_at": starts,
                "sale_ends_at": ends,
            }
            await create_offering(db, data, seeding=True)
            skus.add(item["sku"])
            offerings_added += 1
    return SeedReport(missions_added, offerings_added)


async def _main() -> None:
    url = os.environ.get("CATALOG_DATABASE_URL", Settings.model_fields["database_url"].default)
    db = Database(url, pool_size=2)
    try:
        report = await load(db)
    finally:
        await db.dispose()
    print(
        f"catalog seed: {report.missions_added} mission(s) and "
        f"{report.offerings_added} offering(s) added"
    )


if __name__ == "__main__":
    asyncio.run(_main())
