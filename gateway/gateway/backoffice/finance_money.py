"""Finance: charts of money per day (revenue, refunds, payouts per currency, summed by the
payments service), one payout with the balance transactions it carried, and the status of
milestone invoices (open, paid, void, overdue) with filters and cursor paging."""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.charts import Column, columns_svg
from gateway.backoffice.finance import jst_range, range_context
from gateway.backoffice.paging import current_cursor, pager
from gateway.backoffice.render import not_available, page, problem_words
from gateway.backoffice.session import FinanceStaff, ident
from gateway.i18n import N_, _, money

router = APIRouter(prefix="/backoffice/finance")

DAILY_COLUMNS_MAX = 62  # longer ranges are drawn one column per month
SERIES = (
    ("revenue_minor", N_("Revenue per day"), N_("Revenue per month"), ""),
    ("refunds_minor", N_("Refunds per day"), N_("Refunds per month"), "refund"),
    ("payouts_minor", N_("Payouts per day"), N_("Payouts per month"), "payout"),
)
INVOICE_STATUSES = ("open", "overdue", "paid", "void", "uncollectible", "draft")


def _periods(first: date, last: date) -> tuple[list[tuple[str, str]], bool]:
    """The chart's columns as (key, label): days, or months for long ranges."""
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if len(days) <= DAILY_COLUMNS_MAX:
        return [(d.isoformat(), f"{d.month}/{d.day}") for d in days], False
    months = sorted({d.isoformat()[:7] for d in days})
    return [(m, m.replace("-", "/")) for m in months], True


def charts(items: list[dict[str, Any]], first: date, last: date) -> list[dict[str, Any]]:
    """One SVG per series and currency from the per-day sums (integers all the way)."""
    periods, monthly = _periods(first, last)
    key_of = (lambda day: day[:7]) if monthly else (lambda day: day)
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        for field, *_rest in SERIES:
            sums[(field, item["currency"])][key_of(item["day"])] += int(item[field])
    out = []
    for field, per_day, per_month, css in SERIES:
        for currency in sorted({c for f, c in sums if f == field}):
            got = sums[(field, currency)]
            if not any(got.values()):
                continue
            name = f"{_(per_month if monthly else per_day)} ({currency})"
            cols = [Column(label, got[key], money(got[key], currency)) for key, label in periods]
            total = money(sum(got.values()), currency)
            out.append({"title": name, "total": total, "svg": Markup(columns_svg(name, cols, css))})
    return out


@router.get("/charts")
async def charts_page(
    request: Request, staff: FinanceStaff, start: str | None = None, stop: str | None = None
) -> Response:
    first, last = jst_range(start, stop)
    problem, drawn = None, []
    try:
        totals = await Api(request, staff).get(
            "/v1/finance/daily-totals", **{"from": first.isoformat(), "to": last.isoformat()}
        )
        drawn = charts(totals["items"], first, last)
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "finance/charts.html",
        staff,
        {"charts": drawn, "problem": problem, **range_context(first, last, "charts")},
    )


@router.get("/payouts/{payout_id}")
async def payout(request: Request, staff: FinanceStaff, payout_id: str) -> Response:
    try:
        report = await Api(request, staff).get(
            f"/v1/finance/reconciliation/payouts/{ident(payout_id)}",
            limit=100,
            cursor=current_cursor(request),
        )
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    return page(
        request,
        "finance/payout.html",
        staff,
        {
            "payout": report["payout"],
            "rows": report["rows"],
            "pager": pager(request, report.get("next_cursor")),
            "tab": "reconciliation",
        },
    )


@router.get("/invoices")
async def invoices(
    request: Request,
    staff: FinanceStaff,
    status: str | None = None,
    booking_id: str | None = None,
) -> Response:
    chosen = status if status in INVOICE_STATUSES else None
    params: dict[str, Any] = {
        "booking_id": (booking_id or "").strip()[:40] or None,
        "limit": 50,
        "cursor": current_cursor(request),
    }
    if chosen == "overdue":
        params["overdue"] = "true"
    elif chosen:
        params["status"] = chosen
    problem, listing = None, {"items": [], "next_cursor": None}
    try:
        listing = await Api(request, staff).get("/v1/finance/invoices", **params)
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "finance/invoices.html",
        staff,
        {
            "invoices": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "status": chosen,
            "statuses": INVOICE_STATUSES,
            "booking_id": params["booking_id"] or "",
            "problem": problem,
            "tab": "invoices",
        },
    )
