from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.daily_total import DailyTotal


T = TypeVar("T", bound="DailyTotalsOut")


@_attrs_define
class DailyTotalsOut:
    """
    Attributes:
        from_ (datetime.date):
        items (list[DailyTotal]):
        time_zone (str):
        to (datetime.date):
    """

    from_: datetime.date
    items: list[DailyTotal]
    time_zone: str
    to: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        time_zone = self.time_zone

        to = self.to.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "items": items,
                "time_zone": time_zone,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.daily_total import DailyTotal  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = DailyTotal.from_dict(items_item_data)

            items.append(items_item)

        time_zone = d.pop("time_zone")

        to = datetime.date.fromisoformat(d.pop("to"))

        daily_totals_out = cls(
            from_=from_,
            items=items,
            time_zone=time_zone,
            to=to,
        )

        daily_totals_out.additional_properties = d
        return daily_totals_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
