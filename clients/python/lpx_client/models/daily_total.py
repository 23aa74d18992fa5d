from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DailyTotal")


@_attrs_define
class DailyTotal:
    """
    Attributes:
        charges (int):
        currency (str):
        day (datetime.date):
        payouts (int):
        payouts_minor (int):
        refunds_minor (int):
        revenue_minor (int):
    """

    charges: int
    currency: str
    day: datetime.date
    payouts: int
    payouts_minor: int
    refunds_minor: int
    revenue_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        charges = self.charges

        currency = self.currency

        day = self.day.isoformat()

        payouts = self.payouts

        payouts_minor = self.payouts_minor

        refunds_minor = self.refunds_minor

        revenue_minor = self.revenue_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "charges": charges,
                "currency": currency,
                "day": day,
                "payouts": payouts,
                "payouts_minor": payouts_minor,
                "refunds_minor": refunds_minor,
                "revenue_minor": revenue_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        charges = d.pop("charges")

        currency = d.pop("currency")

        day = datetime.date.fromisoformat(d.pop("day"))

        payouts = d.pop("payouts")

        payouts_minor = d.pop("payouts_minor")

        refunds_minor = d.pop("refunds_minor")

        revenue_minor = d.pop("revenue_minor")

        daily_total = cls(
            charges=charges,
            currency=currency,
            day=day,
            payouts=payouts,
            payouts_minor=payouts_minor,
            refunds_minor=refunds_minor,
            revenue_minor=revenue_minor,
        )

        daily_total.additional_properties = d
        return daily_total

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
