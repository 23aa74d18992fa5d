from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.failed_message_payload import FailedMessagePayload


T = TypeVar("T", bound="FailedMessage")


@_attrs_define
class FailedMessage:
    """
    Attributes:
        attempts (int):
        created_at (datetime.datetime):
        destination (str):
        failed_at (datetime.datetime):
        id (str):
        last_error (None | str):
        method (str):
        path (str):
        payload (FailedMessagePayload):
    """

    attempts: int
    created_at: datetime.datetime
    destination: str
    failed_at: datetime.datetime
    id: str
    last_error: None | str
    method: str
    path: str
    payload: FailedMessagePayload
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        destination = self.destination

        failed_at = self.failed_at.isoformat()

        id = self.id

        last_error: None | str
        last_error = self.last_error

        method = self.method

        path = self.path

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "destination": destination,
                "failed_at": failed_at,
                "id": id,
                "last_error": last_error,
                "method": method,
                "path": path,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.failed_message_payload import FailedMessagePayload  # noqa: PLC0415

        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        destination = d.pop("destination")

        failed_at = datetime.datetime.fromisoformat(d.pop("failed_at"))

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        method = d.pop("method")

        path = d.pop("path")

        payload = FailedMessagePayload.from_dict(d.pop("payload"))

        failed_message = cls(
            attempts=attempts,
            created_at=created_at,
            destination=destination,
            failed_at=failed_at,
            id=id,
            last_error=last_error,
            method=method,
            path=path,
            payload=payload,
        )

        failed_message.additional_properties = d
        return failed_message

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
