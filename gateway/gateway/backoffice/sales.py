"""Sales: the review queue of business bookings (oldest first), a booking with its
payload interface data, and approve/reject with the checklist and milestone schedule."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.render import confirm, done, page, problem_words, shown_status
from gateway.backoffice.session import SalesStaff, Staff, form_lists, form_of, ident
from gateway.i18n import N_, _

router = APIRouter(prefix="/backoffice/sales")

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
    problem, items = None, []
    try:
        items = await Api(request, staff).all_items(
            "/v1/bookings", status="under_review", mission_id=(mission_id or "")[:40] or None
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    items.sort(key=lambda b: b["created_at"])  # oldest first: first come, first reviewed
    return page(
        request,
        "sales/reviews.html",
        staff,
        {"bookings": items, "mission_id": mission_id or "", "problem": problem},
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
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not available"), "detail": problem_words(exc)},
            shown_status(exc),
        )
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


@router.post("/bookings/{booking_id}/review")
async def review(request: Request, staff: SalesStaff, booking_id: str) -> Response:
    form, lists = await form_of(request), await form_lists(request)
    decision = form.get("decision", "")
    checklist = {name: form.get(name) == "yes" for name in CHECKLIST}
    schedule = schedule_of(lists)
    body: dict[str, Any] = {
        "decision": decision,
        "checklist": checklist,
        "reason": form.get("reason", ""),
    }
    if decision == "approve":
        body["schedule"] = schedule
    base = f"/backoffice/sales/bookings/{ident(booking_id)}"
    total = sum(s["percent_bps"] for s in schedule if isinstance(s["percent_bps"], int))
    if form.get("confirmed") != "1":
        lines = [_(text) + (" ✓" if checklist[name] else " ✗") for name, text in CHECKLIST.items()]
        if decision == "approve":
            lines.append(
                _(
                    "Schedule: %(n)s milestones adding up to %(sum)s %%.",
                    n=len(schedule),
                    sum=f"{total // 100}.{total % 100:02d}",
                )
            )
        fields = {k: v for k, v in form.items() if k not in ("csrf", "confirmed")}
        if decision == "approve":
            return _confirm_with_schedule(request, staff, base, lines, fields, lists)
        return confirm(
            request,
            staff,
            title=_("Reject this booking?"),
            lines=lines,
            action=base + "/review",
            fields=fields,
            button=_("Reject"),
            back=base,
        )
    try:
        await Api(request, staff).call(
            "POST", f"/v1/bookings/{ident(booking_id)}/review", json=body, idempotent=True
        )
    except ApiProblem as exc:
        return await _booking_page(
            request,
            staff,
            booking_id,
            problem=problem_words(exc),
            status=422,
            form={
                "reason": form.get("reason", ""),
                "checklist": checklist,
                "schedule": [
                    {"label": label, "percent": pct, "due_event": ev}
                    for label, pct, ev in zip(
                        lists.get("label", []),
                        lists.get("percent", []),
                        lists.get("due_event", []),
                        strict=False,
                    )
                ],
            },
        )
    await audit.record(
        request, staff, f"booking.{decision}", ident(booking_id), {"reason": body["reason"][:200]}
    )
    return done(request, staff, base + "?done=1")


def _confirm_with_schedule(
    request: Request,
    staff: Staff,
    base: str,
    lines: list[str],
    fields: dict[str, str],
    lists: dict[str, list[str]],
) -> Response:
    # The schedule's rows repeat their field names, so they are sent as lists.
    rows = list(
        zip(
            lists.get("label", []),
            lists.get("percent", []),
            lists.get("due_event", []),
            strict=False,
        )
    )
    for label, pct, event in rows:
        if label.strip() or pct.strip():
            lines.append(f"{label}: {pct} % ({_(DUE_EVENTS.get(event, event)) if event else '—'})")
    single = {k: v for k, v in fields.items() if k not in ("label", "percent", "due_event")}
    return page(
        request,
        "confirm.html",
        staff,
        {
            "title": _("Approve this booking?"),
            "lines": lines,
            "action": base + "/review",
            "fields": single,
            "rows": rows,
            "button": _("Approve"),
            "back": base,
        },
    )
