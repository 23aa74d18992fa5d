from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mission_out_status import MissionOutStatus

T = TypeVar("T", bound="MissionOut")


@_attrs_define
class MissionOut:
    """
    Attributes:
        code (str):
        created_at (datetime.datetime):
        id (str):
        lander (str):
        landing_site (str):
        launch_window_end (datetime.datetime):
        launch_window_start (datetime.datetime):
        mass_budget_grams (int):
        name (str):
        status (MissionOutStatus):
        updated_at (datetime.datetime):
        version (int):
    """

    code: str
    created_at: datetime.datetime
    id: str
    lander: str
    landing_site: str
    launch_window_end: datetime.datetime
    launch_window_start: datetime.datetime
    mass_budget_grams: int
    name: str
    status: MissionOutStatus
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        lander = self.lander

        landing_site = self.landing_site

        launch_window_end = self.launch_window_end.isoformat()

        launch_window_start = self.launch_window_start.isoformat()

        mass_budget_grams = self.mass_budget_grams

        name = self.name

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "created_at": created_at,
                "id": id,
                "lander": lander,
                "landing_site": landing_site,
                "launch_window_end": launch_window_end,
                "launch_window_start": launch_window_start,
                "mass_budget_grams": mass_budget_grams,
                "name": name,
                "status": status,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        lander = d.pop("lander")

        landing_site = d.pop("landing_site")

        launch_window_end = datetime.datetime.fromisoformat(d.pop("launch_window_end"))

        launch_window_start = datetime.datetime.fromisoformat(d.pop("launch_window_start"))

        mass_budget_grams = d.pop("mass_budget_grams")

        name = d.pop("name")

        status = MissionOutStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        mission_out = cls(
            code=code,
            created_at=created_at,
            id=id,
            lander=lander,
            landing_site=landing_site,
            launch_window_end=launch_window_end,
            launch_window_start=launch_window_start,
            mass_budget_grams=mass_budget_grams,
            name=name,
            status=status,
            updated_at=updated_at,
            version=version,
        )

        mission_out.additional_properties = d
        return mission_out

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
