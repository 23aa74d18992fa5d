from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SyncResult")


@_attrs_define
class SyncResult:
    """
    Attributes:
        balance_transactions_changed (int):
        balance_transactions_seen (int):
        pages_fetched (int):
        payouts_changed (int):
        payouts_seen (int):
    """

    balance_transactions_changed: int
    balance_transactions_seen: int
    pages_fetched: int
    payouts_changed: int
    payouts_seen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_transactions_changed = self.balance_transactions_changed

        balance_transactions_seen = self.balance_transactions_seen

        pages_fetched = self.pages_fetched

        payouts_changed = self.payouts_changed

        payouts_seen = self.payouts_seen

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_transactions_changed": balance_transactions_changed,
                "balance_transactions_seen": balance_transactions_seen,
                "pages_fetched": pages_fetched,
                "payouts_changed": payouts_changed,
                "payouts_seen": payouts_seen,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance_transactions_changed = d.pop("balance_transactions_changed")

        balance_transactions_seen = d.pop("balance_transactions_seen")

        pages_fetched = d.pop("pages_fetched")

        payouts_changed = d.pop("payouts_changed")

        payouts_seen = d.pop("payouts_seen")

        sync_result = cls(
            balance_transactions_changed=balance_transactions_changed,
            balance_transactions_seen=balance_transactions_seen,
            pages_fetched=pages_fetched,
            payouts_changed=payouts_changed,
            payouts_seen=payouts_seen,
        )

        sync_result.additional_properties = d
        return sync_result

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
