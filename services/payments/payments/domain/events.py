"""Stripe webhook events: verified, stored once, then processed in the background.

Receiving only verifies the signature and stores the event under its Stripe id (a
duplicate delivery finds it there and stops). Processing happens later, from the
table, so an event stored just before a crash is still processed after the restart.
Handlers re-read the object from Stripe and apply its current state forward only, so
the order in which events arrive does not matter.
"""

import functools
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import stripe
from prometheus_client import Counter
from sqlalchemy import Update, bindparam, case, or_, select, update
from sqlalchemy.exc import IntegrityError

from lpx_common.clock import utcnow
from lpx_common.db import insert_into, lease_due
from lpx_common.errors import Problem
from payments.clients import notify
from payments.domain import disputes, payments, refunds
from payments.domain.context import Ports
from payments.finance.domain import refund_followups
from payments.models import Payment, StripeEvent

log = logging.getLogger("payments.events")

Handler = Callable[[Ports, dict[str, Any]], Awaitable[str]]


class BadSignature(Problem):
    status, code = 400, "bad-signature"


def _signed_at(signature: str) -> int | None:
    for part in signature.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            return int(value) if value.isdigit() else None
    return None


def verify_and_parse(
    payload: bytes, signature: str | None, secret: str, tolerance: int
) -> dict[str, Any]:
    """Check ``Stripe-Signature`` on the raw body (SDK's verifier, with a tolerance)."""
    if not signature:
        raise BadSignature("The Stripe-Signature header is missing.")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, tolerance)
    except (stripe.SignatureVerificationError, UnicodeDecodeError) as exc:
        raise BadSignature(
            "The webhook signature is not valid or is too old.", code="bad-signature"
        ) from exc
    # The SDK only refuses old timestamps; one from the future is as suspect (a signature
    # made ahead of time to be replayed later), so the tolerance holds both ways.
    signed_at = _signed_at(signature)
    if signed_at is None or signed_at > time.time() + tolerance:
        raise BadSignature("The webhook signature is dated in the future.", code="bad-signature")
    try:
        event = json.loads(text)
    except ValueError as exc:
        raise BadSignature("The webhook body is not JSON.", code="bad-payload") from exc
    if (
        not isinstance(event, dict)
        or not isinstance(event.get("id"), str)
        or not isinstance(event.get("type"), str)
        or not isinstance(event.get("data"), dict)
    ):
        raise BadSignature("The webhook body is not a Stripe event.", code="bad-payload")
    return event


async def store_event(ports: Ports, event: dict[str, Any]) -> bool:
    """Store the event once; returns False when it had been received before."""
    now = utcnow()
    obj = event["data"].get("object") or {}
    row = {
        "id": event["id"],
        "type": event["type"],
        "object_id": obj.get("id") if isinstance(obj, dict) else None,
        "payload": event,
        "stripe_created": int(event.get("created") or 0),
        "received_at": now,
        "available_at": now,
        "attempts": 0,
    }
    try:
        # One statement, committed on its own: the id is the primary key, so a copy
        # received before (or at the same moment) makes it fail instead.
        async with ports.db.autocommit() as conn:
            await conn.execute(insert_into(StripeEvent.__table__), row)
    except IntegrityError:
        return False  # received before: the first copy is the one processed
    return True


# ------------------------------------------------------------------------- handlers
# A payment that succeeded is final (PAYMENT_STATES): a later event about its session or
# intent (Stripe sends several for one payment) cannot move it, so it is not read again
# from Stripe. Refunds and disputes have events of their own.
FINAL = "succeeded"


