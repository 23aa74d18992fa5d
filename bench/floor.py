"""Benchmark: the floor under a purchase's CPU on this machine, from the stack's bare parts.

Not a test. Issue 17 asks for 15 ms of CPU per purchase summed over the services and 150
confirmed purchases/s on two cores (13.3 ms of the machine per purchase, PostgreSQL and
the Stripe stand-in included). ``bench/purchase.py`` measures what a purchase costs;
this measures, in one run on the same machine, what the parts it cannot do without cost
when they do nothing else:

1. *an HTTP request served*: uvicorn with the services' own protocol class, 16
   keep-alive connections: a bare ASGI app (no framework at all), a FastAPI app with one
   route and no middleware, and a real service's ``/livez`` (the shell every service
   shares: request ids, JSON logs, limits, metrics);
2. *an HTTP request sent* between services: ``lpx_common.http.ServiceClient`` (the
   internal token, the pooled keep-alive connection), client side only;
3. *a statement*: one primary-key read, one round trip from Python to PostgreSQL, with
   asyncpg alone, through SQLAlchemy Core (``Database.read_connection``), through the ORM
   (``Database.read``), and a write transaction (BEGIN, INSERT, COMMIT through
   ``Database.transaction``). Each shows the Python side's CPU and the PostgreSQL
   backend's;
4. *a shared mechanism*, once: an idempotent call (``IdempotencyStore.run``: claim the
   key, store the answer) and an outbox message (``enqueue`` in a transaction, then the
   relay's lease, delivery to the bare app and record), as every service uses them.

Then it prices the fewest parts that the consumer flow of docs/architecture.md allows
(counted in ``FEWEST`` below, each with why it is there) at the cheapest of those
floors, leaving out everything else a purchase does (validation, JSON bodies beyond a
few fields, Stripe's SDK, the webhook's signature, the email, the Stripe stand-in),
and prints that beside the target. A floor above the target means no tuning of this
stack reaches it.

    uv run python bench/floor.py
    uv run python bench/floor.py --requests 20000 --statements 20000
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.gateway_overhead import (  # noqa: E402  (the minimal load client)
    Target,
    build_request,
    cpu_seconds,
    throughput_round,
)
from bench.purchase import BenchPlatform  # noqa: E402
from lpx_common.auth import TokenCodec  # noqa: E402
from lpx_common.db import Database  # noqa: E402
from lpx_common.http import ServiceClient  # noqa: E402
from lpx_common.idempotency import IdempotencyStore  # noqa: E402
from lpx_common.outbox import OutboxRelay, enqueue  # noqa: E402
from lpx_common.tables import idempotency_table, outbox_table  # noqa: E402
from tests.harness import PG_DSN, ServiceProcess, create_database, drop_database  # noqa: E402

# The fewest parts of one consumer purchase under the architecture (docs/architecture.md,
# "The consumer flow"): what would be left with no retries, no history, no sweeps, every
# write folded into as few statements as the rules allow.
FEWEST = {
    # gateway: create, checkout, one read of `confirmed`; booking: the same three;
    # catalog: the hold and its commit; payments: the payment and one Stripe webhook;
    # booking: payments' outbox message; notifications: booking's confirmed event.
    "requests served": 12,
    # gateway -> booking x3, booking -> catalog x2, booking -> payments, payments ->
    # booking, booking -> notifications, payments -> Stripe.
    "requests sent": 9,
    # catalog hold 4 (BEGIN, counters, allocation, COMMIT) and commit 1; booking create
    # 5 (BEGIN, booking, line, idempotency record, COMMIT), checkout 4 (read, BEGIN,
    # update, COMMIT), payment report 6 (BEGIN, idempotency record, booking, update,
    # outbox, COMMIT) and two outbox deliveries 4 (lease, delivered); payments: payment
    # 3, webhook 1 (stored once), its processing 7 (BEGIN, payment, journal, entries,
    # outbox, event done, COMMIT), one delivery 2; notifications 6 (BEGIN, event, email,
    # COMMIT, lease, sent); the read of `confirmed` 1.
    "statements": 44,
}
BARE, FASTAPI, SHELL = "bare ASGI app", "FastAPI, one route", "a service's /livez"
ASYNCPG, CORE, ORM, WRITE = (
    "asyncpg alone (a prepared read)",
    "SQLAlchemy Core (Database.read_connection)",
    "SQLAlchemy ORM (Database.read)",
    "a write transaction, per statement",
)
# (server, statement) floors: what the parts would cost built without a framework, with
# the chosen packages at their leanest, and as the services are built.
PRICINGS = {
    "no framework: bare ASGI, asyncpg": (BARE, ASYNCPG),
    "the chosen packages at their leanest: FastAPI, Core": (FASTAPI, CORE),
    "as the services are built: their shell, the ORM": (SHELL, ORM),
}
TARGET_SERVICE_MS = 15.0
TARGET_PER_SECOND = 150
CORES = 2


def bare_asgi() -> Callable[..., Awaitable[None]]:
    """The least an ASGI app can be: a fixed JSON answer, no routing."""
    body = b'{"status":"ok"}'
    head = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"15")],
    }

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        await send(head)
        await send({"type": "http.response.body", "body": body})

    return app


def one_route_fastapi() -> Any:
    """FastAPI with one route returning a small dict: its routing, its parameter parsing
    and its JSON answer, none of the services' middleware."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    return app


