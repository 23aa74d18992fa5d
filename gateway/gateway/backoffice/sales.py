"""Sales: the review queue of business bookings (oldest first), a booking with its
payload interface data, and approve/reject with the checklist and milestone schedule."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change, posted
from gateway.backoffice.paging import current_cursor, pager
from gateway.backoffice.render import not_available, page, problem_words
from gateway.backoffice.session import SalesStaff, Staff, form_lists, form_of, ident
from gateway.i18n import N_, _

router = APIRouter(prefix="/backoffice/sales")
REVIEW_PAGE = 50

CHECKLIST = {
    "content_fit": N_("Content fits our rules (no prohibited content)"),
    "technical_fit": N_("Technical fit: mass, envelope, power and data within the interface"),
    "export_control_cleared": N_("Export control cleared"),
    "sanctions_screening_cleared": N_("Sanctions screening cleared (company and people)"),
}
DUE_EVENTS = {
    "approval": N_("On approval"),
    "contract": N_("Contract signed"),
    "payload_delivery": N_("Payload delivered"),
    "launch": N_("Launch"),
    "landing": N_("Landing"),
}
# The usual schedule (docs/architecture.md): deposit, contract, delivery, launch, landing.
DEFAULT_SCHEDULE = [
    (N_("Deposit"), "10", "approval"),
    (N_("Contract"), "30", "contract"),
    (N_("Payload delivery"), "30", "payload_delivery"),
    (N_("Launch"), "20", "launch"),
    (N_("Landing"), "10", "landing"),
]


def percent_bps(text: str) -> int | str:
    """ "12.5" → 1250 basis points, exactly; anything else is sent as typed (the API says)."""
    whole, _sep, frac = text.strip().partition(".")
    if whole.isdigit() and (frac == "" or (frac.isdigit() and len(frac) <= 2)):
        return int(whole) * 100 + int((frac + "00")[:2])
    return text


def schedule_of(lists: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = zip(
        lists.get("label", []), lists.get("percent", []), lists.get("due_event", []), strict=False
    )
    return [
        {"label": label.strip(), "percent_bps": percent_bps(pct), "due_event": event or None}
        for label, pct, event in rows
        if label.strip() or pct.strip()
    ]


@router.get("/reviews")
async def reviews(request: Request, staff: SalesStaff, mission_id: str | None = None) -> Response:
    """Business bookings under review, oldest first (booking ids sort by creation), a page
    at a time, optionally of one mission."""
    problem, listing = None, {"items": [], "next_cursor": None}
    chosen = (mission_id or "").strip()[:40] or None
    try:
        listing = await Api(request, staff).get(
            "/v1/bookings",
            status="under_review",
            mission_id=chosen,
            limit=REVIEW_PAGE,
            cursor=current_cursor(request),
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "sales/reviews.html",
        staff,
        {
            "bookings": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "mission_id": chosen or "",
            "problem": problem,
        },
    )


async def _booking_page(
    request: Request,
    staff: Staff,
    booking_id: str,
    *,
    problem: str | None = None,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    api = Api(request, staff)
    try:
        booking = await api.get(f"/v1/bookings/{ident(booking_id)}")
        history = await api.get(f"/v1/bookings/{booking['id']}/history")
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    notice = _("The review was recorded.") if request.query_params.get("done") else None
    schedule = (form or {}).get("schedule") or [
        {"label": _(label), "percent": pct, "due_event": event}
        for label, pct, event in DEFAULT_SCHEDULE
    ]
    return page(
        request,
        "sales/booking.html",
        staff,
        {
            "booking": booking,
            "history": history["items"],
            "problem": problem,
            "notice": notice,
            "checklist": CHECKLIST,
            "due_events": DUE_EVENTS,
            "schedule": schedule,
            "form": form or {},
        },
        status,
    )


@router.get("/bookings/{booking_id}")
async def booking(request: Request, staff: SalesStaff, booking_id: str) -> Response:
    return await _booking_page(request, staff, booking_id)


def _rows(lists: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """The schedule's rows as typed (their field names repeat, so they come as lists)."""
    return list(
        zip(
            lists.get("label", []),
            lists.get("percent", []),
            lists.get("due_event", []),
            strict=False,
        )
    )


