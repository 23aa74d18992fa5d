"""Refunds: asked for by booking (a cumulative target per booking), by finance (an amount
of one payment, or a retry of a failed refund), or made outside (Stripe's dashboard);
always within what was captured minus what is refunded or being refunded.

The refund row is committed before Stripe is called, with our Stripe idempotency key
``refund:{id}``; if the call does not get through, a worker submits it again later with
the same key, so Stripe never refunds twice. Status follows Stripe's, forward only.
Whoever asked, every refund of a booking's payment is reported to booking through the
outbox: ``refund-completed`` when it succeeds, ``refund-failed`` when it fails after it
was requested. What happens after a refund succeeded at Stripe (a credit note on the
invoice, the return of bank-transfer money to the customer's bank) is in
:mod:`payments.domain.refund_followups`.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import constant
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.http import path_for
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from payments.clients import notify
from payments.clients.stripe_api import StripeRejected, StripeUnavailable
from payments.domain import ledger
from payments.domain.context import Ports
from payments.domain.states import (
    COUNTED_REFUND_STATUSES,
    REFUND_STATES,
    UNSUCCESSFUL_REFUND_STATUSES,
)
from payments.models import Payment, Refund, outbox_messages

# Stripe's own reason vocabulary; ours is free text kept on our row.
STRIPE_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}


class RefundNotReady(Exception):
    """Stripe reports a refund of a payment we have not recorded as paid yet: the event
    is retried later, after the payment's own event has been processed."""


@dataclass
class TargetOutcome:
    """What a refund target led to: the refunds it created (none when settled)."""

    booking_id: str
    target_minor: int
    currency: str | None
    created: list[Refund] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)


async def get_refund(session: AsyncSession, refund_id: str) -> Refund:
    refund = await session.get(Refund, refund_id)
    if refund is None:
        raise NotFound(f"No refund {refund_id}.", code="refund-not-found")
    return refund


async def refundable_minor(session: AsyncSession, payment: Payment) -> int:
    reserved = await session.scalar(
        select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
            Refund.payment_id == payment.id, Refund.status.in_(COUNTED_REFUND_STATUSES)
        )
    )
    return payment.amount_captured_minor - int(reserved or 0)


def _new_refund(payment: Payment, amount: int, reason: str, requested_by: str) -> Refund:
    now = utcnow()
    return Refund(
        id=new_id("rfd"),
        payment_id=payment.id,
        booking_id=payment.booking_id,
        amount_minor=amount,
        currency=payment.currency,
        status="pending",
        reason=reason,
        requested_by=requested_by,
        notify_booking=True,
        followup_due=payment.invoice_id is not None or payment.method == "customer_balance",
        submit_attempts=0,
        created_at=now,
        updated_at=now,
    )


async def request_refund(
    ports: Ports,
    *,
    payment_id: str,
    amount_minor: int | None,
    reason: str,
    requested_by: str,
) -> Refund:
    """Finance refunds part or all of one payment: reserve the amount, record the
    refund, then submit it to Stripe."""
    if amount_minor is not None and amount_minor <= 0:
        raise Unprocessable("amount_minor must be positive.", code="bad-amount")
    async with ports.db.transaction() as session:
        # The payment row lock serialises every refund decision on this payment.
        payment = await session.scalar(
            select(Payment).where(Payment.id == payment_id).with_for_update()
        )
        if payment is None:
            raise NotFound(f"No payment {payment_id}.", code="payment-not-found")
        if payment.status != "succeeded":
            raise Conflict(
                f"Payment {payment.id} is {payment.status}; only captured money is refunded.",
                code="payment-not-captured",
            )
        refundable = await refundable_minor(session, payment)
        amount = refundable if amount_minor is None else amount_minor
        if refundable <= 0:
            raise Unprocessable(
                f"Payment {payment.id} is already fully refunded.",
                code="nothing-to-refund",
                refundable_minor=0,
            )
        if amount > refundable:
            raise Unprocessable(
                f"At most {refundable} {payment.currency} minor units can still be refunded "
                f"from payment {payment.id}.",
                code="refund-exceeds-refundable",
                refundable_minor=refundable,
            )
        refund = _new_refund(payment, amount, reason, requested_by)
        session.add(refund)
    return await submit_refund(ports, refund.id)


