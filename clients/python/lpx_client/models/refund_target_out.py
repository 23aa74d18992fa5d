from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.refund_out import RefundOut


T = TypeVar("T", bound="RefundTargetOut")


@_attrs_define
class RefundTargetOut:
    """201 with the refunds it created, or 200 when the target was already met.

    Attributes:
        booking_id (str):
        created (list[RefundOut]):
        currency (None | str):
        pending_minor (int): Refunds of the booking still under way.
        refund_total_minor (int):
        refunded_minor (int): Refunds of the booking that succeeded.
        refunds (list[RefundOut]):
        settled (bool): True when nothing new was needed.
    """

    booking_id: str
    created: list[RefundOut]
    currency: None | str
    pending_minor: int
    refund_total_minor: int
    refunded_minor: int
    refunds: list[RefundOut]
    settled: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        booking_id = self.booking_id

        created = []
        for created_item_data in self.created:
            created_item = created_item_data.to_dict()
            created.append(created_item)

        currency: None | str
        currency = self.currency

        pending_minor = self.pending_minor

        refund_total_minor = self.refund_total_minor

        refunded_minor = self.refunded_minor

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)

        settled = self.settled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking_id": booking_id,
                "created": created,
                "currency": currency,
                "pending_minor": pending_minor,
                "refund_total_minor": refund_total_minor,
                "refunded_minor": refunded_minor,
                "refunds": refunds,
                "settled": settled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.refund_out import RefundOut  # noqa: PLC0415

        d = dict(src_dict)
        booking_id = d.pop("booking_id")

        created = []
        _created = d.pop("created")
        for created_item_data in _created:
            created_item = RefundOut.from_dict(created_item_data)

            created.append(created_item)

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        pending_minor = d.pop("pending_minor")

        refund_total_minor = d.pop("refund_total_minor")

        refunded_minor = d.pop("refunded_minor")

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in _refunds:
            refunds_item = RefundOut.from_dict(refunds_item_data)

            refunds.append(refunds_item)

        settled = d.pop("settled")

        refund_target_out = cls(
            booking_id=booking_id,
            created=created,
            currency=currency,
            pending_minor=pending_minor,
            refund_total_minor=refund_total_minor,
            refunded_minor=refunded_minor,
            refunds=refunds,
            settled=settled,
        )

        refund_target_out.additional_properties = d
        return refund_target_out

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
