from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="FinanceRefundIn")


@_attrs_define
class FinanceRefundIn:
    """
    Attributes:
        amount_minor (int | None | Unset): Omit to refund everything refundable.
        reason (str | Unset):  Default: 'requested_by_customer'.
    """

    amount_minor: int | None | Unset = UNSET
    reason: str | Unset = "requested_by_customer"

    def to_dict(self) -> dict[str, Any]:
        amount_minor: int | None | Unset
        if isinstance(self.amount_minor, Unset):
            amount_minor = UNSET
        else:
            amount_minor = self.amount_minor

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if amount_minor is not UNSET:
            field_dict["amount_minor"] = amount_minor
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_amount_minor(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        amount_minor = _parse_amount_minor(d.pop("amount_minor", UNSET))

        reason = d.pop("reason", UNSET)

        finance_refund_in = cls(
            amount_minor=amount_minor,
            reason=reason,
        )

        return finance_refund_in
