"""The booking aggregate: one booking's rules over its state, lines, money and milestones.

Pure: no database, no HTTP, no clock of its own. Each command checks the transition
tables, changes the booking, and returns the events it causes (see ``events.py``); the
handler that called it hands those to the unit of work. What the outside world answered
(did the catalog commit the capacity?) comes in as an argument, found out by the
handler before its transaction, so no lock is ever held across a network call.

Money rule, one for every path: a booking keeps what its status says it keeps
(``states.KEEPS``) and owes the rest of what was paid back. The refund owed is a
cumulative target that only grows; payments refunds the difference between it and what
it has already refunded, whoever asked first.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from booking.domain import policies
from booking.domain.events import (
    CheckoutToExpire,
    Event,
    HoldsToRelease,
    InvoiceToVoid,
    MilestoneNotice,
    MilestoneToInvoice,
    RefundOwed,
    StatusChanged,
)
from booking.domain.money import cancellation_fee
from booking.domain.records import BookingRecord, MilestoneRecord, PaymentIn
from booking.domain.states import (
    BOOKING_LIFECYCLE,
    KEEPS,
    MILESTONE_LIFECYCLE,
    OPEN_MILESTONES,
    MilestoneStatus,
    Status,
)
from lpx_common.errors import Conflict, NotFound, Unprocessable

M = MilestoneStatus

# What the catalog said when asked to commit the booking's capacity:
# "committed": it is ours; "gone": the hold lapsed and the room was taken (or the
# mission closed); None: not asked (nothing to commit for this event).
Capacity = Literal["committed", "gone"] | None


class BookingAggregate:
    def __init__(self, record: BookingRecord) -> None:
        self.record = record

    @property
    def status(self) -> Status:
        return Status(self.record.status)

    @property
    def allocation_ids(self) -> tuple[str, ...]:
        return tuple(line.allocation_id for line in self.record.lines if line.allocation_id)

    # ------------------------------------------------------------------ building blocks

    def _move(self, target: Status, *, actor: str, reason: str, now: datetime) -> list[Event]:
        BOOKING_LIFECYCLE.check(self.status, target)
        previous = self.record.status
        self.record.status = target.value
        return [StatusChanged(previous, target.value, now, actor, reason)]

    def _release_holds(self) -> list[Event]:
        return [HoldsToRelease(self.allocation_ids)] if self.allocation_ids else []

    def _expire_open_checkout(self) -> list[Event]:
        return [CheckoutToExpire(self.record.payment_id)] if self.record.payment_id else []

    def _milestone_to(self, milestone: MilestoneRecord, target: M, now: datetime) -> None:
        MILESTONE_LIFECYCLE.check(milestone.status, target)
        milestone.status = target.value
        milestone.updated_at = now

    def _void_open_milestones(self, reason: str, now: datetime) -> list[Event]:
        events: list[Event] = []
        for milestone in self.record.milestones:
            if milestone.status not in OPEN_MILESTONES:
                continue
            was_billed = milestone.status != M.SCHEDULED
            self._milestone_to(milestone, M.VOIDED, now)
            if was_billed:
                events.append(InvoiceToVoid(milestone.id, reason))
        return events

    def kept_minor(self) -> int:
        """What the booking keeps of the money paid, in its current status."""
        keeps = KEEPS[self.status]
        paid = self.record.paid_minor
        if keeps == "total":
            return min(paid, self.record.total_minor)
        if keeps == "fee":
            return min(paid, self.record.cancellation_fee_minor)
        return 0

    def _settle_money(self, reason: str, *, actor: str, now: datetime) -> list[Event]:
        """Raise the refund target to what is owed now; end refunded if it is all back."""
        events: list[Event] = []
        owed = max(0, self.record.paid_minor - self.kept_minor())
        if owed > self.record.refund_requested_minor:
            self.record.refund_requested_minor = owed
            events.append(RefundOwed(owed, reason[:500]))
        self._track_owed(now)
        events += self._refunded_if_all_back(actor=actor, now=now)
        return events

    def _track_owed(self, now: datetime) -> None:
        """``refund_owed_since`` says since when money is owed back: set when the refunds
        fall short of the target, cleared as soon as they meet it (whoever refunded)."""
        r = self.record
        if r.refunded_minor >= r.refund_requested_minor:
            r.refund_owed_since = None
        else:
            r.refund_owed_since = r.refund_owed_since or now

    def _refunded_if_all_back(self, *, actor: str, now: datetime) -> list[Event]:
        target = self.record.refund_requested_minor
        if (
            self.status in (Status.REFUND_DUE, Status.CANCELLED)
            and target > 0
            and self.record.refunded_minor >= target
        ):
            return self._move(Status.REFUNDED, actor=actor, reason="refund completed", now=now)
        return []

    def _invoice(self, milestone: MilestoneRecord, now: datetime, due_days: int) -> list[Event]:
        if milestone.amount_minor == 0:
            # a share that rounds to nothing is settled without an invoice
            self._milestone_to(milestone, M.PAID, now)
            milestone.paid_at = now
            return []
        self._milestone_to(milestone, M.INVOICED, now)
        milestone.invoiced_at = now
        milestone.invoice_due_date = milestone.due_date or (now.date() + timedelta(days=due_days))
        return [MilestoneToInvoice(milestone.id), MilestoneNotice(milestone.id, M.INVOICED, now)]

    def invoice_dated(self, milestone_id: str, now: datetime, due_days: int) -> list[Event] | None:
        """A date milestone whose invoicing day has come is invoiced; an invoice past its
        due date becomes overdue. None when neither applies."""
        milestone = self.milestone(milestone_id)
        if milestone.status == M.SCHEDULED:
            return self._invoice(milestone, now, due_days)
        due = milestone.invoice_due_date
        if due and due < now.date() and MILESTONE_LIFECYCLE.allows(milestone.status, M.OVERDUE):
            self._milestone_to(milestone, M.OVERDUE, now)
            return [MilestoneNotice(milestone.id, M.OVERDUE, now)]
        return None

    def invoice_due(self, event: str, now: datetime, due_days: int) -> list[Event]:
        events: list[Event] = []
        for milestone in self.record.milestones:
            if milestone.status == M.SCHEDULED and milestone.due_event == event:
                events += self._invoice(milestone, now, due_days)
        return events

    # ------------------------------------------------------------------ consumer checkout

    def check_payable(self, now: datetime) -> None:
        if self.record.kind != "consumer":
            raise Conflict(
                "Business bookings are paid by invoice, not at checkout.",
                code="not-a-consumer-booking",
            )
        if self.status != Status.HELD:
            raise Conflict(
                f"Only a held booking can be paid; this one is {self.status.value}.",
                code="not-payable",
                current_status=self.status.value,
            )
        if self.record.hold_expires_at is None or self.record.hold_expires_at <= now:
            raise Conflict("The hold on this booking has expired.", code="hold-expired")

    @property
    def is_free(self) -> bool:
        return self.record.total_minor == 0

    def open_checkout(self, now: datetime) -> bool:
        """True when a live Checkout Session exists (checkout answers it again)."""
        r = self.record
        if not (r.payment_id and r.checkout_url and r.checkout_expires_at):
            return False
        if r.checkout_expires_at <= now:
            raise Conflict("The checkout has expired.", code="checkout-expired")
        return True

    def checkout_opened(
        self, *, payment_id: str, url: str, expires_at: datetime, hold_until: datetime
    ) -> None:
        self.record.hold_expires_at = hold_until
        self.record.payment_id = payment_id
        self.record.checkout_url = url
        self.record.checkout_expires_at = expires_at

    def confirm_free(self, *, actor: str, now: datetime) -> list[Event]:
        """A booking that costs nothing is confirmed without a payment (its capacity
        was committed by the caller)."""
        if not self.is_free:
            raise Conflict("This booking has a price; pay it at checkout.", code="not-free")
        return self._move(Status.CONFIRMED, actor=actor, reason="free: no payment needed", now=now)

    def payment_failed(self, payment_id: str) -> bool:
        """The next checkout opens a new payment (``...:checkout:{n+1}``)."""
        r = self.record
        if self.status != Status.HELD or r.payment_id != payment_id:
            return False
        r.checkout_attempt += 1
        r.payment_id = r.checkout_url = None
        r.checkout_expires_at = None
        return True

    # ------------------------------------------------------------------ money in

    def needs_capacity_for(self, payment: PaymentIn) -> Literal["commit", "reallocate"] | None:
        """What the handler must ask the catalog before :meth:`payment_received`."""
        if not self._payment_buys_the_slot(payment):
            return None
        return "commit" if self.status == Status.HELD else "reallocate"

    def _payment_buys_the_slot(self, payment: PaymentIn) -> bool:
        return (
            self.record.kind == "consumer"
            and self.status in (Status.HELD, Status.EXPIRED)
            and payment.currency == self.record.currency
            and payment.amount_minor >= self.record.total_minor
        )

    def payment_received(
        self,
        payment: PaymentIn,
        capacity: Capacity,
        *,
        actor: str,
        now: datetime,
        new_allocations: Sequence[str] = (),
    ) -> list[Event]:
        """Money arrived. It buys the slot if the booking can still have it; otherwise,
        and for anything paid beyond what the booking keeps, it is owed back."""
        r = self.record
        if r.kind != "consumer":
            raise Unprocessable(
                "Business bookings are paid through milestone invoices.",
                code="not-a-consumer-booking",
            )
        if payment.currency != r.currency:
            raise Unprocessable(
                f"A {payment.currency} payment cannot pay a {r.currency} booking.",
                code="currency-mismatch",
            )
        r.paid_minor += payment.amount_minor
        events: list[Event] = []
        buys = self._payment_buys_the_slot(payment)
        if buys and capacity == "committed":
            if self.status == Status.EXPIRED:
                for line, allocation_id in zip(r.lines, new_allocations, strict=True):
                    line.allocation_id = allocation_id
                reason = "paid after the hold expired; capacity re-allocated"
            else:
                reason = "paid"
            r.payment_id = payment.payment_id
            events += self._move(Status.CONFIRMED, actor=actor, reason=reason, now=now)
        elif self.status in (Status.HELD, Status.EXPIRED):
            if not buys:
                reason = "the payment does not match the booking total"
            elif self.status == Status.HELD:
                reason = "paid, but the hold was lost"
            else:
                reason = "paid after the hold expired and the capacity is gone"
            if self.status == Status.HELD:
                events += self._release_holds()
            events += self._move(Status.REFUND_DUE, actor=actor, reason=reason, now=now)
        reason = f"payment {payment.payment_id} on a {self.status.value} booking"
        return events + self._settle_money(reason, actor=actor, now=now)

    def refund_completed(self, amount_minor: int, *, actor: str, now: datetime) -> list[Event]:
        r = self.record
        r.refunded_minor += amount_minor
        self._track_owed(now)
        return self._refunded_if_all_back(actor=actor, now=now)

    def refund_failed(self, amount_minor: int, *, was_completed: bool, now: datetime) -> None:
        """Kept visible on the booking (and in finance's exceptions); finance retries it.
        The target is unchanged, so a retry refunds exactly what is still owed."""
        r = self.record
        r.refund_failed_minor += amount_minor
        if was_completed:  # reported back by the bank after it had succeeded
            r.refunded_minor -= amount_minor
        self._track_owed(now)

    # ------------------------------------------------------------------ cancel, expire

    def cancel(self, *, actor: str, reason: str, now: datetime) -> list[Event]:
        BOOKING_LIFECYCLE.check(self.status, Status.CANCELLED)
        policies.check_cancellable([line.cancellation_cutoff_at for line in self.record.lines], now)
        r = self.record
        was_held = self.status == Status.HELD
        r.cancellation_fee_minor = cancellation_fee(
            r.paid_minor,
            r.total_minor,
            [(line.amount_minor, line.cancellation_fee_bps) for line in r.lines],
        )
        events = self._move(Status.CANCELLED, actor=actor, reason=reason, now=now)
        events += self._release_holds()
        if was_held:
            events += self._expire_open_checkout()
        events += self._void_open_milestones(f"booking cancelled: {reason}", now)
        return events + self._settle_money(f"cancelled: {reason}", actor=actor, now=now)

    def is_hold_due(self, now: datetime) -> bool:
        expires = self.record.hold_expires_at
        return self.status in (Status.HELD, Status.UNDER_REVIEW) and (
            expires is not None and expires <= now
        )

    def expire(self, *, actor: str, now: datetime) -> list[Event]:
        if not self.is_hold_due(now):
            return []  # paid, cancelled or extended meanwhile
        was_held = self.status == Status.HELD
        events = self._move(Status.EXPIRED, actor=actor, reason="hold expired unpaid", now=now)
        events += self._release_holds()
        if was_held:
            events += self._expire_open_checkout()
        return events

    # ------------------------------------------------------------------ business

    def check_reviewable(self, decision: Literal["approve", "reject"]) -> None:
        if self.record.kind != "business":
            raise Conflict("Only business bookings are reviewed.", code="not-reviewable")
        target = Status.APPROVED if decision == "approve" else Status.REJECTED
        BOOKING_LIFECYCLE.check(self.status, target)

    def approve(
        self,
        *,
        uncleared: Sequence[str],
        hold_until: datetime | None,
        actor: str,
        reason: str,
        now: datetime,
        due_days: int,
    ) -> list[Event]:
        """The milestones are already planned on the booking; the deposit is invoiced."""
        self.check_reviewable("approve")
        if uncleared:
            raise Unprocessable(
                "Every checklist item must be cleared to approve.",
                code="checklist-incomplete",
                errors=[
                    {"field": f"body.checklist.{name}", "message": "not cleared"}
                    for name in uncleared
                ],
            )
        if hold_until is not None:
            self.record.hold_expires_at = hold_until
        events = self._move(Status.APPROVED, actor=actor, reason=reason, now=now)
        return events + self.invoice_due("approval", now, due_days)

    def reject(self, *, actor: str, reason: str, now: datetime) -> list[Event]:
        self.check_reviewable("reject")
        return self._move(Status.REJECTED, actor=actor, reason=reason, now=now) + (
            self._release_holds()
        )

    def business_event(self, event: str, now: datetime, due_days: int) -> list[Event]:
        if self.record.kind != "business" or self.status not in (
            Status.APPROVED,
            Status.CONFIRMED,
            Status.FLOWN,
        ):
            raise Conflict(
                f"A {self.record.kind} booking that is {self.status.value} has no {event} "
                "milestone to invoice.",
                code="no-milestone-due",
            )
        return self.invoice_due(event, now, due_days)

    def milestone(self, milestone_id: str) -> MilestoneRecord:
        found = next((m for m in self.record.milestones if m.id == milestone_id), None)
        if found is None:
            raise NotFound("This booking has no such milestone.", code="milestone-not-found")
        return found

    def deposit_commits_capacity(self, milestone_id: str, event: str) -> bool:
        """Paying the deposit of an approved booking commits its capacity: the handler
        asks the catalog before :meth:`milestone_event`."""
        milestone = self.milestone(milestone_id)
        return (
            event == "paid"
            and milestone.status != M.PAID
            and self.status == Status.APPROVED
            and milestone.position == 1
        )

    def milestone_event(
        self,
        milestone_id: str,
        event: str,
        *,
        amount_minor: int | None,
        invoice_id: str | None,
        occurred_at: datetime | None,
        capacity: Capacity,
        actor: str,
        now: datetime,
    ) -> list[Event]:
        milestone = self.milestone(milestone_id)
        if invoice_id:
            milestone.invoice_id = invoice_id
        milestone.updated_at = now
        if event == "paid" and milestone.status != M.PAID:
            return self._milestone_paid(
                milestone, amount_minor, occurred_at, capacity, actor=actor, now=now
            )
        target = {"finalized": M.INVOICED, "voided": M.VOIDED, "overdue": M.OVERDUE}.get(event)
        if target is not None and MILESTONE_LIFECYCLE.allows(milestone.status, target):
            self._milestone_to(milestone, target, now)
            if target == M.OVERDUE:
                return [MilestoneNotice(milestone.id, M.OVERDUE, now)]
        return []

    def _milestone_paid(
        self,
        milestone: MilestoneRecord,
        amount_minor: int | None,
        occurred_at: datetime | None,
        capacity: Capacity,
        *,
        actor: str,
        now: datetime,
    ) -> list[Event]:
        amount = milestone.amount_minor if amount_minor is None else amount_minor
        if milestone.status == M.VOIDED:
            # Paid after its invoice was voided: the money counts, and is owed back below.
            milestone.paid_minor += amount
        else:
            self._milestone_to(milestone, M.PAID, now)
            milestone.paid_minor = amount
        milestone.paid_at = occurred_at or now
        self.record.paid_minor += amount
        events: list[Event] = []
        if capacity == "committed":
            events += self._move(Status.CONFIRMED, actor=actor, reason="deposit paid", now=now)
        elif capacity == "gone":
            reason = "deposit paid, but the held capacity is gone"
            events += self._void_open_milestones(reason, now)
            events += self._move(Status.REFUND_DUE, actor=actor, reason=reason, now=now)
        reason = f"milestone {milestone.id} paid on a {self.status.value} booking"
        return events + self._settle_money(reason, actor=actor, now=now)

    # ------------------------------------------------------------------ mission events

    # Which bookings a mission event moves.
    MISSION_EVENT_AFFECTS: dict[str, frozenset[Status]] = {
        "launched": frozenset({Status.CONFIRMED, Status.APPROVED}),
        "landed": frozenset({Status.CONFIRMED, Status.FLOWN}),
        "lost": frozenset({Status.CONFIRMED, Status.FLOWN}),
        "cancelled": frozenset(
            {Status.HELD, Status.UNDER_REVIEW, Status.APPROVED, Status.CONFIRMED}
        ),
    }

    def apply_mission_event(
        self, mission_status: str, *, mission_id: str, now: datetime, due_days: int
    ) -> list[Event]:
        if self.status not in self.MISSION_EVENT_AFFECTS.get(mission_status, frozenset()):
            return []
        actor = f"catalog:mission-{mission_status}"
        reason = f"mission {mission_id} {mission_status}"
        events: list[Event] = []
        if mission_status == "launched":
            if self.status == Status.CONFIRMED:
                events += self._move(Status.FLOWN, actor=actor, reason=reason, now=now)
            events += self.invoice_due("launch", now, due_days)
        elif mission_status == "landed":
            if self.status == Status.CONFIRMED:  # missed the launch: catch up
                events += self._move(Status.FLOWN, actor=actor, reason=reason, now=now)
            events += self._move(Status.DELIVERED, actor=actor, reason=reason, now=now)
            events += self.invoice_due("landing", now, due_days)
        elif mission_status == "lost":
            events += self._move(Status.MISSION_LOST, actor=actor, reason=reason, now=now)
            events += self._void_open_milestones(reason, now)
        else:  # cancelled: unpaid bookings are cancelled; paid ones are owed it all back
            events += self._release_holds()
            events += self._void_open_milestones(reason, now)
            if self.status == Status.HELD:
                events += self._expire_open_checkout()
            target = Status.REFUND_DUE if self.record.paid_minor > 0 else Status.CANCELLED
            events += self._move(target, actor=actor, reason=reason, now=now)
        return events + self._settle_money(reason, actor=actor, now=now)
