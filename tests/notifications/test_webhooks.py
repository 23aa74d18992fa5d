"""Partner webhooks over real HTTP: registration, signatures, retries, isolation, the
delivery log and redelivery. Events are posted as booking's outbox posts them."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx

from notifications.domain.signing import verify
from tests.harness import Tokens, create_offering
from tests.notifications.support import event_id, partner_id, post_event, receiver, register


def _partner(tokens: Tokens, pid: str) -> dict[str, str]:
    return tokens.partner(pid, "webhooks:manage")


def test_endpoint_receives_a_signed_event_and_forged_or_stale_ones_fail(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    pid = partner_id()
    with receiver() as hook:
        endpoint = register(notifications, _partner(tokens, pid), hook.url, "booking.confirmed")
        secret = endpoint["secret"]
        assert secret.startswith("whsec_")
        event = post_event(notifications, tokens, partner=pid)
        hook.wait(lambda got: len(got) >= 1)
        (got,) = hook.for_event(event["id"])
    sent = json.loads(got.body)
    assert sent["id"] == event["id"] and sent["type"] == "booking.confirmed"
    assert sent["subject_id"] == event["subject_id"] and sent["sequence"] == 1
    header = got.headers["lpx-signature"]
    assert verify(secret, header, got.body)
    # Forged: another secret, a changed body, or a stale timestamp are all refused.
    assert not verify("whsec_someone-else", header, got.body)
    assert not verify(secret, header, got.body.replace(b"confirmed", b"cancelled"))
    assert not verify(secret, header, got.body, now=time.time() + 3600)
    # The secret is shown once: reads never return it.
    read = notifications.get(
        f"/v1/notifications/webhook-endpoints/{endpoint['id']}", headers=_partner(tokens, pid)
    )
    assert read.status_code == 200 and "secret" not in read.json()


def test_an_endpoint_failing_three_times_gets_the_event_on_the_fourth_attempt(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    pid = partner_id()
    headers = _partner(tokens, pid)
    with receiver(answer=lambda n: 500 if n <= 3 else 200) as hook:
        endpoint = register(notifications, headers, hook.url, "booking.confirmed")
        event = post_event(notifications, tokens, partner=pid)
        hook.wait(lambda got: len(got) >= 4)
        attempts = hook.for_event(event["id"])
    assert len(attempts) == 4
    assert all(verify(endpoint["secret"], a.headers["lpx-signature"], a.body) for a in attempts)
    base = f"/v1/notifications/webhook-endpoints/{endpoint['id']}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        (delivery,) = notifications.get(base + "/deliveries", headers=headers).json()["items"]
        if delivery["status"] == "succeeded":
            break
        time.sleep(0.1)
    assert delivery["status"] == "succeeded" and delivery["attempts"] == 4
    log = notifications.get(base + "/attempts", headers=headers).json()["items"]
    assert [a["status_code"] for a in log] == [500, 500, 500, 200]
    assert all(a["latency_ms"] >= 0 and a["request_bytes"] > 0 for a in log)


def test_a_partner_never_receives_or_sees_another_partners_events(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    mine, theirs = partner_id(), partner_id()
    with receiver() as my_hook, receiver() as their_hook:
        my_endpoint = register(
            notifications, _partner(tokens, mine), my_hook.url, "booking.confirmed"
        )
        register(notifications, _partner(tokens, theirs), their_hook.url, "booking.confirmed")
        event = post_event(notifications, tokens, partner=mine)
        customers = post_event(notifications, tokens, partner=None)  # a consumer's booking
        my_hook.wait(lambda got: len(got) >= 1)
        time.sleep(1.0)  # time enough for a wrong delivery to arrive
        assert [r.headers["lpx-event-id"] for r in my_hook.received] == [event["id"]]
        assert their_hook.received == []
        assert not my_hook.for_event(customers["id"])
    other = _partner(tokens, theirs)
    base = f"/v1/notifications/webhook-endpoints/{my_endpoint['id']}"
    assert notifications.get(base, headers=other).status_code == 404
    assert notifications.get(base + "/deliveries", headers=other).status_code == 404
    listed = notifications.get("/v1/notifications/webhook-endpoints", headers=other).json()
    assert my_endpoint["id"] not in [e["id"] for e in listed["items"]]


def test_mission_events_are_public_and_reach_every_subscribed_partner(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    with receiver() as one, receiver() as two:
        register(notifications, _partner(tokens, partner_id()), one.url, "mission.launched")
        register(notifications, _partner(tokens, partner_id()), two.url, "mission.launched")
        event = post_event(
            notifications,
            tokens,
            type_="mission.launched",
            subject="msn_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A",
            data={"mission_id": "msn_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A"},
        )
        one.wait(lambda got: len(got) >= 1)
        two.wait(lambda got: len(got) >= 1)
        assert one.for_event(event["id"]) and two.for_event(event["id"])


def test_the_same_event_twice_is_delivered_once(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    pid = partner_id()
    with receiver() as hook:
        register(notifications, _partner(tokens, pid), hook.url, "booking.confirmed")
        event = post_event(notifications, tokens, partner=pid)
        # The relay's retry (same key) replays; another key for the same id changes nothing.
        for key in (event["id"], "another-key"):
            answer = notifications.post(
                "/v1/internal/events",
                json=event,
                headers={**tokens.service("booking"), "Idempotency-Key": key},
            )
            assert answer.status_code == 202, answer.text
        assert answer.json()["deliveries"] == 0
        hook.wait(lambda got: len(got) >= 1)
        time.sleep(0.8)
        assert len(hook.for_event(event["id"])) == 1


def test_rolled_secret_overlaps_and_redelivery_sends_again(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    pid = partner_id()
    headers = _partner(tokens, pid)
    with receiver() as hook:
        endpoint = register(notifications, headers, hook.url, "booking.confirmed")
        base = f"/v1/notifications/webhook-endpoints/{endpoint['id']}"
        rolled = notifications.post(base + "/roll-secret", json={}, headers=headers)
        assert rolled.status_code == 200, rolled.text
        new_secret = rolled.json()["secret"]
        assert new_secret != endpoint["secret"]
        event = post_event(notifications, tokens, partner=pid)
        hook.wait(lambda got: len(got) >= 1)
        (first,) = hook.for_event(event["id"])
        signature = first.headers["lpx-signature"]
        assert signature.count("v1=") == 2  # both secrets sign during the overlap
        assert verify(new_secret, signature, first.body)
        assert verify(endpoint["secret"], signature, first.body)
        (delivery,) = notifications.get(base + "/deliveries", headers=headers).json()["items"]
        again = notifications.post(f"{base}/deliveries/{delivery['id']}/redeliver", headers=headers)
        assert again.status_code == 200, again.text
        hook.wait(lambda got: len(got) >= 2)
        # No overlap: only the newest secret signs from now on.
        rolled = notifications.post(
            base + "/roll-secret", json={"overlap_seconds": 0}, headers=headers
        )
        newest = rolled.json()["secret"]
        notifications.post(f"{base}/deliveries/{delivery['id']}/redeliver", headers=headers)
        hook.wait(lambda got: len(got) >= 3)
        last = hook.for_event(event["id"])[-1]
        assert last.headers["lpx-signature"].count("v1=") == 1
        assert verify(newest, last.headers["lpx-signature"], last.body)
        assert not verify(new_secret, last.headers["lpx-signature"], last.body)


def test_bad_input_is_a_422_problem(notifications: httpx.Client, tokens: Tokens) -> None:
    headers = {**_partner(tokens, partner_id()), "Idempotency-Key": "k-" + partner_id()}
    for body in (
        {"url": "ftp://example.com/x", "event_types": ["booking.confirmed"]},
        {"url": "https://user:pw@example.com/x", "event_types": ["booking.confirmed"]},
        {"url": "https://10.0.0.8/hook", "event_types": ["booking.confirmed"]},
        {"url": "https://example.com/x", "event_types": ["no.such.event"]},
        {"url": "https://example.com/x", "event_types": []},
        {"url": "https://example.com/x", "event_types": ["booking.confirmed"], "extra": 1},
    ):
        answer = notifications.post(
            "/v1/notifications/webhook-endpoints", json=body, headers=headers
        )
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        headers["Idempotency-Key"] = "k-" + partner_id()
    bad_event = notifications.post(
        "/v1/internal/events",
        json={
            "id": "../../x",
            "type": "booking.confirmed",
            "occurred_at": "now",
            "subject_id": "bkg_1",
            "sequence": "1",
            "data": {},
        },
        headers={**tokens.service("booking"), "Idempotency-Key": "bad-1"},
    )
    assert bad_event.status_code == 422
    assert bad_event.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in bad_event.json()["errors"]}
    assert {"id", "occurred_at", "subject_id", "sequence"} <= {f.split(".")[-1] for f in fields}


def test_only_the_right_callers_get_in(notifications: httpx.Client, tokens: Tokens) -> None:
    endpoints = "/v1/notifications/webhook-endpoints"
    assert notifications.get(endpoints).status_code == 401
    assert notifications.get(endpoints, headers=tokens.customer()).status_code == 403
    no_scope = tokens.partner(partner_id(), "bookings:read")
    assert notifications.get(endpoints, headers=no_scope).status_code == 403
    event = {"id": "evt_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A"}
    answer = notifications.post(
        "/v1/internal/events",
        json=event,
        headers={**_partner(tokens, partner_id()), "Idempotency-Key": "x"},
    )
    assert answer.status_code == 403
    failed = "/v1/notifications/emails/failed"
    assert notifications.get(failed, headers=tokens.staff("finance")).status_code == 403
    assert notifications.get(failed, headers=tokens.staff("admin")).status_code == 200


def test_a_mission_launch_at_the_catalog_reaches_subscribed_partners(
    notifications: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    operator = tokens.staff("operator")
    mission_id = create_offering(catalog, operator)["mission_id"]
    with receiver() as hook:
        endpoint = register(
            notifications, _partner(tokens, partner_id()), hook.url, "mission.launched"
        )
        for status in ("sales_closed", "launched"):
            moved = catalog.post(
                f"/v1/catalog/missions/{mission_id}/status",
                json={"status": status, "reason": "test"},
                headers={**operator, "If-Match": "*"},
            )
            assert moved.status_code == 200, moved.text
        hook.wait(lambda got: any(json.loads(r.body)["subject_id"] == mission_id for r in got))
        (got,) = [r for r in hook.received if json.loads(r.body)["subject_id"] == mission_id]
    event = json.loads(got.body)
    assert (
        event["type"] == "mission.launched" and event["data"]["previous_status"] == "sales_closed"
    )
    assert verify(endpoint["secret"], got.headers["lpx-signature"], got.body)


def test_the_same_event_sent_at_once_under_many_keys_is_stored_once(
    notifications: httpx.Client, tokens: Tokens
) -> None:
    """Copies racing in concurrently (a relay's message retried from two replicas): each
    answered 202, one of them with the delivery, the others with nothing new."""
    pid = partner_id()
    with receiver() as hook:
        register(notifications, _partner(tokens, pid), hook.url, "booking.confirmed")
        eid = event_id()
        event = {
            "id": eid,
            "type": "booking.confirmed",
            "occurred_at": datetime.now(UTC).isoformat(),
            "subject_id": "bkg_" + eid[4:],
            "sequence": 1,
            "partner_id": pid,
            "data": {"booking_id": "bkg_" + eid[4:], "status": "confirmed"},
        }

        def send(n: int) -> httpx.Response:
            headers = {**tokens.service("booking"), "Idempotency-Key": f"{eid}:race-{n}"}
            return notifications.post("/v1/internal/events", json=event, headers=headers)

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(send, range(8)))
        assert [a.status_code for a in answers] == [202] * 8, [a.text for a in answers]
        assert sorted(a.json()["deliveries"] for a in answers) == [0] * 7 + [1]
        hook.wait(lambda got: any(r.headers.get("lpx-event-id") == eid for r in got))
        time.sleep(0.8)
        assert len(hook.for_event(eid)) == 1