@router.post("/bookings/{booking_id}/review")
async def review(request: Request, staff: SalesStaff, booking_id: str) -> Response:
    booking_id = ident(booking_id)
    form, lists = await form_of(request), await form_lists(request)
    decision = form.get("decision", "")
    checklist = {name: form.get(name) == "yes" for name in CHECKLIST}
    schedule, rows = schedule_of(lists), _rows(lists)
    body: dict[str, Any] = {
        "decision": decision,
        "checklist": checklist,
        "reason": form.get("reason", ""),
    }
    base = f"/backoffice/sales/bookings/{booking_id}"
    lines = [_(text) + (" ✓" if checklist[name] else " ✗") for name, text in CHECKLIST.items()]
    if decision == "approve":
        body["schedule"] = schedule
        total = sum(s["percent_bps"] for s in schedule if isinstance(s["percent_bps"], int))
        lines.append(
            _(
                "Schedule: %(n)s milestones adding up to %(sum)s %%.",
                n=len(schedule),
                sum=f"{total // 100}.{total % 100:02d}",
            )
        )
        lines += [
            f"{label}: {pct} % ({_(DUE_EVENTS.get(event, event)) if event else '—'})"
            for label, pct, event in rows
            if label.strip() or pct.strip()
        ]
        single = {
            k: v for k, v in posted(form).items() if k not in ("label", "percent", "due_event")
        }
        ask = Confirm(
            title=_("Approve this booking?"),
            lines=lines,
            button=_("Approve"),
            back=base,
            fields=single,
            extra={"rows": rows},
        )
    else:
        ask = Confirm(title=_("Reject this booking?"), lines=lines, button=_("Reject"), back=base)

    async def refused(exc: ApiProblem) -> Response:
        typed = [{"label": label, "percent": pct, "due_event": ev} for label, pct, ev in rows]
        return await _booking_page(
            request,
            staff,
            booking_id,
            problem=problem_words(exc),
            status=422,
            form={"reason": form.get("reason", ""), "checklist": checklist, "schedule": typed},
        )

    return await change(
        request,
        staff,
        action=base + "/review",
        confirm=ask,
        call=lambda api: api.call(
            "POST", f"/v1/bookings/{booking_id}/review", json=body, idempotent=True
        ),
        audit_as=f"booking.{decision}",
        target=booking_id,
        detail={"reason": body["reason"][:200]},
        then=base + "?done=1",
        failed=refused,
    )


COMPANY_PAGE = 50


@router.get("/companies")
async def companies(request: Request, staff: SalesStaff) -> Response:
    """Company accounts (business bookings by their company's email), a page at a time."""
    problem, listing = None, {"items": [], "next_cursor": None}
    try:
        listing = await Api(request, staff).get(
            "/v1/bookings/companies", limit=COMPANY_PAGE, cursor=current_cursor(request)
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "sales/companies.html",
        staff,
        {
            "companies": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "problem": problem,
        },
    )


@router.get("/company")
async def company(request: Request, staff: SalesStaff, email: str = "") -> Response:
    """One company account's bookings (the email is the account's key), newest id last,
    each linking to the booking's review page."""
    chosen = email.strip().lower()[:320]
    problem, listing = None, {"items": [], "next_cursor": None}
    if chosen:
        try:
            listing = await Api(request, staff).get(
                "/v1/bookings",
                company_email=chosen,
                limit=COMPANY_PAGE,
                cursor=current_cursor(request),
            )
        except ApiProblem as exc:
            problem = problem_words(exc)
    return page(
        request,
        "sales/company.html",
        staff,
        {
            "email": chosen,
            "bookings": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "problem": problem,
        },
    )


@router.get("/overdue")
async def overdue(request: Request, staff: SalesStaff) -> Response:
    """Business bookings with an overdue milestone, a page at a time."""
    problem, listing = None, {"items": [], "next_cursor": None}
    try:
        listing = await Api(request, staff).get(
            "/v1/bookings", overdue="true", limit=COMPANY_PAGE, cursor=current_cursor(request)
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "sales/overdue.html",
        staff,
        {
            "bookings": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "problem": problem,
        },
    )
