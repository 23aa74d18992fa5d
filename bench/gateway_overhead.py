"""Benchmark: a catalog read through the gateway versus straight at the catalog.

Not a test. It makes throwaway PostgreSQL databases (catalog and gateway), migrates them
with Alembic, starts the catalog and the gateway as real ``uvicorn`` processes (one
worker each), seeds one offering, and in one run measures
``GET /v1/catalog/offerings/{id}``:

* **direct**: at the catalog, with an internal token minted as the gateway would;
* **gateway**: at the gateway, as the chosen caller (anonymous by default; ``--caller
  customer`` uses a signed-in customer's JWT, ``--caller partner`` a partner API key,
  which costs one indexed lookup in the gateway's database per request).

Two measurements, each alternating direct and gateway rounds so that machine noise hits
both alike:

1. *latency*: one connection, requests one after another; p50/p99 per path and what the
   gateway adds;
2. *throughput*: ``--concurrency`` keep-alive connections for ``--seconds`` per round;
   requests/s per path and the ratio gateway/direct.

The load generator is a minimal HTTP/1.1 keep-alive client on asyncio streams, so it
takes as little CPU as possible from the two processes under test.

Target (issue 5): the gateway keeps at least 75 % of the direct throughput and adds at
most 2 ms at p50.

    uv run python bench/gateway_overhead.py
    uv run python bench/gateway_overhead.py --caller partner --seconds 5 --concurrency 32
    uv run python bench/gateway_overhead.py --upstream-client httpx  # httpx's pool instead
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.purchase import BenchPlatform  # noqa: E402  (the services' own pool sizes)
from tests.harness import (  # noqa: E402  (the harness is next door)
    Platform,
    ServiceProcess,
    create_offering,
)

# Limits too high to trip, still counted (in Redis, as deployed) on every request.
UNLIMITED = {
    "GATEWAY_RATE_ANONYMOUS": "100000000/minute",
    "GATEWAY_RATE_AUTHENTICATED": "100000000/minute",
}


class Connection:
    """One keep-alive HTTP/1.1 connection; GET only, Content-Length bodies only."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def get(self, request: bytes) -> int:
        assert self.reader and self.writer
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer:
            self.writer.close()
            await self.writer.wait_closed()


