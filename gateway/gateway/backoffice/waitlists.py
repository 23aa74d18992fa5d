"""Waiting lists for operators: the first-come consumer offerings, and one offering's
line in order of joining (who waits for how many, offers out and how they ended)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.paging import current_cursor, pager
from gateway.backoffice.render import page, problem_words
from gateway.backoffice.session import OperatorStaff

router = APIRouter(prefix="/backoffice/waitlists")
STATUSES = ("waiting", "offered", "accepted", "lapsed", "left", "closed")


@router.get("")
async def waitlists(request: Request, staff: OperatorStaff) -> Response:
    problem, offerings = None, []
    try:
        offerings = [
            o
            for o in await Api(request, staff).all_items("/v1/catalog/offerings")
            if o.get("sale_mode", "first_come") == "first_come" and o["audience"] == "consumer"
        ]
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(request, "waitlists/list.html", staff, {"offerings": offerings, "problem": problem})


@router.get("/{offering_id}")
async def waitlist(
    request: Request, staff: OperatorStaff, offering_id: str, status: str | None = None
) -> Response:
    api = Api(request, staff)
    offering_id = offering_id[:40]
    chosen = status if status in STATUSES else None
    problem: str | None = None
    offering: dict[str, Any] | None = None
    summary: dict[str, Any] | None = None
    listing: dict[str, Any] = {"items": [], "next_cursor": None}
    try:
        offering = await api.get(f"/v1/catalog/offerings/{offering_id}")
        summary = await api.get(f"/v1/waitlists/{offering_id}")
        listing = await api.get(
            f"/v1/waitlists/{offering_id}/entries",
            status=chosen,
            limit=50,
            cursor=current_cursor(request),
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "waitlists/waitlist.html",
        staff,
        {
            "offering": offering,
            "summary": summary,
            "rows": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "status": chosen,
            "statuses": STATUSES,
            "problem": problem,
        },
    )
