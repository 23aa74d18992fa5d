from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.company import Company
    from ..models.payload_interface import PayloadInterface


T = TypeVar("T", bound="BusinessIn")


@_attrs_define
class BusinessIn:
    """
    Attributes:
        company (Company):
        payload (PayloadInterface): The payload's interface data the technical review checks.
    """

    company: Company
    payload: PayloadInterface

    def to_dict(self) -> dict[str, Any]:
        company = self.company.to_dict()

        payload = self.payload.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "company": company,
                "payload": payload,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.company import Company  # noqa: PLC0415
        from ..models.payload_interface import PayloadInterface  # noqa: PLC0415

        d = dict(src_dict)
        company = Company.from_dict(d.pop("company"))

        payload = PayloadInterface.from_dict(d.pop("payload"))

        business_in = cls(
            company=company,
            payload=payload,
        )

        return business_in
