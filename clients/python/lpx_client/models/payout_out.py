from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PayoutOut")


@_attrs_define
class PayoutOut:
    """
    Attributes:
        amount_major (str):
        amount_minor (int):
        arrival_date (datetime.datetime | None):
        created_at (datetime.datetime):
        currency (str):
        id (str):
        reconciliation_status (None | str):
        status (str):
        transactions_synced_at (datetime.datetime | None):
    """

    amount_major: str
    amount_minor: int
    arrival_date: datetime.datetime | None
    created_at: datetime.datetime
    currency: str
    id: str
    reconciliation_status: None | str
    status: str
    transactions_synced_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_major = self.amount_major

        amount_minor = self.amount_minor

        arrival_date: None | str
        if isinstance(self.arrival_date, datetime.datetime):
            arrival_date = self.arrival_date.isoformat()
        else:
            arrival_date = self.arrival_date

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        reconciliation_status: None | str
        reconciliation_status = self.reconciliation_status

        status = self.status

        transactions_synced_at: None | str
        if isinstance(self.transactions_synced_at, datetime.datetime):
            transactions_synced_at = self.transactions_synced_at.isoformat()
        else:
            transactions_synced_at = self.transactions_synced_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_major": amount_major,
                "amount_minor": amount_minor,
                "arrival_date": arrival_date,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "reconciliation_status": reconciliation_status,
                "status": status,
                "transactions_synced_at": transactions_synced_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_major = d.pop("amount_major")

        amount_minor = d.pop("amount_minor")

        def _parse_arrival_date(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                arrival_date_type_0 = datetime.datetime.fromisoformat(data)

                return arrival_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        arrival_date = _parse_arrival_date(d.pop("arrival_date"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        def _parse_reconciliation_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reconciliation_status = _parse_reconciliation_status(d.pop("reconciliation_status"))

        status = d.pop("status")

        def _parse_transactions_synced_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                transactions_synced_at_type_0 = datetime.datetime.fromisoformat(data)

                return transactions_synced_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        transactions_synced_at = _parse_transactions_synced_at(d.pop("transactions_synced_at"))

        payout_out = cls(
            amount_major=amount_major,
            amount_minor=amount_minor,
            arrival_date=arrival_date,
            created_at=created_at,
            currency=currency,
            id=id,
            reconciliation_status=reconciliation_status,
            status=status,
            transactions_synced_at=transactions_synced_at,
        )

        payout_out.additional_properties = d
        return payout_out

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
