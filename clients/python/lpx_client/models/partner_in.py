from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PartnerIn")


@_attrs_define
class PartnerIn:
    """
    Attributes:
        contact_email (str):
        name (str):
    """

    contact_email: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        contact_email = self.contact_email

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact_email": contact_email,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_email = d.pop("contact_email")

        name = d.pop("name")

        partner_in = cls(
            contact_email=contact_email,
            name=name,
        )

        return partner_in
