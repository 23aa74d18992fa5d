from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.envelope import Envelope


T = TypeVar("T", bound="PayloadInterface")


@_attrs_define
class PayloadInterface:
    """The payload's interface data the technical review checks.

    Attributes:
        envelope (Envelope):
        mass_grams (int):
        mounting_location (str):
        data_volume_mb (int | Unset):  Default: 0.
        description (None | str | Unset):
        power_mw (int | Unset): Peak power, milliwatts. Default: 0.
    """

    envelope: Envelope
    mass_grams: int
    mounting_location: str
    data_volume_mb: int | Unset = 0
    description: None | str | Unset = UNSET
    power_mw: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        envelope = self.envelope.to_dict()

        mass_grams = self.mass_grams

        mounting_location = self.mounting_location

        data_volume_mb = self.data_volume_mb

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        power_mw = self.power_mw

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "envelope": envelope,
                "mass_grams": mass_grams,
                "mounting_location": mounting_location,
            }
        )
        if data_volume_mb is not UNSET:
            field_dict["data_volume_mb"] = data_volume_mb
        if description is not UNSET:
            field_dict["description"] = description
        if power_mw is not UNSET:
            field_dict["power_mw"] = power_mw

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.envelope import Envelope  # noqa: PLC0415

        d = dict(src_dict)
        envelope = Envelope.from_dict(d.pop("envelope"))

        mass_grams = d.pop("mass_grams")

        mounting_location = d.pop("mounting_location")

        data_volume_mb = d.pop("data_volume_mb", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        power_mw = d.pop("power_mw", UNSET)

        payload_interface = cls(
            envelope=envelope,
            mass_grams=mass_grams,
            mounting_location=mounting_location,
            data_volume_mb=data_volume_mb,
            description=description,
            power_mw=power_mw,
        )

        return payload_interface
