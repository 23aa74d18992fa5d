"""Reads run outside a transaction on PostgreSQL: each statement is one round trip, with
no BEGIN and ROLLBACK around it. Seen from the database: inside a transaction `now()`
stands still; outside one, each statement has its own."""

import asyncio

import pytest
from sqlalchemy import text

from lpx_common.db import Database

pytestmark = pytest.mark.anyio


async def _two_clock_reads(conn: object) -> tuple[object, object]:
    first = await conn.scalar(text("SELECT now()"))  # type: ignore[attr-defined]
    await asyncio.sleep(0.05)
    second = await conn.scalar(text("SELECT now()"))  # type: ignore[attr-defined]
    return first, second


async def test_a_read_connection_is_outside_any_transaction(scratch_url: str) -> None:
    db = Database(scratch_url)
    try:
        async with db.read_connection() as conn:
            first, second = await _two_clock_reads(conn)
        assert first != second  # each statement its own
        # A plain connection, for contrast, opens a transaction: its clock stands still.
        async with db.engine.connect() as conn:
            first, second = await _two_clock_reads(conn)
        assert first == second
    finally:
        await db.dispose()
