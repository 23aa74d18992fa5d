from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mission_availability_status import MissionAvailabilityStatus

if TYPE_CHECKING:
    from ..models.offering_availability import OfferingAvailability


T = TypeVar("T", bound="MissionAvailability")


@_attrs_define
class MissionAvailability:
    """
    Attributes:
        as_of (datetime.datetime):
        committed_grams (int):
        grams_left (int): mass budget - committed - unexpired holds
        held_grams (int):
        mass_budget_grams (int):
        mission_id (str):
        offerings (list[OfferingAvailability]):
        status (MissionAvailabilityStatus):
    """

    as_of: datetime.datetime
    committed_grams: int
    grams_left: int
    held_grams: int
    mass_budget_grams: int
    mission_id: str
    offerings: list[OfferingAvailability]
    status: MissionAvailabilityStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        committed_grams = self.committed_grams

        grams_left = self.grams_left

        held_grams = self.held_grams

        mass_budget_grams = self.mass_budget_grams

        mission_id = self.mission_id

        offerings = []
        for offerings_item_data in self.offerings:
            offerings_item = offerings_item_data.to_dict()
            offerings.append(offerings_item)

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "committed_grams": committed_grams,
                "grams_left": grams_left,
                "held_grams": held_grams,
                "mass_budget_grams": mass_budget_grams,
                "mission_id": mission_id,
                "offerings": offerings,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offering_availability import OfferingAvailability  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        committed_grams = d.pop("committed_grams")

        grams_left = d.pop("grams_left")

        held_grams = d.pop("held_grams")

        mass_budget_grams = d.pop("mass_budget_grams")

        mission_id = d.pop("mission_id")

        offerings = []
        _offerings = d.pop("offerings")
        for offerings_item_data in _offerings:
            offerings_item = OfferingAvailability.from_dict(offerings_item_data)

            offerings.append(offerings_item)

        status = MissionAvailabilityStatus(d.pop("status"))

        mission_availability = cls(
            as_of=as_of,
            committed_grams=committed_grams,
            grams_left=grams_left,
            held_grams=held_grams,
            mass_budget_grams=mass_budget_grams,
            mission_id=mission_id,
            offerings=offerings,
            status=status,
        )

        mission_availability.additional_properties = d
        return mission_availability

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
