"""Test harness: throwaway PostgreSQL databases and services run as real processes.

Every test run creates one database per service on the local PostgreSQL server, migrates
it with that service's Alembic scripts, and drops it afterwards. Services run as real
``uvicorn`` processes on free loopback ports, so tests cross real HTTP boundaries.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from lpx_common.auth import Principal, TokenCodec
from lpx_common.migrations import upgrade
from payments.main import stripe_event_types

ROOT = Path(__file__).resolve().parents[1]
PG_DSN = os.environ.get("LPX_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# Where the gateways of a run keep their rate-limit counters (shared by every replica, as
# deployed); each run and each extra gateway uses its own key prefix, so runs never meet.
REDIS_URL = os.environ.get("LPX_TEST_REDIS", "redis://127.0.0.1:6379/0")

SERVICE_DIRS = {
    "catalog": ROOT / "services" / "catalog",
    "booking": ROOT / "services" / "booking",
    "payments": ROOT / "services" / "payments",
    "notifications": ROOT / "services" / "notifications",
    "gateway": ROOT / "gateway",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_url(dsn: str, database: str) -> str:
    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


def run_admin_sql(sql: str) -> None:
    """One statement as the PostgreSQL superuser (roles, databases)."""
    asyncio.run(_admin(sql))


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_DSN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_database(name: str) -> str:
    """Create (or recreate) database ``name``; return its SQLAlchemy async URL."""
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return _pg_url(PG_DSN, name)


def drop_database(name: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def create_service_database(service: str, run_id: str) -> str:
    """A fresh, migrated database for ``service``."""
    url = create_database(f"lpx_test_{run_id}_{service}")
    upgrade(SERVICE_DIRS[service], url)
    return url


@dataclass
class ServiceProcess:
    """One service (or tool) running under uvicorn in its own process."""

    name: str
    app: str  # "package.module:factory"
    env: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    # Extra uvicorn options, e.g. ["--workers", "2"] for a benchmark.
    uvicorn_args: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}-{self.port}.log"

    def start(self, ready_path: str = "/livez", timeout: float = 120.0) -> ServiceProcess:
        # PYTHONFAULTHANDLER: a process that never gets ready is sent SIGABRT, and its log
        # then shows where each of its threads was stuck.
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                self.app,
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                # The tests' httpx clients keep an idle connection 5 s, uvicorn's own
                # keep-alive is 5 s too: a request sent just as both ran out met a closed
                # connection (seen once in a full run). Deployments keep uvicorn's 5 s;
                # the platform's own pool stops reusing a connection after 4 s.
                "--timeout-keep-alive",
                "8",
                # The head limits of lpx_common.serving, as deployed (431 above them).
                "--http",
                f"lpx_common.serving:{'Edge' if self.name.startswith('gateway') else 'Service'}"
                "HttpProtocol",
                *self.uvicorn_args,
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_text()[-4000:]}")
            try:
                if httpx.get(self.url + ready_path, timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.process.send_signal(signal.SIGABRT)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        raise RuntimeError(f"{self.name} did not become ready:\n{self.log_text()[-8000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL: the process dies at once, as in a crash; no shutdown hooks run."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> ServiceProcess:
        self.stop()
        return self.start()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class Tokens:
    """Mints internal tokens as the gateway would, for calling services directly."""

    def __init__(self, secret: str) -> None:
        self.codec = TokenCodec(secret, issuer="gateway")

    def header(self, principal: Principal, ttl_seconds: int | None = None) -> dict[str, str]:
        return {"X-Internal-Token": self.codec.mint(principal, ttl_seconds=ttl_seconds)}

    def staff(self, *roles: str) -> dict[str, str]:
        return self.header(Principal(kind="staff", subject="stf_test", roles=frozenset(roles)))

    def customer(
        self, subject: str = "cus_test", email: str = "buyer@example.com"
    ) -> dict[str, str]:
        return self.header(Principal(kind="customer", subject=subject, email=email))

    def partner(
        self, partner_id: str = "ptn_test", *scopes: str, email: str | None = None
    ) -> dict[str, str]:
        """A partner's API key as the gateway forwards it (``email``: its contact address)."""
        return self.header(
            Principal(
                kind="partner",
                subject=partner_id,
                partner_id=partner_id,
                scopes=frozenset(scopes),
                email=email,
            )
        )

    def service(self, name: str) -> dict[str, str]:
        return self.header(Principal(kind="service", subject=name))

    def anonymous(self) -> dict[str, str]:
        return self.header(Principal(kind="anonymous", subject="anonymous"))


APPS = {
    "catalog": "catalog.main:create_app",
    "booking": "booking.main:create_app",
    "payments": "payments.main:create_app",
    "notifications": "notifications.main:create_app",
    "gateway": "gateway.main:create_app",
    "stripe": "stripe_standin.main:create_app",
}

STRIPE_API_KEY = "sk_test_standin_platform"
STRIPE_WEBHOOK_SECRET = "whsec_test_standin_platform"


