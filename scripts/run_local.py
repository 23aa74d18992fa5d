"""Run the whole platform on this machine: SQLite per service, the Stripe stand-in, demo data,
and a local SMTP sink that keeps every email notifications sends under ``var/mail/``.

Used by ``scripts/run.sh``. Each service gets its environment here, the way
docker-compose gives it in containers. A fresh internal-token secret is made for each
run unless ``LPX_INTERNAL_TOKEN_SECRET`` is set.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from lpx_common.migrations import upgrade
from payments.main import stripe_event_types

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
HOST = os.environ.get("LPX_HOST", "127.0.0.1")

PORTS = {
    "gateway": 8000,
    "catalog": 8001,
    "booking": 8002,
    "payments": 8003,
    "notifications": 8004,
    "stripe": 8010,
}
SMTP_PORT = int(os.environ.get("LPX_LOCAL_SMTP_PORT", "1025"))
MAIL_DIR = VAR / "mail"
SERVICE_DIRS = {
    "catalog": ROOT / "services" / "catalog",
    "booking": ROOT / "services" / "booking",
    "payments": ROOT / "services" / "payments",
    "notifications": ROOT / "services" / "notifications",
    "gateway": ROOT / "gateway",
}
APPS = {
    "catalog": "catalog.main:create_app",
    "booking": "booking.main:create_app",
    "payments": "payments.main:create_app",
    "notifications": "notifications.main:create_app",
    "stripe": "stripe_standin.main:create_app",
    "gateway": "gateway.main:create_app",
}
# Stand-in credentials: they only open the local Stripe stand-in, never real Stripe.
STRIPE_KEY = os.environ.get("LPX_LOCAL_STRIPE_KEY", "sk_test_local_standin")
STRIPE_WEBHOOK_SECRET = os.environ.get("LPX_LOCAL_STRIPE_WEBHOOK_SECRET", "whsec_local_standin")


def url(name: str) -> str:
    return f"http://{HOST}:{PORTS[name]}"


def sqlite_url(name: str) -> str:
    return f"sqlite+aiosqlite:///{VAR / f'{name}.sqlite3'}"


def environment(secret: str) -> dict[str, dict[str, str]]:
    common = {
        name: {
            f"{name.upper()}_DATABASE_URL": sqlite_url(name),
            f"{name.upper()}_INTERNAL_TOKEN_SECRET": secret,
        }
        for name in SERVICE_DIRS
    }
    common["catalog"]["CATALOG_NOTIFICATIONS_URL"] = url("notifications")
    common["booking"] |= {
        "BOOKING_CATALOG_URL": url("catalog"),
        "BOOKING_PAYMENTS_URL": url("payments"),
        "BOOKING_NOTIFICATIONS_URL": url("notifications"),
    }
    common["payments"] |= {
        "PAYMENTS_BOOKING_URL": url("booking"),
        "PAYMENTS_NOTIFICATIONS_URL": url("notifications"),
        "PAYMENTS_STRIPE_API_BASE": url("stripe"),
        "PAYMENTS_STRIPE_SECRET_KEY": STRIPE_KEY,
        "PAYMENTS_STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
    }
    common["gateway"] |= {
        "GATEWAY_CATALOG_URL": url("catalog"),
        "GATEWAY_BOOKING_URL": url("booking"),
        "GATEWAY_PAYMENTS_URL": url("payments"),
        "GATEWAY_NOTIFICATIONS_URL": url("notifications"),
        "GATEWAY_DEV_MAIL_DIR": str(MAIL_DIR),
        # One gateway process here: its rate limits may stay in it (Redis when scaled out).
        "GATEWAY_RATE_LIMIT_STORAGE_URI": "memory://",
    }
    common["notifications"] |= {
        "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIONS_SMTP_PORT": str(SMTP_PORT),
        "NOTIFICATIONS_STOREFRONT_URL": url("gateway"),
        # A developer's webhook receiver runs on this machine, over plain HTTP.
        "NOTIFICATIONS_WEBHOOK_ALLOW_LOOPBACK": "true",
        "NOTIFICATIONS_WEBHOOK_ALLOW_HTTP": "true",
    }
    common["stripe"] = {
        "STRIPE_STANDIN_API_KEY": STRIPE_KEY,
        "STRIPE_STANDIN_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
        "STRIPE_STANDIN_WEBHOOK_URL": url("gateway") + "/webhooks/stripe",
        # As payments' endpoint is set up at Stripe (services/payments/README.md).
        "STRIPE_STANDIN_WEBHOOK_EVENTS": ",".join(stripe_event_types()),
        "STRIPE_STANDIN_PUBLIC_URL": url("stripe"),
    }
    return common


def prepare(env: dict[str, dict[str, str]]) -> None:
    VAR.mkdir(exist_ok=True)
    for name, directory in SERVICE_DIRS.items():
        print(f"==> migrating {name}")
        upgrade(directory, sqlite_url(name))
    print("==> loading demo data")
    subprocess.run(
        [sys.executable, "-m", "catalog.seed"], env={**os.environ, **env["catalog"]}, check=True
    )


DEMO_ACCOUNTS = VAR / "demo-accounts.txt"


def demo_accounts(env: dict[str, dict[str, str]]) -> str:
    """An admin and a customer to sign in with, made once; their passwords stay in
    var/demo-accounts.txt (readable by this user only) so later runs can show them."""
    if DEMO_ACCOUNTS.exists():
        return DEMO_ACCOUNTS.read_text()
    lines = []
    for command, email in (
        ("create-admin", "admin@demo.lpx.local"),
        ("create-customer", "customer@demo.lpx.local"),
    ):
        password = secrets.token_urlsafe(12)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gateway.cli",
                command,
                "--email",
                email,
                "--password-env",
                "LPX_DEMO_PASSWORD",
                "--if-missing",
            ],
            env={**os.environ, **env["gateway"], "LPX_DEMO_PASSWORD": password},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        role = "admin   " if command == "create-admin" else "customer"
        lines.append(f"  Demo {role}               {email}  /  {password}\n")
    DEMO_ACCOUNTS.touch(mode=0o600)
    DEMO_ACCOUNTS.write_text("".join(lines))
    return DEMO_ACCOUNTS.read_text()


class _MailToFiles:
    """The local SMTP sink: each email received becomes ``var/mail/<time>-<n>.eml``."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.count += 1
        MAIL_DIR.mkdir(parents=True, exist_ok=True)
        path = MAIL_DIR / f"{time.strftime('%Y%m%dT%H%M%S')}-{self.count:04d}.eml"
        path.write_bytes(envelope.content)
        print(f"  mail to {', '.join(envelope.rcpt_tos)} -> {path.name}", flush=True)
        return "250 OK"


