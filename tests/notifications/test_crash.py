"""A notifications process SIGKILLed in the middle of a delivery delivers after its
restart: each event at least once, never with a wrong signature."""

import time

import httpx

from notifications.domain.signing import verify
from tests.harness import ServiceProcess, Tokens
from tests.notifications.support import partner_id, post_event, receiver, register


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
        # The dead process had sent some events already (deliveries run side by side);
        # the new one sends again what it never heard answered, so the receiver stays up
        # until every delivery is recorded as succeeded.
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
        for request in hook.received:
            assert verify(endpoint["secret"], request.headers["lpx-signature"], request.body)
