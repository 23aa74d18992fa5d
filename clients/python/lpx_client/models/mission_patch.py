from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MissionPatch")


@_attrs_define
class MissionPatch:
    """
    Attributes:
        code (None | str | Unset):
        lander (None | str | Unset):
        landing_site (None | str | Unset):
        launch_window_end (datetime.datetime | None | Unset):
        launch_window_start (datetime.datetime | None | Unset):
        mass_budget_grams (int | None | Unset):
        name (None | str | Unset):
    """

    code: None | str | Unset = UNSET
    lander: None | str | Unset = UNSET
    landing_site: None | str | Unset = UNSET
    launch_window_end: datetime.datetime | None | Unset = UNSET
    launch_window_start: datetime.datetime | None | Unset = UNSET
    mass_budget_grams: int | None | Unset = UNSET
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        lander: None | str | Unset
        if isinstance(self.lander, Unset):
            lander = UNSET
        else:
            lander = self.lander

        landing_site: None | str | Unset
        if isinstance(self.landing_site, Unset):
            landing_site = UNSET
        else:
            landing_site = self.landing_site

        launch_window_end: None | str | Unset
        if isinstance(self.launch_window_end, Unset):
            launch_window_end = UNSET
        elif isinstance(self.launch_window_end, datetime.datetime):
            launch_window_end = self.launch_window_end.isoformat()
        else:
            launch_window_end = self.launch_window_end

        launch_window_start: None | str | Unset
        if isinstance(self.launch_window_start, Unset):
            launch_window_start = UNSET
        elif isinstance(self.launch_window_start, datetime.datetime):
            launch_window_start = self.launch_window_start.isoformat()
        else:
            launch_window_start = self.launch_window_start

        mass_budget_grams: int | None | Unset
        if isinstance(self.mass_budget_grams, Unset):
            mass_budget_grams = UNSET
        else:
            mass_budget_grams = self.mass_budget_grams

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if lander is not UNSET:
            field_dict["lander"] = lander
        if landing_site is not UNSET:
            field_dict["landing_site"] = landing_site
        if launch_window_end is not UNSET:
            field_dict["launch_window_end"] = launch_window_end
        if launch_window_start is not UNSET:
            field_dict["launch_window_start"] = launch_window_start
        if mass_budget_grams is not UNSET:
            field_dict["mass_budget_grams"] = mass_budget_grams
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        def _parse_lander(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lander = _parse_lander(d.pop("lander", UNSET))

        def _parse_landing_site(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        landing_site = _parse_landing_site(d.pop("landing_site", UNSET))

        def _parse_launch_window_end(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                launch_window_end_type_0 = datetime.datetime.fromisoformat(data)

                return launch_window_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        launch_window_end = _parse_launch_window_end(d.pop("launch_window_end", UNSET))

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

        def _parse_mass_budget_grams(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        mass_budget_grams = _parse_mass_budget_grams(d.pop("mass_budget_grams", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        mission_patch = cls(
            code=code,
            lander=lander,
            landing_site=landing_site,
            launch_window_end=launch_window_end,
            launch_window_start=launch_window_start,
            mass_budget_grams=mass_budget_grams,
            name=name,
        )

        return mission_patch
