from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.tax_rate_in_category import TaxRateInCategory

T = TypeVar("T", bound="TaxRateIn")


@_attrs_define
class TaxRateIn:
    """
    Attributes:
        category (TaxRateInCategory):
        effective_from (datetime.date): First day (Japan time) the rate applies.
        rate_bps (int):
    """

    category: TaxRateInCategory
    effective_from: datetime.date
    rate_bps: int

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        effective_from = self.effective_from.isoformat()

        rate_bps = self.rate_bps

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "effective_from": effective_from,
                "rate_bps": rate_bps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = TaxRateInCategory(d.pop("category"))

        effective_from = datetime.date.fromisoformat(d.pop("effective_from"))

        rate_bps = d.pop("rate_bps")

        tax_rate_in = cls(
            category=category,
            effective_from=effective_from,
            rate_bps=rate_bps,
        )

        return tax_rate_in
