from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.draw_entry_status import DrawEntryStatus

T = TypeVar("T", bound="DrawEntry")


@_attrs_define
class DrawEntry:
    """
    Attributes:
        application_id (str):
        quantity (int):
        rank (int):
        status (DrawEntryStatus):
    """

    application_id: str
    quantity: int
    rank: int
    status: DrawEntryStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        application_id = self.application_id

        quantity = self.quantity

        rank = self.rank

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "application_id": application_id,
                "quantity": quantity,
                "rank": rank,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        application_id = d.pop("application_id")

        quantity = d.pop("quantity")

        rank = d.pop("rank")

        status = DrawEntryStatus(d.pop("status"))

        draw_entry = cls(
            application_id=application_id,
            quantity=quantity,
            rank=rank,
            status=status,
        )

        draw_entry.additional_properties = d
        return draw_entry

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
