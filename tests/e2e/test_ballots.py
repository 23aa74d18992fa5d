"""Ballot sales end to end, through the gateway: customers apply, the draw runs at its
time, winners hold and pay, a place given up or not paid in time passes down the
ranking, losers are told, and the published draw checks out with the documented script."""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import Account, Stack, idem, verified_ranking, wait_for
from tests.harness import create_offering
from tests.mail import MailSink


def _ballot_offering(
    stack: Stack, *, capacity: int, window_seconds: float, payment_seconds: int
) -> dict[str, Any]:
    now = datetime.now(UTC)
    closes = now + timedelta(seconds=window_seconds)
    return create_offering(
        stack.gw,
        stack.operator.headers,
        capacity_units=capacity,
        max_quantity=2,
        sale_mode="ballot",
        ballot_opens_at=(now - timedelta(minutes=1)).isoformat(),
        ballot_closes_at=closes.isoformat(),
        ballot_draw_at=closes.isoformat(),
        ballot_payment_seconds=payment_seconds,
        ballot_max_quantity=2,
    )


def _apply(stack: Stack, buyer: Account, offering_id: str, quantity: int = 1) -> Any:
    return stack.gw.put(
        f"/v1/ballots/{offering_id}/application",
        json={"quantity": quantity, "name": "Aiko Tanaka", "locale": "en"},
        headers=buyer.headers,
    )


