from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RefundOut")


@_attrs_define
class RefundOut:
    """
    Attributes:
        amount_minor (int):
        balance_transaction_id (None | str):
        booking_id (str):
        cash_return_failure (None | str):
        cash_return_status (None | str): Bank-transfer refunds: the return of the customer's cash balance to their bank
            (requires_action, pending, succeeded, canceled, failed).
        cash_return_stripe_id (None | str):
        created_at (datetime.datetime):
        currency (str):
        failed_at (datetime.datetime | None):
        failure_reason (None | str):
        id (str):
        payment_id (str):
        reason (str):
        replaced_by_refund_id (None | str):
        requested_by (str):
        retry_of_refund_id (None | str):
        status (str):
        stripe_credit_note_id (None | str):
        stripe_refund_id (None | str):
        succeeded_at (datetime.datetime | None):
        updated_at (datetime.datetime):
    """

    amount_minor: int
    balance_transaction_id: None | str
    booking_id: str
    cash_return_failure: None | str
    cash_return_status: None | str
    cash_return_stripe_id: None | str
    created_at: datetime.datetime
    currency: str
    failed_at: datetime.datetime | None
    failure_reason: None | str
    id: str
    payment_id: str
    reason: str
    replaced_by_refund_id: None | str
    requested_by: str
    retry_of_refund_id: None | str
    status: str
    stripe_credit_note_id: None | str
    stripe_refund_id: None | str
    succeeded_at: datetime.datetime | None
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        balance_transaction_id: None | str
        balance_transaction_id = self.balance_transaction_id

        booking_id = self.booking_id

        cash_return_failure: None | str
        cash_return_failure = self.cash_return_failure

        cash_return_status: None | str
        cash_return_status = self.cash_return_status

        cash_return_stripe_id: None | str
        cash_return_stripe_id = self.cash_return_stripe_id

        created_at = self.created_at.isoformat()

        currency = self.currency

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        failure_reason: None | str
        failure_reason = self.failure_reason

        id = self.id

        payment_id = self.payment_id

        reason = self.reason

        replaced_by_refund_id: None | str
        replaced_by_refund_id = self.replaced_by_refund_id

        requested_by = self.requested_by

        retry_of_refund_id: None | str
        retry_of_refund_id = self.retry_of_refund_id

        status = self.status

        stripe_credit_note_id: None | str
        stripe_credit_note_id = self.stripe_credit_note_id

        stripe_refund_id: None | str
        stripe_refund_id = self.stripe_refund_id

        succeeded_at: None | str
        if isinstance(self.succeeded_at, datetime.datetime):
            succeeded_at = self.succeeded_at.isoformat()
        else:
            succeeded_at = self.succeeded_at

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "balance_transaction_id": balance_transaction_id,
                "booking_id": booking_id,
                "cash_return_failure": cash_return_failure,
                "cash_return_status": cash_return_status,
                "cash_return_stripe_id": cash_return_stripe_id,
                "created_at": created_at,
                "currency": currency,
                "failed_at": failed_at,
                "failure_reason": failure_reason,
                "id": id,
                "payment_id": payment_id,
                "reason": reason,
                "replaced_by_refund_id": replaced_by_refund_id,
                "requested_by": requested_by,
                "retry_of_refund_id": retry_of_refund_id,
                "status": status,
                "stripe_credit_note_id": stripe_credit_note_id,
                "stripe_refund_id": stripe_refund_id,
                "succeeded_at": succeeded_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        def _parse_balance_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        balance_transaction_id = _parse_balance_transaction_id(d.pop("balance_transaction_id"))

        booking_id = d.pop("booking_id")

        def _parse_cash_return_failure(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cash_return_failure = _parse_cash_return_failure(d.pop("cash_return_failure"))

        def _parse_cash_return_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cash_return_status = _parse_cash_return_status(d.pop("cash_return_status"))

        def _parse_cash_return_stripe_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cash_return_stripe_id = _parse_cash_return_stripe_id(d.pop("cash_return_stripe_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))

        id = d.pop("id")

        payment_id = d.pop("payment_id")

        reason = d.pop("reason")

        def _parse_replaced_by_refund_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        replaced_by_refund_id = _parse_replaced_by_refund_id(d.pop("replaced_by_refund_id"))

        requested_by = d.pop("requested_by")

        def _parse_retry_of_refund_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        retry_of_refund_id = _parse_retry_of_refund_id(d.pop("retry_of_refund_id"))

        status = d.pop("status")

        def _parse_stripe_credit_note_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_credit_note_id = _parse_stripe_credit_note_id(d.pop("stripe_credit_note_id"))

        def _parse_stripe_refund_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_refund_id = _parse_stripe_refund_id(d.pop("stripe_refund_id"))

        def _parse_succeeded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                succeeded_at_type_0 = datetime.datetime.fromisoformat(data)

                return succeeded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        succeeded_at = _parse_succeeded_at(d.pop("succeeded_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        refund_out = cls(
            amount_minor=amount_minor,
            balance_transaction_id=balance_transaction_id,
            booking_id=booking_id,
            cash_return_failure=cash_return_failure,
            cash_return_status=cash_return_status,
            cash_return_stripe_id=cash_return_stripe_id,
            created_at=created_at,
            currency=currency,
            failed_at=failed_at,
            failure_reason=failure_reason,
            id=id,
            payment_id=payment_id,
            reason=reason,
            replaced_by_refund_id=replaced_by_refund_id,
            requested_by=requested_by,
            retry_of_refund_id=retry_of_refund_id,
            status=status,
            stripe_credit_note_id=stripe_credit_note_id,
            stripe_refund_id=stripe_refund_id,
            succeeded_at=succeeded_at,
            updated_at=updated_at,
        )

        refund_out.additional_properties = d
        return refund_out

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
