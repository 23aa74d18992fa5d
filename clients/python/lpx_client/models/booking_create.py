from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.booking_create_currency import BookingCreateCurrency
from ..models.booking_create_locale import BookingCreateLocale
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.business_in import BusinessIn
    from ..models.contact import Contact
    from ..models.line_in import LineIn


T = TypeVar("T", bound="BookingCreate")


@_attrs_define
class BookingCreate:
    """
    Attributes:
        contact (Contact):
        currency (BookingCreateCurrency):
        lines (list[LineIn]):
        business (BusinessIn | None | Unset):
        locale (BookingCreateLocale | Unset): The language of the booking's emails (Japanese first). Default:
            BookingCreateLocale.JA.
    """

    contact: Contact
    currency: BookingCreateCurrency
    lines: list[LineIn]
    business: BusinessIn | None | Unset = UNSET
    locale: BookingCreateLocale | Unset = BookingCreateLocale.JA

    def to_dict(self) -> dict[str, Any]:
        from ..models.business_in import BusinessIn  # noqa: PLC0415

        contact = self.contact.to_dict()

        currency = self.currency.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        business: dict[str, Any] | None | Unset
        if isinstance(self.business, Unset):
            business = UNSET
        elif isinstance(self.business, BusinessIn):
            business = self.business.to_dict()
        else:
            business = self.business

        locale: str | Unset = UNSET
        if not isinstance(self.locale, Unset):
            locale = self.locale.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "contact": contact,
                "currency": currency,
                "lines": lines,
            }
        )
        if business is not UNSET:
            field_dict["business"] = business
        if locale is not UNSET:
            field_dict["locale"] = locale

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.business_in import BusinessIn  # noqa: PLC0415
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.line_in import LineIn  # noqa: PLC0415

        d = dict(src_dict)
        contact = Contact.from_dict(d.pop("contact"))

        currency = BookingCreateCurrency(d.pop("currency"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineIn.from_dict(lines_item_data)

            lines.append(lines_item)

        def _parse_business(data: object) -> BusinessIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                business_type_0 = BusinessIn.from_dict(data)

                return business_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BusinessIn | None | Unset, data)

        business = _parse_business(d.pop("business", UNSET))

        _locale = d.pop("locale", UNSET)
        locale: BookingCreateLocale | Unset
        if isinstance(_locale, Unset):
            locale = UNSET
        else:
            locale = BookingCreateLocale(_locale)

        booking_create = cls(
            contact=contact,
            currency=currency,
            lines=lines,
            business=business,
            locale=locale,
        )

        return booking_create
