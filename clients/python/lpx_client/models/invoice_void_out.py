from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_void_out_outcome import InvoiceVoidOutOutcome

if TYPE_CHECKING:
    from ..models.invoice_out import InvoiceOut


T = TypeVar("T", bound="InvoiceVoidOut")


@_attrs_define
class InvoiceVoidOut:
    """
    Attributes:
        amount_paid_minor (int):
        booking_id (str):
        invoice (InvoiceOut | None):
        milestone_id (str):
        outcome (InvoiceVoidOutOutcome): already_paid: the invoice was paid and is left as it is; booking asks for its
            refund separately.
    """

    amount_paid_minor: int
    booking_id: str
    invoice: InvoiceOut | None
    milestone_id: str
    outcome: InvoiceVoidOutOutcome
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415

        amount_paid_minor = self.amount_paid_minor

        booking_id = self.booking_id

        invoice: dict[str, Any] | None
        if isinstance(self.invoice, InvoiceOut):
            invoice = self.invoice.to_dict()
        else:
            invoice = self.invoice

        milestone_id = self.milestone_id

        outcome = self.outcome.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_paid_minor": amount_paid_minor,
                "booking_id": booking_id,
                "invoice": invoice,
                "milestone_id": milestone_id,
                "outcome": outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invoice_out import InvoiceOut  # noqa: PLC0415

        d = dict(src_dict)
        amount_paid_minor = d.pop("amount_paid_minor")

        booking_id = d.pop("booking_id")

        def _parse_invoice(data: object) -> InvoiceOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                invoice_type_0 = InvoiceOut.from_dict(data)

                return invoice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InvoiceOut | None, data)

        invoice = _parse_invoice(d.pop("invoice"))

        milestone_id = d.pop("milestone_id")

        outcome = InvoiceVoidOutOutcome(d.pop("outcome"))

        invoice_void_out = cls(
            amount_paid_minor=amount_paid_minor,
            booking_id=booking_id,
            invoice=invoice,
            milestone_id=milestone_id,
            outcome=outcome,
        )

        invoice_void_out.additional_properties = d
        return invoice_void_out

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