class Platform:
    """The whole platform for one test run: databases made on demand, processes shared.

    ``service(name)`` starts a service once per run (and its dependencies first);
    ``spawn(name)`` starts an extra instance that a test may kill or restart freely.
    """

    def __init__(self, run_id: str, secret: str, log_dir: Path) -> None:
        self.run_id = run_id
        self.secret = secret
        self.log_dir = log_dir
        self.tokens = Tokens(secret)
        self.database_urls: dict[str, str] = {}
        self.shared: dict[str, ServiceProcess] = {}
        self.spawned: list[ServiceProcess] = []
        # Ports are fixed up front so services can name each other before they start.
        self.ports = {name: free_port() for name in APPS}
        # The SMTP server notifications sends to (tests.mail.MailSink, started with it).
        self.smtp_port = free_port()
        self.mail: Any = None

    @property
    def jwt_secret(self) -> str:
        """The gateway's access-token key for this run (tests mint expired tokens with it)."""
        return hashlib.sha256(f"gateway-jwt:{self.secret}".encode()).hexdigest()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def database(self, service: str) -> str:
        if service not in self.database_urls:
            self.database_urls[service] = create_service_database(service, self.run_id)
        return self.database_urls[service]

    def env(self, name: str) -> dict[str, str]:
        secret = self.secret
        if name == "stripe":
            return {
                "STRIPE_STANDIN_API_KEY": STRIPE_API_KEY,
                "STRIPE_STANDIN_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
                "STRIPE_STANDIN_WEBHOOK_URL": self.url("payments") + "/webhooks/stripe",
                # As payments' endpoint is set up at Stripe (services/payments/README.md).
                "STRIPE_STANDIN_WEBHOOK_EVENTS": ",".join(stripe_event_types()),
                "STRIPE_STANDIN_PUBLIC_URL": self.url("stripe"),
            }
        prefix = name.upper() + "_"
        env = {
            prefix + "DATABASE_URL": self.database(name),
            prefix + "INTERNAL_TOKEN_SECRET": secret,
            prefix + "OUTBOX_POLL_SECONDS": "0.2",
            # Two test workers, each with its own platform, share one PostgreSQL.
            prefix + "DB_POOL_SIZE": "4",
            prefix + "DB_MAX_OVERFLOW": "4",
        }
        if name == "catalog":
            env["CATALOG_NOTIFICATIONS_URL"] = self.url("notifications")
        if name == "booking":
            env |= {
                "BOOKING_CATALOG_URL": self.url("catalog"),
                "BOOKING_PAYMENTS_URL": self.url("payments"),
                "BOOKING_NOTIFICATIONS_URL": self.url("notifications"),
                # After paying, the Stripe stand-in sends the buyer back to the storefront.
                "BOOKING_CHECKOUT_SUCCESS_URL": (
                    self.url("gateway") + "/bookings/{booking_id}?paid=1"
                ),
                "BOOKING_CHECKOUT_CANCEL_URL": self.url("gateway") + "/bookings/{booking_id}",
                # Booking's workers poll fast so tests see expiry and mission events quickly.
                "BOOKING_EXPIRY_POLL_SECONDS": "0.3",
                "BOOKING_MISSION_EVENTS_POLL_SECONDS": "0.3",
                "BOOKING_MILESTONE_POLL_SECONDS": "1",
                "BOOKING_BALLOT_POLL_SECONDS": "0.3",
                "BOOKING_WAITLIST_POLL_SECONDS": "0.3",
            }
        elif name == "payments":
            env |= {
                "PAYMENTS_BOOKING_URL": self.url("booking"),
                "PAYMENTS_NOTIFICATIONS_URL": self.url("notifications"),
                "PAYMENTS_STRIPE_API_BASE": self.url("stripe"),
                "PAYMENTS_STRIPE_SECRET_KEY": STRIPE_API_KEY,
                "PAYMENTS_STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
            }
        elif name == "notifications":
            env |= {
                "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
                "NOTIFICATIONS_SMTP_PORT": str(self.smtp_port),
                "NOTIFICATIONS_STOREFRONT_URL": self.url("gateway"),
                # Test receivers are small HTTP servers on loopback.
                "NOTIFICATIONS_WEBHOOK_ALLOW_LOOPBACK": "true",
                "NOTIFICATIONS_WEBHOOK_ALLOW_HTTP": "true",
                "NOTIFICATIONS_POLL_SECONDS": "0.2",
                "NOTIFICATIONS_LEASE_SECONDS": "3",
                "NOTIFICATIONS_EMAIL_BACKOFF_SECONDS": "0.2",
                "NOTIFICATIONS_WEBHOOK_BACKOFF_SECONDS": "0.2",
                "NOTIFICATIONS_WEBHOOK_MAX_BACKOFF_SECONDS": "1",
            }
        elif name == "gateway":
            env |= {
                "GATEWAY_CATALOG_URL": self.url("catalog"),
                "GATEWAY_BOOKING_URL": self.url("booking"),
                "GATEWAY_PAYMENTS_URL": self.url("payments"),
                "GATEWAY_NOTIFICATIONS_URL": self.url("notifications"),
                "GATEWAY_JWT_SECRET": self.jwt_secret,
                "GATEWAY_RATE_LIMIT_STORAGE_URI": REDIS_URL,
                "GATEWAY_RATE_LIMIT_KEY_PREFIX": f"lpx-test-{self.run_id}",
                # The shared gateway serves every test from 127.0.0.1, so its general
                # per-caller limits are high; tests of the limits use their own instance.
                "GATEWAY_RATE_ANONYMOUS": "100000/minute",
                "GATEWAY_RATE_AUTHENTICATED": "100000/minute",
                "GATEWAY_RATE_SIGNUP": "10000/minute",
                "GATEWAY_RATE_BAD_CREDENTIALS": "10000/minute",
                "GATEWAY_RATE_LOGIN_FAILURES_ADDRESS": "10000/minute",
                # A page showing a string missing from its catalog shows it as ⟦...⟧.
                "GATEWAY_I18N_STRICT": "1",
            }
        return env

    def service(self, name: str) -> ServiceProcess:
        """The run's shared instance of ``name``, started on first use."""
        if name == "notifications" and self.mail is None:
            from tests.mail import MailSink

            self.mail = MailSink(self.smtp_port).start()
        if name not in self.shared:
            process = ServiceProcess(
                name, APPS[name], self.env(name), self.log_dir, port=self.ports[name]
            )
            self.shared[name] = process.start()
        return self.shared[name]

    def spawn(self, name: str, port: int | None = None, **extra_env: str) -> ServiceProcess:
        """An extra instance on its own port (same database) that a test may kill. An
        extra gateway counts its rate limits apart from the others unless ``extra_env``
        names a key prefix (replicas of one deployment share theirs). ``port`` is for
        instances whose peers must know their address before they start."""
        env = self.env(name)
        if name == "gateway":
            env["GATEWAY_RATE_LIMIT_KEY_PREFIX"] = f"lpx-test-{self.run_id}-{secrets.token_hex(4)}"
        process = ServiceProcess(
            f"{name}-extra", APPS[name], env | extra_env, self.log_dir, port=port or free_port()
        )
        self.spawned.append(process)
        return process.start()

    def stop_extras(self, name: str) -> None:
        """Stop the extra instances of ``name`` that earlier tests left running: a test that
        freezes a service's background workers needs no other instance doing that work."""
        for process in self.spawned:
            if process.name == f"{name}-extra":
                process.stop()

    def close(self) -> None:
        for process in [*self.spawned, *self.shared.values()]:
            process.stop()
        if self.mail is not None:
            self.mail.stop()
        for service in self.database_urls:
            drop_database(f"lpx_test_{self.run_id}_{service}")


