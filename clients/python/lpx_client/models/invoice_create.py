from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payments_company import PaymentsCompany


T = TypeVar("T", bound="InvoiceCreate")


@_attrs_define
class InvoiceCreate:
    """What booking sends when a milestone of a business booking falls due.

    Attributes:
        amount_minor (int):
        billing_account_id (str): The company account the invoice bills (booking decides it); one Stripe customer per
            billing account, never per email.
        booking_id (str):
        company (PaymentsCompany):
        currency (str):
        label (str):
        milestone_id (str):
        days_until_due (int | None | Unset):
        due_date (datetime.date | None | Unset):
    """

    amount_minor: int
    billing_account_id: str
    booking_id: str
    company: PaymentsCompany
    currency: str
    label: str
    milestone_id: str
    days_until_due: int | None | Unset = UNSET
    due_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        billing_account_id = self.billing_account_id

        booking_id = self.booking_id

        company = self.company.to_dict()

        currency = self.currency

        label = self.label

        milestone_id = self.milestone_id

        days_until_due: int | None | Unset
        if isinstance(self.days_until_due, Unset):
            days_until_due = UNSET
        else:
            days_until_due = self.days_until_due

        due_date: None | str | Unset
        if isinstance(self.due_date, Unset):
            due_date = UNSET
        elif isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_minor": amount_minor,
                "billing_account_id": billing_account_id,
                "booking_id": booking_id,
                "company": company,
                "currency": currency,
                "label": label,
                "milestone_id": milestone_id,
            }
        )
        if days_until_due is not UNSET:
            field_dict["days_until_due"] = days_until_due
        if due_date is not UNSET:
            field_dict["due_date"] = due_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payments_company import PaymentsCompany  # noqa: PLC0415

        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        billing_account_id = d.pop("billing_account_id")

        booking_id = d.pop("booking_id")

        company = PaymentsCompany.from_dict(d.pop("company"))

        currency = d.pop("currency")

        label = d.pop("label")

        milestone_id = d.pop("milestone_id")

        def _parse_days_until_due(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        days_until_due = _parse_days_until_due(d.pop("days_until_due", UNSET))

        def _parse_due_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        due_date = _parse_due_date(d.pop("due_date", UNSET))

        invoice_create = cls(
            amount_minor=amount_minor,
            billing_account_id=billing_account_id,
            booking_id=booking_id,
            company=company,
            currency=currency,
            label=label,
            milestone_id=milestone_id,
            days_until_due=days_until_due,
            due_date=due_date,
        )

        return invoice_create
