from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Envelope")


@_attrs_define
class Envelope:
    """
    Attributes:
        height_mm (int):
        length_mm (int):
        width_mm (int):
    """

    height_mm: int
    length_mm: int
    width_mm: int

    def to_dict(self) -> dict[str, Any]:
        height_mm = self.height_mm

        length_mm = self.length_mm

        width_mm = self.width_mm

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "height_mm": height_mm,
                "length_mm": length_mm,
                "width_mm": width_mm,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height_mm = d.pop("height_mm")

        length_mm = d.pop("length_mm")

        width_mm = d.pop("width_mm")

        envelope = cls(
            height_mm=height_mm,
            length_mm=length_mm,
            width_mm=width_mm,
        )

        return envelope
