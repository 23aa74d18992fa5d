from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountBalance")


@_attrs_define
class AccountBalance:
    """
    Attributes:
        account (str):
        balance_minor (int):
        credit_minor (int):
        currency (str):
        debit_minor (int):
        entries (int):
    """

    account: str
    balance_minor: int
    credit_minor: int
    currency: str
    debit_minor: int
    entries: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        balance_minor = self.balance_minor

        credit_minor = self.credit_minor

        currency = self.currency

        debit_minor = self.debit_minor

        entries = self.entries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account": account,
                "balance_minor": balance_minor,
                "credit_minor": credit_minor,
                "currency": currency,
                "debit_minor": debit_minor,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        balance_minor = d.pop("balance_minor")

        credit_minor = d.pop("credit_minor")

        currency = d.pop("currency")

        debit_minor = d.pop("debit_minor")

        entries = d.pop("entries")

        account_balance = cls(
            account=account,
            balance_minor=balance_minor,
            credit_minor=credit_minor,
            currency=currency,
            debit_minor=debit_minor,
            entries=entries,
        )

        account_balance.additional_properties = d
        return account_balance

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
