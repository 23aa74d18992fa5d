from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LineIn")


@_attrs_define
class LineIn:
    """
    Attributes:
        offering_id (str):
        quantity (int):
        inscription (None | str | Unset): A name or dedication to engrave (up to 40 characters once trimmed: letters,
            digits, spaces and . , ' - & ! ?; no control characters or emoji).
    """

    offering_id: str
    quantity: int
    inscription: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        offering_id = self.offering_id

        quantity = self.quantity

        inscription: None | str | Unset
        if isinstance(self.inscription, Unset):
            inscription = UNSET
        else:
            inscription = self.inscription

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "offering_id": offering_id,
                "quantity": quantity,
            }
        )
        if inscription is not UNSET:
            field_dict["inscription"] = inscription

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        def _parse_inscription(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        inscription = _parse_inscription(d.pop("inscription", UNSET))

        line_in = cls(
            offering_id=offering_id,
            quantity=quantity,
            inscription=inscription,
        )

        return line_in
