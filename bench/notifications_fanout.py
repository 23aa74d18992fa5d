"""Benchmark: events fanned out to partner webhook endpoints by the notifications service.

Not a test. It creates a throwaway PostgreSQL database, migrates it with Alembic, starts
notifications as a real ``uvicorn`` process, registers ``--endpoints`` endpoints (one
partner each, all subscribed to ``mission.launched``, a public event every partner
receives) on a small asyncio HTTP receiver in this process, posts ``--events`` events to
``/v1/internal/events`` as a peer's outbox would, and waits until every delivery arrived.

It prints deliveries per second (all deliveries over the time from the first event posted
to the last delivery received) and the p50/p99 delay from an event's ``created_at`` to
its arrival at the receiver. Every received signature is checked, and an event that
reached the same endpoint twice is counted. With ``--replicas N`` that many
notifications processes share the database (events are posted to them in turn), as
replicas do in production. The database is dropped afterwards.

Run (PostgreSQL on 127.0.0.1:5432, or set ``LPX_TEST_PG``)::

    uv run python bench/notifications_fanout.py
    uv run python bench/notifications_fanout.py --events 1000 --endpoints 20
    uv run python bench/notifications_fanout.py --replicas 2

The defaults (10,000 events to 20 endpoints: 200,000 deliveries) take minutes on a
2-core machine; use fewer events for a quick look.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notifications.domain.signing import verify  # noqa: E402
from tests.harness import (  # noqa: E402  (the harness lives next to the bench)
    ServiceProcess,
    Tokens,
    create_service_database,
    drop_database,
)

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(ALPHABET) for _ in range(26))


class Receiver:
    """A minimal keep-alive HTTP/1.1 server answering 200 to every POST."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []  # (arrival, event created_at)
        self.seen: set[tuple[str, str]] = set()  # (path, event id)
        self.duplicates = 0
        self.bad_signatures = 0
        self.secrets: dict[str, str] = {}  # path -> secret
        self.expected = 0
        self.done = asyncio.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                now = time.time()
                secret = self.secrets.get(path, "")
                if not verify(secret, headers.get("lpx-signature", ""), body, tolerance=3600):
                    self.bad_signatures += 1
                event = json.loads(body)
                if (path, event["id"]) in self.seen:
                    self.duplicates += 1  # at least once: a receiver deduplicates
                else:
                    self.seen.add((path, event["id"]))
                    self.arrivals.append((now, event["created_at"]))
                if len(self.arrivals) >= self.expected:
                    self.done.set()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def run(args: argparse.Namespace) -> None:
    run_id = secrets.token_hex(4)
    # The harness's database helpers run their own event loop: off this one.
    url = await asyncio.to_thread(create_service_database, "notifications", f"bench{run_id}")
    secret = secrets.token_urlsafe(48)
    tokens = Tokens(secret)
    receiver = Receiver()
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    log_dir = Path(tempfile.mkdtemp(prefix="lpx-bench-"))
    processes = [
        ServiceProcess(
            f"notifications-{n}",
            "notifications.main:create_app",
            {
                "NOTIFICATIONS_DATABASE_URL": url,
                "NOTIFICATIONS_INTERNAL_TOKEN_SECRET": secret,
                "NOTIFICATIONS_WEBHOOK_ALLOW_LOOPBACK": "true",
                "NOTIFICATIONS_WEBHOOK_ALLOW_HTTP": "true",
                "NOTIFICATIONS_POLL_SECONDS": "0.1",
                "NOTIFICATIONS_BATCH_SIZE": str(args.batch),
                "NOTIFICATIONS_WEBHOOK_CONCURRENCY": str(args.concurrency_per_replica),
                "NOTIFICATIONS_LOG_LEVEL": "WARNING",
            },
            log_dir,
        )
        for n in range(args.replicas)
    ]
    for process in processes:
        await asyncio.to_thread(process.start)
    clients = [httpx.AsyncClient(base_url=p.url, timeout=30.0) for p in processes]
    try:
        async with clients[0] as client:
            for n in range(args.endpoints):
                partner = _id("ptn")
                made = await client.post(
                    "/v1/notifications/webhook-endpoints",
                    json={
                        "url": f"http://127.0.0.1:{port}/hook/{n}",
                        "event_types": ["mission.launched"],
                    },
                    headers={
                        **tokens.partner(partner, "webhooks:manage"),
                        "Idempotency-Key": _id("k"),
                    },
                )
                made.raise_for_status()
                receiver.secrets[f"/hook/{n}"] = made.json()["secret"]
            expected = args.events * args.endpoints
            receiver.expected = expected
            gate = asyncio.Semaphore(args.concurrency)
            started = time.time()

            async def post(n: int) -> None:
                async with gate:
                    # The event happens when it is sent, not when it waits for the gate.
                    event_id = _id("evt")
                    body = {
                        "id": event_id,
                        "type": "mission.launched",
                        "occurred_at": datetime.now(UTC).isoformat(),
                        "subject_id": "msn_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A",
                        "sequence": n,
                        "data": {"mission_id": "msn_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A"},
                    }
                    answer = await clients[n % len(clients)].post(
                        "/v1/internal/events",
                        json=body,
                        headers={**tokens.service("catalog"), "Idempotency-Key": event_id},
                    )
                answer.raise_for_status()

            await asyncio.gather(*(post(n) for n in range(args.events)))
            posted = time.time()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(receiver.done.wait(), args.timeout)
        received = len(receiver.arrivals)
        last = max(a for a, _ in receiver.arrivals) if receiver.arrivals else time.time()
        delays = sorted(
            a - datetime.fromisoformat(created).timestamp() for a, created in receiver.arrivals
        )
        p50 = statistics.median(delays) if delays else float("nan")
        p99 = delays[int(0.99 * (len(delays) - 1))] if delays else float("nan")
        print(
            f"events {args.events} x endpoints {args.endpoints}: {received}/{expected} delivered"
            f"\n  events posted in {posted - started:.1f}s"
            f" ({args.events / (posted - started):.0f} events/s)"
            f"\n  deliveries/s {received / (last - started):.0f}"
            f" (first post to last delivery {last - started:.1f}s)"
            f"\n  delay event -> delivery: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
            f"\n  bad signatures {receiver.bad_signatures},"
            f" sent twice {receiver.duplicates} (replicas {args.replicas})"
        )
    finally:
        for extra in clients[1:]:
            await extra.aclose()
        for process in processes:
            process.stop()
        server.close()
        await asyncio.to_thread(drop_database, f"lpx_test_bench{run_id}_notifications")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--endpoints", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch", type=int, default=200, help="deliveries leased per pass")
    parser.add_argument("--replicas", type=int, default=1, help="notifications processes")
    parser.add_argument(
        "--concurrency-per-replica", type=int, default=64, help="requests in flight each"
    )
    parser.add_argument("--timeout", type=float, default=1800.0)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