async def refund_to_target(
    ports: Ports, *, booking_id: str, target_minor: int, reason: str, requested_by: str
) -> TargetOutcome:
    """Booking says: when all is done, this booking has been refunded ``target_minor``.

    Under a lock on the booking's payments (the same row locks finance's refunds take),
    the new refund is the target minus what is refunded or being refunded, whoever asked
    for it; nothing when that is zero or less. The amount is taken from the captured
    payments, newest first (card or bank transfer alike).
    """
    async with ports.db.transaction() as session:
        payments = list(
            (
                await session.scalars(
                    select(Payment)
                    .where(Payment.booking_id == booking_id)
                    .order_by(Payment.id)
                    .with_for_update()
                )
            ).all()
        )
        refunds = await _refunds_of(session, booking_id)
        counted = sum(r.amount_minor for r in refunds if r.status in COUNTED_REFUND_STATUSES)
        captured = [p for p in payments if p.status == "succeeded"]
        outcome = TargetOutcome(
            booking_id, target_minor, captured[0].currency if captured else None
        )
        remaining = target_minor - counted
        if remaining <= 0:
            outcome.refunds = refunds
            return outcome
        by_payment: dict[str, int] = {}
        for r in refunds:
            if r.status in COUNTED_REFUND_STATUSES:
                by_payment[r.payment_id] = by_payment.get(r.payment_id, 0) + r.amount_minor
        newest_first = sorted(
            captured, key=lambda p: (p.paid_at or p.created_at, p.id), reverse=True
        )
        available = {p.id: p.amount_captured_minor - by_payment.get(p.id, 0) for p in captured}
        if sum(available.values()) < remaining:
            raise Unprocessable(
                f"Booking {booking_id} should have {target_minor} refunded in total, but only "
                f"{counted + sum(available.values())} was captured and can be refunded.",
                code="refund-exceeds-captured",
                refundable_minor=sum(available.values()),
                refunded_or_pending_minor=counted,
            )
        for payment in newest_first:
            amount = min(remaining, available[payment.id])
            if amount <= 0:
                continue
            refund = _new_refund(payment, amount, reason, requested_by)
            session.add(refund)
            outcome.created.append(refund)
            remaining -= amount
            if remaining == 0:
                break
        # Failed refunds of this booking are now made good by these: finance need not
        # retry them (and cannot, see retry_refund).
        for r in refunds:
            if r.status in UNSUCCESSFUL_REFUND_STATUSES and r.replaced_by_refund_id is None:
                r.replaced_by_refund_id = outcome.created[0].id
                r.updated_at = utcnow()
    submitted = [await submit_refund(ports, r.id) for r in outcome.created]
    outcome.created = submitted
    async with ports.db.read() as session:
        outcome.refunds = await _refunds_of(session, booking_id)
    return outcome


async def _refunds_of(session: AsyncSession, booking_id: str) -> list[Refund]:
    return list(
        (
            await session.scalars(
                select(Refund).where(Refund.booking_id == booking_id).order_by(Refund.id)
            )
        ).all()
    )


async def retry_refund(ports: Ports, refund_id: str, *, requested_by: str) -> Refund:
    """Finance tries a failed (or canceled) refund again: a new refund of the same
    payment and amount (Stripe never revives a failed refund)."""
    async with ports.db.transaction() as session:
        failed = await get_refund(session, refund_id)
        payment = await session.scalar(
            select(Payment).where(Payment.id == failed.payment_id).with_for_update()
        )
        assert payment is not None
        await session.refresh(failed, with_for_update=True)
        if failed.status not in UNSUCCESSFUL_REFUND_STATUSES:
            raise Conflict(
                f"Refund {failed.id} is {failed.status}; only a failed or canceled refund is "
                "retried.",
                code="refund-not-failed",
            )
        if failed.replaced_by_refund_id:
            raise Conflict(
                f"Refund {failed.id} was already made good by {failed.replaced_by_refund_id}.",
                code="refund-already-replaced",
                replaced_by_refund_id=failed.replaced_by_refund_id,
            )
        refundable = await refundable_minor(session, payment)
        if failed.amount_minor > refundable:
            raise Unprocessable(
                f"Only {refundable} can still be refunded from payment {payment.id}.",
                code="refund-exceeds-refundable",
                refundable_minor=refundable,
            )
        retry = _new_refund(payment, failed.amount_minor, failed.reason, requested_by)
        retry.retry_of_refund_id = failed.id
        session.add(retry)
        failed.replaced_by_refund_id = retry.id
        failed.updated_at = utcnow()
    return await submit_refund(ports, retry.id)


