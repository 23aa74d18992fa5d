"""A sweep's fixed values reach the database inside its SQL, not as parameters, so a
prepared statement's generic plan can still use a partial index and the column's
statistics; and such a statement answers the same on PostgreSQL and SQLite."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, insert, select

from lpx_common.db import Database, constant, constants

pytestmark = pytest.mark.anyio

rows = Table(
    "sweep_rows",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("status", String(20)),
    Column("owed", Integer),
)


async def _sent_and_found(url: str) -> tuple[list[tuple[str, Any]], list[int]]:
    db = Database(url)
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if "sweep_rows.status" in statement:
            sent.append((statement, params))

    event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(rows.metadata.create_all)
            await conn.execute(
                insert(rows),
                [
                    {"id": 1, "status": "held", "owed": 0},
                    {"id": 2, "status": "confirmed", "owed": 0},
                    {"id": 3, "status": "confirmed", "owed": 500},
                    {"id": 4, "status": "review", "owed": 0},
                ],
            )
        due = (
            select(rows.c.id)
            .where(
                rows.c.status.in_(constants(["held", "review"])) | (rows.c.owed > constant(0)),
                rows.c.id > 0,  # an ordinary parameter stays one
            )
            .order_by(rows.c.id)
        )
        async with db.read_connection() as conn:
            found = list((await conn.execute(due)).scalars())
        return sent, found
    finally:
        await db.dispose()


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_constants_are_in_the_sql_and_select_the_same_rows(
    backend: str, scratch_url: str, tmp_path: Path
) -> None:
    url = scratch_url if backend == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}/s.db"
    sent, found = await _sent_and_found(url)
    assert found == [1, 3, 4]
    [(statement, params)] = sent
    assert "'held', 'review'" in statement and "> 0" in statement
    assert list(params) == [0]  # only ``id > 0`` travels as a parameter
