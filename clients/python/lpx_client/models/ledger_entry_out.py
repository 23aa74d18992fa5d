from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LedgerEntryOut")


@_attrs_define
class LedgerEntryOut:
    """
    Attributes:
        account (str):
        amount_minor (int):
        booking_id (None | str):
        created_at (datetime.datetime):
        currency (str):
        id (str):
        journal_id (str):
        payment_id (None | str):
        side (str):
        stripe_balance_transaction_id (None | str):
    """

    account: str
    amount_minor: int
    booking_id: None | str
    created_at: datetime.datetime
    currency: str
    id: str
    journal_id: str
    payment_id: None | str
    side: str
    stripe_balance_transaction_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        amount_minor = self.amount_minor

        booking_id: None | str
        booking_id = self.booking_id

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        journal_id = self.journal_id

        payment_id: None | str
        payment_id = self.payment_id

        side = self.side

        stripe_balance_transaction_id: None | str
        stripe_balance_transaction_id = self.stripe_balance_transaction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "amount_minor": amount_minor,
                "booking_id": booking_id,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "journal_id": journal_id,
                "payment_id": payment_id,
                "side": side,
                "stripe_balance_transaction_id": stripe_balance_transaction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        amount_minor = d.pop("amount_minor")

        def _parse_booking_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        booking_id = _parse_booking_id(d.pop("booking_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        journal_id = d.pop("journal_id")

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        side = d.pop("side")

        def _parse_stripe_balance_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_balance_transaction_id = _parse_stripe_balance_transaction_id(d.pop("stripe_balance_transaction_id"))

        ledger_entry_out = cls(
            account=account,
            amount_minor=amount_minor,
            booking_id=booking_id,
            created_at=created_at,
            currency=currency,
            id=id,
            journal_id=journal_id,
            payment_id=payment_id,
            side=side,
            stripe_balance_transaction_id=stripe_balance_transaction_id,
        )

        ledger_entry_out.additional_properties = d
        return ledger_entry_out

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