def create_offering(
    client: httpx.Client,
    operator_headers: dict[str, str],
    *,
    mass_budget_grams: int = 10**9,
    launch_in_days: int = 400,
    on_sale: bool = True,
    **fields: Any,
) -> dict[str, Any]:
    """A new mission with one offering, made by an operator through ``client`` (the
    catalog with an internal token, or the gateway with a staff login). The offering is
    a consumer memento capsule unless ``fields`` say otherwise; the mission is put on
    sale unless ``on_sale`` is false. Every test and benchmark sells its own capacity.
    """
    now = datetime.now(UTC)
    suffix = secrets.token_hex(4)

    def post(path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        answer = client.post(path, json=body, headers={**operator_headers, **headers})
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    mission = post(
        "/v1/catalog/missions",
        {
            "code": f"T-{suffix}",
            "name": f"Test mission {suffix}",
            "lander": "APEX 1.0",
            "landing_site": "Schrodinger Basin",
            "launch_window_start": (now + timedelta(days=launch_in_days)).isoformat(),
            "launch_window_end": (now + timedelta(days=launch_in_days + 30)).isoformat(),
            "mass_budget_grams": mass_budget_grams,
        },
        {"Idempotency-Key": secrets.token_hex(8)},
    )
    offering = post(
        "/v1/catalog/offerings",
        {
            "mission_id": mission["id"],
            "sku": f"SKU-{suffix}",
            "name": "Memento capsule S",
            "kind": "memento_capsule",
            "audience": "consumer",
            "unit": "item",
            "unit_mass_grams": 10,
            "capacity_units": 10,
            "prices": {"JPY": 70_000, "USD": 46_000},
            "min_quantity": 1,
            "max_quantity": 10,
            "sale_starts_at": (now - timedelta(days=1)).isoformat(),
            "sale_ends_at": (now + timedelta(days=max(launch_in_days - 1, 2))).isoformat(),
            **fields,
        },
        {"Idempotency-Key": secrets.token_hex(8)},
    )
    if on_sale:
        post(
            f"/v1/catalog/missions/{mission['id']}/status",
            {"status": "on_sale", "reason": "test"},
            {"If-Match": "*"},
        )
    return offering
