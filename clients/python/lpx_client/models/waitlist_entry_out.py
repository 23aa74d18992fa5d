from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.waitlist_entry_out_status import WaitlistEntryOutStatus

T = TypeVar("T", bound="WaitlistEntryOut")


@_attrs_define
class WaitlistEntryOut:
    """
    Attributes:
        booking_id (None | str): The booking to pay, once offered.
        created_at (datetime.datetime):
        currency (str):
        id (str):
        locale (str):
        offer_expires_at (datetime.datetime | None): Pay before this, once offered.
        offered_at (datetime.datetime | None):
        offering_id (str):
        position (int | None): Place in line while waiting (1: next to be offered), else null.
        quantity (int):
        status (WaitlistEntryOutStatus):
        updated_at (datetime.datetime):
    """

    booking_id: None | str
    created_at: datetime.datetime
    currency: str
    id: str
    locale: str
    offer_expires_at: datetime.datetime | None
    offered_at: datetime.datetime | None
    offering_id: str
    position: int | None
    quantity: int
    status: WaitlistEntryOutStatus
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        booking_id: None | str
        booking_id = self.booking_id

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        locale = self.locale

        offer_expires_at: None | str
        if isinstance(self.offer_expires_at, datetime.datetime):
            offer_expires_at = self.offer_expires_at.isoformat()
        else:
            offer_expires_at = self.offer_expires_at

        offered_at: None | str
        if isinstance(self.offered_at, datetime.datetime):
            offered_at = self.offered_at.isoformat()
        else:
            offered_at = self.offered_at

        offering_id = self.offering_id

        position: int | None
        position = self.position

        quantity = self.quantity

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking_id": booking_id,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "locale": locale,
                "offer_expires_at": offer_expires_at,
                "offered_at": offered_at,
                "offering_id": offering_id,
                "position": position,
                "quantity": quantity,
                "status": status,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_booking_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        booking_id = _parse_booking_id(d.pop("booking_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        locale = d.pop("locale")

        def _parse_offer_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                offer_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return offer_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        offer_expires_at = _parse_offer_expires_at(d.pop("offer_expires_at"))

        def _parse_offered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                offered_at_type_0 = datetime.datetime.fromisoformat(data)

                return offered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        offered_at = _parse_offered_at(d.pop("offered_at"))

        offering_id = d.pop("offering_id")

        def _parse_position(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        position = _parse_position(d.pop("position"))

        quantity = d.pop("quantity")

        status = WaitlistEntryOutStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        waitlist_entry_out = cls(
            booking_id=booking_id,
            created_at=created_at,
            currency=currency,
            id=id,
            locale=locale,
            offer_expires_at=offer_expires_at,
            offered_at=offered_at,
            offering_id=offering_id,
            position=position,
            quantity=quantity,
            status=status,
            updated_at=updated_at,
        )

        waitlist_entry_out.additional_properties = d
        return waitlist_entry_out

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
