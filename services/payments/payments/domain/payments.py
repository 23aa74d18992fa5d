"""Card payments for bookings through Stripe Checkout Sessions.

A payment row is written before Stripe is called, so its id and our Stripe
idempotency key (``booking:{id}:checkout:{attempt}``) are fixed before any money can
move; a retry after a crash repeats the same Stripe request and gets the same session.
Stripe's view is the truth: every event re-reads the session from Stripe and applies it
forward only (see :mod:`payments.domain.states`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import insert_into
from lpx_common.errors import Conflict, NotFound, ServiceUnavailable, Unprocessable
from lpx_common.http import path_for
from lpx_common.ids import new_id
from lpx_common.money import SUPPORTED_CURRENCIES
from lpx_common.outbox import enqueue
from lpx_common.telemetry import current_traceparent
from payments.clients import notify
from payments.clients.stripe_api import StripeRejected, StripeUnavailable
from payments.domain import ledger
from payments.domain.context import Ports
from payments.domain.states import PAYMENT_STATES
from payments.models import Payment, outbox_messages

# An open session this close to its end is not handed out again; a new one is made.
REUSE_MARGIN = timedelta(minutes=2)

_payments = Payment.__table__
_INSERT_PAYMENT = insert_into(_payments)
# The session Stripe made, recorded in one statement that answers the row: a payment an
# event already moved past `creating` keeps its status.
_SESSION_MADE = (
    update(_payments)
    .where(_payments.c.id == bindparam("b_id"))
    .values(
        checkout_session_id=bindparam("b_session"),
        checkout_url=bindparam("b_url"),
        status=case((_payments.c.status == "creating", "open"), else_=_payments.c.status),
        updated_at=bindparam("b_now"),
    )
    .returning(*_payments.c)
)


@dataclass(frozen=True)
class CheckoutRequest:
    booking_id: str
    amount_minor: int
    currency: str
    expires_at: datetime
    customer_email: str | None
    description: str | None
    success_url: str
    cancel_url: str | None
    locale: str = "auto"


def stripe_unavailable(exc: StripeUnavailable) -> ServiceUnavailable:
    return ServiceUnavailable(
        "Stripe is unreachable right now; try again shortly.", code="stripe-unavailable"
    )


async def get_payment(session: AsyncSession, payment_id: str, *, lock: bool = False) -> Payment:
    stmt = select(Payment).where(Payment.id == payment_id)
    if lock:
        stmt = stmt.with_for_update()
    payment = await session.scalar(stmt)
    if payment is None:
        raise NotFound(f"No payment {payment_id}.", code="payment-not-found")
    return payment


async def start_checkout(ports: Ports, req: CheckoutRequest) -> tuple[Payment, bool]:
    """Return (payment, created). Reuses the booking's live session when it still fits."""
    if req.currency not in SUPPORTED_CURRENCIES:
        raise Unprocessable(f"Currency {req.currency} is not supported.", code="bad-currency")
    if req.expires_at.tzinfo is None:
        raise Unprocessable("expires_at needs a UTC offset.", code="bad-expiry")
    now = utcnow()
    if req.expires_at <= now:
        raise Unprocessable("expires_at is in the past.", code="bad-expiry")
    async with ports.db.read() as session:
        existing = list(
            (
                await session.scalars(
                    select(Payment)
                    .where(Payment.booking_id == req.booking_id)
                    .order_by(Payment.attempt)
                )
            ).all()
        )
    for payment in existing:
        if payment.status in ("succeeded", "processing"):
            raise Conflict(
                f"Booking {req.booking_id} is already paid ({payment.id}).",
                code="booking-already-paid",
                payment_id=payment.id,
            )
    for payment in reversed(existing):
        if (
            payment.status == "open"
            and payment.expires_at > now + REUSE_MARGIN
            and payment.amount_minor == req.amount_minor
            and payment.currency == req.currency
        ):
            return payment, False
    # Superseded sessions are expired at Stripe first so nobody can pay twice.
    for payment in existing:
        if payment.status in ("open", "creating"):
            payment = await expire_payment(ports, payment.id)
            if payment.status in ("succeeded", "processing"):
                raise Conflict(
                    f"Booking {req.booking_id} was paid meanwhile ({payment.id}).",
                    code="booking-already-paid",
                    payment_id=payment.id,
                )
    attempt = max((p.attempt for p in existing), default=0) + 1
    row: dict[str, Any] = {
        "id": new_id("pay"),
        "booking_id": req.booking_id,
        "attempt": attempt,
        "method": "card",
        "status": "creating",
        "amount_minor": req.amount_minor,
        "currency": req.currency,
        "amount_captured_minor": 0,
        "amount_refunded_minor": 0,
        "customer_email": req.customer_email,
        "description": req.description,
        "stripe_idempotency_key": f"booking:{req.booking_id}:checkout:{attempt}",
        "expires_at": req.expires_at,
        "created_at": now,
        "updated_at": now,
        "traceparent": current_traceparent(),
    }
    try:
        async with ports.db.autocommit() as conn:
            await conn.execute(_INSERT_PAYMENT, row)
    except IntegrityError as exc:
        # Another checkout for this booking took the same attempt number just now.
        raise Conflict(
            f"A checkout for booking {req.booking_id} is being started; retry shortly.",
            code="checkout-in-progress",
            headers={"Retry-After": "1"},
        ) from exc
    return await _create_session(ports, Payment(**row), req), True


