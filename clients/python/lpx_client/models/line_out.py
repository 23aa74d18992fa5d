from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LineOut")


@_attrs_define
class LineOut:
    """
    Attributes:
        allocation_id (None | str):
        amount_minor (int):
        cancellation_cutoff_at (datetime.datetime | None):
        cancellation_fee_bps (int):
        inscription (None | str):
        line_no (int):
        mission_id (str):
        name (str):
        offering_id (str):
        quantity (int):
        sku (str):
        tax_category (str):
        tax_rate_bps (int):
        unit_price_minor (int):
    """

    allocation_id: None | str
    amount_minor: int
    cancellation_cutoff_at: datetime.datetime | None
    cancellation_fee_bps: int
    inscription: None | str
    line_no: int
    mission_id: str
    name: str
    offering_id: str
    quantity: int
    sku: str
    tax_category: str
    tax_rate_bps: int
    unit_price_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allocation_id: None | str
        allocation_id = self.allocation_id

        amount_minor = self.amount_minor

        cancellation_cutoff_at: None | str
        if isinstance(self.cancellation_cutoff_at, datetime.datetime):
            cancellation_cutoff_at = self.cancellation_cutoff_at.isoformat()
        else:
            cancellation_cutoff_at = self.cancellation_cutoff_at

        cancellation_fee_bps = self.cancellation_fee_bps

        inscription: None | str
        inscription = self.inscription

        line_no = self.line_no

        mission_id = self.mission_id

        name = self.name

        offering_id = self.offering_id

        quantity = self.quantity

        sku = self.sku

        tax_category = self.tax_category

        tax_rate_bps = self.tax_rate_bps

        unit_price_minor = self.unit_price_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allocation_id": allocation_id,
                "amount_minor": amount_minor,
                "cancellation_cutoff_at": cancellation_cutoff_at,
                "cancellation_fee_bps": cancellation_fee_bps,
                "inscription": inscription,
                "line_no": line_no,
                "mission_id": mission_id,
                "name": name,
                "offering_id": offering_id,
                "quantity": quantity,
                "sku": sku,
                "tax_category": tax_category,
                "tax_rate_bps": tax_rate_bps,
                "unit_price_minor": unit_price_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_allocation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        allocation_id = _parse_allocation_id(d.pop("allocation_id"))

        amount_minor = d.pop("amount_minor")

        def _parse_cancellation_cutoff_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancellation_cutoff_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancellation_cutoff_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancellation_cutoff_at = _parse_cancellation_cutoff_at(d.pop("cancellation_cutoff_at"))

        cancellation_fee_bps = d.pop("cancellation_fee_bps")

        def _parse_inscription(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        inscription = _parse_inscription(d.pop("inscription"))

        line_no = d.pop("line_no")

        mission_id = d.pop("mission_id")

        name = d.pop("name")

        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        sku = d.pop("sku")

        tax_category = d.pop("tax_category")

        tax_rate_bps = d.pop("tax_rate_bps")

        unit_price_minor = d.pop("unit_price_minor")

        line_out = cls(
            allocation_id=allocation_id,
            amount_minor=amount_minor,
            cancellation_cutoff_at=cancellation_cutoff_at,
            cancellation_fee_bps=cancellation_fee_bps,
            inscription=inscription,
            line_no=line_no,
            mission_id=mission_id,
            name=name,
            offering_id=offering_id,
            quantity=quantity,
            sku=sku,
            tax_category=tax_category,
            tax_rate_bps=tax_rate_bps,
            unit_price_minor=unit_price_minor,
        )

        line_out.additional_properties = d
        return line_out

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
