from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.checkout_in_locale import CheckoutInLocale
from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckoutIn")


@_attrs_define
class CheckoutIn:
    """
    Attributes:
        amount_minor (int):
        booking_id (str):
        currency (str):
        expires_at (datetime.datetime):
        success_url (str):
        cancel_url (None | str | Unset):
        customer_email (None | str | Unset):
        description (None | str | Unset):
        locale (CheckoutInLocale | Unset):  Default: CheckoutInLocale.AUTO.
    """

    amount_minor: int
    booking_id: str
    currency: str
    expires_at: datetime.datetime
    success_url: str
    cancel_url: None | str | Unset = UNSET
    customer_email: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    locale: CheckoutInLocale | Unset = CheckoutInLocale.AUTO

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        booking_id = self.booking_id

        currency = self.currency

        expires_at = self.expires_at.isoformat()

        success_url = self.success_url

        cancel_url: None | str | Unset
        if isinstance(self.cancel_url, Unset):
            cancel_url = UNSET
        else:
            cancel_url = self.cancel_url

        customer_email: None | str | Unset
        if isinstance(self.customer_email, Unset):
            customer_email = UNSET
        else:
            customer_email = self.customer_email

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "booking_id": booking_id,
                "currency": currency,
                "expires_at": expires_at,
                "success_url": success_url,
            }
        )
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url
        if customer_email is not UNSET:
            field_dict["customer_email"] = customer_email
        if description is not UNSET:
            field_dict["description"] = description
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        booking_id = d.pop("booking_id")

        currency = d.pop("currency")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        success_url = d.pop("success_url")

        def _parse_cancel_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancel_url = _parse_cancel_url(d.pop("cancel_url", UNSET))

        def _parse_customer_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_email = _parse_customer_email(d.pop("customer_email", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _locale = d.pop("locale", UNSET)
        locale: CheckoutInLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = CheckoutInLocale(_locale)

        checkout_in = cls(
            amount_minor=amount_minor,
            booking_id=booking_id,
            currency=currency,
            expires_at=expires_at,
            success_url=success_url,
            cancel_url=cancel_url,
            customer_email=customer_email,
            description=description,
            locale=locale,
        )

        return checkout_in
