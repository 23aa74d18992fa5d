"""Benchmark: concurrent holds on one hot offering of the catalog, on PostgreSQL.

Not a test. It creates a throwaway PostgreSQL database, migrates it with Alembic, starts
the catalog as a real ``uvicorn`` process (``--workers 2`` by default, as deployed on a
2-core machine), and drives concurrent ``POST /v1/internal/allocations`` requests over
real HTTP in two runs:

1. *hot*: one offering with plenty of capacity; every request should succeed. Measures
   holds per second and latency.
2. *contended*: one offering with little capacity; most requests are refused with 409.
   Proves nothing is oversold while many requests fight for the last units.

For each run it prints holds/s (successful holds per second of wall time), requests/s,
p50/p99 latency, the status counts, and the oversell count: units held or committed
beyond the offering's capacity and grams beyond the mission's budget, counted directly
in the database. The database is dropped afterwards.

Run (PostgreSQL on 127.0.0.1:5432, or set ``LPX_TEST_PG``)::

    uv run python bench/catalog_holds.py
    uv run python bench/catalog_holds.py --requests 20000 --concurrency 64 --workers 2

Then it runs pgbench (16 clients, 10 s) with the catalog's own hold statement, one hold
per transaction, on a third offering of the same database: the rate PostgreSQL alone
reaches when every hold waits for the previous one's commit. The ratio of the hot run to
it is the figure that counts (issue 17).

Keep it short on a shared machine: the defaults take about half a minute.

Measured on the 2-core project machine, quiet (defaults: 10,000 holds, 64 clients, 2
workers): with group commit, 1,729 holds/s on the hot offering, p50 29 ms, p99 143 ms,
0.54 ms of service CPU and 0.09 ms of PostgreSQL CPU per hold; pgbench 718 holds/s, so
241 %; 0 oversold and no 5xx. The contended run answered 2,561 requests/s (244 holds,
the rest 409). Before group commit, one hold per statement: 920 holds/s, 1.03 ms of
service and 0.68 ms of PostgreSQL CPU per hold; under other load 444-843 holds/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "services" / "catalog"))

from catalog.domain.fast_holds import BATCH_HOLD  # noqa: E402  (the statement pgbench runs too)
from tests.harness import (  # noqa: E402  (the harness lives next to the bench)
    PG_DSN,
    ServiceProcess,
    Tokens,
    create_offering,
    create_service_database,
    drop_database,
)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


async def _backend_pids(database_url: str) -> list[int]:
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    return [r["pid"] for r in rows]


@dataclass
class CpuMeter:
    """CPU spent by the service's processes and by PostgreSQL backends on its database.

    The machine is shared, so wall-clock throughput depends on what else runs; CPU per
    request does not, and gives the rate two otherwise idle cores would reach.
    """

    service_pid: int
    database_url: str
    start_service: float = 0.0
    start_pg: dict[int, float] | None = None
    start_client: float = 0.0

    def _service_pids(self) -> list[int]:
        return [self.service_pid, *_children(self.service_pid)]

    def start(self) -> None:
        self.start_service = sum(_cpu_seconds(p) for p in self._service_pids())
        pids = asyncio.run(_backend_pids(self.database_url))
        self.start_pg = {p: _cpu_seconds(p) for p in pids}
        self.start_client = time.process_time()

    def stop(self) -> tuple[float, float, float]:
        client = time.process_time() - self.start_client
        service = sum(_cpu_seconds(p) for p in self._service_pids()) - self.start_service
        start_pg = self.start_pg or {}
        pids = set(start_pg) | set(asyncio.run(_backend_pids(self.database_url)))
        pg = sum(_cpu_seconds(p) - start_pg.get(p, 0.0) for p in pids)
        return service, pg, client


@dataclass
class RunResult:
    name: str
    requests: int
    seconds: float
    statuses: Counter[int]
    latencies_ms: list[float]
    capacity: int
    oversold_units: int
    oversold_grams: int
    cpu: tuple[float, float, float]

    def report(self) -> str:
        held = self.statuses.get(201, 0)
        lat = sorted(self.latencies_ms)
        p50 = statistics.median(lat)
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        return (
            f"[{self.name}] {self.requests} requests in {self.seconds:.2f} s: "
            f"{held / self.seconds:.0f} holds/s, {self.requests / self.seconds:.0f} requests/s, "
            f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, statuses {dict(sorted(self.statuses.items()))}, "
            f"capacity {self.capacity}, oversold units {self.oversold_units}, "
            f"oversold grams {self.oversold_grams}\n"
            f"    CPU per request: service {self.cpu[0] / self.requests * 1000:.2f} ms, "
            f"postgres {self.cpu[1] / self.requests * 1000:.2f} ms, "
            f"load generator {self.cpu[2] / self.requests * 1000:.2f} ms "
            f"=> about {self.requests * 2 / sum(self.cpu):.0f} requests/s on two idle cores"
        )


def start_catalog(url: str, secret: str, workers: int, log_dir: Path) -> ServiceProcess:
    env = {"CATALOG_DATABASE_URL": url, "CATALOG_INTERNAL_TOKEN_SECRET": secret}
    process = ServiceProcess(
        "catalog-bench",
        "catalog.main:create_app",
        env,
        log_dir,
        uvicorn_args=["--workers", str(workers)],
    )
    return process.start(ready_path="/readyz", timeout=60)


def make_offering(base: str, tokens: Tokens, capacity: int, mass_budget_grams: int) -> dict:
    with httpx.Client(base_url=base, timeout=30) as client:
        return create_offering(
            client,
            tokens.staff("operator"),
            mass_budget_grams=mass_budget_grams,
            unit_mass_grams=5,
            capacity_units=capacity,
            max_quantity=5,
        )


class RawHttpClient:
    """A bare HTTP/1.1 keep-alive client: one connection, one request at a time.

    The load generator shares the two cores with the service under test, so it should
    cost as little CPU as possible; httpx spends more per request than this does.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post_json(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n{head}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def drive(
    base: str, headers: dict[str, str], offering_id: str, requests: int, concurrency: int
) -> tuple[float, Counter[int], list[float]]:
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    counter = iter(range(requests))
    host, port = base.removeprefix("http://").split(":")
    clients = [RawHttpClient(host, int(port)) for _ in range(concurrency)]
    run_tag = secrets.token_hex(4)

    async def worker(client: RawHttpClient) -> None:
        for i in counter:
            body = json.dumps(
                {
                    "reference": f"bench-{run_tag}-{i}",
                    "offering_id": offering_id,
                    "quantity": 1,
                    "ttl_seconds": 900,
                }
            ).encode()
            started = time.perf_counter()
            status = await client.post_json("/v1/internal/allocations", body, headers)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker(c) for c in clients))
    finally:
        elapsed = time.perf_counter() - started
        for client in clients:
            await client.close()
    return elapsed, statuses, latencies


