from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TaxRowOut")


@_attrs_define
class TaxRowOut:
    """
    Attributes:
        rate_bps (int):
        tax_minor (int): floor(taxable x rate / (1 + rate)), once per rate.
        taxable_minor (int): Tax-included sum of the lines at this rate.
    """

    rate_bps: int
    tax_minor: int
    taxable_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rate_bps = self.rate_bps

        tax_minor = self.tax_minor

        taxable_minor = self.taxable_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rate_bps": rate_bps,
                "tax_minor": tax_minor,
                "taxable_minor": taxable_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rate_bps = d.pop("rate_bps")

        tax_minor = d.pop("tax_minor")

        taxable_minor = d.pop("taxable_minor")

        tax_row_out = cls(
            rate_bps=rate_bps,
            tax_minor=tax_minor,
            taxable_minor=taxable_minor,
        )

        tax_row_out.additional_properties = d
        return tax_row_out

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
