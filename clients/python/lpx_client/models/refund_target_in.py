from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="RefundTargetIn")


@_attrs_define
class RefundTargetIn:
    """Booking's refund decision: when all is done, this booking has been refunded
    ``refund_total_minor`` in total (whoever asked for each refund).

        Attributes:
            booking_id (str):
            reason (str):
            refund_total_minor (int):
    """

    booking_id: str
    reason: str
    refund_total_minor: int

    def to_dict(self) -> dict[str, Any]:
        booking_id = self.booking_id

        reason = self.reason

        refund_total_minor = self.refund_total_minor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "booking_id": booking_id,
                "reason": reason,
                "refund_total_minor": refund_total_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        booking_id = d.pop("booking_id")

        reason = d.pop("reason")

        refund_total_minor = d.pop("refund_total_minor")

        refund_target_in = cls(
            booking_id=booking_id,
            reason=reason,
            refund_total_minor=refund_total_minor,
        )

        return refund_target_in