def _mine(stack: Stack, buyer: Account, offering_id: str) -> dict[str, Any]:
    answer = stack.gw.get(f"/v1/ballots/{offering_id}/application", headers=buyer.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _ballot(stack: Stack, offering_id: str) -> dict[str, Any]:
    answer = stack.gw.get(f"/v1/ballots/{offering_id}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def _held_and_committed(stack: Stack, offering_id: str) -> int:
    answer = stack.gw.get(f"/v1/catalog/offerings/{offering_id}/availability")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return int(body["held_units"]) + int(body["committed_units"])


def test_a_ballot_draws_fairly_winners_hold_and_a_place_given_up_passes_down(
    stack: Stack,
) -> None:
    mail: MailSink = stack.platform.mail
    buyers = [stack.customer() for _ in range(7)]
    offering = _ballot_offering(stack, capacity=3, window_seconds=6, payment_seconds=600)
    offering_id = offering["id"]

    # Before the window closes: the commitment is public, the seed is not.
    before = _ballot(stack, offering_id)
    assert before["status"] == "open" and before["seed"] is None
    assert len(before["commitment"]) == 64

    first = _apply(stack, buyers[0], offering_id, quantity=2)
    assert first.status_code == 200, first.text
    replaced = _apply(stack, buyers[0], offering_id, quantity=1)
    assert replaced.json()["id"] == first.json()["id"] and replaced.json()["quantity"] == 1
    for buyer in buyers[1:]:
        assert _apply(stack, buyer, offering_id).status_code == 200
    too_many = _apply(stack, buyers[1], offering_id, quantity=3)
    assert too_many.status_code == 422
    assert too_many.headers["content-type"].startswith("application/problem+json")
    withdrawn = stack.gw.delete(f"/v1/ballots/{offering_id}/application", headers=buyers[6].headers)
    assert withdrawn.status_code == 204
    assert _mine(stack, buyers[6], offering_id)["status"] == "withdrawn"
    # Nobody books a ballot offering first come; anonymous callers cannot apply.
    assert stack.book(buyers[1], offering_id, expect=422)["type"].endswith("/sold-by-ballot")
    assert (
        stack.gw.put(
            f"/v1/ballots/{offering_id}/application", json={"quantity": 1, "name": "X"}
        ).status_code
        == 401
    )

    # The draw runs at its time; three places go to ranks 1-3.
    wait_for(lambda: _ballot(stack, offering_id)["status"] == "allocated", timeout=30)
    late = _apply(stack, buyers[6], offering_id)
    assert late.status_code == 409
    drawn = stack.gw.get(f"/v1/ballots/{offering_id}/draw")
    assert drawn.status_code == 200, drawn.text
    published = drawn.json()
    assert published["ballot"]["commitment"] == before["commitment"]
    assert published["ballot"]["application_count"] == 6
    ranking = verified_ranking(published)

    mine = {b.email: _mine(stack, b, offering_id) for b in buyers[:6]}
    by_rank = sorted(buyers[:6], key=lambda b: mine[b.email]["rank"])
    assert [mine[b.email]["id"] for b in by_rank] == ranking
    assert [mine[b.email]["status"] for b in by_rank] == ["offered"] * 3 + ["waiting"] * 3
    assert _held_and_committed(stack, offering_id) == 3
    for winner in by_rank[:3]:
        booking = stack.booking(winner, mine[winner.email]["booking_id"])
        assert booking["status"] == "held"
        (won,) = mail.wait_for(winner.email, 1)
        assert "You were drawn" in won.subject
    for loser in by_rank[3:]:
        (lost,) = mail.wait_for(loser.email, 1)
        assert "not drawn" in lost.subject

    # Rank 1 pays; rank 2 gives the place up: it goes to rank 4, not to anyone else.
    paid_booking = mine[by_rank[0].email]["booking_id"]
    assert stack.pay(stack.checkout(by_rank[0], paid_booking)).status_code == 200
    stack.wait_status(by_rank[0], paid_booking, "confirmed")
    cancelled = stack.gw.post(
        f"/v1/bookings/{mine[by_rank[1].email]['booking_id']}/cancel",
        json={"reason": "changed my mind"},
        headers=by_rank[1].headers | idem(),
    )
    assert cancelled.status_code == 200, cancelled.text
    wait_for(lambda: _mine(stack, by_rank[3], offering_id)["status"] == "offered", timeout=30)
    assert _mine(stack, by_rank[1], offering_id)["status"] == "lapsed"
    assert _mine(stack, by_rank[4], offering_id)["status"] == "waiting"
    wait_for(lambda: _mine(stack, by_rank[0], offering_id)["status"] == "paid", timeout=30)
    _lost, won_later = mail.wait_for(by_rank[3].email, 2)
    assert "You were drawn" in won_later.subject
    assert _held_and_committed(stack, offering_id) == 3  # nothing oversold

    # Operators see every place; customers may not.
    listed = stack.gw.get(
        f"/v1/ballots/{offering_id}/applications",
        params={"ranked": "true"},
        headers=stack.operator.headers,
    )
    assert listed.status_code == 200, listed.text
    assert [row["id"] for row in listed.json()["items"]] == ranking
    assert (
        stack.gw.get(
            f"/v1/ballots/{offering_id}/applications", headers=by_rank[0].headers
        ).status_code
        == 403
    )


def test_a_winner_who_does_not_pay_by_the_deadline_is_replaced_by_the_next(
    stack: Stack,
) -> None:
    buyers = [stack.customer() for _ in range(2)]
    offering = _ballot_offering(stack, capacity=1, window_seconds=3, payment_seconds=5)
    offering_id = offering["id"]
    for buyer in buyers:
        assert _apply(stack, buyer, offering_id).status_code == 200
    wait_for(lambda: _ballot(stack, offering_id)["status"] == "allocated", timeout=30)
    mine = {b.email: _mine(stack, b, offering_id) for b in buyers}
    first, second = sorted(buyers, key=lambda b: mine[b.email]["rank"])
    assert mine[first.email]["status"] == "offered"
    assert mine[second.email]["status"] == "waiting"
    assert _held_and_committed(stack, offering_id) == 1

    # Nobody pays: the first place lapses at its deadline and passes to rank 2, then
    # that one lapses too and the ranking is exhausted. Never more than one unit held.
    wait_for(lambda: _mine(stack, second, offering_id)["status"] == "offered", timeout=30)
    assert _mine(stack, first, offering_id)["status"] == "lapsed"
    assert _held_and_committed(stack, offering_id) <= 1
    # The place passes on at its deadline, before booking's expiry worker has expired
    # the unpaid booking itself (domain/offers.py): that follows within a poll.
    first_booking = mine[first.email]["booking_id"]
    wait_for(lambda: stack.booking(first, first_booking)["status"] == "expired", timeout=10)
    wait_for(lambda: _ballot(stack, offering_id)["status"] == "closed", timeout=30)
    assert _mine(stack, second, offering_id)["status"] == "lapsed"
