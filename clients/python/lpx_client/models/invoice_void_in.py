from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="InvoiceVoidIn")


@_attrs_define
class InvoiceVoidIn:
    """Booking will no longer bill this milestone (mission lost, booking cancelled).

    Attributes:
        booking_id (str):
        milestone_id (str):
        reason (str):
    """

    booking_id: str
    milestone_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        booking_id = self.booking_id

        milestone_id = self.milestone_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "booking_id": booking_id,
                "milestone_id": milestone_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        booking_id = d.pop("booking_id")

        milestone_id = d.pop("milestone_id")

        reason = d.pop("reason")

        invoice_void_in = cls(
            booking_id=booking_id,
            milestone_id=milestone_id,
            reason=reason,
        )

        return invoice_void_in
