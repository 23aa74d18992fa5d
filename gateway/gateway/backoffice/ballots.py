"""Ballots for operators: the ballot offerings, and one draw in full
(commitment, seed, list hash, the ranking and where each place stands)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.render import page, problem_words
from gateway.backoffice.session import OperatorStaff

router = APIRouter(prefix="/backoffice/ballots")


@router.get("")
async def ballots(request: Request, staff: OperatorStaff) -> Response:
    problem, offerings = None, []
    try:
        offerings = [
            o
            for o in await Api(request, staff).all_items("/v1/catalog/offerings")
            if o.get("sale_mode") == "ballot"
        ]
    except ApiProblem as exc:
        problem = problem_words(exc)
    offerings.sort(key=lambda o: o["ballot_draw_at"], reverse=True)
    return page(request, "ballots/list.html", staff, {"offerings": offerings, "problem": problem})


@router.get("/{offering_id}")
async def ballot(request: Request, staff: OperatorStaff, offering_id: str) -> Response:
    api = Api(request, staff)
    offering_id = offering_id[:40]
    problem: str | None = None
    offering: dict[str, Any] | None = None
    draw: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    try:
        offering = await api.get(f"/v1/catalog/offerings/{offering_id}")
        draw = await api.get(f"/v1/ballots/{offering_id}")
        drawn = draw["status"] != "open"
        rows = await api.all_items(
            f"/v1/ballots/{offering_id}/applications", ranked="true" if drawn else None
        )
    except ApiProblem as exc:
        problem = problem_words(exc)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return page(
        request,
        "ballots/ballot.html",
        staff,
        {
            "offering": offering,
            "draw": draw,
            "rows": rows,
            "counts": sorted(counts.items()),
            "problem": problem,
        },
    )
