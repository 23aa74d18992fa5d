from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.confirmation_in_locale import ConfirmationInLocale

T = TypeVar("T", bound="ConfirmationIn")


@_attrs_define
class ConfirmationIn:
    """
    Attributes:
        locale (ConfirmationInLocale):
        terms_version (str):
    """

    locale: ConfirmationInLocale
    terms_version: str

    def to_dict(self) -> dict[str, Any]:
        locale = self.locale.value

        terms_version = self.terms_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "locale": locale,
                "terms_version": terms_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        locale = ConfirmationInLocale(d.pop("locale"))

        terms_version = d.pop("terms_version")

        confirmation_in = cls(
            locale=locale,
            terms_version=terms_version,
        )

        return confirmation_in
