from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BookingStatusIn")


@_attrs_define
class BookingStatusIn:
    """One entry of booking's status feed, sent on every status change.

    Attributes:
        booking_id (str):
        currency (str):
        kind (str):
        paid_minor (int):
        refund_owed_minor (int):
        refunded_minor (int):
        status (str):
        total_minor (int):
        updated_at (datetime.datetime):
        version (int): Only grows per booking.
    """

    booking_id: str
    currency: str
    kind: str
    paid_minor: int
    refund_owed_minor: int
    refunded_minor: int
    status: str
    total_minor: int
    updated_at: datetime.datetime
    version: int

    def to_dict(self) -> dict[str, Any]:
        booking_id = self.booking_id

        currency = self.currency

        kind = self.kind

        paid_minor = self.paid_minor

        refund_owed_minor = self.refund_owed_minor

        refunded_minor = self.refunded_minor

        status = self.status

        total_minor = self.total_minor

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "booking_id": booking_id,
                "currency": currency,
                "kind": kind,
                "paid_minor": paid_minor,
                "refund_owed_minor": refund_owed_minor,
                "refunded_minor": refunded_minor,
                "status": status,
                "total_minor": total_minor,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        booking_id = d.pop("booking_id")

        currency = d.pop("currency")

        kind = d.pop("kind")

        paid_minor = d.pop("paid_minor")

        refund_owed_minor = d.pop("refund_owed_minor")

        refunded_minor = d.pop("refunded_minor")

        status = d.pop("status")

        total_minor = d.pop("total_minor")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        booking_status_in = cls(
            booking_id=booking_id,
            currency=currency,
            kind=kind,
            paid_minor=paid_minor,
            refund_owed_minor=refund_owed_minor,
            refunded_minor=refunded_minor,
            status=status,
            total_minor=total_minor,
            updated_at=updated_at,
            version=version,
        )

        return booking_status_in
