"""The pure rules: the transition table and money arithmetic (no I/O)."""

import random

import pytest

from booking.domain.money import allocate_largest_remainder, cancellation_fee, fee_minor
from booking.domain.policies import plan_schedule
from booking.domain.states import BOOKING_LIFECYCLE, KEEPS, MILESTONE_LIFECYCLE, Status
from lpx_common.errors import Conflict, Unprocessable

allows = BOOKING_LIFECYCLE.allows


def test_the_transition_table_covers_every_status_and_has_the_agreed_edges() -> None:
    assert BOOKING_LIFECYCLE.states == set(Status) == set(KEEPS)
    assert allows("held", "confirmed") and allows("expired", "confirmed")
    assert allows("expired", "refund_due") and allows("confirmed", "flown")
    assert allows("under_review", "approved") and allows("approved", "confirmed")
    for final in ("rejected", "refunded", "delivered", "mission_lost"):
        assert BOOKING_LIFECYCLE.is_final(final)
    with pytest.raises(Conflict) as refused:
        BOOKING_LIFECYCLE.check("delivered", "cancelled")
    assert refused.value.status == 409 and refused.value.code == "invalid-transition"
    assert not allows("held", "flown")
    assert not allows("expired", "cancelled")


def test_milestones_only_move_forward() -> None:
    assert MILESTONE_LIFECYCLE.allows("scheduled", "invoiced")
    assert MILESTONE_LIFECYCLE.allows("overdue", "paid")
    assert not MILESTONE_LIFECYCLE.allows("paid", "voided")
    assert not MILESTONE_LIFECYCLE.allows("voided", "invoiced")
    with pytest.raises(Conflict):
        MILESTONE_LIFECYCLE.check("paid", "overdue")


def test_largest_remainder_sums_exactly() -> None:
    assert allocate_largest_remainder(100, [3_333, 3_333, 3_334]) == [33, 33, 34]
    assert allocate_largest_remainder(1, [5_000, 5_000]) == [1, 0]  # ties: earliest first
    rng = random.Random(7)
    for _ in range(500):
        cuts = sorted(rng.sample(range(1, 10_000), 4))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, 10_000], strict=True)]
        total = rng.randrange(0, 10**12)
        amounts = allocate_largest_remainder(total, shares)
        assert sum(amounts) == total
        assert all(
            abs(a * 10_000 - total * s) < 10_000 for a, s in zip(amounts, shares, strict=True)
        )


def test_fees_round_in_the_buyers_favour() -> None:
    assert fee_minor(99_999, 750) == 7_499
    assert cancellation_fee(99_999, 99_999, [(99_999, 750)]) == 7_499
    # two lines with different fees, half paid: one floor over the exact sum
    assert cancellation_fee(500, 1_000, [(600, 1_000), (400, 0)]) == 30
    assert cancellation_fee(0, 1_000, [(1_000, 10_000)]) == 0


def test_schedules_must_sum_to_100_percent() -> None:
    with pytest.raises(Unprocessable):
        plan_schedule(1_000, [("a", 5_000, "approval", None), ("b", 4_999, "launch", None)])
    with pytest.raises(Unprocessable):
        plan_schedule(1_000, [("a", 10_000, None, None)])  # neither event nor date
    default = plan_schedule(1_001, None)
    assert [m.percent_bps for m in default] == [1_000, 3_000, 3_000, 2_000, 1_000]
    assert sum(m.amount_minor for m in default) == 1_001
