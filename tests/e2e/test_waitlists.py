"""Waiting lists end to end, through the gateway: customers join a sold-out offering's
line, capacity that comes back (holds running out, bookings cancelled) is offered down
the line strictly in order and to nobody else first, an offer not paid in time passes
on, and customers see their place and may leave."""

import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.e2e.conftest import Account, Stack, idem, wait_for
from tests.harness import create_offering
from tests.mail import MailSink


def _offering(stack: Stack, *, capacity: int, offer_seconds: int) -> dict[str, Any]:
    return create_offering(
        stack.gw,
        stack.operator.headers,
        capacity_units=capacity,
        max_quantity=2,
        prices={"JPY": 70_000, "USD": 46_000},
        waitlist_offer_seconds=offer_seconds,
    )


def _join(stack: Stack, buyer: Account, offering_id: str, quantity: int = 1) -> httpx.Response:
    return stack.gw.post(
        f"/v1/waitlists/{offering_id}/entry",
        json={"quantity": quantity, "name": "Aiko Tanaka", "locale": "en"},
        headers=buyer.headers | idem(),
    )


def _mine(stack: Stack, buyer: Account, offering_id: str) -> dict[str, Any]:
    answer = stack.gw.get(f"/v1/waitlists/{offering_id}/entry", headers=buyer.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _line(stack: Stack, offering_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 20} | ({"cursor": cursor} if cursor else {})
        answer = stack.gw.get(
            f"/v1/waitlists/{offering_id}/entries", params=params, headers=stack.operator.headers
        )
        assert answer.status_code == 200, answer.text
        rows += answer.json()["items"]
        cursor = answer.json()["next_cursor"]
        if not cursor:
            return rows


def _in_use(stack: Stack, offering_id: str) -> int:
    answer = stack.gw.get(f"/v1/catalog/offerings/{offering_id}/availability")
    assert answer.status_code == 200, answer.text
    return int(answer.json()["held_units"]) + int(answer.json()["committed_units"])


def _set_offer_seconds(stack: Stack, offering_id: str, seconds: int) -> None:
    path = f"/v1/catalog/offerings/{offering_id}"
    current = stack.gw.get(path, headers=stack.operator.headers)
    changed = stack.gw.patch(
        path,
        json={"waitlist_offer_seconds": seconds},
        headers=stack.operator.headers | {"If-Match": current.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["waitlist_offer_seconds"] == seconds


def _short_hold(stack: Stack, offering_id: str, ttl_seconds: int) -> None:
    """A hold straight at the catalog, as booking takes one for a buyer who then leaves
    without paying: it simply runs out."""
    platform = stack.platform
    answer = httpx.post(
        platform.url("catalog") + "/v1/internal/allocations",
        json={
            "reference": f"abandoned-{secrets.token_hex(6)}",
            "offering_id": offering_id,
            "quantity": 1,
            "ttl_seconds": ttl_seconds,
        },
        headers=platform.tokens.service("booking"),
        timeout=30.0,
    )
    assert answer.status_code == 201, answer.text


def test_capacity_that_comes_back_goes_down_the_line_in_order_and_to_no_newcomer(
    stack: Stack,
) -> None:
    offering = _offering(stack, capacity=30, offer_seconds=600)
    offering_id = offering["id"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        waiting = list(pool.map(lambda _: stack.customer(), range(50)))
        sellers = list(pool.map(lambda _: stack.customer(), range(10)))
        newcomers = list(pool.map(lambda _: stack.customer(), range(8)))
        sold = list(pool.map(lambda s: stack.book(s, offering_id), sellers))
    # The other 20 units: carts left unpaid, holds that run out in a few seconds (enough
    # for the 50 joins below on a busy machine: a hold that ran out first would start
    # the offers and move the places being asserted).
    hold_seconds = 12
    for _ in range(20):
        _short_hold(stack, offering_id, hold_seconds)
    holds_end = time.monotonic() + hold_seconds
    assert stack.units_left(offering_id) == 0

    # 50 people join, one after the other: their places are 1..50.
    for n, buyer in enumerate(waiting, start=1):
        joined = _join(stack, buyer, offering_id)
        assert joined.status_code == 201, joined.text
        assert joined.json()["position"] == n and joined.json()["status"] == "waiting"
    assert time.monotonic() < holds_end, "joining took longer than the holds last"

    # While the 20 holds run out, the 10 bookings are cancelled, all at once, and
    # newcomers try to book the whole time: none of them gets anything.
    newcomer_answers: list[str] = []
    answered_at: list[float] = []
    in_use_seen: list[int] = []

    def cancel(pair: tuple[Account, dict[str, Any]]) -> int:
        seller, booking = pair
        return stack.gw.post(
            f"/v1/bookings/{booking['id']}/cancel",
            json={"reason": "changed my mind"},
            headers=seller.headers | idem(),
        ).status_code

    def newcomer(buyer: Account) -> None:
        until = holds_end + 3
        while time.monotonic() < until:
            answer = stack.gw.post(
                "/v1/bookings",
                json={
                    "lines": [{"offering_id": offering_id, "quantity": 1}],
                    "contact": {"name": "Newcomer", "email": buyer.email},
                    "currency": "JPY",
                },
                headers=buyer.headers | idem(),
            )
            assert answer.status_code == 409, answer.text
            assert answer.headers["content-type"].startswith("application/problem+json")
            newcomer_answers.append(answer.json()["type"].rsplit("/", 1)[1])
            answered_at.append(time.monotonic())
            in_use_seen.append(_in_use(stack, offering_id))
            time.sleep(0.05)

    with ThreadPoolExecutor(max_workers=20) as pool:
        watchers = [pool.submit(newcomer, b) for b in newcomers]
        time.sleep(max(holds_end - time.monotonic() - 1, 0))
        cancels = list(pool.map(cancel, zip(sellers, sold, strict=True)))
        for watcher in watchers:
            watcher.result()
    assert cancels == [200] * 10
    # They kept trying while the capacity came back (how often depends on the machine's
    # speed), and were refused as sold out or, while capacity that came back was being
    # offered, because the line is ahead of them.
    assert sum(at >= holds_end for at in answered_at) >= len(newcomers)
    assert set(newcomer_answers) == {"insufficient-capacity", "waiting-list-ahead"}
    assert max(in_use_seen) <= 30

    # All 30 units that came back went to places 1..30, in that order; 31..50 wait on.
    wait_for(lambda: sum(r["status"] == "offered" for r in _line(stack, offering_id)) == 30)
    line = _line(stack, offering_id)
    assert [r["id"] for r in line] == sorted(r["id"] for r in line)
    assert [r["status"] for r in line] == ["offered"] * 30 + ["waiting"] * 20
    offered_at = [r["offered_at"] for r in line[:30]]
    assert offered_at == sorted(offered_at)
    assert _in_use(stack, offering_id) == 30
    assert stack.units_left(offering_id) == 0
    first = _mine(stack, waiting[0], offering_id)
    assert first["status"] == "offered" and first["position"] is None
    booking = stack.booking(waiting[0], first["booking_id"])
    assert booking["status"] == "held" and booking["lines"][0]["quantity"] == 1
    assert _mine(stack, waiting[30], offering_id)["position"] == 1
    assert _mine(stack, waiting[49], offering_id)["position"] == 20
    summary = stack.gw.get(f"/v1/waitlists/{offering_id}").json()
    assert summary == {
        "offering_id": offering_id,
        "waiting": 20,
        "waiting_units": 20,
        "offer_seconds": 600,
    }


def test_an_offer_not_paid_in_time_passes_to_the_next_who_can_pay_it(stack: Stack) -> None:
    mail: MailSink = stack.platform.mail
    offering = _offering(stack, capacity=1, offer_seconds=3)
    offering_id = offering["id"]
    seller, first, second = (stack.customer() for _ in range(3))
    sold = stack.book(seller, offering_id)
    assert _join(stack, first, offering_id).status_code == 201
    assert _join(stack, second, offering_id).status_code == 201
    assert _mine(stack, second, offering_id)["position"] == 2

    cancelled = stack.gw.post(
        f"/v1/bookings/{sold['id']}/cancel",
        json={"reason": "plans changed"},
        headers=seller.headers | idem(),
    )
    assert cancelled.status_code == 200, cancelled.text
    offer = wait_for(lambda: (m := _mine(stack, first, offering_id))["status"] == "offered" and m)
    assert _mine(stack, second, offering_id)["position"] == 1
    # Offers made from now on last ten minutes (the one out keeps its three seconds).
    _set_offer_seconds(stack, offering_id, 600)
    (offered_mail,) = [m for m in mail.wait_for(first.email, 1) if "Your turn" in m.subject]
    assert offer["booking_id"] in offered_mail.subject
    assert f"/bookings/{offer['booking_id']}" in offered_mail.part("plain")

    # The first lets the offer lapse: it passes to the second, who pays.
    wait_for(lambda: _mine(stack, second, offering_id)["status"] == "offered", timeout=30)
    assert _mine(stack, first, offering_id)["status"] == "lapsed"
    wait_for(lambda: any("lapsed" in m.subject for m in mail.to(first.email)))
    assert _in_use(stack, offering_id) <= 1
    second_offer = _mine(stack, second, offering_id)
    paid = stack.pay(stack.checkout(second, second_offer["booking_id"]))
    assert paid.status_code == 200, paid.text
    stack.wait_status(second, second_offer["booking_id"], "confirmed")
    wait_for(lambda: _mine(stack, second, offering_id)["status"] == "accepted", timeout=30)
    assert _in_use(stack, offering_id) == 1


def test_those_still_waiting_when_the_sale_ends_are_told_the_list_closed(stack: Stack) -> None:
    # Everyone signs up first, so that the short sale is not spent on sign-ups.
    seller, buyer, latecomer = (stack.customer() for _ in range(3))
    now = datetime.now(UTC)
    offering = create_offering(
        stack.gw,
        stack.operator.headers,
        capacity_units=1,
        sale_ends_at=(now + timedelta(seconds=4)).isoformat(),
    )
    stack.book(seller, offering["id"])
    assert _join(stack, buyer, offering["id"]).status_code == 201
    wait_for(lambda: _mine(stack, buyer, offering["id"])["status"] == "closed", timeout=30)
    late = _join(stack, latecomer, offering["id"])
    assert late.status_code == 409 and late.json()["type"].endswith("/not-on-sale")


def test_places_are_visible_leaving_works_and_the_line_is_for_operators(stack: Stack) -> None:
    offering = _offering(stack, capacity=1, offer_seconds=600)
    offering_id = offering["id"]
    seller, a, b, c = (stack.customer() for _ in range(4))

    # Not sold out yet: book it instead.
    early = _join(stack, a, offering_id)
    assert early.status_code == 409 and early.json()["type"].endswith("/not-sold-out")
    stack.book(seller, offering_id)
    for n, buyer in enumerate((a, b, c), start=1):
        assert _join(stack, buyer, offering_id).json()["position"] == n
    again = _join(stack, a, offering_id)
    assert again.status_code == 409 and again.json()["type"].endswith("/already-waiting")

    # b leaves (twice: the same answer); c moves up; b can join again, at the end.
    for _ in range(2):
        left = stack.gw.delete(f"/v1/waitlists/{offering_id}/entry", headers=b.headers)
        assert left.status_code == 204
    gone = _mine(stack, b, offering_id)
    assert gone["status"] == "left" and gone["position"] is None
    assert _mine(stack, c, offering_id)["position"] == 2
    assert _join(stack, b, offering_id).json()["position"] == 3

    # The line, in order, for operators; nobody else sees who waits.
    line = _line(stack, offering_id)
    assert [r["contact_email"] for r in line] == [a.email, b.email, c.email, b.email]
    assert [r["status"] for r in line] == ["waiting", "left", "waiting", "waiting"]
    path = f"/v1/waitlists/{offering_id}/entries"
    assert stack.gw.get(path).status_code == 401
    assert stack.gw.get(path, headers=a.headers).status_code == 403
    assert stack.gw.get(path, headers=stack.finance.headers).status_code == 403
    waiting_only = stack.gw.get(
        path, params={"status": "waiting"}, headers=stack.operator.headers
    ).json()["items"]
    assert len(waiting_only) == 3

    # One's place is one's own; staff have none; anonymous callers cannot join.
    fresh = stack.customer()
    mine = stack.gw.get(f"/v1/waitlists/{offering_id}/entry", headers=fresh.headers)
    assert mine.status_code == 404
    assert (
        stack.gw.get(
            f"/v1/waitlists/{offering_id}/entry", headers=stack.operator.headers
        ).status_code
        == 403
    )
    anonymous = stack.gw.post(
        f"/v1/waitlists/{offering_id}/entry", json={"quantity": 1, "name": "X"}, headers=idem()
    )
    assert anonymous.status_code == 401


def test_bad_requests_to_join_get_clear_problems(stack: Stack) -> None:
    offering = _offering(stack, capacity=1, offer_seconds=600)
    offering_id = offering["id"]
    buyer = stack.customer()
    stack.book(stack.customer(), offering_id)
    path = f"/v1/waitlists/{offering_id}/entry"

    def problem(answer: httpx.Response, status: int) -> dict[str, Any]:
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
        return answer.json()

    for body in (
        {"quantity": 0, "name": "A"},
        {"quantity": "two", "name": "A"},
        {"quantity": 1},
        {"quantity": 1, "name": "A", "extra": True},
        {"quantity": 1, "name": "A", "currency": "EUR"},
    ):
        problem(stack.gw.post(path, json=body, headers=buyer.headers | idem()), 422)
    too_many = problem(_join(stack, buyer, offering_id, quantity=3), 422)
    assert too_many["type"].endswith("/quantity-out-of-range")
    no_key = stack.gw.post(path, json={"quantity": 1, "name": "A"}, headers=buyer.headers)
    assert 400 <= no_key.status_code < 500
    unknown = "off_" + "0" * 26
    problem(stack.gw.get(f"/v1/waitlists/{unknown}"), 404)
    problem(_join(stack, buyer, unknown), 404)
    problem(stack.gw.get("/v1/waitlists/not-an-id"), 422)
    # A retry with the same key answers the first answer, not "already waiting".
    key = idem()
    body = {"quantity": 1, "name": "A", "locale": "ja"}
    first = stack.gw.post(path, json=body, headers=buyer.headers | key)
    retry = stack.gw.post(path, json=body, headers=buyer.headers | key)
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
