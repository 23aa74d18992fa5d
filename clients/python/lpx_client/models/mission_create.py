from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="MissionCreate")


@_attrs_define
class MissionCreate:
    """
    Attributes:
        code (str):
        lander (str):
        landing_site (str):
        launch_window_end (datetime.datetime):
        launch_window_start (datetime.datetime):
        mass_budget_grams (int):
        name (str):
    """

    code: str
    lander: str
    landing_site: str
    launch_window_end: datetime.datetime
    launch_window_start: datetime.datetime
    mass_budget_grams: int
    name: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        lander = self.lander

        landing_site = self.landing_site

        launch_window_end = self.launch_window_end.isoformat()

        launch_window_start = self.launch_window_start.isoformat()

        mass_budget_grams = self.mass_budget_grams

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "lander": lander,
                "landing_site": landing_site,
                "launch_window_end": launch_window_end,
                "launch_window_start": launch_window_start,
                "mass_budget_grams": mass_budget_grams,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        lander = d.pop("lander")

        landing_site = d.pop("landing_site")

        launch_window_end = datetime.datetime.fromisoformat(d.pop("launch_window_end"))

        launch_window_start = datetime.datetime.fromisoformat(d.pop("launch_window_start"))

        mass_budget_grams = d.pop("mass_budget_grams")

        name = d.pop("name")

        mission_create = cls(
            code=code,
            lander=lander,
            landing_site=landing_site,
            launch_window_end=launch_window_end,
            launch_window_start=launch_window_start,
            mass_budget_grams=mass_budget_grams,
            name=name,
        )

        return mission_create
