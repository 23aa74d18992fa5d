"""Finance-facing routes: payments, refunds, disputes and the ledger (staff finance/admin)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import BookingId, PaymentId, RefundId
from lpx_common.pagination import Cursor, Limit, Page, keyset_page
from payments.deps import DbDep, FinanceStaff, IdempotencyDep, PortsDep
from payments.domain import ledger
from payments.domain import payments as payment_domain
from payments.domain import refunds as refund_domain
from payments.finance.domain import refund_followups
from payments.models import Dispute, LedgerEntry, Payment, Refund, StripeEvent
from payments.schemas import (
    DisputeOut,
    FinanceRefundIn,
    LedgerBalancesOut,
    LedgerEntryOut,
    PaymentDetailOut,
    PaymentOut,
    RefundOut,
    StripeEventOut,
)

router = APIRouter(tags=["finance"])

PaymentStatus = Annotated[
    str | None,
    Query(pattern="^(creating|open|processing|succeeded|failed|expired)$"),
]
RefundStatus = Annotated[
    str | None, Query(pattern="^(pending|requires_action|succeeded|failed|canceled)$")
]


@router.get("/v1/payments", response_model=Page[PaymentOut])
async def list_payments(
    _: FinanceStaff,
    db: DbDep,
    booking_id: BookingId | None = None,
    status: PaymentStatus = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[PaymentOut]:
    stmt = select(Payment)
    if booking_id:
        stmt = stmt.where(Payment.booking_id == booking_id)
    if status:
        stmt = stmt.where(Payment.status == status)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Payment.id], limit=limit, cursor=cursor
        )
    return Page(items=[PaymentOut.of(p) for p in rows], next_cursor=next_cursor)


@router.get("/v1/payments/disputes", response_model=Page[DisputeOut])
async def list_disputes(
    _: FinanceStaff,
    db: DbDep,
    status: Annotated[str | None, Query(max_length=40)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DisputeOut]:
    stmt = select(Dispute)
    if status:
        stmt = stmt.where(Dispute.status == status)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Dispute.id], limit=limit, cursor=cursor
        )
    return Page(items=[DisputeOut.of(d) for d in rows], next_cursor=next_cursor)


@router.get("/v1/payments/webhook-events", response_model=Page[StripeEventOut])
async def list_webhook_events(
    _: FinanceStaff,
    db: DbDep,
    state: Annotated[str | None, Query(pattern="^(pending|failing|processed|gave_up)$")] = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=100)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[StripeEventOut]:
    """Stripe events as received: still pending, failing (retrying), processed, or given
    up after too many failures, so nothing Stripe told us goes unnoticed."""
    stmt = select(StripeEvent)
    done = StripeEvent.processed_at.is_not(None)
    erred = StripeEvent.last_error.is_not(None)
    conditions = {
        "pending": (~done, ~erred),
        "failing": (~done, erred),
        "processed": (done, ~erred),
        "gave_up": (done, erred),
    }
    if state:
        stmt = stmt.where(*conditions[state])
    if event_type:
        stmt = stmt.where(StripeEvent.type == event_type)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [StripeEvent.id], limit=limit, cursor=cursor
        )
    return Page(
        items=[StripeEventOut.model_validate(e, from_attributes=True) for e in rows],
        next_cursor=next_cursor,
    )


@router.get("/v1/payments/{payment_id}", response_model=PaymentDetailOut)
async def get_payment(payment_id: PaymentId, _: FinanceStaff, db: DbDep) -> PaymentDetailOut:
    async with db.read() as session:
        payment = await payment_domain.get_payment(session, payment_id)
        refund_rows = (
            await session.scalars(
                select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.id)
            )
        ).all()
        dispute_rows = (
            await session.scalars(
                select(Dispute).where(Dispute.payment_id == payment_id).order_by(Dispute.id)
            )
        ).all()
        refundable = (
            await refund_domain.refundable_minor(session, payment)
            if payment.status == "succeeded"
            else 0
        )
    return PaymentDetailOut(
        **PaymentOut.of(payment).model_dump(),
        refunds=[RefundOut.of(r) for r in refund_rows],
        disputes=[DisputeOut.of(d) for d in dispute_rows],
        refundable_minor=refundable,
    )


@router.post("/v1/payments/{payment_id}/refunds", status_code=201, response_model=RefundOut)
async def refund_payment(
    payment_id: PaymentId,
    body: FinanceRefundIn,
    request: Request,
    principal: FinanceStaff,
    ports: PortsDep,
    idempotency: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    """Refund part or all of a captured payment; never more than captured minus refunded."""

    async def call() -> dict[str, object]:
        refund = await refund_domain.request_refund(
            ports,
            payment_id=payment_id,
            amount_minor=body.amount_minor,
            reason=body.reason,
            requested_by=f"staff:{principal.subject}",
        )
        return RefundOut.of(refund).model_dump(mode="json")

    return await idempotency.run_request(request, principal, key, body, call, status_code=201)


@router.post("/v1/refunds/{refund_id}/retry", status_code=201, response_model=RefundOut)
async def retry_refund(
    refund_id: str,
    request: Request,
    principal: FinanceStaff,
    ports: PortsDep,
    idempotency: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    """Refund a failed (or canceled) refund's amount again, as a new refund of the same
    payment. 409 when it did not fail, or when a later refund already made it good."""

    async def call() -> dict[str, object]:
        refund = await refund_domain.retry_refund(
            ports, refund_id, requested_by=f"staff:{principal.subject}"
        )
        return RefundOut.of(refund).model_dump(mode="json")

    return await idempotency.run_request(request, principal, key, None, call, status_code=201)


@router.post("/v1/refunds/{refund_id}/return-to-bank", response_model=RefundOut)
async def return_to_bank(
    refund_id: str,
    request: Request,
    principal: FinanceStaff,
    ports: PortsDep,
    idempotency: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    """A bank-transfer refund sits in the customer's cash balance because its return to
    the bank was canceled (no bank details in time) or failed: return it again."""

    async def call() -> dict[str, object]:
        refund = await refund_followups.retry_cash_return(ports, refund_id)
        return RefundOut.of(refund).model_dump(mode="json")

    return await idempotency.run_request(request, principal, key, None, call)


@router.get("/v1/refunds", response_model=Page[RefundOut])
async def list_refunds(
    _: FinanceStaff,
    db: DbDep,
    status: RefundStatus = None,
    booking_id: BookingId | None = None,
    payment_id: PaymentId | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[RefundOut]:
    stmt = select(Refund)
    if status:
        stmt = stmt.where(Refund.status == status)
    if booking_id:
        stmt = stmt.where(Refund.booking_id == booking_id)
    if payment_id:
        stmt = stmt.where(Refund.payment_id == payment_id)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Refund.id], limit=limit, cursor=cursor
        )
    return Page(items=[RefundOut.of(r) for r in rows], next_cursor=next_cursor)


@router.get("/v1/refunds/{refund_id}", response_model=RefundOut)
async def get_refund(refund_id: RefundId, _: FinanceStaff, db: DbDep) -> RefundOut:
    async with db.read() as session:
        return RefundOut.of(await refund_domain.get_refund(session, refund_id))


@router.get("/v1/ledger/balances", response_model=LedgerBalancesOut)
async def ledger_balances(
    _: FinanceStaff, db: DbDep, booking_id: BookingId | None = None
) -> LedgerBalancesOut:
    """Per-account sums and whether debits equal credits in every currency."""
    async with db.read() as session:
        return LedgerBalancesOut.model_validate(
            await ledger.balances(session, booking_id=booking_id)
        )


@router.get("/v1/ledger/entries", response_model=Page[LedgerEntryOut])
async def ledger_entries(
    _: FinanceStaff,
    db: DbDep,
    booking_id: BookingId | None = None,
    payment_id: PaymentId | None = None,
    account: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[LedgerEntryOut]:
    stmt = select(LedgerEntry)
    if booking_id:
        stmt = stmt.where(LedgerEntry.booking_id == booking_id)
    if payment_id:
        stmt = stmt.where(LedgerEntry.payment_id == payment_id)
    if account:
        stmt = stmt.where(LedgerEntry.account == account)
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [LedgerEntry.id], limit=limit, cursor=cursor
        )
    return Page(
        items=[LedgerEntryOut.model_validate(e, from_attributes=True) for e in rows],
        next_cursor=next_cursor,
    )