async def oversold(database_url: str, offering_id: str) -> tuple[int, int, int]:
    """Units and grams in use beyond capacity, counted from the allocation rows."""
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            """
            SELECT o.capacity_units, m.mass_budget_grams,
                   COALESCE(SUM(a.quantity), 0) AS units, COALESCE(SUM(a.mass_grams), 0) AS grams
            FROM offerings o
            JOIN missions m ON m.id = o.mission_id
            LEFT JOIN allocations a ON a.offering_id = o.id
              AND (a.status = 'committed' OR (a.status = 'held' AND a.expires_at > now()))
            WHERE o.id = $1
            GROUP BY o.capacity_units, m.mass_budget_grams
            """,
            offering_id,
        )
    finally:
        await conn.close()
    return (
        row["capacity_units"],
        max(row["units"] - row["capacity_units"], 0),
        max(row["grams"] - row["mass_budget_grams"], 0),
    )


def run(name: str, base: str, url: str, tokens: Tokens, meter: CpuMeter, *, capacity: int,
        requests: int, concurrency: int) -> RunResult:  # fmt: skip
    offering = make_offering(base, tokens, capacity, mass_budget_grams=capacity * 5)
    headers = tokens.service("booking")
    # Warm up: connections, pools, prepared statements (the warm-up holds are counted
    # in the oversell check like any other).
    asyncio.run(drive(base, headers, offering["id"], min(concurrency * 4, capacity), concurrency))
    meter.start()
    elapsed, statuses, latencies = asyncio.run(
        drive(base, headers, offering["id"], requests, concurrency)
    )
    cpu = meter.stop()
    cap, units, grams = asyncio.run(oversold(url, offering["id"]))
    return RunResult(name, requests, elapsed, statuses, latencies, cap, units, grams, cpu)


