from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.business_event_in_event import BusinessEventInEvent

T = TypeVar("T", bound="BusinessEventIn")


@_attrs_define
class BusinessEventIn:
    """Milestone events only people know about: the contract is signed, the payload
    was handed over.

        Attributes:
            event (BusinessEventInEvent):
    """

    event: BusinessEventInEvent

    def to_dict(self) -> dict[str, Any]:
        event = self.event.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event": event,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event = BusinessEventInEvent(d.pop("event"))

        business_event_in = cls(
            event=event,
        )

        return business_event_in
