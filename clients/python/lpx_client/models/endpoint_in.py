from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.endpoint_in_contact_locale import EndpointInContactLocale
from ..models.event_type import EventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="EndpointIn")


@_attrs_define
class EndpointIn:
    """
    Attributes:
        event_types (list[EventType]):
        url (str):
        contact_email (None | str | Unset): Who is told if the endpoint is disabled for failing (default: the partner's
            contact address).
        contact_locale (EndpointInContactLocale | Unset): The language of that email. Default:
            EndpointInContactLocale.JA.
        description (str | Unset):  Default: ''.
        partner_id (None | str | Unset): Staff only: the partner the endpoint is for.
    """

    event_types: list[EventType]
    url: str
    contact_email: None | str | Unset = UNSET
    contact_locale: EndpointInContactLocale | Unset = EndpointInContactLocale.JA
    description: str | Unset = ""
    partner_id: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)

        url = self.url

        contact_email: None | str | Unset
        if isinstance(self.contact_email, Unset):
            contact_email = UNSET
        else:
            contact_email = self.contact_email

        contact_locale: str | Unset = UNSET
        if not isinstance(self.contact_locale, Unset):
            contact_locale = self.contact_locale.value

        description = self.description

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )
        if contact_email is not UNSET:
            field_dict["contact_email"] = contact_email
        if contact_locale is not UNSET:
            field_dict["contact_locale"] = contact_locale
        if description is not UNSET:
            field_dict["description"] = description
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = EventType(event_types_item_data)

            event_types.append(event_types_item)

        url = d.pop("url")

        def _parse_contact_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_email = _parse_contact_email(d.pop("contact_email", UNSET))

        _contact_locale = d.pop("contact_locale", UNSET)
        contact_locale: EndpointInContactLocale | Unset
        if isinstance(_contact_locale, Unset):
            contact_locale = UNSET
        else:
            contact_locale = EndpointInContactLocale(_contact_locale)

        description = d.pop("description", UNSET)

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        endpoint_in = cls(
            event_types=event_types,
            url=url,
            contact_email=contact_email,
            contact_locale=contact_locale,
            description=description,
            partner_id=partner_id,
        )

        return endpoint_in
