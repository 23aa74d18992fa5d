"""Waiting-list rules with no I/O: who may join, and who capacity that comes back goes to."""

from datetime import UTC, datetime, timedelta

import pytest

from booking.domain import waitlist
from booking.domain.waitlist import ENTRY_LIFECYCLE
from lpx_common.errors import Conflict, Unprocessable

SOLD_OUT = {
    "sale_mode": "first_come",
    "audience": "consumer",
    "on_sale_now": True,
    "bookable_units": 0,
    "someone_waiting": False,
    "quantity": 1,
    "min_quantity": 1,
    "max_quantity": 2,
}


def test_one_joins_a_sold_out_first_come_consumer_offering_within_its_limits() -> None:
    waitlist.check_can_join(**SOLD_OUT)
    waitlist.check_can_join(**SOLD_OUT | {"bookable_units": 1, "quantity": 2})  # 1 < 2
    waitlist.check_can_join(**SOLD_OUT | {"bookable_units": 5, "someone_waiting": True})
    refused = {
        "not-sold-out": {"bookable_units": 1},
        "no-waiting-list": {"sale_mode": "ballot"},
        "not-on-sale": {"on_sale_now": False},
    }
    for code, change in refused.items():
        with pytest.raises(Conflict) as caught:
            waitlist.check_can_join(**SOLD_OUT | change)
        assert caught.value.code == code
    with pytest.raises(Conflict):
        waitlist.check_can_join(**SOLD_OUT | {"audience": "business"})
    with pytest.raises(Unprocessable):
        waitlist.check_can_join(**SOLD_OUT | {"quantity": 3})


def test_capacity_goes_down_the_line_to_each_whose_quantity_still_fits() -> None:
    line = [("a", 2), ("b", 3), ("c", 1), ("d", 2)]
    assert waitlist.offers(line, 4) == ["a", "c"]
    assert waitlist.offers(line, 0) == []
    assert waitlist.smallest_waiting(q for _, q in line) == 1
    assert waitlist.smallest_waiting([]) is None


def test_an_entry_only_moves_forward() -> None:
    assert ENTRY_LIFECYCLE.allows("waiting", "offered")
    assert ENTRY_LIFECYCLE.allows("waiting", "left")
    assert ENTRY_LIFECYCLE.allows("offered", "lapsed")
    assert not ENTRY_LIFECYCLE.allows("offered", "left")
    assert not ENTRY_LIFECYCLE.allows("lapsed", "waiting")
    assert ENTRY_LIFECYCLE.allows("waiting", "closed")
    assert not ENTRY_LIFECYCLE.allows("offered", "closed")  # an offer out runs its course
    for final in ("accepted", "lapsed", "left", "closed"):
        assert ENTRY_LIFECYCLE.is_final(final)


def test_the_line_closes_once_the_sale_is_over_for_good() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    assert not waitlist.sale_over(now + timedelta(seconds=1), "on_sale", now)
    assert waitlist.sale_over(now, "on_sale", now)
    assert waitlist.sale_over(None, "sales_closed", now)
    assert waitlist.sale_over(None, "cancelled", now)
