from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StripeEventOut")


@_attrs_define
class StripeEventOut:
    """
    Attributes:
        attempts (int):
        id (str):
        last_error (None | str):
        object_id (None | str):
        outcome (None | str):
        processed_at (datetime.datetime | None):
        received_at (datetime.datetime):
        type_ (str):
    """

    attempts: int
    id: str
    last_error: None | str
    object_id: None | str
    outcome: None | str
    processed_at: datetime.datetime | None
    received_at: datetime.datetime
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        id = self.id

        last_error: None | str
        last_error = self.last_error

        object_id: None | str
        object_id = self.object_id

        outcome: None | str
        outcome = self.outcome

        processed_at: None | str
        if isinstance(self.processed_at, datetime.datetime):
            processed_at = self.processed_at.isoformat()
        else:
            processed_at = self.processed_at

        received_at = self.received_at.isoformat()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "id": id,
                "last_error": last_error,
                "object_id": object_id,
                "outcome": outcome,
                "processed_at": processed_at,
                "received_at": received_at,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        def _parse_object_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        object_id = _parse_object_id(d.pop("object_id"))

        def _parse_outcome(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_processed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processed_at_type_0 = datetime.datetime.fromisoformat(data)

                return processed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        processed_at = _parse_processed_at(d.pop("processed_at"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        type_ = d.pop("type")

        stripe_event_out = cls(
            attempts=attempts,
            id=id,
            last_error=last_error,
            object_id=object_id,
            outcome=outcome,
            processed_at=processed_at,
            received_at=received_at,
            type_=type_,
        )

        stripe_event_out.additional_properties = d
        return stripe_event_out

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
