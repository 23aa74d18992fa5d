"""An endpoint that keeps failing is disabled, its partner is told by email, the API
shows why and since when, and the partner turns it back on and gets the failed events."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import ServiceProcess, Tokens
from tests.mail import MailSink
from tests.notifications.support import partner_id, post_event, receiver, register


@pytest.fixture
def quick_to_disable(lone_notifications: ServiceProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=lone_notifications.url, timeout=30.0) as client:
        yield client


def _wait_for(client: httpx.Client, path: str, headers: dict[str, str], status: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        endpoint = client.get(path, headers=headers).json()
        if endpoint["status"] == status:
            return endpoint
        time.sleep(0.2)
    raise AssertionError(f"endpoint still {endpoint['status']}")


def test_a_failing_endpoint_is_disabled_its_partner_told_and_it_can_be_enabled_again(
    quick_to_disable: httpx.Client, tokens: Tokens, mail: MailSink
) -> None:
    client, pid = quick_to_disable, partner_id()
    contact = f"hooks-{pid[-8:].lower()}@partner.example"
    headers = tokens.partner(pid, "webhooks:manage", email=contact)
    broken = True
    with receiver(answer=lambda n: 503 if broken else 200) as hook:
        endpoint = register(client, headers, hook.url, "booking.confirmed")
        assert endpoint["contact_email"] == contact  # the partner's contact address
        base = f"/v1/notifications/webhook-endpoints/{endpoint['id']}"
        event = post_event(client, tokens, partner=pid)
        disabled = _wait_for(client, base, headers, "disabled")
        assert disabled["disabled_reason"] == "every delivery failed for too long"
        assert disabled["disabled_at"] and disabled["failing_since"]
        (told,) = mail.wait_for(contact, 1)
        assert endpoint["id"] in told.subject  # in Japanese, the default
        assert hook.url in told.part("plain") and "redeliver-failed" in told.part("plain")
        (delivery,) = client.get(base + "/deliveries", headers=headers).json()["items"]
        assert delivery["status"] == "failed"
        # Fixed: the partner turns the endpoint on and asks for what failed.
        broken = False
        enabled = client.patch(base, json={"status": "enabled"}, headers=headers)
        assert enabled.status_code == 200, enabled.text
        assert enabled.json()["disabled_reason"] is None and enabled.json()["disabled_at"] is None
        again = client.post(
            base + "/redeliver-failed", json={"since": disabled["failing_since"]}, headers=headers
        )
        assert again.status_code == 200 and again.json() == {"redelivered": 1}
        hook.wait(lambda got: any(r.headers["lpx-event-id"] == event["id"] for r in got[-1:]))
    assert len(mail.to(contact)) == 1  # told once
    bad = client.patch(base, json={"contact_email": "not an address"}, headers=headers)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
