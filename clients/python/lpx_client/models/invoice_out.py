from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_out_status import InvoiceOutStatus

T = TypeVar("T", bound="InvoiceOut")


@_attrs_define
class InvoiceOut:
    """
    Attributes:
        amount_major (str):
        amount_minor (int):
        amount_paid_minor (int):
        billing_account_id (None | str):
        booking_id (str):
        company_email (str):
        company_name (str):
        created_at (datetime.datetime):
        currency (str):
        due_at (datetime.datetime):
        finalized_at (datetime.datetime | None):
        hosted_invoice_url (None | str):
        id (str):
        label (str):
        last_payment_error (None | str):
        milestone_id (str):
        overdue (bool):
        paid_at (datetime.datetime | None):
        status (InvoiceOutStatus):
        stripe_customer_id (None | str):
        stripe_invoice_id (None | str):
        updated_at (datetime.datetime):
        void_requested_at (datetime.datetime | None):
        voided_at (datetime.datetime | None):
    """

    amount_major: str
    amount_minor: int
    amount_paid_minor: int
    billing_account_id: None | str
    booking_id: str
    company_email: str
    company_name: str
    created_at: datetime.datetime
    currency: str
    due_at: datetime.datetime
    finalized_at: datetime.datetime | None
    hosted_invoice_url: None | str
    id: str
    label: str
    last_payment_error: None | str
    milestone_id: str
    overdue: bool
    paid_at: datetime.datetime | None
    status: InvoiceOutStatus
    stripe_customer_id: None | str
    stripe_invoice_id: None | str
    updated_at: datetime.datetime
    void_requested_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_major = self.amount_major

        amount_minor = self.amount_minor

        amount_paid_minor = self.amount_paid_minor

        billing_account_id: None | str
        billing_account_id = self.billing_account_id

        booking_id = self.booking_id

        company_email = self.company_email

        company_name = self.company_name

        created_at = self.created_at.isoformat()

        currency = self.currency

        due_at = self.due_at.isoformat()

        finalized_at: None | str
        if isinstance(self.finalized_at, datetime.datetime):
            finalized_at = self.finalized_at.isoformat()
        else:
            finalized_at = self.finalized_at

        hosted_invoice_url: None | str
        hosted_invoice_url = self.hosted_invoice_url

        id = self.id

        label = self.label

        last_payment_error: None | str
        last_payment_error = self.last_payment_error

        milestone_id = self.milestone_id

        overdue = self.overdue

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        status = self.status.value

        stripe_customer_id: None | str
        stripe_customer_id = self.stripe_customer_id

        stripe_invoice_id: None | str
        stripe_invoice_id = self.stripe_invoice_id

        updated_at = self.updated_at.isoformat()

        void_requested_at: None | str
        if isinstance(self.void_requested_at, datetime.datetime):
            void_requested_at = self.void_requested_at.isoformat()
        else:
            void_requested_at = self.void_requested_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_major": amount_major,
                "amount_minor": amount_minor,
                "amount_paid_minor": amount_paid_minor,
                "billing_account_id": billing_account_id,
                "booking_id": booking_id,
                "company_email": company_email,
                "company_name": company_name,
                "created_at": created_at,
                "currency": currency,
                "due_at": due_at,
                "finalized_at": finalized_at,
                "hosted_invoice_url": hosted_invoice_url,
                "id": id,
                "label": label,
                "last_payment_error": last_payment_error,
                "milestone_id": milestone_id,
                "overdue": overdue,
                "paid_at": paid_at,
                "status": status,
                "stripe_customer_id": stripe_customer_id,
                "stripe_invoice_id": stripe_invoice_id,
                "updated_at": updated_at,
                "void_requested_at": void_requested_at,
                "voided_at": voided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_major = d.pop("amount_major")

        amount_minor = d.pop("amount_minor")

        amount_paid_minor = d.pop("amount_paid_minor")

        def _parse_billing_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        billing_account_id = _parse_billing_account_id(d.pop("billing_account_id"))

        booking_id = d.pop("booking_id")

        company_email = d.pop("company_email")

        company_name = d.pop("company_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        def _parse_finalized_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finalized_at_type_0 = datetime.datetime.fromisoformat(data)

                return finalized_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finalized_at = _parse_finalized_at(d.pop("finalized_at"))

        def _parse_hosted_invoice_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hosted_invoice_url = _parse_hosted_invoice_url(d.pop("hosted_invoice_url"))

        id = d.pop("id")

        label = d.pop("label")

        def _parse_last_payment_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_payment_error = _parse_last_payment_error(d.pop("last_payment_error"))

        milestone_id = d.pop("milestone_id")

        overdue = d.pop("overdue")

        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))

        status = InvoiceOutStatus(d.pop("status"))

        def _parse_stripe_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_customer_id = _parse_stripe_customer_id(d.pop("stripe_customer_id"))

        def _parse_stripe_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_invoice_id = _parse_stripe_invoice_id(d.pop("stripe_invoice_id"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_void_requested_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                void_requested_at_type_0 = datetime.datetime.fromisoformat(data)

                return void_requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        void_requested_at = _parse_void_requested_at(d.pop("void_requested_at"))

        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)

                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))

        invoice_out = cls(
            amount_major=amount_major,
            amount_minor=amount_minor,
            amount_paid_minor=amount_paid_minor,
            billing_account_id=billing_account_id,
            booking_id=booking_id,
            company_email=company_email,
            company_name=company_name,
            created_at=created_at,
            currency=currency,
            due_at=due_at,
            finalized_at=finalized_at,
            hosted_invoice_url=hosted_invoice_url,
            id=id,
            label=label,
            last_payment_error=last_payment_error,
            milestone_id=milestone_id,
            overdue=overdue,
            paid_at=paid_at,
            status=status,
            stripe_customer_id=stripe_customer_id,
            stripe_invoice_id=stripe_invoice_id,
            updated_at=updated_at,
            void_requested_at=void_requested_at,
            voided_at=voided_at,
        )

        invoice_out.additional_properties = d
        return invoice_out

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
