"""Outbox messages that failed for good are visible to operators and finance through the
gateway (one list per service that sends messages), and to nobody else."""

import asyncio
import json
import secrets
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest

from tests.gateway.conftest import Account, create_staff, signup
from tests.harness import Platform

LISTS = {"booking": "/v1/bookings/outbox/failed", "payments": "/v1/finance/outbox/failed"}


async def _insert_failed(database_url: str, message_id: str) -> None:
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        now = datetime.now(UTC)
        await conn.execute(
            "INSERT INTO outbox_messages (id, destination, method, path, payload, created_at,"
            " available_at, attempts, failed_at, last_error)"
            " VALUES ($1, 'peer', 'POST', '/v1/internal/x', $2, $3, $3, 1, $3, $4)",
            message_id,
            json.dumps({"amount_minor": 3000}),
            now,
            "HTTP 422 nothing-to-do: refused",
        )
    finally:
        await conn.close()


@pytest.mark.parametrize("service", list(LISTS))
def test_failed_messages_are_listed_for_operators_and_finance_only(
    platform: Platform, gateway: httpx.Client, admin: Account, service: str
) -> None:
    message_id = "msg_" + secrets.token_hex(13).upper()[:26]
    asyncio.run(_insert_failed(platform.database(service), message_id))
    path = LISTS[service]
    for role in ("operator", "finance"):
        staff = create_staff(gateway, admin, role)
        response = gateway.get(path, headers=staff.headers)
        assert response.status_code == 200, response.text
        listed = {item["id"]: item for item in response.json()["items"]}
        assert listed[message_id]["last_error"] == "HTTP 422 nothing-to-do: refused"
        assert listed[message_id]["payload"] == {"amount_minor": 3000}
    assert (
        gateway.get(path, headers=create_staff(gateway, admin, "sales").headers).status_code == 403
    )
    assert gateway.get(path, headers=signup(gateway).headers).status_code == 403
    assert gateway.get(path).status_code == 401
