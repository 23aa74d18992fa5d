from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MilestoneOut")


@_attrs_define
class MilestoneOut:
    """
    Attributes:
        amount_minor (int):
        due_date (datetime.date | None):
        due_event (None | str):
        id (str):
        invoice_due_date (datetime.date | None):
        invoice_id (None | str):
        label (str):
        paid_at (datetime.datetime | None):
        paid_minor (int):
        percent_bps (int):
        status (str):
    """

    amount_minor: int
    due_date: datetime.date | None
    due_event: None | str
    id: str
    invoice_due_date: datetime.date | None
    invoice_id: None | str
    label: str
    paid_at: datetime.datetime | None
    paid_minor: int
    percent_bps: int
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_minor = self.amount_minor

        due_date: None | str
        if isinstance(self.due_date, datetime.date):
            due_date = self.due_date.isoformat()
        else:
            due_date = self.due_date

        due_event: None | str
        due_event = self.due_event

        id = self.id

        invoice_due_date: None | str
        if isinstance(self.invoice_due_date, datetime.date):
            invoice_due_date = self.invoice_due_date.isoformat()
        else:
            invoice_due_date = self.invoice_due_date

        invoice_id: None | str
        invoice_id = self.invoice_id

        label = self.label

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        paid_minor = self.paid_minor

        percent_bps = self.percent_bps

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_minor": amount_minor,
                "due_date": due_date,
                "due_event": due_event,
                "id": id,
                "invoice_due_date": invoice_due_date,
                "invoice_id": invoice_id,
                "label": label,
                "paid_at": paid_at,
                "paid_minor": paid_minor,
                "percent_bps": percent_bps,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_minor = d.pop("amount_minor")

        def _parse_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_date_type_0 = datetime.date.fromisoformat(data)

                return due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due_date = _parse_due_date(d.pop("due_date"))

        def _parse_due_event(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        due_event = _parse_due_event(d.pop("due_event"))

        id = d.pop("id")

        def _parse_invoice_due_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_due_date_type_0 = datetime.date.fromisoformat(data)

                return invoice_due_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        invoice_due_date = _parse_invoice_due_date(d.pop("invoice_due_date"))

        def _parse_invoice_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_id = _parse_invoice_id(d.pop("invoice_id"))

        label = d.pop("label")

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

        paid_minor = d.pop("paid_minor")

        percent_bps = d.pop("percent_bps")

        status = d.pop("status")

        milestone_out = cls(
            amount_minor=amount_minor,
            due_date=due_date,
            due_event=due_event,
            id=id,
            invoice_due_date=invoice_due_date,
            invoice_id=invoice_id,
            label=label,
            paid_at=paid_at,
            paid_minor=paid_minor,
            percent_bps=percent_bps,
            status=status,
        )

        milestone_out.additional_properties = d
        return milestone_out

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
