"""Rows -> response shapes."""

from dataclasses import asdict
from datetime import date

from booking.domain.tax import tax_per_rate
from booking.models import Booking, StatusChange
from booking.schemas import (
    BookingOut,
    CheckoutOut,
    Contact,
    HistoryItem,
    LineOut,
    MilestoneOut,
    TaxRowOut,
)
from lpx_common.clock import utcnow


def _milestone_status(status: str, invoice_due: date | None, today: date) -> str:
    # An invoice past its due date shows as overdue even before the worker marks it.
    if status == "invoiced" and invoice_due is not None and invoice_due < today:
        return "overdue"
    return status


def tax_breakdown(booking: Booking) -> list[dict[str, int]]:
    """As stored when the booking was made; bookings older than tax-as-data get it from
    their lines' stored rates (0 when none was stored)."""
    if booking.tax_breakdown is not None:
        return list(booking.tax_breakdown)
    rows = tax_per_rate((line.tax_rate_bps or 0, line.amount_minor) for line in booking.lines)
    return [asdict(row) for row in rows]


def booking_out(booking: Booking) -> BookingOut:
    today = utcnow().date()
    milestones = [
        MilestoneOut(
            id=m.id,
            label=m.label,
            percent_bps=m.percent_bps,
            amount_minor=m.amount_minor,
            due_event=m.due_event,
            due_date=m.due_date,
            status=_milestone_status(m.status, m.invoice_due_date, today),
            invoice_id=m.invoice_id,
            invoice_due_date=m.invoice_due_date,
            paid_minor=m.paid_minor,
            paid_at=m.paid_at,
        )
        for m in booking.milestones
    ]
    return BookingOut(
        id=booking.id,
        kind=booking.kind,  # type: ignore[arg-type]  # the column holds consumer|business
        status=booking.status,  # type: ignore[arg-type]
        currency=booking.currency,
        total_minor=booking.total_minor,
        mission_id=booking.mission_id,
        lines=[
            LineOut(
                line_no=line.line_no,
                offering_id=line.offering_id,
                mission_id=line.mission_id,
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                unit_price_minor=line.unit_price_minor,
                amount_minor=line.amount_minor,
                allocation_id=line.allocation_id,
                cancellation_cutoff_at=line.cancellation_cutoff_at,
                cancellation_fee_bps=line.cancellation_fee_bps,
                tax_category=line.tax_category or "standard",
                tax_rate_bps=line.tax_rate_bps or 0,
                inscription=line.inscription,
            )
            for line in booking.lines
        ],
        tax_breakdown=[TaxRowOut(**row) for row in tax_breakdown(booking)],
        confirmation=booking.confirmation,
        contact=Contact(name=booking.contact_name, email=booking.contact_email),
        customer_id=booking.customer_id,
        partner_id=booking.partner_id,
        company=booking.company,
        payload=booking.payload,
        hold_expires_at=booking.hold_expires_at,
        payment_id=booking.payment_id,
        paid_minor=booking.paid_minor,
        refund_requested_minor=booking.refund_requested_minor,
        refunded_minor=booking.refunded_minor,
        refund_failed_minor=booking.refund_failed_minor,
        refund_owed_since=booking.refund_owed_since,
        cancellation_fee_minor=booking.cancellation_fee_minor,
        milestones=milestones,
        overdue_milestones=[m.id for m in milestones if m.status == "overdue"],
        version=booking.version,
        created_at=booking.created_at,
        updated_at=booking.updated_at,
    )


def history_item(change: StatusChange) -> HistoryItem:
    return HistoryItem(
        from_status=change.from_status,
        to_status=change.to_status,
        at=change.at,
        actor=change.actor,
        reason=change.reason,
    )


def checkout_out(booking: Booking) -> CheckoutOut:
    return CheckoutOut(
        status=booking.status,  # type: ignore[arg-type]
        payment_id=booking.payment_id if booking.status == "held" else None,
        checkout_url=booking.checkout_url if booking.status == "held" else None,
        expires_at=booking.checkout_expires_at if booking.status == "held" else None,
    )
