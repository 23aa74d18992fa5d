from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CancellationPreviewOut")


@_attrs_define
class CancellationPreviewOut:
    """
    Attributes:
        cancellable (bool):
        currency (str):
        cutoff_at (datetime.datetime | None):
        fee_if_paid_minor (int): The fee once the whole price is paid.
        fee_minor (int): Kept if the booking is cancelled now.
        refund_minor (int): Sent back if the booking is cancelled now.
    """

    cancellable: bool
    currency: str
    cutoff_at: datetime.datetime | None
    fee_if_paid_minor: int
    fee_minor: int
    refund_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancellable = self.cancellable

        currency = self.currency

        cutoff_at: None | str
        if isinstance(self.cutoff_at, datetime.datetime):
            cutoff_at = self.cutoff_at.isoformat()
        else:
            cutoff_at = self.cutoff_at

        fee_if_paid_minor = self.fee_if_paid_minor

        fee_minor = self.fee_minor

        refund_minor = self.refund_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancellable": cancellable,
                "currency": currency,
                "cutoff_at": cutoff_at,
                "fee_if_paid_minor": fee_if_paid_minor,
                "fee_minor": fee_minor,
                "refund_minor": refund_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancellable = d.pop("cancellable")

        currency = d.pop("currency")

        def _parse_cutoff_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cutoff_at_type_0 = datetime.datetime.fromisoformat(data)

                return cutoff_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cutoff_at = _parse_cutoff_at(d.pop("cutoff_at"))

        fee_if_paid_minor = d.pop("fee_if_paid_minor")

        fee_minor = d.pop("fee_minor")

        refund_minor = d.pop("refund_minor")

        cancellation_preview_out = cls(
            cancellable=cancellable,
            currency=currency,
            cutoff_at=cutoff_at,
            fee_if_paid_minor=fee_if_paid_minor,
            fee_minor=fee_minor,
            refund_minor=refund_minor,
        )

        cancellation_preview_out.additional_properties = d
        return cancellation_preview_out

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
