"""The idempotency store and the outbox relay run statements built once and executed with
parameters; on PostgreSQL and on SQLite (the local run's database) they still claim,
answer, replay and release keys, and lease and record messages, as before."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from sqlalchemy import MetaData, Table, select

from lpx_common.auth import TokenCodec
from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_into
from lpx_common.errors import Unprocessable
from lpx_common.http import ServiceClient
from lpx_common.idempotency import REPLAY_HEADER, IdempotencyStore, current_ticket
from lpx_common.outbox import OutboxRelay, enqueue
from lpx_common.tables import idempotency_table, outbox_table
from tests.harness import free_port

pytestmark = pytest.mark.anyio

metadata = MetaData()
keys: Table = idempotency_table(metadata)
outbox: Table = outbox_table(metadata)


@pytest.fixture(params=["postgresql", "sqlite"])
async def db(request: pytest.FixtureRequest, scratch_url: str, tmp_path: Path) -> Any:
    url = scratch_url if request.param == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}/s.db"
    database = Database(url)
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def _key_row(db: Database, key: str) -> dict[str, Any] | None:
    async with db.read_connection() as conn:
        row = (await conn.execute(select(keys).where(keys.c.key == key))).mappings().first()
    return None if row is None else dict(row)


async def test_a_key_answers_once_then_replays_and_an_error_frees_it(db: Database) -> None:
    store = IdempotencyStore(db, keys)
    calls: list[str] = []

    async def book() -> dict[str, str]:
        calls.append("book")
        return {"id": "bkg_1"}

    first = await store.run(owner="c:1", key="k1", fingerprint="f", call=book, status_code=201)
    again = await store.run(owner="c:1", key="k1", fingerprint="f", call=book, status_code=201)
    assert calls == ["book"]
    assert (first.status_code, first.body) == (201, again.body)
    assert again.headers[REPLAY_HEADER] == "true"
    stored = await _key_row(db, "k1") or {}
    assert (stored["state"], stored["response_status"], stored["response_body"]) == (
        "completed",
        201,
        {"id": "bkg_1"},
    )

    async def crash() -> None:
        raise RuntimeError("the peer hung up")

    with pytest.raises(RuntimeError):
        await store.run(owner="c:1", key="k2", fingerprint="f", call=crash)
    assert await _key_row(db, "k2") is None  # released: a retry runs again

    async def refuse() -> None:
        raise Unprocessable("No such offering.", code="offering-not-found")

    refused = await store.run(owner="c:1", key="k3", fingerprint="f", call=refuse)
    assert refused.status_code == 422
    assert (await _key_row(db, "k3") or {})["response_status"] == 422


async def test_an_answer_stored_in_the_callers_transaction_and_a_stale_claim_retaken(
    db: Database,
) -> None:
    store = IdempotencyStore(db, keys, stale_after=timedelta(seconds=60))

    async def book_in_one_transaction() -> dict[str, str]:
        ticket = current_ticket()
        assert ticket is not None
        async with db.transaction() as session:
            await ticket.complete_in(session, {"id": "bkg_2", "status": "held"})
        return {"ignored": "the ticket's answer stands"}

    answer = await store.run(owner="c:1", key="k4", fingerprint="f", call=book_in_one_transaction)
    assert answer.body == b'{"id":"bkg_2","status":"held"}'

    # A claim left in flight by a process that died two minutes ago is taken afresh.
    long_ago = utcnow() - timedelta(minutes=2)
    async with db.transaction() as session:
        await session.execute(
            insert_into(keys),
            {
                "owner": "c:1",
                "key": "k5",
                "fingerprint": "f",
                "state": "in_flight",
                "created_at": long_ago,
                "expires_at": long_ago + timedelta(hours=24),
            },
        )

    async def book() -> dict[str, str]:
        return {"id": "bkg_3"}

    retaken = await store.run(owner="c:1", key="k5", fingerprint="f", call=book)
    assert retaken.body == b'{"id":"bkg_3"}'
    row = await _key_row(db, "k5") or {}
    assert row["state"] == "completed" and row["created_at"] > long_ago


async def test_the_relay_leases_each_message_once_and_records_what_became_of_it(
    db: Database,
) -> None:
    async with db.transaction() as session:
        for n in (1, 2):
            await enqueue(
                session,
                outbox,
                destination="nowhere" if n == 1 else "down",
                path=f"/v1/things/{n}",
                payload=jsonable_encoder({"n": n, "at": utcnow()}),
                message_id=f"msg_{n}",
            )
    down = ServiceClient(
        "down", f"http://127.0.0.1:{free_port()}", TokenCodec("s" * 32, issuer="t"), retries=0
    )
    relay = OutboxRelay(db, outbox, {"down": down})
    try:
        assert await relay.deliver_due() == 2
        assert await relay.deliver_due() == 0  # both leased or recorded: nothing due now
    finally:
        await down.aclose()
    async with db.read_connection() as conn:
        rows = {
            r["id"]: r
            for r in (await conn.execute(select(outbox).order_by(outbox.c.id))).mappings()
        }
    unknown, unreachable = rows["msg_1"], rows["msg_2"]
    assert unknown["failed_at"] is not None and unknown["attempts"] == 1
    assert "no client for destination" in unknown["last_error"]
    assert unreachable["failed_at"] is None and unreachable["delivered_at"] is None
    assert unreachable["attempts"] == 1
    # Retried after its backoff (0.5 s with jitter), not at the end of the 30 s lease.
    assert unreachable["available_at"] <= utcnow() + timedelta(seconds=1)
    assert unreachable["payload"]["n"] == 2