def served(servers: dict[str, ServiceProcess], requests: int) -> dict[str, float]:
    """CPU ms per request served, by each server."""
    costs = {}
    for name, server in servers.items():
        target = Target(name, server.port, build_request("/livez", server.port, {}))
        asyncio.run(throughput_round(target, 16, 0.5))  # warm-up
        pid = server.process.pid  # type: ignore[union-attr]
        before, done = cpu_seconds(pid), 0
        while done < requests:
            count, _ = asyncio.run(throughput_round(target, 16, 1.0))
            done += count
        costs[name] = (cpu_seconds(pid) - before) * 1000 / done
    return costs


async def sent(port: int, requests: int) -> float:
    """CPU ms per request sent between services (client side, one in flight)."""
    client = ServiceClient(
        "floor", f"http://127.0.0.1:{port}", TokenCodec(secrets.token_urlsafe(32), issuer="bench")
    )
    try:
        for _ in range(200):
            await client.request("GET", "/livez")
        started = time.process_time()
        for _ in range(requests):
            await client.request("GET", "/livez")
        return (time.process_time() - started) * 1000 / requests
    finally:
        await client.aclose()


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


THINGS: Table = Thing.__table__  # type: ignore[assignment]
WRITES = Table("writes", MetaData(), Column("id", String, primary_key=True), Column("n", Integer))


async def backend_cpu(run: Callable[[], Awaitable[int]], statements: int) -> tuple[float, float]:
    """(Python ms, PostgreSQL ms) per statement of ``run``: it runs ``statements``
    statements on one connection and returns that connection's backend pid. The first
    call warms up; the second is measured."""
    pid = await run()  # also the warm-up
    py, pg = time.process_time(), cpu_seconds(pid)
    await run()
    return (
        (time.process_time() - py) * 1000 / statements,
        (cpu_seconds(pid) - pg) * 1000 / statements,
    )


