from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type import EventType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.event_in_data import EventInData


T = TypeVar("T", bound="EventIn")


@_attrs_define
class EventIn:
    """An event a peer reports. ``id`` is the sender's outbox message id.

    Attributes:
        data (EventInData): The subject's details (booking, mission...).
        id (str):
        occurred_at (datetime.datetime):
        sequence (int): Per subject, rising.
        subject_id (str):
        type_ (EventType):
        partner_id (None | str | Unset): The partner the subject belongs to, if any.
    """

    data: EventInData
    id: str
    occurred_at: datetime.datetime
    sequence: int
    subject_id: str
    type_: EventType
    partner_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        id = self.id

        occurred_at = self.occurred_at.isoformat()

        sequence = self.sequence

        subject_id = self.subject_id

        type_ = self.type_.value

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
                "id": id,
                "occurred_at": occurred_at,
                "sequence": sequence,
                "subject_id": subject_id,
                "type": type_,
            }
        )
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_in_data import EventInData  # noqa: PLC0415

        d = dict(src_dict)
        data = EventInData.from_dict(d.pop("data"))

        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        sequence = d.pop("sequence")

        subject_id = d.pop("subject_id")

        type_ = EventType(d.pop("type"))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        event_in = cls(
            data=data,
            id=id,
            occurred_at=occurred_at,
            sequence=sequence,
            subject_id=subject_id,
            type_=type_,
            partner_id=partner_id,
        )

        return event_in