def pgbench_script() -> str:
    """The catalog's own hold statement (``BATCH_HOLD``) as a pgbench script, one hold per
    statement: what the service sends for a hold that arrives alone, with its parameters
    made by pgbench or SQL. Without group commit this is the database's ceiling."""
    sql = (
        BATCH_HOLD.replace("$1", ":offering")
        .replace("$2", "now()")
        .replace("$3", "ARRAY[md5(CAST(random() AS text))]")
        .replace("$4", "ARRAY[CAST(:reference AS varchar)]")
        .replace("$5", "ARRAY[1]")
        .replace("$6", "ARRAY[now() + interval '15 minutes']")
    )
    return "\\set reference random(1, 1000000000000)\n" + " ".join(sql.split()) + ";\n"


def pgbench_holds(
    base: str, url: str, tokens: Tokens, clients: int, seconds: int
) -> tuple[float, int] | None:
    """Transactions/s of PostgreSQL alone running the hold statement on one hot offering
    (``pgbench -M prepared``, as asyncpg prepares it), and the units it oversold."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        print("pgbench not found: no database-only figure to compare with")
        return None
    offering = make_offering(base, tokens, 50_000_000, mass_budget_grams=250_000_000)
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(pgbench_script())
        script.flush()
        done = subprocess.run(
            [pgbench, "-n", "-M", "prepared", "-c", str(clients), "-j", "2", "-T", str(seconds),
             "-D", f"offering={offering['id']}", "-f", script.name, dsn],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    match = re.search(r"^tps = ([0-9.]+)", done.stdout, re.MULTILINE)
    assert match, done.stdout + done.stderr
    _cap, units, grams = asyncio.run(oversold(url, offering["id"]))
    return float(match.group(1)), units + grams


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--small-capacity", type=int, default=500)
    parser.add_argument("--pgbench-clients", type=int, default=16)
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    args = parser.parse_args()

    run_id = f"bench{secrets.token_hex(3)}"
    secret = secrets.token_urlsafe(48)
    tokens = Tokens(secret)
    print(f"PostgreSQL: {PG_DSN.rsplit('@', 1)[-1]}; creating database lpx_test_{run_id}_catalog")
    url = create_service_database("catalog", run_id)
    log_dir = Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    process = None
    try:
        process = start_catalog(url, secret, args.workers, log_dir)
        assert process.process is not None
        base = process.url
        meter = CpuMeter(process.process.pid, url)
        print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores shared with others)")
        results = [
            run("hot", base, url, tokens, meter, capacity=args.requests * 10,
                requests=args.requests, concurrency=args.concurrency),
            run("contended", base, url, tokens, meter, capacity=args.small_capacity,
                requests=max(args.requests // 2, args.small_capacity * 2),
                concurrency=args.concurrency),
        ]  # fmt: skip
        database_only = pgbench_holds(base, url, tokens, args.pgbench_clients, args.pgbench_seconds)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        for result in results:
            print(result.report())
        bad = [r for r in results if r.oversold_units or r.oversold_grams]
        if database_only is not None:
            tps, pg_oversold = database_only
            hot = results[0]
            rate = hot.statuses.get(201, 0) / hot.seconds
            print(
                f"[pgbench] the same hold statement, {args.pgbench_clients} clients, "
                f"{args.pgbench_seconds} s: {tps:.0f} holds/s (oversold {pg_oversold}); "
                f"the service reached {rate / tps:.0%} of it"
            )
        bad += [r for r in results if any(s >= 500 for s in r.statuses)]
        print("OK: nothing oversold, no 5xx" if not bad else "FAILED: oversold or 5xx")
        return 1 if bad else 0
    finally:
        if process is not None:
            errors = process.log_text().count('"level": "error"')
            process.stop()
            if errors:
                print(f"service log: {process.log_path} ({errors} error line(s))")
            else:
                shutil.rmtree(log_dir, ignore_errors=True)
        drop_database(f"lpx_test_{run_id}_catalog")


if __name__ == "__main__":
    raise SystemExit(main())
