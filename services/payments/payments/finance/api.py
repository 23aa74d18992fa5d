"""Finance routes: company invoices, payout sync, reconciliation (JSON and CSV).

Thin: parse, call the domain, shape the answer. Staff with the finance role (admin
passes every role check) read and sync money; sales also sees invoices, to chase the
overdue ones; booking (a service principal) asks for invoices.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from lpx_common.auth import Principal, require
from lpx_common.clock import utcnow
from lpx_common.errors import NotFound, Unprocessable
from lpx_common.idempotency import IdempotencyKey
from lpx_common.ids import BookingId, InvoiceId, StripePayoutId
from lpx_common.money import to_major_string
from lpx_common.pagination import Cursor, Page, keyset_page
from payments.deps import DbDep, IdempotencyDep
from payments.finance.booking_view import BookingStatus, record_status
from payments.finance.domain import daily_totals as daily
from payments.finance.domain import invoice_voids
from payments.finance.domain import invoices as invoice_domain
from payments.finance.domain import payouts as payout_domain
from payments.finance.domain import reconciliation as recon
from payments.finance.domain import reconciliation_csv as recon_csv
from payments.finance.domain.disputes import open_disputes, with_evidence_deadlines
from payments.finance.domain.ledger_link import ledger_view
from payments.finance.models import Invoice, StripePayout
from payments.finance.schemas import (
    BookingStatusIn,
    BookingStatusOut,
    DailyTotal,
    DailyTotalsOut,
    InvoiceCreate,
    InvoiceOut,
    InvoiceVoidIn,
    InvoiceVoidOut,
    PayoutOut,
    SyncResult,
)
from payments.finance.stripe_api import stripe_client

router = APIRouter(tags=["finance"])

Service = Annotated[Principal, Depends(require(kinds=("service",)))]
FinanceStaff = Annotated[Principal, Depends(require(roles=("finance",)))]
InvoiceReader = Annotated[Principal, Depends(require(roles=("finance", "sales")))]

RowLimit = Annotated[
    int,
    Query(
        ge=1,
        le=recon.JSON_ROW_LIMIT_MAX,
        description="Rows per page in JSON (max 1000); use the CSV for whole ranges.",
    ),
]
InvoiceStatus = Literal["draft", "open", "paid", "void", "uncollectible", "deleted"]


def invoice_out(invoice: Invoice) -> InvoiceOut:
    return InvoiceOut.model_validate(
        {
            **{c.key: getattr(invoice, c.key) for c in Invoice.__table__.columns},
            "overdue": invoice_domain.is_overdue(invoice, utcnow()),
            "amount_major": to_major_string(invoice.amount_minor, invoice.currency),
        }
    )


def payout_out(payout: StripePayout) -> PayoutOut:
    return PayoutOut.model_validate(
        {
            **{c.key: getattr(payout, c.key) for c in StripePayout.__table__.columns},
            "amount_major": to_major_string(payout.amount_minor, payout.currency),
        }
    )


# ------------------------------------------------------------------------- invoices
@router.post(
    "/v1/internal/invoices",
    response_model=InvoiceOut,
    status_code=201,
    summary="Invoice a due milestone of a business booking (booking's outbox)",
)
async def create_invoice(
    body: InvoiceCreate,
    request: Request,
    principal: Service,
    db: DbDep,
    store: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    client = stripe_client(request.app.state)
    request_data = invoice_domain.InvoiceRequest(
        booking_id=body.booking_id,
        milestone_id=body.milestone_id,
        label=body.label,
        amount_minor=body.amount_minor,
        currency=body.currency,
        company_name=body.company.name,
        company_email=body.company.email,
        billing_account_id=body.billing_account_id,
        due_date=body.due_date,
        days_until_due=body.days_until_due,
    )
    existing = await invoice_domain.find_by_milestone(db, body.milestone_id)
    if existing is not None and existing.finalized_at is not None:
        # Deduplicated on the milestone too (any message id): the invoice it already has,
        # or 422 when the message names another booking or amount for that milestone.
        invoice, _ = await invoice_domain.create_invoice(db, client, request_data)
        return JSONResponse(invoice_out(invoice).model_dump(mode="json"), status_code=200)

    async def call() -> InvoiceOut:
        invoice, _created = await invoice_domain.create_invoice(db, client, request_data)
        return invoice_out(invoice)

    return await store.run_request(request, principal, key, body, call, status_code=201)


@router.post(
    "/v1/internal/invoices/void",
    response_model=InvoiceVoidOut,
    summary="A milestone will no longer be billed: void, delete or never create its invoice",
)
async def void_milestone_invoice(
    body: InvoiceVoidIn,
    request: Request,
    principal: Service,
    db: DbDep,
    store: IdempotencyDep,
    key: IdempotencyKey,
) -> JSONResponse:
    client = stripe_client(request.app.state)

    async def call() -> InvoiceVoidOut:
        result = await invoice_voids.void_milestone(
            db,
            client,
            booking_id=body.booking_id,
            milestone_id=body.milestone_id,
            reason=body.reason,
        )
        return InvoiceVoidOut(
            booking_id=result.booking_id,
            milestone_id=result.milestone_id,
            outcome=result.outcome,  # type: ignore[arg-type]  # the domain's own values
            amount_paid_minor=result.invoice.amount_paid_minor if result.invoice else 0,
            invoice=invoice_out(result.invoice) if result.invoice else None,
        )

    return await store.run_request(request, principal, key, body, call)


@router.post(
    "/v1/internal/booking-statuses",
    response_model=BookingStatusOut,
    summary="Booking's status feed: the newest version per booking is kept",
)
async def booking_status(
    body: BookingStatusIn,
    _principal: Service,
    db: DbDep,
    _key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)] = None,
) -> BookingStatusOut:
    """Naturally idempotent: a repeated or older version changes nothing (``applied``
    false), so the message id needs no stored answer."""
    applied, stored = await record_status(db, BookingStatus(**body.model_dump()))
    return BookingStatusOut(
        booking_id=stored.booking_id, applied=applied, status=stored.status, version=stored.version
    )


@router.get(
    "/v1/finance/invoices",
    response_model=Page[InvoiceOut],
    summary="Company invoices; `overdue=true` lists the ones to chase",
)
async def list_invoices(
    _principal: InvoiceReader,
    db: DbDep,
    status: Annotated[InvoiceStatus | None, Query()] = None,
    overdue: Annotated[bool | None, Query()] = None,
    booking_id: BookingId | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> Page[InvoiceOut]:
    stmt = invoice_domain.invoices_query(
        status=status, overdue=overdue, booking_id=booking_id, now=utcnow()
    )
    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session, stmt, [Invoice.id], limit=limit, cursor=cursor
        )
    return Page[InvoiceOut](items=[invoice_out(i) for i in rows], next_cursor=next_cursor)


@router.get("/v1/finance/invoices/{invoice_id}", response_model=InvoiceOut)
async def get_invoice(invoice_id: InvoiceId, _principal: InvoiceReader, db: DbDep) -> InvoiceOut:
    return invoice_out(await invoice_domain.get_invoice(db, invoice_id))


# -------------------------------------------------------------------------- payouts
@router.post(
    "/v1/finance/payouts/sync",
    response_model=SyncResult,
    summary="Copy every payout and balance transaction from Stripe (idempotent)",
)
async def sync_payouts(request: Request, _principal: FinanceStaff, db: DbDep) -> SyncResult:
    stats = await payout_domain.sync_all(db, stripe_client(request.app.state))
    return _sync_result(stats)


@router.post("/v1/finance/payouts/{payout_id}/sync", response_model=SyncResult)
async def sync_payout(
    payout_id: StripePayoutId, request: Request, _principal: FinanceStaff, db: DbDep
) -> SyncResult:
    stats = await payout_domain.sync_one_payout(db, stripe_client(request.app.state), payout_id)
    return _sync_result(stats)


def _sync_result(stats: payout_domain.SyncStats) -> SyncResult:
    return SyncResult(
        payouts_seen=stats.payouts_seen,
        payouts_changed=stats.payouts_changed,
        balance_transactions_seen=stats.balance_transactions_seen,
        balance_transactions_changed=stats.balance_transactions_changed,
        pages_fetched=stats.pages_fetched,
    )


@router.get("/v1/finance/payouts", response_model=Page[PayoutOut])
async def list_payouts(
    _principal: FinanceStaff,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
) -> Page[PayoutOut]:
    from sqlalchemy import select

    async with db.read() as session:
        rows, next_cursor = await keyset_page(
            session,
            select(StripePayout),
            [StripePayout.created_at, StripePayout.id],
            limit=limit,
            cursor=cursor,
        )
    return Page[PayoutOut](items=[payout_out(p) for p in rows], next_cursor=next_cursor)


# ------------------------------------------------------------------- daily totals


@router.get(
    "/v1/finance/daily-totals",
    response_model=DailyTotalsOut,
    summary="Revenue, refunds and payouts per day in Japan per currency, summed in SQL",
)
async def daily_totals(
    _principal: FinanceStaff,
    db: DbDep,
    first: Annotated[date, Query(alias="from", description="First day in Japan (YYYY-MM-DD)")],
    last: Annotated[date, Query(alias="to", description="Last day in Japan, included")],
) -> DailyTotalsOut:
    """For charts: one item per day and currency that moved money (days without any are
    left out), however many transactions the range holds. At most 366 days."""
    if last < first or (last - first).days >= daily.MAX_DAYS:
        raise Unprocessable(
            f"`to` must be on or after `from`, at most {daily.MAX_DAYS} days later.",
            code="validation-error",
            errors=[{"field": "query.to", "message": "out of range"}],
        )
    async with db.read() as session:
        totals = await daily.daily_totals(session, first, last)
    return DailyTotalsOut(
        first=first,
        last=last,
        time_zone="Asia/Tokyo",
        items=[DailyTotal.model_validate(t, from_attributes=True) for t in totals],
    )


# ------------------------------------------------------------------- reconciliation
def _parse_bound(value: str, name: str, *, end: bool) -> datetime:
    """``YYYY-MM-DD`` (a whole day: ``to`` includes it) or an ISO 8601 instant."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            moment = datetime.combine(day, time(), tzinfo=UTC)
            return moment + timedelta(days=1) if end else moment
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Unprocessable(
            f"`{name}` must be a date (YYYY-MM-DD) or an ISO 8601 date-time.",
            code="validation-error",
            errors=[{"field": f"query.{name}", "message": "not a date or date-time"}],
        ) from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _range(start: str, stop: str) -> recon.Range:
    period = recon.Range(_parse_bound(start, "from", end=False), _parse_bound(stop, "to", end=True))
    if period.start >= period.end:
        raise Unprocessable(
            "`from` must be before `to`.",
            code="validation-error",
            errors=[{"field": "query.to", "message": "must be after `from`"}],
        )
    return period


