from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WaitlistOut")


@_attrs_define
class WaitlistOut:
    """
    Attributes:
        offer_seconds (int): How long an offer is held for the one in line.
        offering_id (str):
        waiting (int): How many are in line (not counting offers out).
        waiting_units (int): How many units they want in all.
    """

    offer_seconds: int
    offering_id: str
    waiting: int
    waiting_units: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        offer_seconds = self.offer_seconds

        offering_id = self.offering_id

        waiting = self.waiting

        waiting_units = self.waiting_units

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "offer_seconds": offer_seconds,
                "offering_id": offering_id,
                "waiting": waiting,
                "waiting_units": waiting_units,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offer_seconds = d.pop("offer_seconds")

        offering_id = d.pop("offering_id")

        waiting = d.pop("waiting")

        waiting_units = d.pop("waiting_units")

        waitlist_out = cls(
            offer_seconds=offer_seconds,
            offering_id=offering_id,
            waiting=waiting,
            waiting_units=waiting_units,
        )

        waitlist_out.additional_properties = d
        return waitlist_out

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
