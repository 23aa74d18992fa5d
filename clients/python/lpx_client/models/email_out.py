from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EmailOut")


@_attrs_define
class EmailOut:
    """
    Attributes:
        attempts (int):
        created_at (datetime.datetime):
        event_id (str):
        failed_at (datetime.datetime | None):
        id (str):
        last_error (None | str):
        locale (str):
        provider_message_id (None | str):
        sent_at (datetime.datetime | None):
        status (str):
        template (str):
        to (str):
    """

    attempts: int
    created_at: datetime.datetime
    event_id: str
    failed_at: datetime.datetime | None
    id: str
    last_error: None | str
    locale: str
    provider_message_id: None | str
    sent_at: datetime.datetime | None
    status: str
    template: str
    to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        event_id = self.event_id

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        id = self.id

        last_error: None | str
        last_error = self.last_error

        locale = self.locale

        provider_message_id: None | str
        provider_message_id = self.provider_message_id

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        status = self.status

        template = self.template

        to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "event_id": event_id,
                "failed_at": failed_at,
                "id": id,
                "last_error": last_error,
                "locale": locale,
                "provider_message_id": provider_message_id,
                "sent_at": sent_at,
                "status": status,
                "template": template,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event_id = d.pop("event_id")

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))

        id = d.pop("id")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        locale = d.pop("locale")

        def _parse_provider_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_message_id = _parse_provider_message_id(d.pop("provider_message_id"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        status = d.pop("status")

        template = d.pop("template")

        to = d.pop("to")

        email_out = cls(
            attempts=attempts,
            created_at=created_at,
            event_id=event_id,
            failed_at=failed_at,
            id=id,
            last_error=last_error,
            locale=locale,
            provider_message_id=provider_message_id,
            sent_at=sent_at,
            status=status,
            template=template,
            to=to,
        )

        email_out.additional_properties = d
        return email_out

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
