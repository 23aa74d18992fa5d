"""Helpers for the notification tests: a partner's webhook receiver (a small real HTTP
server), endpoint registration and event posting over HTTP."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.harness import Tokens


def key() -> str:
    return "idem-" + secrets.token_hex(8)


def partner_id() -> str:
    """A fresh partner id (``ptn_`` + 26 Crockford base32 characters)."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "ptn_" + "".join(secrets.choice(alphabet) for _ in range(26))


def event_id() -> str:
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "evt_" + "".join(secrets.choice(alphabet) for _ in range(26))


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """Records every POST; ``answer(n)`` gives the status for the n-th (1-based) one."""

    answer: Callable[[int], int] = lambda n: 200
    delay: Callable[[int], float] = lambda n: 0.0
    url: str = ""
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def for_event(self, event: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.headers.get("lpx-event-id") == event]

    def wait(self, predicate: Callable[[list[Received]], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if predicate(list(self.received)):
                    return
            time.sleep(0.05)
        raise AssertionError(f"receiver: condition not met; got {len(self.received)} requests")


@contextmanager
def receiver(**kwargs: Any) -> Iterator[Receiver]:
    recorder = Receiver(**kwargs)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            if len(body) < length:
                return  # the sender died mid-request: nothing was delivered
            with recorder.lock:
                recorder.received.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body, time.time())
                )
                n = len(recorder.received)
            time.sleep(recorder.delay(n))
            self.send_response(recorder.answer(n))
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


def register(
    client: httpx.Client, headers: dict[str, str], url: str, *types: str
) -> dict[str, Any]:
    answer = client.post(
        "/v1/notifications/webhook-endpoints",
        json={"url": url, "event_types": list(types), "description": "test receiver"},
        headers={**headers, "Idempotency-Key": key()},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def post_event(
    client: httpx.Client,
    tokens: Tokens,
    *,
    type_: str = "booking.confirmed",
    partner: str | None = None,
    subject: str | None = None,
    sequence: int = 1,
    data: dict[str, Any] | None = None,
    id_: str | None = None,
) -> dict[str, Any]:
    subject = subject or "bkg_" + event_id()[4:]  # a booking of its own
    event = {
        "id": id_ or event_id(),
        "type": type_,
        "occurred_at": datetime.now(UTC).isoformat(),
        "subject_id": subject,
        "sequence": sequence,
        "partner_id": partner,
        "data": data or {"booking_id": subject, "status": "confirmed"},
    }
    answer = client.post(
        "/v1/internal/events",
        json=event,
        headers={**tokens.service("booking"), "Idempotency-Key": event["id"]},
    )
    assert answer.status_code == 202, answer.text
    return event
