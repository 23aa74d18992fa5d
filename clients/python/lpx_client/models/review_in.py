from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review_in_decision import ReviewInDecision
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checklist import Checklist
    from ..models.schedule_item import ScheduleItem


T = TypeVar("T", bound="ReviewIn")


@_attrs_define
class ReviewIn:
    """
    Attributes:
        checklist (Checklist):
        decision (ReviewInDecision):
        reason (str):
        schedule (list[ScheduleItem] | None | Unset):
    """

    checklist: Checklist
    decision: ReviewInDecision
    reason: str
    schedule: list[ScheduleItem] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        checklist = self.checklist.to_dict()

        decision = self.decision.value

        reason = self.reason

        schedule: list[dict[str, Any]] | None | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, list):
            schedule = []
            for schedule_type_0_item_data in self.schedule:
                schedule_type_0_item = schedule_type_0_item_data.to_dict()
                schedule.append(schedule_type_0_item)

        else:
            schedule = self.schedule

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "checklist": checklist,
                "decision": decision,
                "reason": reason,
            }
        )
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checklist import Checklist  # noqa: PLC0415
        from ..models.schedule_item import ScheduleItem  # noqa: PLC0415

        d = dict(src_dict)
        checklist = Checklist.from_dict(d.pop("checklist"))

        decision = ReviewInDecision(d.pop("decision"))

        reason = d.pop("reason")

        def _parse_schedule(data: object) -> list[ScheduleItem] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                schedule_type_0 = []
                _schedule_type_0 = data
                for schedule_type_0_item_data in _schedule_type_0:
                    schedule_type_0_item = ScheduleItem.from_dict(schedule_type_0_item_data)

                    schedule_type_0.append(schedule_type_0_item)

                return schedule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ScheduleItem] | None | Unset, data)

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        review_in = cls(
            checklist=checklist,
            decision=decision,
            reason=reason,
            schedule=schedule,
        )

        return review_in
