"""The catalog through a real PgBouncer in transaction mode, as deployed (compose and
Kubernetes put one in front of every database): more concurrent holds than the pooler
has server connections, each answered 201, 200 or 409, nothing oversold, no 5xx, and
asyncpg's prepared statements kept working while server connections pass between
clients (PgBouncer 1.21 or later, ``max_prepared_statements`` above 0).

scripts/test.sh provides the binary (``LPX_TEST_PGBOUNCER``): Debian's package where it
is new enough, else one built from Debian's source package into var/pgbouncer.
"""

import asyncio
import csv
import io
import os
import shutil
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from lpx_common.db import Database
from lpx_common.errors import database_refused
from tests.catalog.helpers import CatalogOps, is_problem
from tests.harness import PG_DSN, ROOT, Platform, ServiceProcess, Tokens, free_port

SERVER_CONNECTIONS = 2  # what the pooler may open to PostgreSQL for the catalog
QUERY_WAIT_SECONDS = 3  # how long a client may wait for a server connection
PREPARED_STATEMENT_ERRORS = ("prepared statement", "PreparedStatement")


def _pgbouncer_binary() -> str:
    candidates = [
        os.environ.get("LPX_TEST_PGBOUNCER"),
        shutil.which("pgbouncer"),
        str(ROOT / "var" / "pgbouncer" / "pgbouncer"),
    ]
    for path in filter(None, candidates):
        done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            continue
        major, minor = (int(x) for x in done.stdout.split()[1].split(".")[:2])
        if (major, minor) >= (1, 21):
            return path
    pytest.fail("PgBouncer 1.21 or later is needed (scripts/test.sh installs or builds it)")


@dataclass
class Pooler:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def admin(self, command: str) -> list[dict[str, str]]:
        """A SHOW command on the admin console (simple query protocol only: psql)."""
        where = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "pgbouncer"]
        done = subprocess.run(
            ["psql", "--csv", *where, "-c", command],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return list(csv.DictReader(io.StringIO(done.stdout)))

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def _start_pooler(database: str, work: Path) -> Pooler:
    work.chmod(0o755)  # pgbouncer drops root for "nobody", who must read its config
    (work / "userlist.txt").write_text('"postgres" ""\n')
    port = free_port()
    # Transaction pooling with prepared statements tracked, a logical database named as
    # the service's in front of this run's throwaway one, and a pool far smaller than
    # the clients the catalog opens (its pool, its overflow and its hold pool).
    config = work / "pgbouncer.ini"
    config.write_text(
        f"""[databases]
catalog = host=127.0.0.1 port=5432 dbname={database}
catalog_one = host=127.0.0.1 port=5432 dbname={database} pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {work / "userlist.txt"}
admin_users = postgres
pool_mode = transaction
max_prepared_statements = 100
default_pool_size = {SERVER_CONNECTIONS}
max_db_connections = {SERVER_CONNECTIONS}
reserve_pool_size = 0
max_client_conn = 200
query_wait_timeout = {QUERY_WAIT_SECONDS}
"""
    )
    config.chmod(0o644)
    log_path = work / "pgbouncer.log"
    command = [_pgbouncer_binary(), str(config)]
    if os.geteuid() == 0:  # pgbouncer refuses to run as root
        command[1:1] = ["-u", "nobody"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    pooler = Pooler(port, process, log_path)
    deadline = time.monotonic() + 15
    while True:
        try:
            asyncio.run(_select_one(port))
            return pooler
        except (OSError, asyncpg.PostgresError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"pgbouncer did not start:\n{pooler.log_text()}")
            time.sleep(0.1)


async def _select_one(port: int) -> None:
    conn = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{port}/catalog", timeout=2)
    try:
        await conn.fetchval("SELECT 1")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def pooled(
    platform: Platform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Pooler, ServiceProcess]]:
    database = platform.database("catalog").rsplit("/", 1)[1]
    pooler = _start_pooler(database, tmp_path_factory.mktemp("pgbouncer"))
    catalog: ServiceProcess | None = None
    try:
        catalog = platform.spawn(
            "catalog",
            CATALOG_DATABASE_URL=f"postgresql+asyncpg://postgres@127.0.0.1:{pooler.port}/catalog",
            CATALOG_DB_POOL_SIZE="8",
            CATALOG_DB_MAX_OVERFLOW="4",
        )
        yield pooler, catalog
    finally:
        if catalog is not None:
            catalog.stop()
        pooler.process.terminate()
        try:
            pooler.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pooler.process.kill()
            pooler.process.wait()


@pytest.fixture(scope="module")
def ops(pooled: tuple[Pooler, ServiceProcess], tokens: Tokens) -> Iterator[CatalogOps]:
    with httpx.Client(base_url=pooled[1].url, timeout=60.0) as client:
        yield CatalogOps(client, tokens)


async def _race(
    base_url: str, headers: dict[str, str], bodies: list[dict[str, Any]]
) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=len(bodies))
    async with httpx.AsyncClient(base_url=base_url, timeout=60.0, limits=limits) as client:
        return await asyncio.gather(
            *(client.post("/v1/internal/allocations", json=b, headers=headers) for b in bodies)
        )


