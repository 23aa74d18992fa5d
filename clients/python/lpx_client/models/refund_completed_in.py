from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_completed_in_currency import RefundCompletedInCurrency
from ..types import UNSET, Unset

T = TypeVar("T", bound="RefundCompletedIn")


@_attrs_define
class RefundCompletedIn:
    """
    Attributes:
        amount_minor (int):
        currency (RefundCompletedInCurrency):
        refund_id (str):
        payment_id (None | str | Unset):
    """

    amount_minor: int
    currency: RefundCompletedInCurrency
    refund_id: str
    payment_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        currency = self.currency.value

        refund_id = self.refund_id

        payment_id: None | str | Unset
        if isinstance(self.payment_id, Unset):
            payment_id = UNSET
        else:
            payment_id = self.payment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "currency": currency,
                "refund_id": refund_id,
            }
        )
        if payment_id is not UNSET:
            field_dict["payment_id"] = payment_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        currency = RefundCompletedInCurrency(d.pop("currency"))

        refund_id = d.pop("refund_id")

        def _parse_payment_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_id = _parse_payment_id(d.pop("payment_id", UNSET))

        refund_completed_in = cls(
            amount_minor=amount_minor,
            currency=currency,
            refund_id=refund_id,
            payment_id=payment_id,
        )

        refund_completed_in.additional_properties = d
        return refund_completed_in

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
