"""The booking saga: the domain rules applied over the database, the catalog and payments.

Each operation runs in one database transaction that locks the booking row (so a payment
report, the expiry worker and a cancellation never interleave on one booking), moves the
status only through the transition table, writes the status history, and puts every call
that must survive a crash (releases, refunds, invoices, checkout expiry) in the outbox of
the same transaction. Synchronous calls to the catalog are made only where the caller
needs the answer now (holds at creation, commits when money arrives).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client import Counter
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import CatalogClient, commit_path, release_path
from booking.clients.payments import (
    INVOICES_PATH,
    REFUNDS_PATH,
    PaymentsClient,
    expire_payment_path,
)
from booking.config import Settings
from booking.domain import policies
from booking.domain.money import cancellation_fee
from booking.domain.states import Status, check_transition
from booking.models import (
    Booking,
    BookingLine,
    FeedCursor,
    Milestone,
    PaymentSeen,
    RefundSeen,
    Review,
    StatusChange,
    outbox_messages,
)
from booking.schemas import (
    BookingCreate,
    MilestoneEventIn,
    PaymentFailedIn,
    PaymentSucceededIn,
    RefundCompletedIn,
    ReviewIn,
)
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound, Problem, ServiceUnavailable, Unprocessable
from lpx_common.ids import new_id
from lpx_common.outbox import OutboxRelay, enqueue
from lpx_common.pagination import keyset_page

log = logging.getLogger("booking.service")

TRANSITIONS_MADE = Counter(
    "booking_transitions_total", "Booking status changes", ["from_status", "to_status"]
)

MISSION_EVENTS_FEED = "catalog-mission-events"
SYSTEM = "system:booking"


@dataclass(frozen=True)
class ListFilters:
    status: Status | None = None
    mission_id: str | None = None
    offering_id: str | None = None
    updated_since: datetime | None = None


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class BookingService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        catalog: CatalogClient,
        payments: PaymentsClient,
        relay: OutboxRelay | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalog = catalog
        self.payments = payments
        self.relay = relay

    # ----------------------------------------------------------------- helpers

    def _wake_relay(self) -> None:
        if self.relay is not None:
            self.relay.notify()

    async def _locked(self, session: AsyncSession, booking_id: str) -> Booking:
        booking = await session.scalar(
            select(Booking).where(Booking.id == booking_id).with_for_update()
        )
        if booking is None:
            raise NotFound("No such booking.", code="booking-not-found")
        return booking

    async def _locked_visible(
        self, session: AsyncSession, principal: Principal, booking_id: str
    ) -> Booking:
        booking = await self._locked(session, booking_id)
        if not policies.can_see(principal, booking.customer_id, booking.partner_id):
            raise NotFound("No such booking.", code="booking-not-found")
        return booking

    def _move(
        self,
        session: AsyncSession,
        booking: Booking,
        target: Status,
        *,
        actor: str,
        reason: str,
        now: datetime | None = None,
    ) -> None:
        check_transition(booking.status, target)
        now = now or utcnow()
        TRANSITIONS_MADE.labels(booking.status, target.value).inc()
        log.info("booking %s: %s -> %s (%s)", booking.id, booking.status, target.value, reason)
        session.add(
            StatusChange(
                booking_id=booking.id,
                from_status=booking.status,
                to_status=target.value,
                at=now,
                actor=actor,
                reason=reason,
            )
        )
        booking.status = target.value
        self._touch(booking, now)

    @staticmethod
    def _touch(booking: Booking, now: datetime | None = None) -> None:
        booking.updated_at = now or utcnow()
        booking.version += 1

    async def _release_holds(self, session: AsyncSession, allocation_ids: Sequence[str]) -> None:
        for allocation_id in allocation_ids:
            await enqueue(
                session,
                outbox_messages,
                destination="catalog",
                path=release_path(allocation_id),
                payload={},
            )

    async def _release_lines(self, session: AsyncSession, booking: Booking) -> None:
        await self._release_holds(
            session, [line.allocation_id for line in booking.lines if line.allocation_id]
        )

    async def _request_refund(
        self, session: AsyncSession, booking: Booking, amount_minor: int, reason: str
    ) -> None:
        if amount_minor <= 0:
            return
        booking.refund_requested_minor += amount_minor
        await enqueue(
            session,
            outbox_messages,
            destination="payments",
            path=REFUNDS_PATH,
            payload={
                "booking_id": booking.id,
                "amount_minor": amount_minor,
                "reason": reason[:500],
            },
        )

    async def _expire_checkout(self, session: AsyncSession, booking: Booking) -> None:
        """An open Checkout Session must not take money for a slot that is gone."""
        if booking.payment_id:
            await enqueue(
                session,
                outbox_messages,
                destination="payments",
                path=expire_payment_path(booking.payment_id),
                payload={"booking_id": booking.id},
            )

    async def _commit_lines(self, session: AsyncSession, booking: Booking) -> None:
        """Commit the booking's holds now if the catalog answers, else via the outbox.

        A refusal (409: the hold is gone and so is the capacity) propagates to the
        caller, who turns it into a refund.
        """
        allocation_ids = [line.allocation_id for line in booking.lines if line.allocation_id]
        try:
            for allocation_id in allocation_ids:
                await self.catalog.commit(allocation_id)
        except ServiceUnavailable:
            log.warning("catalog down: committing %s through the outbox", booking.id)
            for allocation_id in allocation_ids:
                await enqueue(
                    session,
                    outbox_messages,
                    destination="catalog",
                    path=commit_path(allocation_id),
                    payload={},
                )

    # ----------------------------------------------------------------- create

    async def create(self, principal: Principal, body: BookingCreate) -> Booking:
        offerings: dict[str, dict[str, Any]] = {}
        for line in body.lines:
            if line.offering_id not in offerings:
                offerings[line.offering_id] = await self.catalog.offering(line.offering_id)
        audiences = {o["audience"] for o in offerings.values()}
        missions = {o["mission_id"] for o in offerings.values()}
        if len(audiences) != 1:
            raise Unprocessable(
                "All lines of a booking must be for the same audience (consumer or business).",
                code="mixed-audience",
            )
        if len(missions) != 1:
            raise Unprocessable(
                "All lines of a booking must be on the same mission.", code="mixed-missions"
            )
        kind = audiences.pop()
        if kind == "business" and body.business is None:
            raise Unprocessable(
                "A business booking needs the company and the payload's interface data.",
                code="business-details-required",
                errors=[{"field": "body.business", "message": "required for business offerings"}],
            )
        if kind == "business" and body.business is not None:
            room = sum(
                line.quantity * int(offerings[line.offering_id].get("unit_mass_grams") or 0)
                for line in body.lines
            )
            if body.business.payload.mass_grams > room:
                raise Unprocessable(
                    f"The payload ({body.business.payload.mass_grams} g) is heavier than the "
                    f"mass booked ({room} g).",
                    code="payload-too-heavy",
                    errors=[{"field": "body.business.payload.mass_grams", "message": "too heavy"}],
                )
        if kind == "consumer" and body.business is not None:
            raise Unprocessable(
                "Consumer offerings take no business block.",
                code="unexpected-business-details",
                errors=[{"field": "body.business", "message": "not for consumer offerings"}],
            )
        prices: list[int] = []
        for i, line in enumerate(body.lines):
            price = (offerings[line.offering_id].get("prices") or {}).get(body.currency)
            if not isinstance(price, int):
                raise Unprocessable(
                    f"Offering {line.offering_id} has no price in {body.currency}.",
                    code="price-unavailable",
                    errors=[{"field": f"body.lines.{i}.offering_id", "message": "no price"}],
                )
            prices.append(price)
        mission_id = missions.pop()
        mission = await self.catalog.mission(mission_id)
        launch_start = mission.get("launch_window_start")

        booking_id = new_id("bkg")
        holds: list[dict[str, Any]] = []
        try:
            for n, line in enumerate(body.lines, start=1):
                offering = offerings[line.offering_id]
                ttl = (
                    self.settings.hold_ttl_seconds
                    if kind == "consumer"
                    else max(1, int(offering.get("review_hold_days") or 1)) * 86_400
                )
                holds.append(
                    await self.catalog.hold(
                        reference=f"{booking_id}:{n}",
                        offering_id=line.offering_id,
                        quantity=line.quantity,
                        ttl_seconds=ttl,
                    )
                )
        except Problem:
            # Nothing half-made: no booking row, and the holds already taken go back
            # (through the outbox, so a crash right now does not strand them). A hold the
            # catalog made without us learning of it simply expires with its TTL.
            if holds:
                async with self.db.transaction() as session:
                    await self._release_holds(session, [h["id"] for h in holds])
                self._wake_relay()
            raise

        now = utcnow()
        status = Status.HELD if kind == "consumer" else Status.UNDER_REVIEW
        lines = []
        for n, (line, price, hold) in enumerate(zip(body.lines, prices, holds, strict=True), 1):
            offering = offerings[line.offering_id]
            cutoff = (
                policies.cancellation_cutoff(
                    _parse_time(launch_start), int(offering.get("cancellation_cutoff_days") or 0)
                )
                if launch_start
                else None
            )
            lines.append(
                BookingLine(
                    line_no=n,
                    offering_id=line.offering_id,
                    mission_id=mission_id,
                    sku=str(offering.get("sku", "")),
                    name=str(offering.get("name", "")),
                    quantity=line.quantity,
                    unit_price_minor=price,
                    amount_minor=price * line.quantity,
                    allocation_id=hold["id"],
                    cancellation_cutoff_at=cutoff,
                    cancellation_fee_bps=int(offering.get("cancellation_fee_bps") or 0),
                )
            )
        booking = Booking(
            id=booking_id,
            kind=kind,
            status=status.value,
            currency=body.currency,
            total_minor=sum(line.amount_minor for line in lines),
            mission_id=mission_id,
            customer_id=principal.subject if principal.kind == "customer" else None,
            partner_id=(principal.partner_id or principal.subject)
            if principal.kind == "partner"
            else None,
            created_by=policies.actor_of(principal),
            contact_name=body.contact.name,
            contact_email=body.contact.email,
            company=body.business.company.model_dump() if body.business else None,
            payload=body.business.payload.model_dump() if body.business else None,
            hold_expires_at=min(_parse_time(h["expires_at"]) for h in holds),
            checkout_attempt=1,
            paid_minor=0,
            refund_requested_minor=0,
            refunded_minor=0,
            cancellation_fee_minor=0,
            version=1,
            created_at=now,
            updated_at=now,
            lines=lines,
            milestones=[],
        )
        try:
            async with self.db.transaction() as session:
                session.add(booking)
                session.add(
                    StatusChange(
                        booking_id=booking_id,
                        from_status=None,
                        to_status=status.value,
                        at=now,
                        actor=policies.actor_of(principal),
                        reason="booking created",
                    )
                )
        except Exception:
            async with self.db.transaction() as session:
                await self._release_holds(session, [h["id"] for h in holds])
            self._wake_relay()
            raise
        return booking

    # ----------------------------------------------------------------- reads

    async def get(self, principal: Principal, booking_id: str) -> Booking:
        async with self.db.read() as session:
            booking = await session.get(Booking, booking_id)
        if booking is None or not policies.can_see(
            principal, booking.customer_id, booking.partner_id
        ):
            raise NotFound("No such booking.", code="booking-not-found")
        return booking

    async def history(self, principal: Principal, booking_id: str) -> list[StatusChange]:
        await self.get(principal, booking_id)
        async with self.db.read() as session:
            rows = await session.scalars(
                select(StatusChange)
                .where(StatusChange.booking_id == booking_id)
                .order_by(StatusChange.id)
            )
            return list(rows)

    async def list_bookings(
        self, principal: Principal, filters: ListFilters, *, limit: int, cursor: str | None
    ) -> tuple[list[Booking], str | None]:
        scope = policies.read_scope(principal)
        stmt = select(Booking)
        if scope.customer_id is not None:
            stmt = stmt.where(Booking.customer_id == scope.customer_id)
        if scope.partner_id is not None:
            stmt = stmt.where(Booking.partner_id == scope.partner_id)
        if filters.status is not None:
            stmt = stmt.where(Booking.status == filters.status.value)
        if filters.mission_id is not None:
            stmt = stmt.where(Booking.mission_id == filters.mission_id)
        if filters.offering_id is not None:
            stmt = stmt.where(
                exists().where(
                    BookingLine.booking_id == Booking.id,
                    BookingLine.offering_id == filters.offering_id,
                )
            )
        if filters.updated_since is not None:
            stmt = stmt.where(Booking.updated_at >= filters.updated_since)
        async with self.db.read() as session:
            return await keyset_page(session, stmt, [Booking.id], limit=limit, cursor=cursor)

    # ----------------------------------------------------------------- checkout

    async def checkout(self, principal: Principal, booking_id: str) -> dict[str, Any]:
        """Start (or return the open) payment for a held consumer booking.

        The row stays locked while the catalog extends the hold and payments opens the
        session, so the expiry worker cannot expire the booking half-way. If payments is
        down the transaction rolls back: the booking is unchanged (the catalog hold may
        have been stretched, which only keeps the seat a little longer).
        """
        settings = self.settings
        async with self.db.transaction() as session:
            booking = await self._locked_visible(session, principal, booking_id)
            if booking.kind != "consumer":
                raise Conflict(
                    "Business bookings are paid by invoice, not at checkout.",
                    code="not-a-consumer-booking",
                )
            if booking.status != Status.HELD:
                raise Conflict(
                    f"Only a held booking can be paid; this one is {booking.status}.",
                    code="not-payable",
                    current_status=booking.status,
                )
            now = utcnow()
            if booking.hold_expires_at is None or booking.hold_expires_at <= now:
                raise Conflict("The hold on this booking has expired.", code="hold-expired")
            if booking.payment_id and booking.checkout_url and booking.checkout_expires_at:
                if booking.checkout_expires_at <= now:
                    raise Conflict("The checkout has expired.", code="checkout-expired")
                return {
                    "payment_id": booking.payment_id,
                    "checkout_url": booking.checkout_url,
                    "expires_at": booking.checkout_expires_at,
                }
            hold_until = booking.hold_expires_at
            if hold_until - now < timedelta(seconds=settings.checkout_hold_seconds):
                extended = [
                    await self.catalog.extend(line.allocation_id, settings.checkout_hold_seconds)
                    for line in booking.lines
                    if line.allocation_id
                ]
                hold_until = min(_parse_time(a["expires_at"]) for a in extended)
            session_expires = hold_until - timedelta(
                seconds=settings.checkout_session_margin_seconds
            )
            payment = await self.payments.start_payment(
                {
                    "booking_id": booking.id,
                    "amount_minor": booking.total_minor,
                    "currency": booking.currency,
                    "expires_at": session_expires.isoformat(),
                    "customer_email": booking.contact_email,
                    "description": ", ".join(
                        f"{line.quantity} x {line.name}" for line in booking.lines
                    )[:500],
                    "success_url": settings.checkout_success_url.format(booking_id=booking.id),
                    "cancel_url": settings.checkout_cancel_url.format(booking_id=booking.id),
                },
                idempotency_key=f"booking:{booking.id}:checkout:{booking.checkout_attempt}",
            )
            expires_at = _parse_time(payment["expires_at"]) if payment.get("expires_at") else None
            booking.hold_expires_at = hold_until
            booking.payment_id = str(payment["id"])
            booking.checkout_url = str(payment.get("checkout_url") or "")
            booking.checkout_expires_at = expires_at or session_expires
            self._touch(booking, now)
            return {
                "payment_id": booking.payment_id,
                "checkout_url": booking.checkout_url,
                "expires_at": booking.checkout_expires_at,
            }

    # ----------------------------------------------------------------- money in

    async def payment_succeeded(
        self, caller: Principal, booking_id: str, body: PaymentSucceededIn
    ) -> Booking:
        actor = policies.actor_of(caller)
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            if await session.get(PaymentSeen, body.payment_id) is not None:
                return booking  # the same payment reported twice changes nothing
            if booking.kind != "consumer":
                raise Unprocessable(
                    "Business bookings are paid through milestone invoices.",
                    code="not-a-consumer-booking",
                )
            seen = PaymentSeen(
                payment_id=body.payment_id,
                booking_id=booking.id,
                amount_minor=body.amount_minor,
                currency=body.currency,
                outcome="applied",
                paid_at=body.paid_at,
                created_at=utcnow(),
            )
            session.add(seen)
            mismatch = body.currency != booking.currency or body.amount_minor < booking.total_minor
            if booking.status not in (Status.HELD, Status.EXPIRED):
                # Money for a booking that can no longer be given a slot goes back.
                seen.outcome = "refunded"
                await self._request_refund(
                    session,
                    booking,
                    body.amount_minor,
                    f"payment {body.payment_id} arrived for a {booking.status} booking",
                )
            elif mismatch:
                seen.outcome = "refunded"
                await self._to_refund_due(
                    session, booking, body, actor, "payment does not match the booking total"
                )
            elif booking.status == Status.HELD:
                try:
                    await self._commit_lines(session, booking)
                except Conflict:
                    seen.outcome = "refunded"
                    await self._to_refund_due(
                        session, booking, body, actor, "paid, but the hold was lost"
                    )
                else:
                    booking.paid_minor += body.amount_minor
                    booking.payment_id = body.payment_id
                    self._move(session, booking, Status.CONFIRMED, actor=actor, reason="paid")
            else:
                await self._late_payment(session, booking, body, seen, actor)
        self._wake_relay()
        return booking

    async def _to_refund_due(
        self,
        session: AsyncSession,
        booking: Booking,
        body: PaymentSucceededIn,
        actor: str,
        reason: str,
    ) -> None:
        if booking.status == Status.HELD:
            await self._release_lines(session, booking)
        self._move(session, booking, Status.REFUND_DUE, actor=actor, reason=reason)
        await self._request_refund(session, booking, body.amount_minor, reason)

    async def _late_payment(
        self,
        session: AsyncSession,
        booking: Booking,
        body: PaymentSucceededIn,
        seen: PaymentSeen,
        actor: str,
    ) -> None:
        """Money after the hold expired: take fresh holds and commit them if capacity is
        left, otherwise refund. A catalog outage propagates as 503, so payments' outbox
        retries the message later (nothing here is stored until it succeeds)."""
        new_holds: list[dict[str, Any]] = []
        try:
            for line in booking.lines:
                new_holds.append(
                    await self.catalog.hold(
                        reference=f"{booking.id}:{line.line_no}:late:{body.payment_id}",
                        offering_id=line.offering_id,
                        quantity=line.quantity,
                        ttl_seconds=self.settings.hold_ttl_seconds,
                    )
                )
            for hold in new_holds:
                await self.catalog.commit(hold["id"])
        except (Conflict, Unprocessable) as refusal:
            await self._release_holds(session, [h["id"] for h in new_holds])
            seen.outcome = "refunded"
            await self._to_refund_due(
                session,
                booking,
                body,
                actor,
                f"paid after the hold expired and the capacity is gone ({refusal.detail})",
            )
            return
        for line, hold in zip(booking.lines, new_holds, strict=True):
            line.allocation_id = hold["id"]
        booking.paid_minor += body.amount_minor
        booking.payment_id = body.payment_id
        self._move(
            session,
            booking,
            Status.CONFIRMED,
            actor=actor,
            reason="paid after the hold expired; capacity re-allocated",
        )

    async def payment_failed(
        self, caller: Principal, booking_id: str, body: PaymentFailedIn
    ) -> Booking:
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            if booking.status == Status.HELD and booking.payment_id == body.payment_id:
                # The next checkout opens a new payment (`...:checkout:{n+1}`).
                booking.checkout_attempt += 1
                booking.payment_id = None
                booking.checkout_url = None
                booking.checkout_expires_at = None
                self._touch(booking)
        return booking

    async def refund_completed(
        self, caller: Principal, booking_id: str, body: RefundCompletedIn
    ) -> Booking:
        actor = policies.actor_of(caller)
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            if await session.get(RefundSeen, body.refund_id) is not None:
                return booking
            session.add(
                RefundSeen(
                    refund_id=body.refund_id,
                    booking_id=booking.id,
                    payment_id=body.payment_id,
                    amount_minor=body.amount_minor,
                    currency=body.currency,
                    created_at=utcnow(),
                )
            )
            booking.refunded_minor += body.amount_minor
            self._touch(booking)
            owed = booking.refund_requested_minor
            if (
                booking.status in (Status.REFUND_DUE, Status.CANCELLED)
                and owed > 0
                and booking.refunded_minor >= owed
            ):
                self._move(
                    session, booking, Status.REFUNDED, actor=actor, reason="refund completed"
                )
        return booking

    # ----------------------------------------------------------------- cancel

    async def cancel(self, principal: Principal, booking_id: str, reason: str) -> Booking:
        actor = policies.actor_of(principal)
        async with self.db.transaction() as session:
            booking = await self._locked_visible(session, principal, booking_id)
            check_transition(booking.status, Status.CANCELLED)
            now = utcnow()
            policies.check_cancellable([line.cancellation_cutoff_at for line in booking.lines], now)
            fee = cancellation_fee(
                booking.paid_minor,
                booking.total_minor,
                [(line.amount_minor, line.cancellation_fee_bps) for line in booking.lines],
            )
            was_held = booking.status == Status.HELD
            self._move(session, booking, Status.CANCELLED, actor=actor, reason=reason, now=now)
            await self._release_lines(session, booking)
            if was_held:
                await self._expire_checkout(session, booking)
            self._void_open_milestones(booking, now)
            booking.cancellation_fee_minor = fee
            await self._request_refund(
                session,
                booking,
                booking.paid_minor - booking.refund_requested_minor - fee,
                f"cancelled by the buyer: {reason}"[:500],
            )
        self._wake_relay()
        return booking

    # ----------------------------------------------------------------- business

    async def review(self, principal: Principal, booking_id: str, body: ReviewIn) -> Booking:
        actor = policies.actor_of(principal)
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            if booking.kind != "business":
                raise Conflict("Only business bookings are reviewed.", code="not-reviewable")
            target = Status.APPROVED if body.decision == "approve" else Status.REJECTED
            check_transition(booking.status, target)
            now = utcnow()
            if target == Status.APPROVED:
                missing = [name for name, ok in body.checklist.model_dump().items() if not ok]
                if missing:
                    raise Unprocessable(
                        "Every checklist item must be cleared to approve.",
                        code="checklist-incomplete",
                        errors=[
                            {"field": f"body.checklist.{name}", "message": "not cleared"}
                            for name in missing
                        ],
                    )
                plan = policies.plan_schedule(
                    booking.total_minor,
                    [(s.label, s.percent_bps, s.due_event, s.due_date) for s in body.schedule]
                    if body.schedule
                    else None,
                )
                for position, item in enumerate(plan, start=1):
                    booking.milestones.append(
                        Milestone(
                            id=new_id("mst"),
                            booking_id=booking.id,
                            position=position,
                            label=item.label,
                            percent_bps=item.percent_bps,
                            amount_minor=item.amount_minor,
                            due_event=item.due_event,
                            due_date=item.due_date,
                            status="scheduled",
                            paid_minor=0,
                            updated_at=now,
                        )
                    )
                # Keep the capacity while the deposit invoice is open (the review hold
                # may be nearly used up); a catalog refusal or outage aborts the approval.
                ttl = self.settings.approval_hold_days * 86_400
                extended = [
                    await self.catalog.extend(line.allocation_id, ttl)
                    for line in booking.lines
                    if line.allocation_id
                ]
                if extended:
                    booking.hold_expires_at = min(_parse_time(a["expires_at"]) for a in extended)
                self._move(session, booking, target, actor=actor, reason=body.reason, now=now)
                await self._invoice_due(session, booking, "approval", now)
            else:
                self._move(session, booking, target, actor=actor, reason=body.reason, now=now)
                await self._release_lines(session, booking)
            session.add(
                Review(
                    id=new_id("rvw"),
                    booking_id=booking.id,
                    decision=body.decision,
                    reason=body.reason,
                    reviewer=actor,
                    created_at=now,
                    **body.checklist.model_dump(),
                )
            )
        self._wake_relay()
        return booking

    async def business_event(self, principal: Principal, booking_id: str, event: str) -> Booking:
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            if booking.kind != "business" or booking.status not in (
                Status.APPROVED,
                Status.CONFIRMED,
                Status.FLOWN,
            ):
                raise Conflict(
                    f"A {booking.kind} booking that is {booking.status} has no {event} "
                    "milestone to invoice.",
                    code="no-milestone-due",
                )
            await self._invoice_due(session, booking, event, utcnow())
            self._touch(booking)
        self._wake_relay()
        return booking

    async def _invoice_due(
        self, session: AsyncSession, booking: Booking, event: str, now: datetime
    ) -> None:
        for milestone in booking.milestones:
            if milestone.status == "scheduled" and milestone.due_event == event:
                await self._invoice(session, booking, milestone, now)

    async def _invoice(
        self, session: AsyncSession, booking: Booking, milestone: Milestone, now: datetime
    ) -> None:
        if milestone.amount_minor == 0:
            # a share that rounds to nothing is settled without an invoice
            milestone.status = "paid"
            milestone.paid_at = now
            milestone.updated_at = now
            return
        due = milestone.due_date or (now.date() + timedelta(days=self.settings.invoice_due_days))
        milestone.status = "invoiced"
        milestone.invoiced_at = now
        milestone.invoice_due_date = due
        milestone.updated_at = now
        company = booking.company or {}
        await enqueue(
            session,
            outbox_messages,
            destination="payments",
            path=INVOICES_PATH,
            payload={
                "booking_id": booking.id,
                "milestone_id": milestone.id,
                "label": milestone.label,
                "amount_minor": milestone.amount_minor,
                "currency": booking.currency,
                "due_date": due.isoformat(),
                "company": {
                    "name": company.get("name", booking.contact_name),
                    "email": company.get("email", booking.contact_email),
                },
            },
        )

    @staticmethod
    def _void_open_milestones(booking: Booking, now: datetime) -> None:
        for milestone in booking.milestones:
            if milestone.status in ("scheduled", "invoiced", "overdue"):
                milestone.status = "voided"
                milestone.updated_at = now

    async def milestone_event(
        self, caller: Principal, booking_id: str, body: MilestoneEventIn
    ) -> Booking:
        actor = policies.actor_of(caller)
        async with self.db.transaction() as session:
            booking = await self._locked(session, booking_id)
            milestone = next((m for m in booking.milestones if m.id == body.milestone_id), None)
            if milestone is None:
                raise NotFound("This booking has no such milestone.", code="milestone-not-found")
            now = utcnow()
            if body.invoice_id:
                milestone.invoice_id = body.invoice_id
            if body.event == "paid" and milestone.status != "paid":
                amount = milestone.amount_minor if body.amount_minor is None else body.amount_minor
                milestone.status = "paid"
                milestone.paid_minor = amount
                milestone.paid_at = body.occurred_at or now
                booking.paid_minor += amount
                if booking.status == Status.APPROVED and milestone.position == 1:
                    try:
                        await self._commit_lines(session, booking)
                    except Conflict:
                        self._void_open_milestones(booking, now)
                        self._move(
                            session,
                            booking,
                            Status.REFUND_DUE,
                            actor=actor,
                            reason="deposit paid, but the held capacity is gone",
                        )
                        await self._request_refund(
                            session, booking, amount, "deposit paid for capacity that is gone"
                        )
                    else:
                        self._move(
                            session, booking, Status.CONFIRMED, actor=actor, reason="deposit paid"
                        )
                elif booking.status in (
                    Status.CANCELLED,
                    Status.REJECTED,
                    Status.EXPIRED,
                    Status.REFUND_DUE,
                    Status.REFUNDED,
                ):
                    await self._request_refund(
                        session, booking, amount, f"milestone paid on a {booking.status} booking"
                    )
            elif body.event == "finalized" and milestone.status == "scheduled":
                milestone.status = "invoiced"
            elif body.event == "voided" and milestone.status != "paid":
                milestone.status = "voided"
            elif body.event == "overdue" and milestone.status in ("scheduled", "invoiced"):
                milestone.status = "overdue"
            milestone.updated_at = now
            self._touch(booking, now)
        self._wake_relay()
        return booking

    # ----------------------------------------------------------------- workers

    async def expire_due_holds(self, limit: int = 100) -> int:
        """Held (and unreviewed) bookings past their hold become expired; their holds are
        released and an open checkout is expired at payments. The catalog already ignores
        expired holds, so this is tidy-up and bookkeeping, not what keeps capacity right."""
        now = utcnow()
        async with self.db.read() as session:
            due = list(
                await session.scalars(
                    select(Booking.id)
                    .where(
                        Booking.status.in_([Status.HELD.value, Status.UNDER_REVIEW.value]),
                        Booking.hold_expires_at <= now,
                    )
                    .order_by(Booking.hold_expires_at)
                    .limit(limit)
                )
            )
        expired = 0
        for booking_id in due:
            async with self.db.transaction() as session:
                booking = await self._locked(session, booking_id)
                if booking.status not in (Status.HELD, Status.UNDER_REVIEW) or (
                    booking.hold_expires_at is None or booking.hold_expires_at > utcnow()
                ):
                    continue  # paid, cancelled or extended meanwhile
                was_held = booking.status == Status.HELD
                self._move(
                    session, booking, Status.EXPIRED, actor=SYSTEM, reason="hold expired unpaid"
                )
                await self._release_lines(session, booking)
                if was_held:
                    await self._expire_checkout(session, booking)
                expired += 1
        if expired:
            self._wake_relay()
        return expired

    async def invoice_dated_milestones(self) -> int:
        """Invoice date milestones whose invoicing day has come; mark late ones overdue."""
        now = utcnow()
        today = now.date()
        lead = timedelta(days=self.settings.invoice_lead_days)
        active = [Status.APPROVED.value, Status.CONFIRMED.value, Status.FLOWN.value]
        active.append(Status.DELIVERED.value)
        async with self.db.read() as session:
            rows = list(
                await session.execute(
                    select(Milestone.booking_id, Milestone.id)
                    .join(Booking, Booking.id == Milestone.booking_id)
                    .where(
                        Booking.status.in_(active),
                        (
                            (Milestone.status == "scheduled")
                            & Milestone.due_date.is_not(None)
                            & (Milestone.due_date <= today + lead)
                        )
                        | ((Milestone.status == "invoiced") & (Milestone.invoice_due_date < today)),
                    )
                    .limit(200)
                )
            )
        for booking_id, milestone_id in rows:
            async with self.db.transaction() as session:
                booking = await self._locked(session, booking_id)
                milestone = next(m for m in booking.milestones if m.id == milestone_id)
                if milestone.status == "scheduled":
                    await self._invoice(session, booking, milestone, now)
                elif milestone.status == "invoiced" and (
                    milestone.invoice_due_date and milestone.invoice_due_date < today
                ):
                    milestone.status = "overdue"
                    milestone.updated_at = now
                self._touch(booking, now)
        if rows:
            self._wake_relay()
        return len(rows)

    async def poll_mission_events(self, limit: int = 100) -> int:
        """Read the catalog's mission-events feed after our stored cursor; each event is
        applied in one transaction together with the cursor move, so a restart neither
        loses nor repeats one (the cursor row is locked, so two instances do not either)."""
        async with self.db.read() as session:
            cursor = await session.get(FeedCursor, MISSION_EVENTS_FEED)
            after = cursor.last_seq if cursor else 0
        page = await self.catalog.mission_events(after=after, limit=limit)
        applied = 0
        for event in page.get("items", []):
            async with self.db.transaction() as session:
                cursor = await session.scalar(
                    select(FeedCursor)
                    .where(FeedCursor.name == MISSION_EVENTS_FEED)
                    .with_for_update()
                )
                if cursor is None:
                    cursor = FeedCursor(name=MISSION_EVENTS_FEED, last_seq=0, updated_at=utcnow())
                    session.add(cursor)
                if int(event["seq"]) <= cursor.last_seq:
                    continue
                await self._apply_mission_event(session, event)
                cursor.last_seq = int(event["seq"])
                cursor.updated_at = utcnow()
                applied += 1
        if applied:
            self._wake_relay()
        return applied

    async def _apply_mission_event(self, session: AsyncSession, event: dict[str, Any]) -> None:
        status = event.get("status")
        mission_id = event.get("mission_id")
        actor = f"catalog:mission-{status}"
        affected = {
            "launched": [Status.CONFIRMED, Status.APPROVED],
            "landed": [Status.CONFIRMED, Status.FLOWN],
            "lost": [Status.CONFIRMED, Status.FLOWN],
            "cancelled": [Status.HELD, Status.UNDER_REVIEW, Status.APPROVED, Status.CONFIRMED],
        }.get(str(status))
        if not affected:
            return
        bookings = list(
            await session.scalars(
                select(Booking)
                .where(
                    Booking.mission_id == mission_id,
                    Booking.status.in_([s.value for s in affected]),
                )
                .order_by(Booking.id)
                .with_for_update()
            )
        )
        now = utcnow()
        for booking in bookings:
            reason = f"mission {mission_id} {status}"
            if status == "launched":
                if booking.status == Status.CONFIRMED:
                    self._move(session, booking, Status.FLOWN, actor=actor, reason=reason, now=now)
                await self._invoice_due(session, booking, "launch", now)
            elif status == "landed":
                if booking.status == Status.CONFIRMED:  # missed the launch: catch up
                    self._move(session, booking, Status.FLOWN, actor=actor, reason=reason, now=now)
                self._move(session, booking, Status.DELIVERED, actor=actor, reason=reason, now=now)
                await self._invoice_due(session, booking, "landing", now)
            elif status == "lost":
                self._move(
                    session, booking, Status.MISSION_LOST, actor=actor, reason=reason, now=now
                )
                self._void_open_milestones(booking, now)
            elif status == "cancelled":
                await self._mission_cancelled(session, booking, actor, reason, now)

    async def _mission_cancelled(
        self, session: AsyncSession, booking: Booking, actor: str, reason: str, now: datetime
    ) -> None:
        """Unpaid bookings are cancelled; paid ones are owed everything back."""
        await self._release_lines(session, booking)
        self._void_open_milestones(booking, now)
        if booking.status == Status.HELD:
            await self._expire_checkout(session, booking)
        if booking.paid_minor > 0:
            self._move(session, booking, Status.REFUND_DUE, actor=actor, reason=reason, now=now)
            await self._request_refund(
                session, booking, booking.paid_minor - booking.refund_requested_minor, reason
            )
        else:
            self._move(session, booking, Status.CANCELLED, actor=actor, reason=reason, now=now)
