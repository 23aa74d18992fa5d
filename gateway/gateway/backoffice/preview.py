"""What a mission status change will do to its bookings, before anyone confirms it.

Booking has no preview endpoint; the effects follow from its rules (booking's
``BookingAggregate.MISSION_EVENT_AFFECTS``) applied to the bookings the booking API
lists for the mission, read with the operator's own access. The sentences count
bookings and sum money per currency with integers only."""

from collections import defaultdict
from typing import Any

from gateway.backoffice.api import Api
from gateway.i18n import _, money

# Which booking statuses a mission status touches (mirrors booking's rules).
AFFECTS = {
    "launched": ("confirmed", "approved"),
    "landed": ("confirmed", "flown"),
    "lost": ("confirmed", "flown"),
    "cancelled": ("held", "under_review", "approved", "confirmed"),
}
OPEN_MILESTONES = ("scheduled", "invoiced")


def _sum(bookings: list[dict[str, Any]], key: str) -> str:
    totals: dict[str, int] = defaultdict(int)
    for b in bookings:
        totals[b["currency"]] += int(b[key])
    return ", ".join(money(v, c) for c, v in sorted(totals.items())) or money(0, "JPY")


async def mission_effects(api: Api, mission_id: str, target: str) -> list[str]:
    affected: list[dict[str, Any]] = []
    for status in AFFECTS.get(target, ()):
        affected += await api.all_items("/v1/bookings", mission_id=mission_id, status=status)
    by_status: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for b in affected:
        by_status[b["status"]].append(b)
    invoices = sum(
        1 for b in affected for m in b.get("milestones", []) if m["status"] == "invoiced"
    )
    lines: list[str] = []
    if target == "on_sale":
        lines.append(_("Its offerings can be booked from their sale start."))
    elif target == "sales_closed":
        lines.append(_("No new bookings; existing bookings stay as they are."))
    elif target == "launched":
        n = len(by_status["confirmed"])
        lines.append(_("%(n)s bookings will become flown.", n=n))
        lines.append(
            _(
                "%(n)s approved business bookings get their launch milestone invoiced.",
                n=len(by_status["approved"]),
            )
        )
    elif target == "landed":
        lines.append(_("%(n)s bookings will become delivered.", n=len(affected)))
    elif target == "lost":
        lines.append(_("%(n)s bookings will become “mission lost”.", n=len(affected)))
        lines.append(_("%(n)s open invoices will be voided.", n=invoices))
        lines.append(
            _(
                "Money already paid is kept, as the terms say (%(paid)s).",
                paid=_sum(affected, "paid_minor"),
            )
        )
    elif target == "cancelled":
        paid = [b for b in affected if b["paid_minor"] > 0]
        unpaid = [b for b in affected if b["paid_minor"] == 0]
        lines.append(
            _(
                "%(n)s bookings will be refunded %(amount)s.",
                n=len(paid),
                amount=_sum(paid, "paid_minor"),
            )
        )
        lines.append(_("%(n)s unpaid bookings will be cancelled.", n=len(unpaid)))
        lines.append(_("%(n)s open invoices will be voided.", n=invoices))
    elif target == "completed":
        lines.append(_("The mission is closed out; nothing changes for its bookings."))
    return lines