async def submit_refund(ports: Ports, refund_id: str) -> Refund:
    """Send a recorded refund to Stripe (again, after a failure: same idempotency key)."""
    async with ports.db.transaction() as session:
        refund = await get_refund(session, refund_id)
        payment = await session.get(Payment, refund.payment_id)
        assert payment is not None
        if refund.stripe_refund_id or refund.status != "pending":
            return refund
        refund.submit_attempts += 1
        refund.updated_at = utcnow()
    params: dict[str, Any] = {
        "amount": refund.amount_minor,
        "metadata": {
            "refund_id": refund.id,
            "payment_id": refund.payment_id,
            "booking_id": refund.booking_id,
        },
        "reason": refund.reason if refund.reason in STRIPE_REASONS else "requested_by_customer",
    }
    if payment.charge_id:
        params["charge"] = payment.charge_id
    else:
        params["payment_intent"] = payment.payment_intent_id
    try:
        stripe_refund = await ports.stripe.create_refund(
            params, idempotency_key=f"refund:{refund.id}"
        )
    except StripeUnavailable:
        return refund  # stays pending and unsubmitted; the worker retries
    except StripeRejected as exc:
        async with ports.db.transaction() as session:
            await session.get(Payment, refund.payment_id, with_for_update=True)
            row = await session.get(Refund, refund.id, with_for_update=True)
            assert row is not None
            if REFUND_STATES.allows(row.status, "failed"):
                row.status, row.failure_reason = "failed", f"stripe: {exc.message}"
                row.failed_at = row.updated_at = utcnow()
                await _report_failure(session, row, payment)
        ports.outbox_written()
        return row
    async with ports.db.transaction() as session:
        row = await apply_stripe_refund(session, stripe_refund)
    ports.outbox_written()
    assert row is not None
    return row


def unsubmitted_query(older_than: timedelta) -> Select[tuple[str]]:
    return select(Refund.id).where(
        Refund.status == constant("pending"),  # a constant: see lpx_common.db.constant
        Refund.stripe_refund_id.is_(None),
        Refund.updated_at <= utcnow() - older_than,
    )


async def unsubmitted_refunds(session: AsyncSession, older_than: timedelta) -> list[str]:
    return list((await session.scalars(unsubmitted_query(older_than))).all())


