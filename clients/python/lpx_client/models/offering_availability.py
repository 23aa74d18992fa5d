from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OfferingAvailability")


@_attrs_define
class OfferingAvailability:
    """
    Attributes:
        as_of (datetime.datetime):
        bookable_units (int): Units a new hold could take now: limited by the offering's units left and by the mission's
            grams left.
        capacity_units (int):
        committed_units (int):
        held_units (int):
        mission_grams_left (int):
        mission_id (str):
        offering_id (str):
        on_sale_now (bool):
        unit_mass_grams (int):
        units_left (int): capacity - committed - unexpired holds
    """

    as_of: datetime.datetime
    bookable_units: int
    capacity_units: int
    committed_units: int
    held_units: int
    mission_grams_left: int
    mission_id: str
    offering_id: str
    on_sale_now: bool
    unit_mass_grams: int
    units_left: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        bookable_units = self.bookable_units

        capacity_units = self.capacity_units

        committed_units = self.committed_units

        held_units = self.held_units

        mission_grams_left = self.mission_grams_left

        mission_id = self.mission_id

        offering_id = self.offering_id

        on_sale_now = self.on_sale_now

        unit_mass_grams = self.unit_mass_grams

        units_left = self.units_left

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "bookable_units": bookable_units,
                "capacity_units": capacity_units,
                "committed_units": committed_units,
                "held_units": held_units,
                "mission_grams_left": mission_grams_left,
                "mission_id": mission_id,
                "offering_id": offering_id,
                "on_sale_now": on_sale_now,
                "unit_mass_grams": unit_mass_grams,
                "units_left": units_left,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        bookable_units = d.pop("bookable_units")

        capacity_units = d.pop("capacity_units")

        committed_units = d.pop("committed_units")

        held_units = d.pop("held_units")

        mission_grams_left = d.pop("mission_grams_left")

        mission_id = d.pop("mission_id")

        offering_id = d.pop("offering_id")

        on_sale_now = d.pop("on_sale_now")

        unit_mass_grams = d.pop("unit_mass_grams")

        units_left = d.pop("units_left")

        offering_availability = cls(
            as_of=as_of,
            bookable_units=bookable_units,
            capacity_units=capacity_units,
            committed_units=committed_units,
            held_units=held_units,
            mission_grams_left=mission_grams_left,
            mission_id=mission_id,
            offering_id=offering_id,
            on_sale_now=on_sale_now,
            unit_mass_grams=unit_mass_grams,
            units_left=units_left,
        )

        offering_availability.additional_properties = d
        return offering_availability

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
