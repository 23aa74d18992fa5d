from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DisputeOut")


@_attrs_define
class DisputeOut:
    """
    Attributes:
        amount_minor (int):
        booking_id (None | str):
        charge_id (str):
        closed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        currency (str):
        id (str):
        payment_id (None | str):
        reason (None | str):
        status (str):
        stripe_dispute_id (str):
    """

    amount_minor: int
    booking_id: None | str
    charge_id: str
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    currency: str
    id: str
    payment_id: None | str
    reason: None | str
    status: str
    stripe_dispute_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        booking_id: None | str
        booking_id = self.booking_id

        charge_id = self.charge_id

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        payment_id: None | str
        payment_id = self.payment_id

        reason: None | str
        reason = self.reason

        status = self.status

        stripe_dispute_id = self.stripe_dispute_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "booking_id": booking_id,
                "charge_id": charge_id,
                "closed_at": closed_at,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "payment_id": payment_id,
                "reason": reason,
                "status": status,
                "stripe_dispute_id": stripe_dispute_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        def _parse_booking_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        booking_id = _parse_booking_id(d.pop("booking_id"))

        charge_id = d.pop("charge_id")

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = d.pop("status")

        stripe_dispute_id = d.pop("stripe_dispute_id")

        dispute_out = cls(
            amount_minor=amount_minor,
            booking_id=booking_id,
            charge_id=charge_id,
            closed_at=closed_at,
            created_at=created_at,
            currency=currency,
            id=id,
            payment_id=payment_id,
            reason=reason,
            status=status,
            stripe_dispute_id=stripe_dispute_id,
        )

        dispute_out.additional_properties = d
        return dispute_out

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