async def apply_stripe_refund(session: AsyncSession, data: dict[str, Any]) -> Refund | None:
    """Apply a Stripe refund object to our records, forward only, posting the ledger.

    Locks are taken in one order everywhere: the payment, then its refund."""
    refund = await session.scalar(select(Refund).where(Refund.stripe_refund_id == data["id"]))
    metadata = data.get("metadata") or {}
    if refund is None and metadata.get("refund_id") and not metadata.get("cash_return"):
        refund = await session.get(Refund, metadata["refund_id"])
    charge_id = _id(data.get("charge"))
    payment: Payment | None
    if refund is not None:
        payment = await session.scalar(
            select(Payment).where(Payment.id == refund.payment_id).with_for_update()
        )
        await session.refresh(refund, with_for_update=True)
    else:
        if charge_id is None:
            return None  # not a refund of a payment (e.g. a return of a cash balance)
        payment = await session.scalar(
            select(Payment).where(Payment.charge_id == charge_id).with_for_update()
        )
        if payment is None:
            pi = data.get("payment_intent")
            if pi and await session.scalar(
                select(Payment.id).where(Payment.payment_intent_id == pi)
            ):
                raise RefundNotReady(data["id"])
            return None  # not a payment of ours
        if payment.status != "succeeded":
            raise RefundNotReady(data["id"])
        # Another worker may have recorded it meanwhile (we now hold the payment's lock).
        refund = await session.scalar(
            select(Refund).where(Refund.stripe_refund_id == data["id"]).with_for_update()
        )
        if refund is None:
            # Made outside this service (e.g. in Stripe's dashboard): record it all the same.
            refund = _new_refund(
                payment, int(data["amount"]), data.get("reason") or "external", "stripe"
            )
            session.add(refund)
            await session.flush()
    assert payment is not None
    refund.stripe_refund_id = data["id"]
    refund.balance_transaction_id = refund.balance_transaction_id or _id(
        data.get("balance_transaction")
    )
    target = data.get("status") or "pending"
    if target != refund.status and REFUND_STATES.allows(refund.status, target):
        previous = refund.status
        refund.status = target
        refund.updated_at = utcnow()
        if target == "succeeded":
            await _refund_succeeded(session, refund, payment)
        elif target in UNSUCCESSFUL_REFUND_STATUSES:
            refund.failure_reason = data.get("failure_reason") or refund.failure_reason
            refund.failed_at = refund.updated_at
            if previous == "succeeded":
                await _refund_reversed(session, refund, payment, data)
            await _report_failure(session, refund, payment)
    return refund


def _id(value: Any) -> str | None:
    return value.get("id") if isinstance(value, dict) else value


def _booking_message(refund: Refund, payment: Payment) -> dict[str, Any]:
    return {
        "refund_id": refund.id,
        "payment_id": payment.id,
        "amount_minor": refund.amount_minor,
        "currency": refund.currency,
    }


async def _report_failure(session: AsyncSession, refund: Refund, payment: Payment) -> None:
    """Booking was told (or will assume) this money goes back: tell it that it did not."""
    await enqueue(
        session,
        outbox_messages,
        destination="booking",
        path=path_for(
            "/v1/internal/bookings/{booking_id}/refund-failed", booking_id=refund.booking_id
        ),
        payload={
            **_booking_message(refund, payment),
            "reason": (refund.failure_reason or refund.status)[:500],
        },
    )


async def _refund_succeeded(session: AsyncSession, refund: Refund, payment: Payment) -> None:
    refund.succeeded_at = refund.updated_at
    payment.amount_refunded_minor += refund.amount_minor
    payment.updated_at = refund.updated_at
    await ledger.post(
        session,
        kind="refund",
        source_key=f"refund:{refund.id}",
        currency=refund.currency,
        lines=[
            ledger.debit(ledger.CUSTOMER_DEPOSITS, refund.amount_minor),
            ledger.credit(ledger.STRIPE_BALANCE, refund.amount_minor),
        ],
        booking_id=refund.booking_id,
        payment_id=payment.id,
        refund_id=refund.id,
        balance_transaction_id=refund.balance_transaction_id,
        description=f"refund ({refund.reason})",
    )
    await enqueue(
        session,
        outbox_messages,
        destination="booking",
        path=path_for(
            "/v1/internal/bookings/{booking_id}/refund-completed", booking_id=refund.booking_id
        ),
        payload=_booking_message(refund, payment),
    )
    await notify.send_event(
        session,
        type_="refund.completed",
        subject_id=refund.id,
        at=refund.updated_at,
        data={
            "booking_id": refund.booking_id,
            "payment_id": payment.id,
            "refund_id": refund.id,
            "currency": refund.currency,
            "amount_minor": refund.amount_minor,
        },
    )


async def _refund_reversed(
    session: AsyncSession, refund: Refund, payment: Payment, data: dict[str, Any]
) -> None:
    """The issuer returned a refund that had succeeded: the money is ours again."""
    payment.amount_refunded_minor -= refund.amount_minor
    payment.updated_at = refund.updated_at
    await ledger.reverse(
        session,
        f"refund:{refund.id}",
        new_source_key=f"refund:{refund.id}:failed",
        kind="refund_failed",
        balance_transaction_id=_id(data.get("failure_balance_transaction")),
        description=f"refund {refund.id} failed: {refund.failure_reason}",
    )
