from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.schedule_item_due_event_type_0 import ScheduleItemDueEventType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScheduleItem")


@_attrs_define
class ScheduleItem:
    """
    Attributes:
        label (str):
        percent_bps (int):
        due_date (datetime.date | None | Unset):
        due_event (None | ScheduleItemDueEventType0 | Unset):
    """

    label: str
    percent_bps: int
    due_date: datetime.date | None | Unset = UNSET
    due_event: None | ScheduleItemDueEventType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        percent_bps = self.percent_bps

        due_date: None | str | Unset
        if isinstance(self.due_date, Unset):
            due_date = UNSET
        elif isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        due_event: None | str | Unset
        if isinstance(self.due_event, Unset):
            due_event = UNSET
        elif isinstance(self.due_event, ScheduleItemDueEventType0):
            due_event = self.due_event.value
        else:
            due_event = self.due_event

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "label": label,
                "percent_bps": percent_bps,
            }
        )
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if due_event is not UNSET:
            field_dict["due_event"] = due_event

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        percent_bps = d.pop("percent_bps")

        def _parse_due_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        due_date = _parse_due_date(d.pop("due_date", UNSET))

        def _parse_due_event(data: object) -> None | ScheduleItemDueEventType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_event_type_0 = ScheduleItemDueEventType0(data)

                return due_event_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScheduleItemDueEventType0 | Unset, data)

        due_event = _parse_due_event(d.pop("due_event", UNSET))

        schedule_item = cls(
            label=label,
            percent_bps=percent_bps,
            due_date=due_date,
            due_event=due_event,
        )

        return schedule_item
