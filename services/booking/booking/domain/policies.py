"""Who may see or change a booking, cancellation cut-offs and payment schedules."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from booking.domain.money import BPS_WHOLE, allocate_largest_remainder
from lpx_common.auth import Principal
from lpx_common.errors import Conflict, NotFound, Unprocessable

# Staff roles that may change bookings (finance only reads them).
STAFF_WRITE_ROLES = ("sales", "operator", "admin")
STAFF_REVIEW_ROLES = ("sales", "operator", "admin")


@dataclass(frozen=True)
class Owner:
    """The filter that limits what a principal sees: None fields mean "no limit"."""

    customer_id: str | None = None
    partner_id: str | None = None


def actor_of(principal: Principal) -> str:
    return f"{principal.kind}:{principal.subject}"


def read_scope(principal: Principal) -> Owner:
    """Customers see their own bookings, partners theirs, staff everything."""
    if principal.kind == "customer":
        return Owner(customer_id=principal.subject)
    if principal.kind == "partner":
        return Owner(partner_id=principal.partner_id or principal.subject)
    if principal.kind == "staff":
        return Owner()
    raise NotFound("No such booking.")  # routes admit no other kind; never leak existence


def can_see(principal: Principal, customer_id: str | None, partner_id: str | None) -> bool:
    scope = read_scope(principal)
    if scope.customer_id is not None and scope.customer_id != customer_id:
        return False
    return not (scope.partner_id is not None and scope.partner_id != partner_id)


def can_change(principal: Principal) -> bool:
    """Beyond seeing it: finance staff read bookings but do not change them."""
    if principal.kind == "staff":
        return principal.has_role(*STAFF_WRITE_ROLES)
    return principal.kind in ("customer", "partner")


def cancellation_cutoff(launch_window_start: datetime, cutoff_days: int) -> datetime:
    return launch_window_start - timedelta(days=cutoff_days)


def check_cancellable(cutoffs: list[datetime | None], now: datetime) -> None:
    """Refuse once any line's cut-off has passed (the earliest cut-off rules)."""
    known = [c for c in cutoffs if c is not None]
    if known and now >= min(known):
        raise Conflict(
            "The cancellation cut-off of this booking has passed.",
            code="cancellation-cutoff-passed",
            cutoff_at=min(known).isoformat(),
        )


MILESTONE_EVENTS = ("approval", "contract", "payload_delivery", "launch", "landing")

# The usual company schedule: 10 % deposit at approval, then contract, payload delivery,
# launch and landing.
DEFAULT_SCHEDULE: list[tuple[str, int, str]] = [
    ("deposit", 1_000, "approval"),
    ("contract", 3_000, "contract"),
    ("payload_delivery", 3_000, "payload_delivery"),
    ("launch", 2_000, "launch"),
    ("landing", 1_000, "landing"),
]


@dataclass(frozen=True)
class PlannedMilestone:
    label: str
    percent_bps: int
    amount_minor: int
    due_event: str | None
    due_date: date | None


def plan_schedule(
    total_minor: int, items: list[tuple[str, int, str | None, date | None]] | None
) -> list[PlannedMilestone]:
    """Milestones whose amounts sum exactly to ``total_minor`` (largest remainder)."""
    if not items:
        items = [(label, bps, event, None) for label, bps, event in DEFAULT_SCHEDULE]
    errors = []
    for i, (_, bps, event, due) in enumerate(items):
        if (event is None) == (due is None):
            errors.append(
                {"field": f"schedule.{i}", "message": "give exactly one of due_event, due_date"}
            )
        if bps <= 0:
            errors.append({"field": f"schedule.{i}.percent_bps", "message": "must be > 0"})
    if sum(bps for _, bps, _, _ in items) != BPS_WHOLE:
        errors.append({"field": "schedule", "message": "percent_bps must sum to 10000 (100 %)"})
    if errors:
        raise Unprocessable(
            "The payment schedule is not valid.", code="invalid-schedule", errors=errors
        )
    amounts = allocate_largest_remainder(total_minor, [bps for _, bps, _, _ in items])
    return [
        PlannedMilestone(label, bps, amount, event, due)
        for (label, bps, event, due), amount in zip(items, amounts, strict=True)
    ]
