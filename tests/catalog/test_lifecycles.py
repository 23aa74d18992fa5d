"""The catalog's lifecycles are tables: what may follow what, and nothing else."""

import pytest

from catalog.domain.allocations import ALLOCATION_LIFECYCLE
from catalog.domain.missions import MISSION_LIFECYCLE
from lpx_common.errors import Conflict


def test_allocations_never_come_back_once_released() -> None:
    assert ALLOCATION_LIFECYCLE.allows("held", "committed")
    assert ALLOCATION_LIFECYCLE.allows("expired", "committed")  # if room is found again
    assert ALLOCATION_LIFECYCLE.allows("committed", "released")  # a cancellation
    assert ALLOCATION_LIFECYCLE.is_final("released")
    with pytest.raises(Conflict):
        ALLOCATION_LIFECYCLE.check("committed", "held")


def test_missions_move_forward_and_cancel_only_before_launch() -> None:
    assert MISSION_LIFECYCLE.allows("sales_closed", "launched")
    assert not MISSION_LIFECYCLE.allows("launched", "cancelled")
    assert MISSION_LIFECYCLE.is_final("completed") and MISSION_LIFECYCLE.is_final("cancelled")
