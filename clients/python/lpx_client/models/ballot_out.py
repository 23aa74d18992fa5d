from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ballot_out_status import BallotOutStatus

T = TypeVar("T", bound="BallotOut")


@_attrs_define
class BallotOut:
    """
    Attributes:
        application_count (int | None):
        commitment (str): SHA-256 (hex) of the seed, public from the start.
        draw_at (datetime.datetime):
        drawn_at (datetime.datetime | None):
        list_hash (None | str): SHA-256 of the frozen application list.
        offering_id (str):
        seed (None | str): Revealed at the draw (null before).
        status (BallotOutStatus):
    """

    application_count: int | None
    commitment: str
    draw_at: datetime.datetime
    drawn_at: datetime.datetime | None
    list_hash: None | str
    offering_id: str
    seed: None | str
    status: BallotOutStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        application_count: int | None
        application_count = self.application_count

        commitment = self.commitment

        draw_at = self.draw_at.isoformat()

        drawn_at: None | str
        if isinstance(self.drawn_at, datetime.datetime):
            drawn_at = self.drawn_at.isoformat()
        else:
            drawn_at = self.drawn_at

        list_hash: None | str
        list_hash = self.list_hash

        offering_id = self.offering_id

        seed: None | str
        seed = self.seed

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "application_count": application_count,
                "commitment": commitment,
                "draw_at": draw_at,
                "drawn_at": drawn_at,
                "list_hash": list_hash,
                "offering_id": offering_id,
                "seed": seed,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_application_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        application_count = _parse_application_count(d.pop("application_count"))

        commitment = d.pop("commitment")

        draw_at = datetime.datetime.fromisoformat(d.pop("draw_at"))

        def _parse_drawn_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                drawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return drawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        drawn_at = _parse_drawn_at(d.pop("drawn_at"))

        def _parse_list_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        list_hash = _parse_list_hash(d.pop("list_hash"))

        offering_id = d.pop("offering_id")

        def _parse_seed(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        seed = _parse_seed(d.pop("seed"))

        status = BallotOutStatus(d.pop("status"))

        ballot_out = cls(
            application_count=application_count,
            commitment=commitment,
            draw_at=draw_at,
            drawn_at=drawn_at,
            list_hash=list_hash,
            offering_id=offering_id,
            seed=seed,
            status=status,
        )

        ballot_out.additional_properties = d
        return ballot_out

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
