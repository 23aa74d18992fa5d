"""Helpers for booking tests: fresh catalog data per test, direct database reads, and a
tiny recording HTTP server that stands in for payments where a test needs to see calls."""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import httpx

from tests.harness import Platform, Tokens, create_offering


def key() -> str:
    return "idem-" + secrets.token_hex(8)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat()


def make_offering(
    catalog: httpx.Client,
    tokens: Tokens,
    *,
    audience: str = "consumer",
    capacity: int = 10,
    prices: dict[str, int] | None = None,
    unit_mass_grams: int = 10,
    max_quantity: int = 100,
    review_hold_days: int = 0,
    cancellation_cutoff_days: int = 0,
    cancellation_fee_bps: int = 0,
    launch_in_days: int = 365,
    on_sale: bool = True,
) -> dict[str, Any]:
    """A new mission (on sale) with one offering; every test books its own capacity."""
    business = audience == "business"
    return create_offering(
        catalog,
        tokens.staff("operator"),
        launch_in_days=launch_in_days,
        on_sale=on_sale,
        name="Passive payload" if business else "Memento capsule S",
        kind="passive_payload" if business else "memento_capsule",
        audience=audience,
        unit="kg" if business else "item",
        unit_mass_grams=unit_mass_grams,
        capacity_units=capacity,
        prices=prices or {"JPY": 70_000, "USD": 46_000},
        max_quantity=max_quantity,
        review_required=business,
        review_hold_days=review_hold_days,
        cancellation_cutoff_days=cancellation_cutoff_days,
        cancellation_fee_bps=cancellation_fee_bps,
    )


def set_mission_status(catalog: httpx.Client, tokens: Tokens, mission_id: str, status: str) -> None:
    answer = catalog.post(
        f"/v1/catalog/missions/{mission_id}/status",
        json={"status": status, "reason": "test"},
        headers={**tokens.staff("operator"), "If-Match": "*"},
    )
    assert answer.status_code == 200, answer.text


def units_left(catalog: httpx.Client, tokens: Tokens, offering_id: str) -> int:
    answer = catalog.get(
        f"/v1/catalog/offerings/{offering_id}/availability", headers=tokens.staff("operator")
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["units_left"]


def allocation(catalog: httpx.Client, tokens: Tokens, allocation_id: str) -> dict[str, Any]:
    answer = catalog.get(
        f"/v1/internal/allocations/{allocation_id}", headers=tokens.service("booking")
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def booking_body(offering_id: str, quantity: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "lines": [{"offering_id": offering_id, "quantity": quantity}],
        "contact": {"name": "Aiko Tanaka", "email": "aiko@example.com"},
        "currency": "JPY",
        **extra,
    }


def create_booking(
    client: httpx.Client,
    headers: dict[str, str],
    body: dict[str, Any],
    *,
    expect: int = 201,
) -> dict[str, Any]:
    answer = client.post("/v1/bookings", json=body, headers={**headers, "Idempotency-Key": key()})
    assert answer.status_code == expect, answer.text
    return answer.json()


def wait_for(predicate: Callable[[], Any], *, timeout: float = 45.0, interval: float = 0.2) -> Any:
    """Poll until ``predicate`` returns something truthy; fail the test on timeout.

    Generous by default: an extra instance stopped mid-delivery leaves its outbox lease
    (30 s) to run out before the shared instance's relay takes the message over.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)


def pg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def db_rows(platform: Platform, sql: str, *args: Any, url: str | None = None) -> list[dict]:
    """Read the booking database directly (to see its outbox)."""

    async def run() -> list[dict]:
        conn = await asyncpg.connect(pg_dsn(url or platform.database("booking")))
        try:
            return [dict(r) for r in await conn.fetch(sql, *args)]
        finally:
            await conn.close()

    return asyncio.run(run())


def outbox_to(platform: Platform, booking_id: str, path: str, url: str | None = None) -> list[dict]:
    rows = db_rows(
        platform,
        "SELECT id, destination, path, payload::text AS payload, delivered_at "
        "FROM outbox_messages WHERE path = $1 ORDER BY created_at",
        path,
        url=url,
    )
    found = []
    for row in rows:
        row["payload"] = json.loads(row["payload"])
        if row["payload"].get("booking_id") == booking_id:
            found.append(row)
    return found


@dataclass
class Recorder:
    """A stand-in peer over real HTTP: records every request and answers from ``routes``."""

    routes: dict[str, Callable[[dict[str, Any]], tuple[int, dict[str, Any]]]] = field(
        default_factory=dict
    )
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def calls(self, path_prefix: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"].startswith(path_prefix)]


@contextmanager
def recording_server(recorder: Recorder) -> Iterator[Recorder]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else {}
            request = {"path": self.path, "headers": dict(self.headers), "body": body}
            recorder.requests.append(request)
            route = next(
                (fn for prefix, fn in recorder.routes.items() if self.path.startswith(prefix)),
                None,
            )
            status, answer = route(request) if route else (200, {})
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


def pay(
    booking: httpx.Client,
    tokens: Tokens,
    booking_id: str,
    amount: int,
    *,
    payment_id: str | None = None,
    message_id: str | None = None,
    currency: str = "JPY",
) -> httpx.Response:
    return booking.post(
        f"/v1/internal/bookings/{booking_id}/payment-succeeded",
        json={
            "payment_id": payment_id or "pay_" + key(),
            "amount_minor": amount,
            "currency": currency,
            "paid_at": "2026-01-01T00:00:00+00:00",
        },
        headers={**tokens.service("payments"), "Idempotency-Key": message_id or key()},
    )


def status_of(booking: httpx.Client, tokens: Tokens, booking_id: str) -> str:
    return booking.get(f"/v1/bookings/{booking_id}", headers=tokens.staff("sales")).json()["status"]
