from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dispute_out import DisputeOut
    from ..models.refund_out import RefundOut


T = TypeVar("T", bound="PaymentDetailOut")


@_attrs_define
class PaymentDetailOut:
    """
    Attributes:
        amount_captured_minor (int):
        amount_minor (int):
        amount_refunded_minor (int):
        attempt (int | None):
        balance_transaction_id (None | str):
        booking_id (str):
        charge_id (None | str):
        checkout_session_id (None | str):
        checkout_url (None | str):
        created_at (datetime.datetime):
        currency (str):
        disputes (list[DisputeOut]):
        expires_at (datetime.datetime):
        fee_minor (int | None):
        id (str):
        invoice_id (None | str):
        last_error (None | str):
        method (str):
        paid_at (datetime.datetime | None):
        payment_intent_id (None | str):
        refundable_minor (int):
        refunds (list[RefundOut]):
        status (str):
        updated_at (datetime.datetime):
    """

    amount_captured_minor: int
    amount_minor: int
    amount_refunded_minor: int
    attempt: int | None
    balance_transaction_id: None | str
    booking_id: str
    charge_id: None | str
    checkout_session_id: None | str
    checkout_url: None | str
    created_at: datetime.datetime
    currency: str
    disputes: list[DisputeOut]
    expires_at: datetime.datetime
    fee_minor: int | None
    id: str
    invoice_id: None | str
    last_error: None | str
    method: str
    paid_at: datetime.datetime | None
    payment_intent_id: None | str
    refundable_minor: int
    refunds: list[RefundOut]
    status: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_captured_minor = self.amount_captured_minor

        amount_minor = self.amount_minor

        amount_refunded_minor = self.amount_refunded_minor

        attempt: int | None
        attempt = self.attempt

        balance_transaction_id: None | str
        balance_transaction_id = self.balance_transaction_id

        booking_id = self.booking_id

        charge_id: None | str
        charge_id = self.charge_id

        checkout_session_id: None | str
        checkout_session_id = self.checkout_session_id

        checkout_url: None | str
        checkout_url = self.checkout_url

        created_at = self.created_at.isoformat()

        currency = self.currency

        disputes = []
        for disputes_item_data in self.disputes:
            disputes_item = disputes_item_data.to_dict()
            disputes.append(disputes_item)

        expires_at = self.expires_at.isoformat()

        fee_minor: int | None
        fee_minor = self.fee_minor

        id = self.id

        invoice_id: None | str
        invoice_id = self.invoice_id

        last_error: None | str
        last_error = self.last_error

        method = self.method

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        payment_intent_id: None | str
        payment_intent_id = self.payment_intent_id

        refundable_minor = self.refundable_minor

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)

        status = self.status

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_captured_minor": amount_captured_minor,
                "amount_minor": amount_minor,
                "amount_refunded_minor": amount_refunded_minor,
                "attempt": attempt,
                "balance_transaction_id": balance_transaction_id,
                "booking_id": booking_id,
                "charge_id": charge_id,
                "checkout_session_id": checkout_session_id,
                "checkout_url": checkout_url,
                "created_at": created_at,
                "currency": currency,
                "disputes": disputes,
                "expires_at": expires_at,
                "fee_minor": fee_minor,
                "id": id,
                "invoice_id": invoice_id,
                "last_error": last_error,
                "method": method,
                "paid_at": paid_at,
                "payment_intent_id": payment_intent_id,
                "refundable_minor": refundable_minor,
                "refunds": refunds,
                "status": status,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dispute_out import DisputeOut  # noqa: PLC0415
        from ..models.refund_out import RefundOut  # noqa: PLC0415

        d = dict(src_dict)
        amount_captured_minor = d.pop("amount_captured_minor")

        amount_minor = d.pop("amount_minor")

        amount_refunded_minor = d.pop("amount_refunded_minor")

        def _parse_attempt(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        attempt = _parse_attempt(d.pop("attempt"))

        def _parse_balance_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        balance_transaction_id = _parse_balance_transaction_id(d.pop("balance_transaction_id"))

        booking_id = d.pop("booking_id")

        def _parse_charge_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        charge_id = _parse_charge_id(d.pop("charge_id"))

        def _parse_checkout_session_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        checkout_session_id = _parse_checkout_session_id(d.pop("checkout_session_id"))

        def _parse_checkout_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        checkout_url = _parse_checkout_url(d.pop("checkout_url"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        disputes = []
        _disputes = d.pop("disputes")
        for disputes_item_data in _disputes:
            disputes_item = DisputeOut.from_dict(disputes_item_data)

            disputes.append(disputes_item)

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_fee_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        fee_minor = _parse_fee_minor(d.pop("fee_minor"))

        id = d.pop("id")

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        method = d.pop("method")

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

        def _parse_payment_intent_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_intent_id = _parse_payment_intent_id(d.pop("payment_intent_id"))

        refundable_minor = d.pop("refundable_minor")

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in _refunds:
            refunds_item = RefundOut.from_dict(refunds_item_data)

            refunds.append(refunds_item)

        status = d.pop("status")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        payment_detail_out = cls(
            amount_captured_minor=amount_captured_minor,
            amount_minor=amount_minor,
            amount_refunded_minor=amount_refunded_minor,
            attempt=attempt,
            balance_transaction_id=balance_transaction_id,
            booking_id=booking_id,
            charge_id=charge_id,
            checkout_session_id=checkout_session_id,
            checkout_url=checkout_url,
            created_at=created_at,
            currency=currency,
            disputes=disputes,
            expires_at=expires_at,
            fee_minor=fee_minor,
            id=id,
            invoice_id=invoice_id,
            last_error=last_error,
            method=method,
            paid_at=paid_at,
            payment_intent_id=payment_intent_id,
            refundable_minor=refundable_minor,
            refunds=refunds,
            status=status,
            updated_at=updated_at,
        )

        payment_detail_out.additional_properties = d
        return payment_detail_out

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
