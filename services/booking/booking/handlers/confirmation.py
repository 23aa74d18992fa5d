"""The final confirmation (最終確認画面) and the cancellation preview of the storefront.

What the buyer saw before paying is stored with the booking, with the version of the
terms in force, so that a dispute can be answered; the figures are the booking's own.
"""

from datetime import datetime
from typing import Any

from booking.domain.cancellation import CancellationPreview, preview
from booking.handlers.queries import get_booking
from booking.models import Booking
from booking.ports import Ports
from booking.schemas import ConfirmationIn
from booking.unit_of_work import unit_of_work
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict


def snapshot(booking: Booking, body: ConfirmationIn, now: datetime) -> dict[str, Any]:
    terms = preview(booking, now)
    return {
        "confirmed_at": now.isoformat(),
        "terms_version": body.terms_version,
        "locale": body.locale,
        "currency": booking.currency,
        "lines": [
            {
                "name": line.name,
                "quantity": line.quantity,
                "unit_price_minor": line.unit_price_minor,
                "amount_minor": line.amount_minor,
                "tax_category": line.tax_category,
                "tax_rate_bps": line.tax_rate_bps,
                "inscription": line.inscription,
            }
            for line in booking.lines
        ],
        "total_minor": booking.total_minor,
        "tax_breakdown": list(booking.tax_breakdown or []),
        "payment": {"method": "card", "timing": "when the order is placed"},
        "mission_id": booking.mission_id,
        "hold_expires_at": booking.hold_expires_at.isoformat() if booking.hold_expires_at else None,
        "cancellation": {
            "cutoff_at": terms.cutoff_at.isoformat() if terms.cutoff_at else None,
            "fee_if_paid_minor": terms.fee_if_paid_minor,
        },
    }


async def confirm(
    ports: Ports, principal: Principal, booking_id: str, body: ConfirmationIn
) -> Booking:
    async with unit_of_work(ports) as uow:
        booking = await uow.get(booking_id, principal)
        if booking.status != "held" or booking.kind != "consumer":
            raise Conflict(
                f"Only a held consumer booking is confirmed before payment; this one is "
                f"{booking.status}.",
                code="not-payable",
                current_status=booking.status,
            )
        booking.confirmation = snapshot(booking, body, utcnow())
        booking.locale = body.locale
        uow.record(booking, [])
        uow.answer(booking)
    return booking


async def cancellation_preview(
    ports: Ports, principal: Principal, booking_id: str
) -> tuple[Booking, CancellationPreview]:
    booking = await get_booking(ports, principal, booking_id)
    return booking, preview(booking, utcnow())
