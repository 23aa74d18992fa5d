from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CurrencyTotals")


@_attrs_define
class CurrencyTotals:
    """
    Attributes:
        balanced (bool):
        credit_minor (int):
        currency (str):
        debit_minor (int):
    """

    balanced: bool
    credit_minor: int
    currency: str
    debit_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balanced = self.balanced

        credit_minor = self.credit_minor

        currency = self.currency

        debit_minor = self.debit_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balanced": balanced,
                "credit_minor": credit_minor,
                "currency": currency,
                "debit_minor": debit_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balanced = d.pop("balanced")

        credit_minor = d.pop("credit_minor")

        currency = d.pop("currency")

        debit_minor = d.pop("debit_minor")

        currency_totals = cls(
            balanced=balanced,
            credit_minor=credit_minor,
            currency=currency,
            debit_minor=debit_minor,
        )

        currency_totals.additional_properties = d
        return currency_totals

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
