from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OfferingMission")


@_attrs_define
class OfferingMission:
    """
    Attributes:
        id (str):
        status (str):
        launch_window_start (datetime.datetime | None | Unset):
    """

    id: str
    status: str
    launch_window_start: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status

        launch_window_start: None | str | Unset
        if isinstance(self.launch_window_start, Unset):
            launch_window_start = UNSET
        elif isinstance(self.launch_window_start, datetime.datetime):
            launch_window_start = self.launch_window_start.isoformat()
        else:
            launch_window_start = self.launch_window_start

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if launch_window_start is not UNSET:
            field_dict["launch_window_start"] = launch_window_start

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = d.pop("status")

        def _parse_launch_window_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                launch_window_start_type_0 = datetime.datetime.fromisoformat(data)

                return launch_window_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        launch_window_start = _parse_launch_window_start(d.pop("launch_window_start", UNSET))

        offering_mission = cls(
            id=id,
            status=status,
            launch_window_start=launch_window_start,
        )

        offering_mission.additional_properties = d
        return offering_mission

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
