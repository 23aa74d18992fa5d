from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AttemptOut")


@_attrs_define
class AttemptOut:
    """
    Attributes:
        at (datetime.datetime):
        attempt (int):
        delivery_id (str):
        error (None | str):
        event_id (str):
        latency_ms (int):
        request_bytes (int):
        status_code (int | None):
    """

    at: datetime.datetime
    attempt: int
    delivery_id: str
    error: None | str
    event_id: str
    latency_ms: int
    request_bytes: int
    status_code: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        attempt = self.attempt

        delivery_id = self.delivery_id

        error: None | str
        error = self.error

        event_id = self.event_id

        latency_ms = self.latency_ms

        request_bytes = self.request_bytes

        status_code: int | None
        status_code = self.status_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "attempt": attempt,
                "delivery_id": delivery_id,
                "error": error,
                "event_id": event_id,
                "latency_ms": latency_ms,
                "request_bytes": request_bytes,
                "status_code": status_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        attempt = d.pop("attempt")

        delivery_id = d.pop("delivery_id")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        event_id = d.pop("event_id")

        latency_ms = d.pop("latency_ms")

        request_bytes = d.pop("request_bytes")

        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))

        attempt_out = cls(
            at=at,
            attempt=attempt,
            delivery_id=delivery_id,
            error=error,
            event_id=event_id,
            latency_ms=latency_ms,
            request_bytes=request_bytes,
            status_code=status_code,
        )

        attempt_out.additional_properties = d
        return attempt_out

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
