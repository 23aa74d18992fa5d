from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.allocation_out_status import AllocationOutStatus

T = TypeVar("T", bound="AllocationOut")


@_attrs_define
class AllocationOut:
    """
    Attributes:
        committed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        expires_at (datetime.datetime):
        id (str):
        mass_grams (int):
        mission_id (str):
        offering_id (str):
        quantity (int):
        reference (str):
        released_at (datetime.datetime | None):
        status (AllocationOutStatus):
    """

    committed_at: datetime.datetime | None
    created_at: datetime.datetime
    expires_at: datetime.datetime
    id: str
    mass_grams: int
    mission_id: str
    offering_id: str
    quantity: int
    reference: str
    released_at: datetime.datetime | None
    status: AllocationOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        committed_at: None | str
        if isinstance(self.committed_at, datetime.datetime):
            committed_at = self.committed_at.isoformat()
        else:
            committed_at = self.committed_at

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        id = self.id

        mass_grams = self.mass_grams

        mission_id = self.mission_id

        offering_id = self.offering_id

        quantity = self.quantity

        reference = self.reference

        released_at: None | str
        if isinstance(self.released_at, datetime.datetime):
            released_at = self.released_at.isoformat()
        else:
            released_at = self.released_at

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "committed_at": committed_at,
                "created_at": created_at,
                "expires_at": expires_at,
                "id": id,
                "mass_grams": mass_grams,
                "mission_id": mission_id,
                "offering_id": offering_id,
                "quantity": quantity,
                "reference": reference,
                "released_at": released_at,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_committed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                committed_at_type_0 = datetime.datetime.fromisoformat(data)

                return committed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        committed_at = _parse_committed_at(d.pop("committed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        id = d.pop("id")

        mass_grams = d.pop("mass_grams")

        mission_id = d.pop("mission_id")

        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        reference = d.pop("reference")

        def _parse_released_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                released_at_type_0 = datetime.datetime.fromisoformat(data)

                return released_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        released_at = _parse_released_at(d.pop("released_at"))

        status = AllocationOutStatus(d.pop("status"))

        allocation_out = cls(
            committed_at=committed_at,
            created_at=created_at,
            expires_at=expires_at,
            id=id,
            mass_grams=mass_grams,
            mission_id=mission_id,
            offering_id=offering_id,
            quantity=quantity,
            reference=reference,
            released_at=released_at,
            status=status,
        )

        allocation_out.additional_properties = d
        return allocation_out

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