async def _create_session(ports: Ports, payment: Payment, req: CheckoutRequest) -> Payment:
    """Makes the payment's Checkout Session at Stripe; the payment as recorded after."""
    metadata = {"booking_id": payment.booking_id, "payment_id": payment.id}
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": payment.amount_minor,
                    "product_data": {"name": req.description or f"Booking {payment.booking_id}"},
                },
            }
        ],
        "client_reference_id": payment.booking_id,
        "expires_at": int(req.expires_at.timestamp()),
        "success_url": req.success_url,
        "locale": req.locale,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
    }
    if req.cancel_url:
        params["cancel_url"] = req.cancel_url
    if req.customer_email:
        params["customer_email"] = req.customer_email
    if req.description:
        params["payment_intent_data"]["description"] = req.description
    try:
        stripe_session = await ports.stripe.create_checkout_session(
            params, idempotency_key=payment.stripe_idempotency_key
        )
    except StripeUnavailable as exc:
        # The row stays `creating`; a retry repeats the same Stripe request.
        raise stripe_unavailable(exc) from exc
    except StripeRejected as exc:
        async with ports.db.transaction() as session:
            row = await get_payment(session, payment.id, lock=True)
            row.status, row.last_error, row.updated_at = "failed", exc.message, utcnow()
        raise Unprocessable(
            f"Stripe refused the checkout: {exc.message}",
            code="stripe-rejected",
            stripe_code=exc.code,
            stripe_param=exc.param,
        ) from exc
    async with ports.db.autocommit() as conn:
        made = (
            await conn.execute(
                _SESSION_MADE,
                {
                    "b_id": payment.id,
                    "b_session": stripe_session["id"],
                    "b_url": stripe_session.get("url"),
                    "b_now": utcnow(),
                },
            )
        ).one()
    return Payment(**made._mapping)


async def expire_payment(ports: Ports, payment_id: str) -> Payment:
    """Expire the payment's Checkout Session at Stripe (booking's hold ran out)."""
    async with ports.db.transaction() as session:
        payment = await get_payment(session, payment_id)
    if payment.status == "creating" and not payment.checkout_session_id:
        async with ports.db.transaction() as session:
            row = await get_payment(session, payment_id, lock=True)
            if row.status == "creating" and not row.checkout_session_id:
                # No session was ever confirmed; if Stripe made one, its events still
                # find this row by metadata and record any money that arrives.
                row.status, row.updated_at = "expired", utcnow()
            return row
    if payment.status != "open" or not payment.checkout_session_id:
        return payment
    try:
        await ports.stripe.expire_checkout_session(
            payment.checkout_session_id, idempotency_key=f"payment:{payment.id}:expire"
        )
    except StripeUnavailable as exc:
        raise stripe_unavailable(exc) from exc
    except StripeRejected:
        pass  # no longer open at Stripe (paid or expired): the re-read below tells which
    synced = await sync_from_stripe(ports, payment.checkout_session_id)
    return synced or payment


async def sync_from_stripe(ports: Ports, checkout_session_id: str) -> Payment | None:
    """Read the session from Stripe and apply what it says to our payment (None when
    the session is not one of ours)."""
    try:
        stripe_session = await ports.stripe.retrieve_checkout_session(checkout_session_id)
    except StripeUnavailable as exc:
        raise stripe_unavailable(exc) from exc
    async with ports.db.transaction() as session:
        payment = await apply_session(session, stripe_session)
    ports.outbox_written()
    return payment


