from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ballot_application_in_currency import BallotApplicationInCurrency
from ..models.ballot_application_in_locale import BallotApplicationInLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="BallotApplicationIn")


@_attrs_define
class BallotApplicationIn:
    """
    Attributes:
        name (str): The name to book under.
        quantity (int):
        currency (BallotApplicationInCurrency | Unset):  Default: BallotApplicationInCurrency.JPY.
        locale (BallotApplicationInLocale | Unset):  Default: BallotApplicationInLocale.JA.
    """

    name: str
    quantity: int
    currency: BallotApplicationInCurrency | Unset = BallotApplicationInCurrency.JPY
    locale: BallotApplicationInLocale | Unset = BallotApplicationInLocale.JA

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
        currency: BallotApplicationInCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = BallotApplicationInCurrency(_currency)

        _locale = d.pop("locale", UNSET)
        locale: BallotApplicationInLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = BallotApplicationInLocale(_locale)

        ballot_application_in = cls(
            name=name,
            quantity=quantity,
            currency=currency,
            locale=locale,
        )

        return ballot_application_in
