from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.waitlist_join_in_currency import WaitlistJoinInCurrency
from ..models.waitlist_join_in_locale import WaitlistJoinInLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="WaitlistJoinIn")


@_attrs_define
class WaitlistJoinIn:
    """
    Attributes:
        name (str): The name to book under.
        quantity (int):
        currency (WaitlistJoinInCurrency | Unset):  Default: WaitlistJoinInCurrency.JPY.
        locale (WaitlistJoinInLocale | Unset):  Default: WaitlistJoinInLocale.JA.
    """

    name: str
    quantity: int
    currency: WaitlistJoinInCurrency | Unset = WaitlistJoinInCurrency.JPY
    locale: WaitlistJoinInLocale | Unset = WaitlistJoinInLocale.JA

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        quantity = self.quantity

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency.value

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "quantity": quantity,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        quantity = d.pop("quantity")

        _currency = d.pop("currency", UNSET)
        currency: WaitlistJoinInCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = WaitlistJoinInCurrency(_currency)

        _locale = d.pop("locale", UNSET)
        locale: WaitlistJoinInLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = WaitlistJoinInLocale(_locale)

        waitlist_join_in = cls(
            name=name,
            quantity=quantity,
            currency=currency,
            locale=locale,
        )

        return waitlist_join_in