From = Annotated[str, Query(alias="from", min_length=10, max_length=40)]
To = Annotated[str, Query(alias="to", min_length=10, max_length=40)]


@router.get(
    "/v1/finance/reconciliation",
    summary="Reconciliation for a date range: summary, payout checks, exceptions, rows",
)
async def reconciliation(
    request: Request,
    _principal: FinanceStaff,
    db: DbDep,
    start: From,
    stop: To,
    limit: RowLimit = 500,
    cursor: Cursor = None,
    exceptions: Annotated[
        bool,
        Query(
            description="false: the sums, payout checks and rows only (`exceptions` and "
            "`summary.differences` are null), much faster over a large range."
        ),
    ] = True,
) -> dict[str, Any]:
    period = _range(start, stop)
    state = request.app.state
    report = await recon.build_report(
        db,
        period,
        row_limit=limit,
        cursor=cursor,
        ledger_view=ledger_view,
        disputes_view=open_disputes,
        refund_due_grace=timedelta(seconds=state.settings.refund_due_grace_seconds),
        with_exceptions=exceptions,
    )
    if report["exceptions"] is None:
        return report
    try:
        client = stripe_client(state)
    except RuntimeError:
        client = None
    report["exceptions"]["open_disputes"] = await with_evidence_deadlines(
        client, report["exceptions"]["open_disputes"]
    )
    return report


@router.get(
    "/v1/finance/reconciliation.csv",
    summary="The range's rows as CSV, streamed (any size)",
    response_class=StreamingResponse,
)
async def reconciliation_csv(
    _principal: FinanceStaff, db: DbDep, start: From, stop: To
) -> StreamingResponse:
    period = _range(start, stop)
    filename = (
        f"reconciliation_{period.start.date().isoformat()}_{period.end.date().isoformat()}.csv"
    )
    return StreamingResponse(
        recon_csv.stream_csv(db, period),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/v1/finance/reconciliation/payouts/{payout_id}",
    summary="One payout: its transactions and whether they add up to it",
)
async def payout_reconciliation(
    payout_id: StripePayoutId,
    _principal: FinanceStaff,
    db: DbDep,
    limit: RowLimit = 500,
    cursor: Cursor = None,
) -> dict[str, Any]:
    report = await recon.payout_report(db, payout_id, row_limit=limit, cursor=cursor)
    if report is None:
        raise NotFound(
            f"No payout {payout_id} is known; sync payouts first.", code="payout-not-found"
        )
    return report
