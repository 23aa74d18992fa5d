"""``Database.copy_csv``: PostgreSQL's COPY streamed as CSV. A reader that leaves early (a
download cancelled half-way) stops the COPY and leaves the pool healthy: the connection
cut off mid-COPY is not handed to the next request."""

import anyio
import pytest
from sqlalchemy import func, select, text

from lpx_common.db import Database

pytestmark = pytest.mark.anyio

ROWS = 2_000_000  # far more than the first chunk, so the COPY is still running at the cut


async def test_the_whole_result_with_a_header(scratch_url: str) -> None:
    db = Database(scratch_url)
    try:
        numbers = select(
            func.generate_series(1, 50_000).label("n"), text("'a,b' AS quoted"), text("NULL AS e")
        )
        body = b"".join([chunk async for chunk in db.copy_csv(numbers)]).decode()
        lines = body.split("\n")
        assert lines[0] == "n,quoted,e"
        assert lines[1] == '1,"a,b",' and lines[50_000] == '50000,"a,b",'
        assert lines[50_001:] == [""]  # every line ends with \n, nothing after the last
    finally:
        await db.dispose()


async def test_a_reader_leaving_early_stops_the_copy_and_the_pool_stays_usable(
    scratch_url: str,
) -> None:
    db = Database(scratch_url, pool_size=1, max_overflow=0)
    try:
        for _ in range(3):  # one connection in the pool: each round must get a sound one
            stream = db.copy_csv(select(func.generate_series(1, ROWS).label("n")))
            first = await stream.__anext__()
            assert first.startswith(b"n\n1\n")
            await stream.aclose()
            async with db.read() as session:
                assert (await session.execute(text("SELECT 41 + 1"))).scalar() == 42
        for _ in range(50):  # the server ends a backend whose client went, soon after
            async with db.read() as session:
                running = await session.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND query LIKE 'COPY (%'"
                    )
                )
            if running == 0:
                break
            await anyio.sleep(0.1)
        assert running == 0
    finally:
        await db.dispose()
