from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.company_out_totals import CompanyOutTotals


T = TypeVar("T", bound="CompanyOut")


@_attrs_define
class CompanyOut:
    """A company account: the business bookings whose company has this email.

    Attributes:
        bookings (int): Bookings made, whatever became of them.
        country (None | str):
        email (str): The company's email, lower-cased: the account's key.
        last_booked_at (datetime.datetime):
        name (str): The name given on the company's latest booking.
        totals (CompanyOutTotals): Minor units booked per currency (expired, rejected and cancelled bookings left out).
    """

    bookings: int
    country: None | str
    email: str
    last_booked_at: datetime.datetime
    name: str
    totals: CompanyOutTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bookings = self.bookings

        country: None | str
        country = self.country

        email = self.email

        last_booked_at = self.last_booked_at.isoformat()

        name = self.name

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bookings": bookings,
                "country": country,
                "email": email,
                "last_booked_at": last_booked_at,
                "name": name,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company_out_totals import CompanyOutTotals  # noqa: PLC0415

        d = dict(src_dict)
        bookings = d.pop("bookings")

        def _parse_country(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        country = _parse_country(d.pop("country"))

        email = d.pop("email")

        last_booked_at = datetime.datetime.fromisoformat(d.pop("last_booked_at"))

        name = d.pop("name")

        totals = CompanyOutTotals.from_dict(d.pop("totals"))

        company_out = cls(
            bookings=bookings,
            country=country,
            email=email,
            last_booked_at=last_booked_at,
            name=name,
            totals=totals,
        )

        company_out.additional_properties = d
        return company_out

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
