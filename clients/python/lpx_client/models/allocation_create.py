from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AllocationCreate")


@_attrs_define
class AllocationCreate:
    """
    Attributes:
        offering_id (str):
        quantity (int):
        reference (str):
        ttl_seconds (int | Unset):  Default: 900.
    """

    offering_id: str
    quantity: int
    reference: str
    ttl_seconds: int | Unset = 900

    def to_dict(self) -> dict[str, Any]:
        offering_id = self.offering_id

        quantity = self.quantity

        reference = self.reference

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "offering_id": offering_id,
                "quantity": quantity,
                "reference": reference,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        reference = d.pop("reference")

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        allocation_create = cls(
            offering_id=offering_id,
            quantity=quantity,
            reference=reference,
            ttl_seconds=ttl_seconds,
        )

        return allocation_create