def _expanded(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def session_status(stripe_session: dict[str, Any]) -> str:
    """Our payment status for a Checkout Session as Stripe reports it."""
    status, paid = stripe_session.get("status"), stripe_session.get("payment_status")
    if status == "expired":
        return "expired"
    if status == "complete":
        if paid in ("paid", "no_payment_required"):
            return "succeeded"
        intent = _expanded(stripe_session.get("payment_intent")) or {}
        if intent.get("status") in ("requires_payment_method", "canceled"):
            return "failed"  # an asynchronous payment method failed for good
        return "processing"
    return "open"


async def apply_session(session: AsyncSession, stripe_session: dict[str, Any]) -> Payment | None:
    """Move our payment forward to what Stripe reports; never backwards."""
    metadata = stripe_session.get("metadata") or {}
    payment = await session.scalar(
        select(Payment).where(Payment.checkout_session_id == stripe_session["id"]).with_for_update()
    )
    if payment is None and metadata.get("payment_id"):
        payment = await session.scalar(
            select(Payment).where(Payment.id == metadata["payment_id"]).with_for_update()
        )
        if payment is not None and payment.checkout_session_id in (None, stripe_session["id"]):
            payment.checkout_session_id = stripe_session["id"]
            payment.checkout_url = payment.checkout_url or stripe_session.get("url")
        elif payment is not None:
            payment = None
    if payment is None:
        return None
    now = utcnow()
    # Set before anything below flushes, so the row is written once.
    payment.updated_at = now
    intent = _expanded(stripe_session.get("payment_intent"))
    if intent:
        payment.payment_intent_id = intent["id"]
        error = intent.get("last_payment_error")
        if error:
            payment.last_error = error.get("message") or error.get("code")
    target = session_status(stripe_session)
    current = payment.status
    if target != current and PAYMENT_STATES.allows(current, target):
        payment.status = target
        if target == "succeeded":
            await _record_capture(session, payment, stripe_session, intent)
        elif target == "failed":
            await enqueue(
                session,
                outbox_messages,
                destination="booking",
                path=path_for(
                    "/v1/internal/bookings/{booking_id}/payment-failed",
                    booking_id=payment.booking_id,
                ),
                payload={"payment_id": payment.id, "reason": payment.last_error or "failed"},
                traceparent=payment.traceparent,
            )
            await notify.send_event(
                session,
                type_="payment.failed",
                subject_id=payment.id,
                at=now,
                data={
                    "booking_id": payment.booking_id,
                    "payment_id": payment.id,
                    "currency": payment.currency,
                    "amount_minor": payment.amount_minor,
                },
            )
    return payment


async def _record_capture(
    session: AsyncSession,
    payment: Payment,
    stripe_session: dict[str, Any],
    intent: dict[str, Any] | None,
) -> None:
    charge = _expanded((intent or {}).get("latest_charge")) or {}
    txn = _expanded(charge.get("balance_transaction")) or {}
    amount = int(charge.get("amount_captured") or stripe_session.get("amount_total") or 0)
    fee = int(txn.get("fee") or 0)
    net = int(txn.get("net", amount - fee))
    now = utcnow()
    payment.amount_captured_minor = amount
    payment.charge_id = charge.get("id")
    payment.balance_transaction_id = txn.get("id")
    payment.fee_minor = fee
    payment.paid_at = now
    payment.last_error = None
    await ledger.post(
        session,
        kind="payment_captured",
        source_key=f"capture:{payment.id}",
        currency=payment.currency,
        lines=[
            ledger.debit(ledger.STRIPE_BALANCE, net),
            ledger.debit(ledger.STRIPE_FEES, fee),
            ledger.credit(ledger.CUSTOMER_DEPOSITS, amount),
        ],
        booking_id=payment.booking_id,
        payment_id=payment.id,
        balance_transaction_id=payment.balance_transaction_id,
        description=f"card payment for booking {payment.booking_id}",
    )
    await enqueue(
        session,
        outbox_messages,
        destination="booking",
        path=path_for(
            "/v1/internal/bookings/{booking_id}/payment-succeeded", booking_id=payment.booking_id
        ),
        payload={
            "payment_id": payment.id,
            "amount_minor": amount,
            "currency": payment.currency,
            "paid_at": now.isoformat(),
        },
        traceparent=payment.traceparent,
    )
