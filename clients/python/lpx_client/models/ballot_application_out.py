from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ballot_application_out_status import BallotApplicationOutStatus

if TYPE_CHECKING:
    from ..models.ballot_out import BallotOut


T = TypeVar("T", bound="BallotApplicationOut")


@_attrs_define
class BallotApplicationOut:
    """
    Attributes:
        ballot (BallotOut):
        booking_id (None | str): The booking to pay, once a place is offered.
        created_at (datetime.datetime):
        currency (str):
        id (str):
        locale (str):
        offering_id (str):
        quantity (int):
        rank (int | None):
        status (BallotApplicationOutStatus):
        updated_at (datetime.datetime):
    """

    ballot: BallotOut
    booking_id: None | str
    created_at: datetime.datetime
    currency: str
    id: str
    locale: str
    offering_id: str
    quantity: int
    rank: int | None
    status: BallotApplicationOutStatus
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ballot = self.ballot.to_dict()

        booking_id: None | str
        booking_id = self.booking_id

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = self.id

        locale = self.locale

        offering_id = self.offering_id

        quantity = self.quantity

        rank: int | None
        rank = self.rank

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ballot": ballot,
                "booking_id": booking_id,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "locale": locale,
                "offering_id": offering_id,
                "quantity": quantity,
                "rank": rank,
                "status": status,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ballot_out import BallotOut  # noqa: PLC0415

        d = dict(src_dict)
        ballot = BallotOut.from_dict(d.pop("ballot"))

        def _parse_booking_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        booking_id = _parse_booking_id(d.pop("booking_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = d.pop("id")

        locale = d.pop("locale")

        offering_id = d.pop("offering_id")

        quantity = d.pop("quantity")

        def _parse_rank(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rank = _parse_rank(d.pop("rank"))

        status = BallotApplicationOutStatus(d.pop("status"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        ballot_application_out = cls(
            ballot=ballot,
            booking_id=booking_id,
            created_at=created_at,
            currency=currency,
            id=id,
            locale=locale,
            offering_id=offering_id,
            quantity=quantity,
            rank=rank,
            status=status,
            updated_at=updated_at,
        )

        ballot_application_out.additional_properties = d
        return ballot_application_out

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
