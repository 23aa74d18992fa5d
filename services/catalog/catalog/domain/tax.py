"""Consumption tax as data: each offering names a category, and each category has rates
with the day (Japan time) from which they apply. Prices are tax included (総額表示); the
tax inside a booking is computed by booking, once per rate, from these rates.
"""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from catalog.models import tax_rates
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict

CATEGORIES = ("standard", "reduced", "exempt", "zero_rated")
JST = timezone(timedelta(hours=9))


def japan_day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(JST).date()


def rate_on(rates: list[dict[str, Any]], category: str, day: date) -> int | None:
    """The rate (basis points) of ``category`` on ``day``: the latest one in force."""
    applicable = [r for r in rates if r["category"] == category and r["effective_from"] <= day]
    if not applicable:
        return None
    return max(applicable, key=lambda r: r["effective_from"])["rate_bps"]


async def all_rates(db: Database) -> list[dict[str, Any]]:
    async with db.read_connection() as conn:
        rows = await conn.execute(
            select(tax_rates).order_by(tax_rates.c.category, tax_rates.c.effective_from)
        )
        return [dict(r._mapping) for r in rows]


async def with_rates(db: Database, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each offering with the rate in force today (one query for the whole list)."""
    rates = await all_rates(db)
    today = japan_day(utcnow())
    return [
        {**item, "tax_rate_bps": rate_on(rates, item.get("tax_category", "standard"), today)}
        for item in items
    ]


async def add_rate(db: Database, category: str, rate_bps: int, effective_from: date) -> dict:
    row = {
        "category": category,
        "rate_bps": rate_bps,
        "effective_from": effective_from,
        "created_at": utcnow(),
    }
    try:
        async with db.engine.begin() as conn:
            result = await conn.execute(insert(tax_rates).values(**row))
            row["id"] = result.inserted_primary_key[0]
    except IntegrityError as exc:
        raise Conflict(
            f"A {category} rate from {effective_from} already exists.", code="tax-rate-exists"
        ) from exc
    return row
