from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tax_rate_out_category import TaxRateOutCategory

T = TypeVar("T", bound="TaxRateOut")


@_attrs_define
class TaxRateOut:
    """
    Attributes:
        category (TaxRateOutCategory):
        effective_from (datetime.date):
        id (int):
        rate_bps (int):
    """

    category: TaxRateOutCategory
    effective_from: datetime.date
    id: int
    rate_bps: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        effective_from = self.effective_from.isoformat()

        id = self.id

        rate_bps = self.rate_bps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "effective_from": effective_from,
                "id": id,
                "rate_bps": rate_bps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = TaxRateOutCategory(d.pop("category"))

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        id = d.pop("id")

        rate_bps = d.pop("rate_bps")

        tax_rate_out = cls(
            category=category,
            effective_from=effective_from,
            id=id,
            rate_bps=rate_bps,
        )

        tax_rate_out.additional_properties = d
        return tax_rate_out

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
