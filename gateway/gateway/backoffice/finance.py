"""Finance: reconciliation for a range of days in Japan (summary per currency, the
payouts of the range and whether each adds up), the exception lists with the action that
resolves each where one exists (retry a failed refund), the CSV export streamed from
payments, and a booking's payments with refunds (the policy's amount proposed). Charts,
payouts and invoices are in ``finance_money``."""

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change
from gateway.backoffice.forms import integer
from gateway.backoffice.render import not_available, page, problem_words
from gateway.backoffice.session import FinanceStaff, form_of, ident
from gateway.i18n import JST, N_, _, money

router = APIRouter(prefix="/backoffice/finance")

EXCEPTION_TITLES = {
    "refunds_failed": N_("Failed refunds"),
    "refunds_due_too_long": N_("Refunds owed for too long"),
    "paid_not_confirmed": N_("Paid but not confirmed"),
    "confirmed_not_paid": N_("Confirmed but not paid"),
    "refunded_still_active": N_("Refunded but still active"),
    "open_disputes": N_("Open disputes"),
    "invoices_past_due": N_("Invoices past due"),
    "ledger_without_stripe": N_("In the ledger, not at Stripe"),
    "stripe_without_ledger": N_("At Stripe, not in the ledger"),
    "ledger_amount_mismatches": N_("Ledger amounts that differ"),
}


def jst_range(start: str | None, stop: str | None) -> tuple[date, date]:
    today = datetime.now(JST).date()
    try:
        first = date.fromisoformat(start) if start else today - timedelta(days=6)
        last = date.fromisoformat(stop) if stop else today
    except ValueError:
        first, last = today - timedelta(days=6), today
    return first, last


def bounds(first: date, last: date) -> dict[str, str]:
    """Whole days in Japan as instants: from the first day's midnight JST to the midnight
    after the last day (exclusive)."""
    start = datetime(first.year, first.month, first.day, tzinfo=JST)
    end = datetime(last.year, last.month, last.day, tzinfo=JST) + timedelta(days=1)
    return {"from": start.isoformat(), "to": end.isoformat()}


def range_context(first: date, last: date, tab: str) -> dict[str, Any]:
    """What every finance page with a date range shows: the range and the tabs."""
    return {"first": first.isoformat(), "last": last.isoformat(), "tab": tab}


async def _report(
    request: Request, staff: FinanceStaff, first: date, last: date, *, exceptions: bool
) -> tuple[dict[str, Any] | None, str | None]:
    """The reconciliation report of the range without its rows (the pages show sums,
    payouts and exceptions; the CSV has the rows); the exception lists only when the
    page shows them (they are the costly part over a long range)."""
    params = bounds(first, last) | {"exceptions": "true" if exceptions else "false"}
    try:
        return await Api(request, staff).get("/v1/finance/reconciliation", limit=1, **params), None
    except ApiProblem as exc:
        return None, problem_words(exc)


@router.get("/reconciliation")
async def reconciliation(
    request: Request, staff: FinanceStaff, start: str | None = None, stop: str | None = None
) -> Response:
    first, last = jst_range(start, stop)
    report, problem = await _report(request, staff, first, last, exceptions=False)
    return page(
        request,
        "finance/reconciliation.html",
        staff,
        {"report": report, "problem": problem, **range_context(first, last, "reconciliation")},
    )


@router.get("/exceptions")
async def exceptions(
    request: Request, staff: FinanceStaff, start: str | None = None, stop: str | None = None
) -> Response:
    first, last = jst_range(start, stop)
    report, problem = await _report(request, staff, first, last, exceptions=True)
    notice = _("A new refund was asked for.") if request.query_params.get("done") else None
    return page(
        request,
        "finance/exceptions.html",
        staff,
        {
            "report": report,
            "problem": problem,
            "notice": notice,
            "titles": EXCEPTION_TITLES,
            **range_context(first, last, "exceptions"),
        },
    )


@router.get("/reconciliation.csv")
async def reconciliation_csv(
    request: Request, staff: FinanceStaff, start: str | None = None, stop: str | None = None
) -> Response:
    first, last = jst_range(start, stop)
    try:
        chunks = await Api(request, staff).stream(
            "payments", "/v1/finance/reconciliation.csv", bounds(first, last)
        )
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    name = f"reconciliation_{first.isoformat()}_{last.isoformat()}_JST.csv"
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/refunds/{refund_id}/retry")
async def retry_refund(request: Request, staff: FinanceStaff, refund_id: str) -> Response:
    refund_id = ident(refund_id)
    back = "/backoffice/finance/exceptions"
    return await change(
        request,
        staff,
        action=f"/backoffice/finance/refunds/{refund_id}/retry",
        confirm=Confirm(
            title=_("Retry refund %(id)s?", id=refund_id),
            lines=[_("A new refund of the same amount is sent to the same payment.")],
            button=_("Retry the refund"),
            back=back,
            fields={},
        ),
        call=lambda api: api.call("POST", f"/v1/refunds/{refund_id}/retry", idempotent=True),
        audit_as="refund.retry",
        target=refund_id,
        then=back + "?done=1",
        failed=409,
    )


@router.get("/bookings/{booking_id}")
async def booking(request: Request, staff: FinanceStaff, booking_id: str) -> Response:
    api = Api(request, staff)
    try:
        b = await api.get(f"/v1/bookings/{ident(booking_id)}")
        payments = await api.all_items("/v1/payments", booking_id=b["id"])
        details = [await api.get(f"/v1/payments/{p['id']}") for p in payments]
        policy = await api.get(f"/v1/bookings/{b['id']}/cancellation-preview")
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    notice = _("The refund was asked for.") if request.query_params.get("done") else None
    return page(
        request,
        "finance/booking.html",
        staff,
        {"booking": b, "payments": details, "policy": policy, "notice": notice},
    )


@router.post("/payments/{payment_id}/refund")
async def refund(request: Request, staff: FinanceStaff, payment_id: str) -> Response:
    payment_id = ident(payment_id)
    form = await form_of(request)
    amount, currency = integer(form.get("amount_minor")), form.get("currency", "JPY")
    back = f"/backoffice/finance/bookings/{form.get('booking_id', '')[:40]}"
    shown = money(amount, currency) if isinstance(amount, int) else str(amount)
    body = {"amount_minor": amount, "reason": form.get("reason") or "requested_by_customer"}
    return await change(
        request,
        staff,
        action=f"/backoffice/finance/payments/{payment_id}/refund",
        confirm=Confirm(
            title=_("Refund %(amount)s?", amount=shown),
            lines=[_("The money goes back to the card or account that paid; it cannot be undone.")],
            button=_("Refund"),
            back=back,
        ),
        call=lambda api: api.call(
            "POST", f"/v1/payments/{payment_id}/refunds", idempotent=True, json=body
        ),
        audit_as="payment.refund",
        target=payment_id,
        detail={"amount_minor": amount},
        then=back + "?done=1",
    )
