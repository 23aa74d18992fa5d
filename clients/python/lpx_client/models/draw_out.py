from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ballot_out import BallotOut
    from ..models.draw_entry import DrawEntry


T = TypeVar("T", bound="DrawOut")


@_attrs_define
class DrawOut:
    """Everything needed to recompute the ranking (docs/ballots.md).

    Attributes:
        ballot (BallotOut):
        entries (list[DrawEntry]): The frozen list, by application id.
    """

    ballot: BallotOut
    entries: list[DrawEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ballot = self.ballot.to_dict()

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ballot": ballot,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ballot_out import BallotOut  # noqa: PLC0415
        from ..models.draw_entry import DrawEntry  # noqa: PLC0415

        d = dict(src_dict)
        ballot = BallotOut.from_dict(d.pop("ballot"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = DrawEntry.from_dict(entries_item_data)

            entries.append(entries_item)

        draw_out = cls(
            ballot=ballot,
            entries=entries,
        )

        draw_out.additional_properties = d
        return draw_out

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
