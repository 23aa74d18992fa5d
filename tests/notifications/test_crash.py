"""A notifications process SIGKILLed in the middle of a delivery delivers after its
restart: each event at least once, never with a wrong signature."""

import time
from collections.abc import Iterator

import httpx
import pytest

from notifications.domain.signing import verify
from tests.harness import Platform, ServiceProcess, Tokens, create_service_database, drop_database
from tests.notifications.support import partner_id, post_event, receiver, register


@pytest.fixture
def lone_notifications(platform: Platform) -> Iterator[ServiceProcess]:
    """An instance with a database of its own, so no other instance picks up its work."""
    run_id = f"{platform.run_id}crash"
    url = create_service_database("notifications", run_id)
    process = platform.spawn("notifications", NOTIFICATIONS_DATABASE_URL=url)
    try:
        yield process
    finally:
        process.stop()
        drop_database(f"lpx_test_{run_id}_notifications")


def test_killed_mid_delivery_delivers_after_restart(
    lone_notifications: ServiceProcess, tokens: Tokens
) -> None:
    pid = partner_id()
    client = httpx.Client(base_url=lone_notifications.url, timeout=30.0)
    # The first request hangs (the receiver is slow); the process dies while it waits.
    with receiver(delay=lambda n: 10.0 if n == 1 else 0.0) as hook:
        endpoint = register(
            client, tokens.partner(pid, "webhooks:manage"), hook.url, "booking.confirmed"
        )
        events = [post_event(client, tokens, partner=pid, sequence=n) for n in (1, 2, 3)]
        hook.wait(lambda got: len(got) >= 1)
        lone_notifications.kill()
        client.close()
        lone_notifications.start()
        hook.wait(
            lambda got: {e["id"] for e in events} <= {r.headers["lpx-event-id"] for r in got},
            timeout=30,
        )
        for request in hook.received:
            assert verify(endpoint["secret"], request.headers["lpx-signature"], request.body)
    with httpx.Client(base_url=lone_notifications.url, timeout=30.0) as client:
        headers = tokens.partner(pid, "webhooks:manage")
        base = f"/v1/notifications/webhook-endpoints/{endpoint['id']}/deliveries"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            items = client.get(base, headers=headers).json()["items"]
            if len(items) == 3 and all(i["status"] == "succeeded" for i in items):
                break
            time.sleep(0.2)
        assert sorted(i["status"] for i in items) == ["succeeded"] * 3
