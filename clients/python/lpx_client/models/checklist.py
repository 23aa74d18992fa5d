from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Checklist")


@_attrs_define
class Checklist:
    """
    Attributes:
        content_fit (bool):
        export_control_cleared (bool):
        sanctions_screening_cleared (bool):
        technical_fit (bool):
    """

    content_fit: bool
    export_control_cleared: bool
    sanctions_screening_cleared: bool
    technical_fit: bool

    def to_dict(self) -> dict[str, Any]:
        content_fit = self.content_fit

        export_control_cleared = self.export_control_cleared

        sanctions_screening_cleared = self.sanctions_screening_cleared

        technical_fit = self.technical_fit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content_fit": content_fit,
                "export_control_cleared": export_control_cleared,
                "sanctions_screening_cleared": sanctions_screening_cleared,
                "technical_fit": technical_fit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_fit = d.pop("content_fit")

        export_control_cleared = d.pop("export_control_cleared")

        sanctions_screening_cleared = d.pop("sanctions_screening_cleared")

        technical_fit = d.pop("technical_fit")

        checklist = cls(
            content_fit=content_fit,
            export_control_cleared=export_control_cleared,
            sanctions_screening_cleared=sanctions_screening_cleared,
            technical_fit=technical_fit,
        )

        return checklist
