from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.waitlist_entry_row_status import WaitlistEntryRowStatus

T = TypeVar("T", bound="WaitlistEntryRow")


@_attrs_define
class WaitlistEntryRow:
    """An entry as operators see it.

    Attributes:
        booking_id (None | str):
        contact_email (str):
        contact_name (str):
        created_at (datetime.datetime):
        customer_id (str):
        id (str):
        offer_expires_at (datetime.datetime | None):
        offered_at (datetime.datetime | None):
        quantity (int):
        status (WaitlistEntryRowStatus):
        updated_at (datetime.datetime):
    """

    booking_id: None | str
    contact_email: str
    contact_name: str
    created_at: datetime.datetime
    customer_id: str
    id: str
    offer_expires_at: datetime.datetime | None
    offered_at: datetime.datetime | None
    quantity: int
    status: WaitlistEntryRowStatus
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        booking_id: None | str
        booking_id = self.booking_id

        contact_email = self.contact_email

        contact_name = self.contact_name

        created_at = self.created_at.isoformat()

        customer_id = self.customer_id

        id = self.id

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

        quantity = self.quantity

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "booking_id": booking_id,
                "contact_email": contact_email,
                "contact_name": contact_name,
                "created_at": created_at,
                "customer_id": customer_id,
                "id": id,
                "offer_expires_at": offer_expires_at,
                "offered_at": offered_at,
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

        contact_email = d.pop("contact_email")

        contact_name = d.pop("contact_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        customer_id = d.pop("customer_id")

        id = d.pop("id")

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

        quantity = d.pop("quantity")

        status = WaitlistEntryRowStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        waitlist_entry_row = cls(
            booking_id=booking_id,
            contact_email=contact_email,
            contact_name=contact_name,
            created_at=created_at,
            customer_id=customer_id,
            id=id,
            offer_expires_at=offer_expires_at,
            offered_at=offered_at,
            quantity=quantity,
            status=status,
            updated_at=updated_at,
        )

        waitlist_entry_row.additional_properties = d
        return waitlist_entry_row

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
