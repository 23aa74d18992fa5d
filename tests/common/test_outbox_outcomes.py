"""What the receiver answers decides an outbox message's fate: a refusal that says the
message no longer applies settles it (recorded, not retried, not a failure); an outage
is retried; any other refusal fails at once and is listed for operators.

The relay runs in the test against the real catalog process, with its outbox table in a
throwaway PostgreSQL database."""

import secrets
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData, select

from lpx_common.auth import TokenCodec
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.http import ServiceClient, path_for
from lpx_common.outbox import OutboxRelay, enqueue, failed_messages
from lpx_common.tables import outbox_table
from tests.harness import Platform, Tokens, create_database, create_offering, drop_database

pytestmark = pytest.mark.anyio

metadata = MetaData()
outbox = outbox_table(metadata)


@pytest.fixture
def outbox_url(platform: Platform) -> Iterator[str]:
    """A throwaway database (made outside the test's event loop)."""
    name = f"lpx_test_{platform.run_id}_outbox_{secrets.token_hex(3)}"
    platform.service("catalog")
    try:
        yield create_database(name)
    finally:
        drop_database(name)


@pytest.fixture
async def relay_parts(
    platform: Platform, outbox_url: str
) -> AsyncIterator[tuple[Database, ServiceClient]]:
    db = Database(outbox_url)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    codec = TokenCodec(platform.secret, issuer="booking")
    client = ServiceClient("catalog", platform.service("catalog").url, codec, retries=0)
    try:
        yield db, client
    finally:
        await client.aclose()
        await db.dispose()


def _unreachable_catalog(platform: Platform) -> ServiceClient:
    """A client of "catalog" at an address where nothing listens."""
    codec = TokenCodec(platform.secret, issuer="booking")
    return ServiceClient("catalog", "http://127.0.0.1:9", codec, retries=0)


async def _row(db: Database, message_id: str) -> dict[str, Any]:
    async with db.read() as session:
        return dict(
            (await session.execute(select(outbox).where(outbox.c.id == message_id)))
            .mappings()
            .one()
        )


async def _send(db: Database, client: ServiceClient, path: str) -> dict[str, Any]:
    async with db.transaction() as session:
        message_id = await enqueue(session, outbox, destination="catalog", path=path, payload={})
    relay = OutboxRelay(db, outbox, {"catalog": client})
    assert await relay.deliver_due() == 1
    return await _row(db, message_id)


def _released_hold(platform: Platform, tokens: Tokens) -> str:
    with httpx.Client(base_url=platform.service("catalog").url) as catalog:
        offering = create_offering(catalog, tokens.staff("operator"))
        service = tokens.service("booking")
        hold = catalog.post(
            "/v1/internal/allocations",
            json={"reference": secrets.token_hex(6), "offering_id": offering["id"], "quantity": 1},
            headers={**service, "Idempotency-Key": secrets.token_hex(8)},
        )
        assert hold.status_code == 201, hold.text
        allocation_id = hold.json()["id"]
        released = catalog.post(
            f"/v1/internal/allocations/{allocation_id}/release",
            headers={**service, "Idempotency-Key": secrets.token_hex(8)},
        )
        assert released.status_code == 200, released.text
    return allocation_id


async def test_a_commit_after_the_release_settles_as_no_longer_applies(
    platform: Platform, tokens: Tokens, relay_parts: tuple[Database, ServiceClient]
) -> None:
    db, client = relay_parts
    allocation_id = _released_hold(platform, tokens)
    row = await _send(
        db,
        client,
        path_for("/v1/internal/allocations/{allocation_id}/commit", allocation_id=allocation_id),
    )
    # Settled at the first answer: done, not retried, not a failure, outcome recorded.
    assert row["delivered_at"] is not None and row["failed_at"] is None
    assert row["attempts"] == 1
    assert row["last_error"].startswith("settled (no-longer-applies): HTTP 409 allocation-released")
    assert (await failed_messages(db, outbox)).items == []


async def test_a_refusal_the_receiver_does_not_mark_as_settling_fails_at_once_and_is_listed(
    relay_parts: tuple[Database, ServiceClient],
) -> None:
    db, client = relay_parts
    unknown = "alc_" + "0" * 26
    row = await _send(
        db,
        client,
        path_for("/v1/internal/allocations/{allocation_id}/commit", allocation_id=unknown),
    )
    assert row["failed_at"] is not None and row["delivered_at"] is None
    assert row["attempts"] == 1
    assert "HTTP 404 allocation-not-found" in row["last_error"]
    listed = await failed_messages(db, outbox)
    assert [m.id for m in listed.items] == [row["id"]]


async def test_an_unreachable_receiver_is_retried_later(
    platform: Platform, relay_parts: tuple[Database, ServiceClient]
) -> None:
    db, _ = relay_parts
    down = _unreachable_catalog(platform)
    try:
        async with db.transaction() as session:
            message_id = await enqueue(
                session, outbox, destination="catalog", path="/v1/internal/x", payload={}
            )
        assert await OutboxRelay(db, outbox, {"catalog": down}).deliver_due() == 1
    finally:
        await down.aclose()
    row = await _row(db, message_id)
    assert row["delivered_at"] is None and row["failed_at"] is None
    assert row["attempts"] == 1 and row["available_at"] > row["created_at"]


async def test_a_peer_that_answers_again_gets_its_backlog_at_once(
    platform: Platform, relay_parts: tuple[Database, ServiceClient]
) -> None:
    db, client = relay_parts
    down = _unreachable_catalog(platform)
    unknown = path_for("/v1/internal/allocations/{allocation_id}/commit", allocation_id="alc_x")
    relay = OutboxRelay(db, outbox, {"catalog": down})
    try:
        async with db.transaction() as session:
            waiting = await enqueue(
                session, outbox, destination="catalog", path=unknown, payload={}
            )
        assert await relay.deliver_due() == 1  # the peer is down: retried later
    finally:
        await down.aclose()
    # Many failures later its backoff is long: it would wait an hour for its next try.
    async with db.autocommit() as conn:
        await conn.execute(
            outbox.update()
            .where(outbox.c.id == waiting)
            .values(available_at=utcnow() + timedelta(hours=1))
        )

    # The peer is back and answers a new message: the waiting one is due at once.
    relay.clients["catalog"] = client
    async with db.transaction() as session:
        await enqueue(session, outbox, destination="catalog", path=unknown, payload={})
    assert await relay.deliver_due() == 1
    assert (await _row(db, waiting))["available_at"] <= utcnow()
    assert await relay.deliver_due() == 1
    row = await _row(db, waiting)
    assert row["attempts"] == 2 and row["failed_at"] is not None  # sent, and answered
    # Nothing else was waiting: the next pass has nothing to send.
    assert await relay.deliver_due() == 0
