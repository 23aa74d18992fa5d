from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mission_event_out_previous_status_type_0 import MissionEventOutPreviousStatusType0
from ..models.mission_event_out_status import MissionEventOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="MissionEventOut")


@_attrs_define
class MissionEventOut:
    """
    Attributes:
        mission_id (str):
        occurred_at (datetime.datetime):
        previous_status (MissionEventOutPreviousStatusType0 | None):
        seq (int):
        status (MissionEventOutStatus):
        reason (None | str | Unset):
    """

    mission_id: str
    occurred_at: datetime.datetime
    previous_status: MissionEventOutPreviousStatusType0 | None
    seq: int
    status: MissionEventOutStatus
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mission_id = self.mission_id

        occurred_at = self.occurred_at.isoformat()

        previous_status: None | str
        if isinstance(self.previous_status, MissionEventOutPreviousStatusType0):
            previous_status = self.previous_status.value
        else:
            previous_status = self.previous_status

        seq = self.seq

        status = self.status.value

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mission_id": mission_id,
                "occurred_at": occurred_at,
                "previous_status": previous_status,
                "seq": seq,
                "status": status,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mission_id = d.pop("mission_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_previous_status(data: object) -> MissionEventOutPreviousStatusType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_status_type_0 = MissionEventOutPreviousStatusType0(data)

                return previous_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MissionEventOutPreviousStatusType0 | None, data)

        previous_status = _parse_previous_status(d.pop("previous_status"))

        seq = d.pop("seq")

        status = MissionEventOutStatus(d.pop("status"))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        mission_event_out = cls(
            mission_id=mission_id,
            occurred_at=occurred_at,
            previous_status=previous_status,
            seq=seq,
            status=status,
            reason=reason,
        )

        mission_event_out.additional_properties = d
        return mission_event_out

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