def start_mail_sink() -> Any:
    from aiosmtpd.controller import Controller

    controller = Controller(_MailToFiles(), hostname=HOST, port=SMTP_PORT)
    controller.start()
    return controller


def wait_ready(name: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited during start-up; see {VAR / (name + '.log')}")
        try:
            if httpx.get(url(name) + "/livez", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{name} did not start within {timeout}s; see {VAR / (name + '.log')}")


def main() -> None:
    secret = os.environ.get("LPX_INTERNAL_TOKEN_SECRET") or secrets.token_urlsafe(48)
    env = environment(secret)
    prepare(env)
    print("==> demo accounts")
    accounts = demo_accounts(env)
    processes: dict[str, subprocess.Popen[bytes]] = {}

    def stop_all(*_: object) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGINT, stop_all)
    signal.signal(signal.SIGTERM, stop_all)
    start_mail_sink()  # a daemon thread: it ends with this process
    for name in ("stripe", "catalog", "payments", "notifications", "booking", "gateway"):
        log = (VAR / f"{name}.log").open("ab")
        processes[name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                APPS[name],
                "--host",
                HOST,
                "--port",
                str(PORTS[name]),
                "--no-access-log",
                "--http",
                "lpx_common.serving:"
                + ("EdgeHttpProtocol" if name == "gateway" else "ServiceHttpProtocol"),
            ],
            env={**os.environ, **env[name]},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        wait_ready(name, processes[name])
    print(
        f"""
Lunar Payload Exchange is running (logs in {VAR}/*.log). Ctrl-C stops it.

  Storefront and public API   {url("gateway")}/
  API docs (merged OpenAPI)   {url("gateway")}/docs
  Stripe stand-in             {url("stripe")}
  Emails sent (SMTP sink)     {url("gateway")}/dev/mail  (files: {MAIL_DIR}/*.eml)
{accounts}""",
        flush=True,
    )
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} stopped (exit {process.returncode}); stopping the rest.")
                stop_all()
        time.sleep(1)


if __name__ == "__main__":
    main()
