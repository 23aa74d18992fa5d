from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.booking_out_kind import BookingOutKind
from ..models.status import Status

if TYPE_CHECKING:
    from ..models.booking_out_company_type_0 import BookingOutCompanyType0
    from ..models.booking_out_confirmation_type_0 import BookingOutConfirmationType0
    from ..models.booking_out_payload_type_0 import BookingOutPayloadType0
    from ..models.contact import Contact
    from ..models.line_out import LineOut
    from ..models.milestone_out import MilestoneOut
    from ..models.tax_row_out import TaxRowOut


T = TypeVar("T", bound="BookingOut")


@_attrs_define
class BookingOut:
    """
    Attributes:
        cancellation_fee_minor (int):
        company (BookingOutCompanyType0 | None):
        confirmation (BookingOutConfirmationType0 | None): What the buyer saw on the final confirmation, with the terms'
            version.
        contact (Contact):
        created_at (datetime.datetime):
        currency (str):
        customer_id (None | str):
        hold_expires_at (datetime.datetime | None):
        id (str):
        kind (BookingOutKind):
        lines (list[LineOut]):
        milestones (list[MilestoneOut]):
        mission_id (str):
        overdue_milestones (list[str]): Ids of milestones past their due date.
        paid_minor (int):
        partner_id (None | str):
        payload (BookingOutPayloadType0 | None):
        payment_id (None | str):
        refund_failed_minor (int): Refunds that failed after they were asked for.
        refund_owed_since (datetime.datetime | None): Since when money is owed back and not yet returned; null when none
            is.
        refund_requested_minor (int):
        refunded_minor (int):
        status (Status):
        tax_breakdown (list[TaxRowOut]):
        total_minor (int):
        updated_at (datetime.datetime):
        version (int):
    """

    cancellation_fee_minor: int
    company: BookingOutCompanyType0 | None
    confirmation: BookingOutConfirmationType0 | None
    contact: Contact
    created_at: datetime.datetime
    currency: str
    customer_id: None | str
    hold_expires_at: datetime.datetime | None
    id: str
    kind: BookingOutKind
    lines: list[LineOut]
    milestones: list[MilestoneOut]
    mission_id: str
    overdue_milestones: list[str]
    paid_minor: int
    partner_id: None | str
    payload: BookingOutPayloadType0 | None
    payment_id: None | str
    refund_failed_minor: int
    refund_owed_since: datetime.datetime | None
    refund_requested_minor: int
    refunded_minor: int
    status: Status
    tax_breakdown: list[TaxRowOut]
    total_minor: int
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.booking_out_company_type_0 import BookingOutCompanyType0  # noqa: PLC0415
        from ..models.booking_out_confirmation_type_0 import BookingOutConfirmationType0  # noqa: PLC0415
        from ..models.booking_out_payload_type_0 import BookingOutPayloadType0  # noqa: PLC0415

        cancellation_fee_minor = self.cancellation_fee_minor

        company: dict[str, Any] | None
        if isinstance(self.company, BookingOutCompanyType0):
            company = self.company.to_dict()
        else:
            company = self.company

        confirmation: dict[str, Any] | None
        if isinstance(self.confirmation, BookingOutConfirmationType0):
            confirmation = self.confirmation.to_dict()
        else:
            confirmation = self.confirmation

        contact = self.contact.to_dict()

        created_at = self.created_at.isoformat()

        currency = self.currency

        customer_id: None | str
        customer_id = self.customer_id

        hold_expires_at: None | str
        if isinstance(self.hold_expires_at, datetime.datetime):
            hold_expires_at = self.hold_expires_at.isoformat()
        else:
            hold_expires_at = self.hold_expires_at

        id = self.id

        kind = self.kind.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        milestones = []
        for milestones_item_data in self.milestones:
            milestones_item = milestones_item_data.to_dict()
            milestones.append(milestones_item)

        mission_id = self.mission_id

        overdue_milestones = self.overdue_milestones

        paid_minor = self.paid_minor

        partner_id: None | str
        partner_id = self.partner_id

        payload: dict[str, Any] | None
        if isinstance(self.payload, BookingOutPayloadType0):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        payment_id: None | str
        payment_id = self.payment_id

        refund_failed_minor = self.refund_failed_minor

        refund_owed_since: None | str
        if isinstance(self.refund_owed_since, datetime.datetime):
            refund_owed_since = self.refund_owed_since.isoformat()
        else:
            refund_owed_since = self.refund_owed_since

        refund_requested_minor = self.refund_requested_minor

        refunded_minor = self.refunded_minor

        status = self.status.value

        tax_breakdown = []
        for tax_breakdown_item_data in self.tax_breakdown:
            tax_breakdown_item = tax_breakdown_item_data.to_dict()
            tax_breakdown.append(tax_breakdown_item)

        total_minor = self.total_minor

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancellation_fee_minor": cancellation_fee_minor,
                "company": company,
                "confirmation": confirmation,
                "contact": contact,
                "created_at": created_at,
                "currency": currency,
                "customer_id": customer_id,
                "hold_expires_at": hold_expires_at,
                "id": id,
                "kind": kind,
                "lines": lines,
                "milestones": milestones,
                "mission_id": mission_id,
                "overdue_milestones": overdue_milestones,
                "paid_minor": paid_minor,
                "partner_id": partner_id,
                "payload": payload,
                "payment_id": payment_id,
                "refund_failed_minor": refund_failed_minor,
                "refund_owed_since": refund_owed_since,
                "refund_requested_minor": refund_requested_minor,
                "refunded_minor": refunded_minor,
                "status": status,
                "tax_breakdown": tax_breakdown,
                "total_minor": total_minor,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.booking_out_company_type_0 import BookingOutCompanyType0  # noqa: PLC0415
        from ..models.booking_out_confirmation_type_0 import BookingOutConfirmationType0  # noqa: PLC0415
        from ..models.booking_out_payload_type_0 import BookingOutPayloadType0  # noqa: PLC0415
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.line_out import LineOut  # noqa: PLC0415
        from ..models.milestone_out import MilestoneOut  # noqa: PLC0415
        from ..models.tax_row_out import TaxRowOut  # noqa: PLC0415

        d = dict(src_dict)
        cancellation_fee_minor = d.pop("cancellation_fee_minor")

        def _parse_company(data: object) -> BookingOutCompanyType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                company_type_0 = BookingOutCompanyType0.from_dict(data)

                return company_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BookingOutCompanyType0 | None, data)

        company = _parse_company(d.pop("company"))

        def _parse_confirmation(data: object) -> BookingOutConfirmationType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                confirmation_type_0 = BookingOutConfirmationType0.from_dict(data)

                return confirmation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BookingOutConfirmationType0 | None, data)

        confirmation = _parse_confirmation(d.pop("confirmation"))

        contact = Contact.from_dict(d.pop("contact"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        def _parse_customer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        def _parse_hold_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                hold_expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return hold_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        hold_expires_at = _parse_hold_expires_at(d.pop("hold_expires_at"))

        id = d.pop("id")

        kind = BookingOutKind(d.pop("kind"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = LineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        milestones = []
        _milestones = d.pop("milestones")
        for milestones_item_data in _milestones:
            milestones_item = MilestoneOut.from_dict(milestones_item_data)

            milestones.append(milestones_item)

        mission_id = d.pop("mission_id")

        overdue_milestones = cast(list[str], d.pop("overdue_milestones"))

        paid_minor = d.pop("paid_minor")

        def _parse_partner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        partner_id = _parse_partner_id(d.pop("partner_id"))

        def _parse_payload(data: object) -> BookingOutPayloadType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = BookingOutPayloadType0.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BookingOutPayloadType0 | None, data)

        payload = _parse_payload(d.pop("payload"))

        def _parse_payment_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_id = _parse_payment_id(d.pop("payment_id"))

        refund_failed_minor = d.pop("refund_failed_minor")

        def _parse_refund_owed_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                refund_owed_since_type_0 = datetime.datetime.fromisoformat(data)

                return refund_owed_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        refund_owed_since = _parse_refund_owed_since(d.pop("refund_owed_since"))

        refund_requested_minor = d.pop("refund_requested_minor")

        refunded_minor = d.pop("refunded_minor")

        status = Status(d.pop("status"))

        tax_breakdown = []
        _tax_breakdown = d.pop("tax_breakdown")
        for tax_breakdown_item_data in _tax_breakdown:
            tax_breakdown_item = TaxRowOut.from_dict(tax_breakdown_item_data)

            tax_breakdown.append(tax_breakdown_item)

        total_minor = d.pop("total_minor")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        booking_out = cls(
            cancellation_fee_minor=cancellation_fee_minor,
            company=company,
            confirmation=confirmation,
            contact=contact,
            created_at=created_at,
            currency=currency,
            customer_id=customer_id,
            hold_expires_at=hold_expires_at,
            id=id,
            kind=kind,
            lines=lines,
            milestones=milestones,
            mission_id=mission_id,
            overdue_milestones=overdue_milestones,
            paid_minor=paid_minor,
            partner_id=partner_id,
            payload=payload,
            payment_id=payment_id,
            refund_failed_minor=refund_failed_minor,
            refund_owed_since=refund_owed_since,
            refund_requested_minor=refund_requested_minor,
            refunded_minor=refunded_minor,
            status=status,
            tax_breakdown=tax_breakdown,
            total_minor=total_minor,
            updated_at=updated_at,
            version=version,
        )

        booking_out.additional_properties = d
        return booking_out

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