async def statement_costs(url: str, count: int) -> dict[str, tuple[float, float]]:
    db = Database(url, pool_size=1)
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(WRITES.metadata.create_all)
        await conn.execute(insert(THINGS), [{"id": f"t{i}", "n": i} for i in range(100)])
    raw = await asyncpg.connect(PG_DSN.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1])
    read = await raw.prepare("SELECT n FROM things WHERE id = $1")
    core = select(THINGS.c.n).where(THINGS.c.id == "t7")
    orm = select(Thing).where(Thing.id == "t7")
    written = iter(range(10**9))

    async def with_asyncpg() -> int:
        for i in range(count):
            await read.fetchval(f"t{i % 100}")
        return await raw.fetchval("SELECT pg_backend_pid()")

    async def with_core() -> int:
        async with db.read_connection() as conn:
            for _ in range(count):
                (await conn.execute(core)).scalar_one()
            return (await conn.exec_driver_sql("SELECT pg_backend_pid()")).scalar_one()

    async def with_orm() -> int:
        async with db.read() as session:
            for _ in range(count):
                (await session.execute(orm)).scalar_one()
                session.expunge_all()
            return (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()

    async def with_transactions() -> int:
        for _ in range(count // 3):
            async with db.transaction() as session:
                await session.execute(insert(WRITES).values(id=f"w{next(written)}", n=1))
        async with db.read_connection() as conn:
            return (await conn.exec_driver_sql("SELECT pg_backend_pid()")).scalar_one()

    try:
        return {
            ASYNCPG: await backend_cpu(with_asyncpg, count),
            CORE: await backend_cpu(with_core, count),
            ORM: await backend_cpu(with_orm, count),
            WRITE: await backend_cpu(with_transactions, count // 3 * 3),
        }
    finally:
        await raw.close()
        await db.dispose()


async def mechanism_costs(url: str, peer_port: int, count: int) -> dict[str, float]:
    """Python CPU ms of one use of each shared mechanism, on PostgreSQL."""
    db = Database(url, pool_size=2)
    metadata = MetaData()
    keys, outbox = idempotency_table(metadata), outbox_table(metadata)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    peer = ServiceClient(
        "peer", f"http://127.0.0.1:{peer_port}", TokenCodec(secrets.token_urlsafe(32), issuer="b")
    )
    store, relay = IdempotencyStore(db, keys), OutboxRelay(db, outbox, {"peer": peer})
    serial = iter(range(10**9))

    async def answer() -> dict[str, str]:
        return {"id": "bkg_1", "status": "held"}

    async def idempotent_calls() -> None:
        for _ in range(count):
            key = f"k{next(serial)}"
            await store.run(owner="customer:1", key=key, fingerprint="f", call=answer)

    async def outbox_messages() -> None:
        for _ in range(count):
            async with db.transaction() as session:
                await enqueue(session, outbox, destination="peer", path="/v1/x", payload={"n": 1})
            if await relay.deliver_due() != 1:
                raise SystemExit("the outbox relay did not deliver the message")

    costs = {}
    try:
        for name, run in (
            ("an idempotent call: claim the key, store the answer", idempotent_calls),
            (
                "an outbox message: enqueue (in a transaction), lease, deliver, record",
                outbox_messages,
            ),
        ):
            await run()  # warm-up
            started = time.process_time()
            await run()
            costs[name] = (time.process_time() - started) * 1000 / count
    finally:
        await peer.aclose()
        await db.dispose()
    return costs


def report(
    served_ms: dict[str, float],
    sent_ms: float,
    statement_ms: dict[str, Any],
    mechanism_ms: dict[str, float],
) -> None:
    print("\n== an HTTP request served (server CPU, 16 keep-alive connections)")
    for name, ms in served_ms.items():
        print(f"   {name:<44} {ms:6.3f} ms")
    print("\n== an HTTP request sent between services (client CPU, ServiceClient)")
    print(f"   {'one GET, answer read':<44} {sent_ms:6.3f} ms")
    print("\n== a statement, one round trip            Python ms   PostgreSQL ms")
    for name, (py, pg) in statement_ms.items():
        print(f"   {name:<44} {py:6.3f}      {pg:6.3f}")

    print("\n== a shared mechanism, once (Python CPU, the database's round trips included)")
    for name, ms in mechanism_ms.items():
        print(f"   {name:<70} {ms:6.3f} ms")
    print("\n== the fewest parts of a consumer purchase (FEWEST), priced three ways")
    print("   " + ", ".join(f"{count} {part}" for part, count in FEWEST.items()))
    print(f"   {'':<52} services   +PostgreSQL   at most, {CORES} cores")
    for name, (serve, statement) in PRICINGS.items():
        py, pg = statement_ms[statement]
        services = (
            FEWEST["requests served"] * served_ms[serve]
            + FEWEST["requests sent"] * sent_ms
            + FEWEST["statements"] * py
        )
        machine = services + FEWEST["statements"] * pg
        print(
            f"   {name:<52} {services:5.1f} ms   {machine:5.1f} ms   "
            f"{CORES * 1000 / machine:5,.0f} purchases/s"
        )
    print(
        f"   target: {TARGET_SERVICE_MS:.0f} ms of the services' CPU and {TARGET_PER_SECOND} "
        f"purchases/s ({CORES * 1000 / TARGET_PER_SECOND:.1f} ms of the machine each), "
        "with everything a purchase does"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10_000, help="per server measured")
    parser.add_argument("--statements", type=int, default=10_000, help="per kind measured")
    args = parser.parse_args()

    log_dir = Path(tempfile.mkdtemp(prefix="lpx-floor-"))
    platform = BenchPlatform(
        run_id="floor" + secrets.token_hex(3), secret=secrets.token_urlsafe(48), log_dir=log_dir
    )
    database = f"lpx_bench_floor_{secrets.token_hex(3)}"
    bare = ServiceProcess("floor-asgi", "bench.floor:bare_asgi", {}, log_dir)
    fastapi = ServiceProcess("floor-fastapi", "bench.floor:one_route_fastapi", {}, log_dir)
    try:
        bare.start()
        fastapi.start()
        catalog = platform.service("catalog")
        served_ms = served({BARE: bare, FASTAPI: fastapi, SHELL: catalog}, args.requests)
        sent_ms = asyncio.run(sent(catalog.port, args.requests))
        url = create_database(database)
        statement_ms = asyncio.run(statement_costs(url, args.statements))
        mechanism_ms = asyncio.run(mechanism_costs(url, bare.port, args.statements // 5))
    finally:
        bare.stop()
        fastapi.stop()
        platform.close()
        drop_database(database)
    report(served_ms, sent_ms, statement_ms, mechanism_ms)


if __name__ == "__main__":
    main()
