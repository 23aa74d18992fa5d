from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

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
        free_below (int | None | Unset): Hold only while fewer units than this are free before the hold (409 queue-ahead
            otherwise): someone waiting needs that many.
        ttl_seconds (int | Unset):  Default: 900.
    """

    offering_id: str
    quantity: int
    reference: str
    free_below: int | None | Unset = UNSET
    ttl_seconds: int | Unset = 900

    def to_dict(self) -> dict[str, Any]:
        offering_id = self.offering_id

        quantity = self.quantity

        reference = self.reference

        free_below: int | None | Unset
        if isinstance(self.free_below, Unset):
            free_below = UNSET
        else:
            free_below = self.free_below

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "offering_id": offering_id,
                "quantity": quantity,
                "reference": reference,
            }
        )
        if free_below is not UNSET:
            field_dict["free_below"] = free_below
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        reference = d.pop("reference")

        def _parse_free_below(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        free_below = _parse_free_below(d.pop("free_below", UNSET))

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        allocation_create = cls(
            offering_id=offering_id,
            quantity=quantity,
            reference=reference,
            free_below=free_below,
            ttl_seconds=ttl_seconds,
        )

        return allocation_create