async def _stored_holds(database_url: str, offering_id: str) -> tuple[int, int]:
    """Holds of the offering and its reserved counter, read from PostgreSQL itself."""
    dsn = PG_DSN.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(dsn)
    try:
        holds = await conn.fetchval(
            "SELECT count(*) FROM allocations WHERE offering_id = $1 AND status = 'held'",
            offering_id,
        )
        reserved = await conn.fetchval(
            "SELECT reserved_units FROM offerings WHERE id = $1", offering_id
        )
        return holds, reserved
    finally:
        await conn.close()


def test_concurrent_holds_through_the_pooler_sell_exactly_the_capacity(
    pooled: tuple[Pooler, ServiceProcess], ops: CatalogOps, platform: Platform, tokens: Tokens
) -> None:
    pooler, catalog = pooled
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=30, max_quantity=1)
    # 100 buyers for 30 units, and the first 20 of them send their request twice (a
    # retry racing the original): the second copy of a held reference finds the hold.
    references = [f"pgb-{offering['id']}-{i}" for i in range(100)]
    bodies = [
        {"reference": ref, "offering_id": offering["id"], "quantity": 1, "ttl_seconds": 900}
        for ref in references + references[:20]
    ]
    started = pooler.admin("SHOW STATS")
    responses = asyncio.run(_race(catalog.url, tokens.service("booking"), bodies))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 201, 409}, statuses
    refused = [r for r in responses if r.status_code == 409]
    assert all(is_problem(r, 409) for r in refused)
    assert {r.json()["type"].rsplit("/", 1)[1] for r in refused} == {"insufficient-capacity"}
    held: dict[str, set[str]] = defaultdict(set)
    for body, response in zip(bodies, responses, strict=True):
        if response.status_code in (200, 201):
            held[body["reference"]].add(response.json()["id"])
    assert len(held) == 30, "exactly the capacity is held, once per reference"
    assert all(len(ids) == 1 for ids in held.values())
    assert ops.availability(offering["id"])["held_units"] == 30
    assert asyncio.run(_stored_holds(platform.database("catalog"), offering["id"])) == (30, 30)

    # It all went through the pooler, on its two server connections, with the
    # statements prepared there (PgBouncer tracks them per server connection). Racing
    # holds share statements (group commit), so there are fewer transactions than holds.
    def transactions(stats: list[dict[str, str]]) -> int:
        return sum(int(row["total_xact_count"]) for row in stats if row["database"] == "catalog")

    assert transactions(pooler.admin("SHOW STATS")) - transactions(started) >= 1
    servers = [row for row in pooler.admin("SHOW SERVERS") if row["database"] == "catalog"]
    assert 1 <= len(servers) <= SERVER_CONNECTIONS
    assert sum(int(row["prepared_statements"]) for row in servers) > 0
    for text in (catalog.log_text(), pooler.log_text()):
        assert not any(error in text for error in PREPARED_STATEMENT_ERRORS), text[-4000:]
    assert "Traceback" not in catalog.log_text()


def test_a_hold_lives_its_whole_life_through_the_pooler(ops: CatalogOps) -> None:
    """Extend, commit and release run in ORM transactions (the general path), as do the
    operator's edits and the outbox they write."""
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=5, unit_mass_grams=100)
    hold = ops.hold(offering["id"], 2).json()
    base = f"/v1/internal/allocations/{hold['id']}"
    for step, body in (("extend", {"ttl_seconds": 3600}), ("commit", None), ("release", None)):
        answer = ops.client.post(f"{base}/{step}", json=body, headers=ops.service)
        assert answer.status_code == 200, answer.text
    assert ops.client.get(base, headers=ops.service).json()["status"] == "released"
    assert ops.availability(offering["id"])["units_left"] == 5


@pytest.mark.anyio
async def test_no_server_connection_in_time_is_a_refusal_not_a_bug(
    pooled: tuple[Pooler, ServiceProcess],
) -> None:
    """A client that waits past ``query_wait_timeout`` for a server connection is told
    so by the pooler; the services answer that 503 ``service-busy`` with Retry-After
    (lpx_common.errors), as when PostgreSQL itself is out of connections."""
    pooler = pooled[0]
    holder = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{pooler.port}/catalog_one")
    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{pooler.port}/catalog_one")
    try:
        async with holder.transaction():  # the one server connection, kept busy
            await holder.fetchval("SELECT 1")
            with pytest.raises(Exception) as refused:
                await db.ping()
        assert database_refused(refused.value) == "pooler: query_wait_timeout"
    finally:
        await db.dispose()
        await holder.close()