async def _checkout_session(ports: Ports, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    async with ports.db.read() as session:
        status = await session.scalar(
            select(Payment.status).where(Payment.checkout_session_id == obj["id"])
        )
    if status == FINAL:
        return f"payment {FINAL}"
    payment = await payments.sync_from_stripe(ports, obj["id"])
    return f"payment {payment.status}" if payment else "not ours"


# The payment an intent belongs to: the one that recorded it, else the one its metadata
# names (before the session's completion recorded it). One read, outside a transaction.
_PAYMENT_OF_INTENT = (
    select(Payment)
    .where(or_(Payment.payment_intent_id == bindparam("intent"), Payment.id == bindparam("named")))
    .order_by(case((Payment.payment_intent_id == bindparam("intent"), 0), else_=1))
    .limit(1)
)


async def _payment_intent(ports: Ports, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    named = (obj.get("metadata") or {}).get("payment_id")
    async with ports.db.read() as session:
        payment = await session.scalar(_PAYMENT_OF_INTENT, {"intent": obj["id"], "named": named})
    if payment is None:
        return "not ours"
    error = obj.get("last_payment_error")
    if error and payment.status in ("creating", "open"):
        await _note_declined(ports, payment.id, error)
    if payment.status == FINAL:
        return f"payment {FINAL}"
    if not payment.checkout_session_id:
        return "no session yet"
    synced = await payments.sync_from_stripe(ports, payment.checkout_session_id)
    return f"payment {synced.status}" if synced else "not ours"


async def _note_declined(ports: Ports, payment_id: str, error: dict[str, Any]) -> None:
    """A declined card: the session stays open and payable; note why, and tell the buyer
    at once (they may try another card while the hold lasts)."""
    async with ports.db.transaction() as session:
        payment = await payments.get_payment(session, payment_id, lock=True)
        if payment.status not in ("creating", "open"):
            return
        payment.last_error = error.get("message") or error.get("code")
        payment.updated_at = utcnow()
        await notify.send_event(
            session,
            type_="payment.failed",
            subject_id=payment.id,
            at=payment.updated_at,
            data={
                "booking_id": payment.booking_id,
                "payment_id": payment.id,
                "currency": payment.currency,
                "amount_minor": payment.amount_minor,
                "reason": (payment.last_error or "declined")[:200],
            },
        )


async def _refunds_of_charge(ports: Ports, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    if obj.get("object") == "refund" and obj.get("origin") == "customer_balance":
        # A return of a customer's cash balance to their bank, not a refund of a charge.
        data = await ports.stripe.retrieve_refund(obj["id"])
        async with ports.db.transaction() as session:
            row = await refund_followups.apply_cash_return(session, data)
        return f"cash return {row.cash_return_status}" if row else "not ours"
    charge_id = obj["id"] if obj.get("object") == "charge" else obj.get("charge")
    if not charge_id:
        return "no charge"
    succeeded: list[str] = []
    for data in await ports.stripe.list_refunds(str(charge_id)):
        async with ports.db.transaction() as session:
            row = await refunds.apply_stripe_refund(session, data)
            if row is not None and row.status == "succeeded":
                succeeded.append(row.id)
    ports.outbox_written()
    for refund_id in succeeded:
        await refund_followups.run_followups(ports, refund_id)
    return "refunds synced"


async def _dispute(ports: Ports, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    data = await ports.stripe.retrieve_dispute(obj["id"])
    async with ports.db.transaction() as session:
        dispute = await disputes.apply_stripe_dispute(session, data)
    return f"dispute {dispute.status}" if dispute else "not ours"


async def _payout(ports: Ports, event: dict[str, Any]) -> str:
    obj = event["data"]["object"]
    data = await ports.stripe.retrieve_payout(obj["id"])
    async with ports.db.transaction() as session:
        await disputes.apply_stripe_payout(session, data)
    return f"payout {data.get('status')}"


_CORE_HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": _checkout_session,
    "checkout.session.async_payment_succeeded": _checkout_session,
    "checkout.session.async_payment_failed": _checkout_session,
    "checkout.session.expired": _checkout_session,
    "payment_intent.succeeded": _payment_intent,
    "payment_intent.payment_failed": _payment_intent,
    "payment_intent.processing": _payment_intent,
    "payment_intent.canceled": _payment_intent,
    "charge.refunded": _refunds_of_charge,
    "charge.refund.updated": _refunds_of_charge,
    "refund.created": _refunds_of_charge,
    "refund.updated": _refunds_of_charge,
    "refund.failed": _refunds_of_charge,
    "charge.dispute.created": _dispute,
    "charge.dispute.updated": _dispute,
    "charge.dispute.closed": _dispute,
    "charge.dispute.funds_withdrawn": _dispute,
    "charge.dispute.funds_reinstated": _dispute,
    "payout.paid": _payout,
    "payout.failed": _payout,
}


# Several handlers may act on one event type (payouts: the core posts the ledger,
# finance copies the payout's balance transactions); they run in registration order.
HANDLERS: dict[str, list[Handler]] = {t: [h] for t, h in _CORE_HANDLERS.items()}


def acted_on(event_type: str) -> bool:
    """Whether any handler acts on events of this type (others are not kept)."""
    return bool(HANDLERS.get(event_type))


def register_handler(event_type: str, handler: Handler) -> None:
    """Let other parts of the service (finance: invoices, payouts) handle event types."""
    handlers = HANDLERS.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


# ----------------------------------------------------------------------- processing
@dataclass(frozen=True)
class Claimed:
    """An event leased for processing, with what its handlers need."""

    id: str
    type: str
    payload: dict[str, Any]


@functools.cache
def _lease_statement(dialect: str, limit: int) -> Update:
    """Built once per processor (see lpx_common.db.insert_into)."""
    due = (
        select(StripeEvent.id)
        .where(StripeEvent.processed_at.is_(None), StripeEvent.available_at <= bindparam("now"))
        .order_by(StripeEvent.stripe_created, StripeEvent.received_at)
        .limit(limit)
    )
    return lease_due(
        dialect,
        StripeEvent,
        due,
        key=StripeEvent.id,
        lease_column="available_at",
        returning=(
            StripeEvent.id,
            StripeEvent.type,
            StripeEvent.payload,
            StripeEvent.stripe_created,
            StripeEvent.received_at,
        ),
    )


async def claim_due(ports: Ports, *, limit: int, lease: timedelta) -> list[Claimed]:
    """Lease the due events (oldest first) in one statement that also returns them: an
    idle poll is one round trip, and SKIP LOCKED keeps two processors from leasing the
    same event."""
    now = utcnow()
    async with ports.db.autocommit() as conn:
        leased = (
            await conn.execute(
                _lease_statement(ports.db.dialect, limit), {"now": now, "leased_until": now + lease}
            )
        ).all()
    ordered = sorted(leased, key=lambda r: (r.stripe_created, r.received_at, r.id))
    return [Claimed(r.id, r.type, r.payload) for r in ordered]


PROCESSED = Counter(
    "stripe_events_processed_total",
    "Stripe events processed: processed, failed (retried later) or gave_up",
    ["outcome"],
)


async def process_event(ports: Ports, event: Claimed, *, max_attempts: int) -> None:
    outcomes: list[str] = []
    error = None
    try:
        for handler in HANDLERS.get(event.type, []):
            outcomes.append(await handler(ports, event.payload))
    except refunds.RefundNotReady:
        error = "waiting for the payment to be recorded"
    except Exception as exc:  # retried with backoff; the error is kept on the row
        log.exception("stripe event %s (%s) failed", event.id, event.type)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    if error is None:
        await _processed(ports, event.id, "; ".join(o for o in outcomes if o) or "ignored")
    else:
        await _failed(ports, event.id, error, max_attempts)


_MARK_PROCESSED = (
    update(StripeEvent)
    .where(StripeEvent.id == bindparam("event_id"), StripeEvent.processed_at.is_(None))
    .values(
        attempts=StripeEvent.attempts + 1,
        processed_at=bindparam("at"),
        outcome=bindparam("outcome"),
        last_error=None,
    )
)


async def _processed(ports: Ports, event_id: str, outcome: str) -> None:
    """Done: one statement (another processor that finished it first wins, once)."""
    async with ports.db.autocommit() as conn:
        done = await conn.execute(
            _MARK_PROCESSED, {"event_id": event_id, "at": utcnow(), "outcome": outcome[:64]}
        )
    if done.rowcount:
        PROCESSED.labels("processed").inc()


async def _failed(ports: Ports, event_id: str, error: str, max_attempts: int) -> None:
    """Retried later with backoff, or given up after ``max_attempts``."""
    async with ports.db.transaction() as session:
        row = await session.get(StripeEvent, event_id, with_for_update=True)
        if row is None or row.processed_at is not None:
            return
        row.attempts += 1
        now = utcnow()
        if row.attempts >= max_attempts:
            row.processed_at, row.outcome, row.last_error = now, "gave up", error
            log.error("stripe event %s given up after %d attempts", event_id, row.attempts)
            PROCESSED.labels("gave_up").inc()
        else:
            row.last_error = error
            row.available_at = now + timedelta(seconds=min(300.0, 0.5 * 2**row.attempts))
            PROCESSED.labels("failed").inc()
