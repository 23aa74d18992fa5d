"""A partner, end to end through the gateway with its API key: it registers an endpoint,
books, the booking is paid with 4242, and its endpoint receives ``booking.confirmed``
signed with the secret it was shown once."""

import json
import secrets

from notifications.domain.signing import verify
from tests.e2e.conftest import Stack, idem
from tests.notifications.support import receiver


def _partner_key(stack: Stack, *scopes: str) -> dict[str, str]:
    admin = stack._admin()
    partner = stack.gw.post(
        "/v1/admin/partners",
        json={"name": f"Partner {secrets.token_hex(3)}", "contact_email": "ops@partner.example"},
        headers=admin.headers,
    )
    assert partner.status_code == 201, partner.text
    made = stack.gw.post(
        f"/v1/admin/partners/{partner.json()['id']}/api-keys",
        json={"name": "webhooks", "scopes": list(scopes)},
        headers=admin.headers,
    )
    assert made.status_code == 201, made.text
    return {"X-API-Key": made.json()["key"]}


def test_partner_endpoint_receives_booking_confirmed_signed(stack: Stack) -> None:
    key = _partner_key(stack, "bookings:read", "bookings:write", "webhooks:manage")
    offering = stack.offering()
    with receiver() as hook:
        endpoint = stack.gw.post(
            "/v1/notifications/webhook-endpoints",
            json={"url": hook.url, "event_types": ["booking.confirmed"], "description": "ERP"},
            headers=key | idem(),
        )
        assert endpoint.status_code == 201, endpoint.text
        secret = endpoint.json()["secret"]
        made = stack.gw.post(
            "/v1/bookings",
            json={
                "lines": [{"offering_id": offering["id"], "quantity": 1}],
                "contact": {"name": "Ken Sato", "email": "ken@partner.example"},
                "currency": "JPY",
            },
            headers=key | idem(),
        )
        assert made.status_code == 201, made.text
        booking_id = made.json()["id"]
        checkout = stack.gw.post(f"/v1/bookings/{booking_id}/checkout", headers=key)
        assert checkout.status_code == 200, checkout.text
        assert stack.pay(checkout.json()).status_code == 200
        hook.wait(lambda got: any(json.loads(r.body)["type"] == "booking.confirmed" for r in got))
        (got,) = [r for r in hook.received if json.loads(r.body)["subject_id"] == booking_id]
    event = json.loads(got.body)
    assert event["type"] == "booking.confirmed" and event["data"]["booking_id"] == booking_id
    assert event["data"]["status"] == "confirmed" and event["data"]["paid_minor"] == 70_000
    assert got.headers["lpx-event-id"] == event["id"]
    assert verify(secret, got.headers["lpx-signature"], got.body)
    assert not verify(secret, got.headers["lpx-signature"], got.body + b" ")
    # Only the types it asked for: the held event was not sent to it.
    assert [json.loads(r.body)["type"] for r in hook.received] == ["booking.confirmed"]
    # The delivery log, read through the gateway with the same key.
    log = stack.gw.get(
        f"/v1/notifications/webhook-endpoints/{endpoint.json()['id']}/deliveries", headers=key
    )
    assert log.status_code == 200 and log.json()["items"][0]["event_id"] == event["id"]


def test_a_key_without_the_webhook_scope_cannot_register(stack: Stack) -> None:
    key = _partner_key(stack, "bookings:read")
    answer = stack.gw.post(
        "/v1/notifications/webhook-endpoints",
        json={"url": "https://example.com/hook", "event_types": ["booking.confirmed"]},
        headers=key | idem(),
    )
    assert answer.status_code == 403
    assert answer.headers["content-type"] == "application/problem+json"