def build_request(path: str, port: int, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: application/json"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@dataclass
class Target:
    name: str
    port: int
    request: bytes


async def latency_round(target: Target, count: int) -> list[float]:
    conn = Connection("127.0.0.1", target.port)
    await conn.open()
    samples = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            status = await conn.get(target.request)
            samples.append(time.perf_counter() - started)
            if status != 200:
                raise SystemExit(f"{target.name}: unexpected status {status}")
    finally:
        await conn.close()
    return samples


async def throughput_round(target: Target, concurrency: int, seconds: float) -> tuple[int, float]:
    conns = [Connection("127.0.0.1", target.port) for _ in range(concurrency)]
    await asyncio.gather(*(c.open() for c in conns))
    done = 0
    bad = 0
    deadline = 0.0

    async def worker(conn: Connection) -> None:
        nonlocal done, bad
        while time.perf_counter() < deadline:
            if await conn.get(target.request) == 200:
                done += 1
            else:
                bad += 1

    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - started
    await asyncio.gather(*(c.close() for c in conns))
    if bad:
        raise SystemExit(f"{target.name}: {bad} requests did not answer 200")
    return done, elapsed


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def seed(platform: Platform, catalog: ServiceProcess) -> str:
    with httpx.Client(base_url=catalog.url, timeout=10) as client:
        offering = create_offering(
            client,
            platform.tokens.staff("operator"),
            mass_budget_grams=300_000,
            unit_mass_grams=5,
            capacity_units=1000,
            max_quantity=5,
        )
    return offering["id"]


def caller_headers(kind: str, platform: Platform, gateway: ServiceProcess) -> dict[str, str]:
    if kind == "anonymous":
        return {}
    with httpx.Client(base_url=gateway.url, timeout=30) as client:
        if kind == "customer":
            body = client.post(
                "/v1/auth/signup",
                json={
                    "email": "bench@example.com",
                    "password": secrets.token_urlsafe(16),
                    "name": "B",
                },
            )
            body.raise_for_status()
            return {"Authorization": "Bearer " + body.json()["access_token"]}
        password = secrets.token_urlsafe(16)
        import subprocess

        subprocess.run(
            [
                sys.executable,
                "-m",
                "gateway.cli",
                "create-admin",
                "--email",
                "bench-admin@example.com",
                "--password-env",
                "BENCH_PW",
            ],
            env={**os.environ, **platform.env("gateway"), "BENCH_PW": password},
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        token = client.post(
            "/v1/auth/login", json={"email": "bench-admin@example.com", "password": password}
        )
        admin = {"Authorization": "Bearer " + token.json()["access_token"]}
        partner = client.post(
            "/v1/admin/partners",
            json={"name": "Bench", "contact_email": "p@example.com"},
            headers=admin,
        )
        key = client.post(
            f"/v1/admin/partners/{partner.json()['id']}/api-keys",
            json={"name": "bench", "scopes": ["catalog:read"]},
            headers=admin,
        )
        return {"X-API-Key": key.json()["key"]}


async def measure(
    direct: Target, gateway: Target, args: argparse.Namespace, pids: dict[str, int]
) -> None:
    # Warm up both paths (connection pools, caches, JIT-free but lazy imports).
    await latency_round(direct, 200)
    await latency_round(gateway, 200)
    lat: dict[str, list[float]] = {"direct": [], "gateway": []}
    for _ in range(args.rounds):
        for target in (direct, gateway):
            lat[target.name] += await latency_round(target, args.latency_requests // args.rounds)
    done: dict[str, int] = {"direct": 0, "gateway": 0}
    spent: dict[str, float] = {"direct": 0.0, "gateway": 0.0}
    # CPU used by each process while serving the gateway rounds: immune to other load.
    cpu = {"catalog": 0.0, "gateway": 0.0}
    for _ in range(args.rounds):
        for target in (direct, gateway):
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            n, s = await throughput_round(target, args.concurrency, args.seconds / args.rounds)
            done[target.name] += n
            spent[target.name] += s
            if target is gateway:
                for name, pid in pids.items():
                    cpu[name] += cpu_seconds(pid) - before[name]
    rps = {name: done[name] / spent[name] for name in done}
    p50 = {name: pct(lat[name], 0.50) for name in lat}
    p99 = {name: pct(lat[name], 0.99) for name in lat}
    ratio = rps["gateway"] / rps["direct"]
    added50 = p50["gateway"] - p50["direct"]
    added99 = p99["gateway"] - p99["direct"]
    print(f"\nGET /v1/catalog/offerings/{{id}} — caller through the gateway: {args.caller}")
    print(f"  the gateway's upstream client: {args.upstream_client}")
    print(f"  latency, 1 connection, {len(lat['direct'])} requests per path:")
    for name in lat:
        mean = statistics.fmean(lat[name]) * 1000
        print(
            f"    {name:8s} p50 {p50[name]:6.2f} ms   p99 {p99[name]:6.2f} ms   mean {mean:6.2f} ms"
        )
    print(f"    added by the gateway: p50 {added50:+.2f} ms, p99 {added99:+.2f} ms", end="")
    print("   (target p50 <= 2 ms)")
    print(f"  throughput, {args.concurrency} connections, {args.seconds:.0f} s per path:")
    for name in rps:
        print(f"    {name:8s} {rps[name]:8.0f} requests/s")
    print(f"    gateway / direct: {ratio * 100:.0f} %   (target >= 75 %)")
    print("  CPU per request through the gateway (from /proc, independent of other load):")
    for name, seconds in cpu.items():
        print(f"    {name:8s} {seconds / max(1, done['gateway']) * 1000:6.2f} ms")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ok = ratio >= 0.75 and added50 <= 2.0
    print(f"  {'MEETS' if ok else 'MISSES'} the target")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--caller", choices=["anonymous", "customer", "partner"], default="anonymous"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0, help="throughput time per path")
    parser.add_argument("--latency-requests", type=int, default=2000, help="per path")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of direct/gateway")
    parser.add_argument(
        "--upstream-client",
        choices=["httptools", "httpx"],
        default="httptools",
        help="the gateway's proxy client (GATEWAY_UPSTREAM_CLIENT; httptools by default)",
    )
    parser.add_argument(
        "--api-key-cache-seconds",
        default="1",
        help="the gateway's GATEWAY_API_KEY_CACHE_SECONDS (0: look the key up every request)",
    )
    args = parser.parse_args()

    platform = BenchPlatform(
        run_id="bench" + secrets.token_hex(3),
        secret=secrets.token_urlsafe(48),
        log_dir=Path(tempfile.mkdtemp(prefix="lpx-bench-")),
    )
    try:
        catalog = platform.service("catalog")
        gateway = platform.spawn(
            "gateway",
            **UNLIMITED,
            GATEWAY_API_KEY_CACHE_SECONDS=args.api_key_cache_seconds,
            GATEWAY_UPSTREAM_CLIENT=args.upstream_client,
        )
        offering_id = seed(platform, catalog)
        path = f"/v1/catalog/offerings/{offering_id}"
        # The direct path gets a token minted once, as a caller of the catalog would.
        direct_headers = platform.tokens.header(
            platform.tokens.codec.verify(platform.tokens.anonymous()["X-Internal-Token"]),
            ttl_seconds=3600,
        )
        direct = Target("direct", catalog.port, build_request(path, catalog.port, direct_headers))
        through = Target(
            "gateway",
            gateway.port,
            build_request(path, gateway.port, caller_headers(args.caller, platform, gateway)),
        )
        pids = {"catalog": catalog.process.pid, "gateway": gateway.process.pid}  # type: ignore[union-attr]
        asyncio.run(measure(direct, through, args, pids))
    finally:
        platform.close()


if __name__ == "__main__":
    main()
