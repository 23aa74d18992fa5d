"""Finance: reconciliation for a range of days in Japan (summary, exceptions with their
actions, charts), the CSV export streamed from payments, failed-refund retries, and a
booking's payments with refunds (the policy's amount proposed)."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from markupsafe import Markup

from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.charts import Column, columns_svg
from gateway.backoffice.forms import integer
from gateway.backoffice.render import confirm, done, page, problem_words, shown_status
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
CHART_PAGES = 5  # rows read for the charts: 5 pages of 1,000 (the CSV has them all)


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


def charts(rows: list[dict[str, Any]], first: date, last: date) -> list[dict[str, Any]]:
    days = [first + timedelta(days=i) for i in range(min((last - first).days + 1, 62))]
    revenue: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    refunds: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        day = datetime.fromisoformat(str(row["created"]).replace("Z", "+00:00")).astimezone(JST)
        if row["reporting_category"] == "charge":
            revenue[row["currency"]][day.date()] += int(row["gross_minor"])
        elif row["reporting_category"] == "refund":
            refunds[row["currency"]][day.date()] += -int(row["gross_minor"])
    out = []
    for title, data, css in (
        (_("Revenue per day"), revenue, ""),
        (_("Refunds per day"), refunds, "refund"),
    ):
        for currency, per_day in sorted(data.items()):
            cols = [
                Column(f"{d.month}/{d.day}", per_day[d], money(per_day[d], currency)) for d in days
            ]
            name = f"{title} ({currency})"
            out.append({"title": name, "svg": Markup(columns_svg(name, cols, css))})
    return out


@router.get("/reconciliation")
async def reconciliation(
    request: Request, staff: FinanceStaff, start: str | None = None, stop: str | None = None
) -> Response:
    first, last = jst_range(start, stop)
    api = Api(request, staff)
    report, problem, partial = None, None, False
    svg: list[dict[str, Any]] = []
    try:
        report = await api.get("/v1/finance/reconciliation", limit=1000, **bounds(first, last))
        rows, cursor = list(report["rows"]), report.get("next_cursor")
        for _page in range(CHART_PAGES - 1):
            if not cursor:
                break
            more = await api.get(
                "/v1/finance/reconciliation", limit=1000, cursor=cursor, **bounds(first, last)
            )
            rows += more["rows"]
            cursor = more.get("next_cursor")
        partial = bool(cursor)
        svg = charts(rows, first, last)
    except ApiProblem as exc:
        problem = problem_words(exc)
    notice = _("A new refund was asked for.") if request.query_params.get("done") else None
    return page(
        request,
        "finance/reconciliation.html",
        staff,
        {
            "report": report,
            "first": first.isoformat(),
            "last": last.isoformat(),
            "problem": problem,
            "notice": notice,
            "titles": EXCEPTION_TITLES,
            "charts": svg,
            "partial": partial,
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
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not available"), "detail": problem_words(exc)},
            422,
        )
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
    form = await form_of(request)
    back = "/backoffice/finance/reconciliation"
    if form.get("confirmed") != "1":
        return confirm(
            request,
            staff,
            title=_("Retry refund %(id)s?", id=ident(refund_id)),
            lines=[_("A new refund of the same amount is sent to the same payment.")],
            action=f"/backoffice/finance/refunds/{ident(refund_id)}/retry",
            fields={},
            button=_("Retry the refund"),
            back=back,
        )
    try:
        await Api(request, staff).call(
            "POST", f"/v1/refunds/{ident(refund_id)}/retry", idempotent=True
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            409,
        )
    await audit.record(request, staff, "refund.retry", ident(refund_id))
    return done(request, staff, back + "?done=1")


@router.get("/bookings/{booking_id}")
async def booking(request: Request, staff: FinanceStaff, booking_id: str) -> Response:
    api = Api(request, staff)
    try:
        b = await api.get(f"/v1/bookings/{ident(booking_id)}")
        payments = await api.all_items("/v1/payments", booking_id=b["id"])
        details = [await api.get(f"/v1/payments/{p['id']}") for p in payments]
        policy = await api.get(f"/v1/bookings/{b['id']}/cancellation-preview")
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not available"), "detail": problem_words(exc)},
            shown_status(exc),
        )
    notice = _("The refund was asked for.") if request.query_params.get("done") else None
    return page(
        request,
        "finance/booking.html",
        staff,
        {"booking": b, "payments": details, "policy": policy, "notice": notice},
    )


@router.post("/payments/{payment_id}/refund")
async def refund(request: Request, staff: FinanceStaff, payment_id: str) -> Response:
    form = await form_of(request)
    amount, currency = integer(form.get("amount_minor")), form.get("currency", "JPY")
    back = f"/backoffice/finance/bookings/{form.get('booking_id', '')[:40]}"
    if form.get("confirmed") != "1":
        shown = money(amount, currency) if isinstance(amount, int) else str(amount)
        return confirm(
            request,
            staff,
            title=_("Refund %(amount)s?", amount=shown),
            lines=[_("The money goes back to the card or account that paid; it cannot be undone.")],
            action=f"/backoffice/finance/payments/{ident(payment_id)}/refund",
            fields={k: v for k, v in form.items() if k not in ("csrf", "confirmed")},
            button=_("Refund"),
            back=back,
        )
    try:
        await Api(request, staff).call(
            "POST",
            f"/v1/payments/{ident(payment_id)}/refunds",
            idempotent=True,
            json={"amount_minor": amount, "reason": form.get("reason") or "requested_by_customer"},
        )
        await audit.record(
            request, staff, "payment.refund", ident(payment_id), {"amount_minor": amount}
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            422,
        )
    return done(request, staff, back + "?done=1")
