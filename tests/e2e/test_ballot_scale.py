"""A ballot at the size of the real thing: 5,000 applications for 300 places, and the
booking service killed (SIGKILL) while it draws and offers the places.

200 customers apply over HTTP; the other 4,800 applications are written straight into
booking's table, as the API would write them (the application path has its own tests;
a window long enough for 5,000 requests would make this test wait for minutes).

The module runs its own catalog and booking on databases of their own, so that killing
booking touches no other test. Booking's outcome messages go to a small receiver that
counts them (the emails themselves are the notification tests' business), which also
shows that every applicant is told exactly once, even across the crash.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import httpx
import pytest

from lpx_common.ids import new_id
from tests.booking.support import pg_dsn
from tests.e2e.conftest import verified_ranking, wait_for
from tests.harness import Platform, create_offering

APPLICANTS = 5_000
OVER_HTTP = 200
PLACES = 300
WINDOW_SECONDS = 30  # room for 200 applications on a loaded two-core machine


class EventCounter:
    """Answers 202 to booking's outbox messages and counts them by type and subject. It
    stands in for notifications and for payments (which booking tells of status changes)."""

    def __init__(self) -> None:
        self.seen: Counter[tuple[str, str]] = Counter()
        self.ids: set[str] = set()
        self.lock = threading.Lock()
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the relays' pools expect

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                event = json.loads(body or b"{}")
                with counter.lock:
                    # The relay may send a message again (at least once); a receiver
                    # deduplicates on the message id, and so does this one.
                    key = self.headers.get("Idempotency-Key") or event.get("id", "")
                    if key not in counter.ids:
                        counter.ids.add(key)
                        counter.seen[(event.get("type", ""), event.get("subject_id", ""))] += 1
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.request_queue_size = 256  # relays deliver many at once
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of_type(self, prefix: str) -> Counter[str]:
        with self.lock:
            return Counter({s: n for (t, s), n in self.seen.items() if t.startswith(prefix)})


class BallotPlatform(Platform):
    events: EventCounter

    def env(self, name: str) -> dict[str, str]:
        env = super().env(name)
        if name == "booking":
            env["BOOKING_NOTIFICATIONS_URL"] = self.events.url
            env["BOOKING_PAYMENTS_URL"] = self.events.url
        if name == "catalog":
            env["CATALOG_NOTIFICATIONS_URL"] = self.events.url
        return env


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BallotPlatform]:
    platform = BallotPlatform(
        run_id=secrets.token_hex(4) + "b",
        secret=secrets.token_urlsafe(48),
        log_dir=tmp_path_factory.mktemp("ballot-scale-logs"),
    )
    platform.events = EventCounter()
    try:
        platform.service("catalog")
        platform.service("booking")
        yield platform
    finally:
        platform.close()
        platform.events.server.shutdown()


async def _apply_over_http(platform: Platform, offering_id: str) -> list[int]:
    """The first applicants apply, 16 at a time, straight at booking (as the gateway
    forwards a signed-in customer)."""
    statuses: list[int] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(OVER_HTTP):
        queue.put_nowait(n)

    async def applicant(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            answer = await client.put(
                f"/v1/ballots/{offering_id}/application",
                json={"quantity": 1, "name": f"Applicant {n}", "locale": "ja"},
                headers=platform.tokens.customer(f"cus_scale{n:05d}", f"a{n}@example.com"),
            )
            statuses.append(answer.status_code)

    async with httpx.AsyncClient(base_url=platform.url("booking"), timeout=60) as client:
        await asyncio.gather(*(applicant(client) for _ in range(16)))
    return statuses


async def _plant_applications(platform: Platform, offering_id: str) -> None:
    """The rest of the applicants, as rows like the ones the API writes."""
    now = datetime.now(UTC)
    rows = [
        (
            new_id("bap"),
            offering_id,
            f"cus_scale{n:05d}",
            1,
            "applied",
            f"Applicant {n}",
            f"a{n}@example.com",
            "JPY",
            "ja",
            now,
            now,
        )
        for n in range(OVER_HTTP, APPLICANTS)
    ]
    conn = await asyncpg.connect(pg_dsn(platform.database("booking")))
    try:
        await conn.copy_records_to_table(
            "ballot_applications",
            records=rows,
            columns=[
                "id",
                "offering_id",
                "customer_id",
                "quantity",
                "status",
                "contact_name",
                "contact_email",
                "currency",
                "locale",
                "created_at",
                "updated_at",
            ],
        )
    finally:
        await conn.close()


class StaffClient(httpx.Client):
    """Booking as an operator; internal tokens live a minute, so each request gets one."""

    def __init__(self, platform: Platform) -> None:
        super().__init__(base_url=platform.url("booking"), timeout=60)
        self.platform = platform

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        request.headers.update(self.platform.tokens.staff("operator"))
        return super().send(request, **kwargs)


def _ballot(booking: httpx.Client, offering_id: str) -> dict[str, Any]:
    answer = booking.get(f"/v1/ballots/{offering_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_5000_applications_for_300_places_survive_a_sigkill_during_the_draw(
    run: BallotPlatform,
) -> None:
    catalog = httpx.Client(base_url=run.url("catalog"), timeout=60)
    booking = StaffClient(run)
    now = datetime.now(UTC)
    closes = now + timedelta(seconds=WINDOW_SECONDS)
    offering = create_offering(
        catalog,
        run.tokens.staff("operator"),
        capacity_units=PLACES,
        max_quantity=1,
        sale_mode="ballot",
        ballot_opens_at=(now - timedelta(minutes=1)).isoformat(),
        ballot_closes_at=closes.isoformat(),
        ballot_draw_at=closes.isoformat(),
        ballot_payment_seconds=3600,
        ballot_max_quantity=1,
    )
    offering_id = offering["id"]
    commitment = _ballot(booking, offering_id)["commitment"]

    started = time.monotonic()
    statuses = asyncio.run(_apply_over_http(run, offering_id))
    assert Counter(statuses) == {200: OVER_HTTP}
    asyncio.run(_plant_applications(run, offering_id))
    applied_in = time.monotonic() - started
    assert datetime.now(UTC) < closes, f"applications took {applied_in:.0f} s: widen the window"

    # Kill booking as soon as the draw has begun to offer places, then start it again.
    wait_for(lambda: _ballot(booking, offering_id)["status"] != "open", timeout=WINDOW_SECONDS + 60)
    wait_for(lambda: run.events.of_type("ballot."), timeout=60, interval=0.02)
    run.shared["booking"].kill()
    told_before_crash = sum(run.events.of_type("ballot.").values())
    run.shared["booking"].start()

    wait_for(lambda: _ballot(booking, offering_id)["status"] == "allocated", timeout=180)
    wait_for(lambda: len(run.events.of_type("ballot.")) == APPLICANTS, timeout=180)

    # The draw as published checks out with the documented script; it was drawn once.
    published = booking.get(f"/v1/ballots/{offering_id}/draw").json()
    assert published["ballot"]["commitment"] == commitment
    assert published["ballot"]["application_count"] == APPLICANTS
    ranking = verified_ranking(published)
    by_id = {e["application_id"]: e for e in published["entries"]}
    assert sorted(e["rank"] for e in published["entries"]) == list(range(1, APPLICANTS + 1))

    # Exactly the first 300 of the ranking hold a place; the rest wait, in order.
    statuses_by_rank = [by_id[app_id]["status"] for app_id in ranking]
    assert statuses_by_rank == ["offered"] * PLACES + ["waiting"] * (APPLICANTS - PLACES)
    availability = catalog.get(
        f"/v1/catalog/offerings/{offering_id}/availability", headers=run.tokens.anonymous()
    ).json()
    assert availability["held_units"] == PLACES and availability["units_left"] == 0

    # Each place is one booking holding one unit: none offered twice across the crash.
    rows = _all_applications(booking, offering_id)
    booking_ids = [r["booking_id"] for r in rows if r["status"] == "offered"]
    assert len(booking_ids) == PLACES and len(set(booking_ids)) == PLACES
    # Every applicant was told once: a place for 300, "not drawn" for the others.
    told = run.events.of_type("ballot.")
    assert len(told) == APPLICANTS and set(told.values()) == {1}
    assert 0 < told_before_crash < APPLICANTS  # the kill landed mid-way
    catalog.close()
    booking.close()


def _all_applications(booking: httpx.Client, offering_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 200, "ranked": "true"}
        if cursor:
            params["cursor"] = cursor
        page = booking.get(f"/v1/ballots/{offering_id}/applications", params=params).json()
        rows += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return rows
