"""Operators: missions (list, create, edit with If-Match), their status changes with a
preview of the effects on bookings, and the capacity board."""

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change
from gateway.backoffice.charts import Column, columns_svg
from gateway.backoffice.forms import compact, grams_from_kg, jst_instant, kg_from_grams
from gateway.backoffice.forms import local_input as local
from gateway.backoffice.paging import current_cursor, pager
from gateway.backoffice.preview import mission_effects
from gateway.backoffice.render import (
    grams,
    not_available,
    page,
    percent,
    problem_words,
    status_word,
)
from gateway.backoffice.session import OperatorStaff, Staff, form_of, ident
from gateway.i18n import _

router = APIRouter(prefix="/backoffice/operator")

MISSION_STATUSES = (
    "draft",
    "on_sale",
    "sales_closed",
    "launched",
    "landed",
    "lost",
    "completed",
    "cancelled",
)
# The catalog's transition table, for the choices offered (the catalog still decides).
NEXT_STATUSES = {
    "draft": ("on_sale", "cancelled"),
    "on_sale": ("sales_closed", "cancelled"),
    "sales_closed": ("launched", "cancelled"),
    "launched": ("landed", "lost"),
    "landed": ("completed",),
    "lost": ("completed",),
}


def mission_body(form: dict[str, str]) -> dict[str, object]:
    return compact(
        {
            "code": form.get("code") or None,
            "name": form.get("name") or None,
            "lander": form.get("lander") or None,
            "landing_site": form.get("landing_site") or None,
            "launch_window_start": jst_instant(form.get("launch_window_start")),
            "launch_window_end": jst_instant(form.get("launch_window_end")),
            "mass_budget_grams": grams_from_kg(form.get("mass_budget_kg")),
        }
    )


def mission_form(mission: dict[str, Any] | None) -> dict[str, str]:
    if mission is None:
        return {}
    return {
        "code": mission["code"],
        "name": mission["name"],
        "lander": mission["lander"],
        "landing_site": mission["landing_site"],
        "launch_window_start": local(mission["launch_window_start"]),
        "launch_window_end": local(mission["launch_window_end"]),
        "mass_budget_kg": kg_from_grams(mission["mass_budget_grams"]),
    }


@router.get("/missions")
async def missions(request: Request, staff: OperatorStaff, status: str | None = None) -> Response:
    chosen = status if status in MISSION_STATUSES else None
    problem, chart = None, None
    listing: dict[str, Any] = {"items": [], "next_cursor": None}
    try:
        api = Api(request, staff)
        listing = await api.get(
            "/v1/catalog/missions", status=chosen, cursor=current_cursor(request), limit=50
        )
        chart = await sold_chart(api, listing["items"])
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(
        request,
        "operator/missions.html",
        staff,
        {
            "missions": listing["items"],
            "pager": pager(request, listing.get("next_cursor")),
            "status": chosen,
            "statuses": MISSION_STATUSES,
            "problem": problem,
            "chart": chart,
        },
    )


async def sold_chart(api: Api, missions: list[dict[str, Any]]) -> Markup | None:
    """Capacity sold per mission on this page, in kilograms committed (column heights
    scale to the largest), each with its share of the mass budget; integers only."""
    shown = [m for m in missions if m["status"] not in ("draft", "cancelled")][:24]
    boards = await asyncio.gather(
        *(api.get(f"/v1/catalog/missions/{m['id']}/availability") for m in shown)
    )
    columns = [
        Column(
            m["code"],
            b["committed_grams"],
            f"{grams(b['committed_grams'])} "
            f"({percent(b['committed_grams'], b['mass_budget_grams'])}%)",
        )
        for m, b in zip(shown, boards, strict=True)
    ]
    if not columns:
        return None
    return Markup(columns_svg(_("Capacity sold per mission"), columns))


@router.get("/missions/new")
async def new_mission(request: Request, staff: OperatorStaff) -> Response:
    return page(request, "operator/mission_form.html", staff, {"form": {}, "mission": None})


@router.post("/missions/new")
async def create_mission(request: Request, staff: OperatorStaff) -> Response:
    form = await form_of(request)

    async def refused(exc: ApiProblem) -> Response:
        context = {
            "form": form,
            "mission": None,
            "problem": problem_words(exc),
            "errors": exc.field_errors,
        }
        status = 422 if exc.status < 500 else 503
        return page(request, "operator/mission_form.html", staff, context, status)

    return await change(
        request,
        staff,
        action="/backoffice/operator/missions/new",
        confirm=Confirm(
            title=_("Create mission %(name)s?", name=form.get("name", "")),
            lines=[_("The mission is created as a draft; nothing is on sale yet.")],
            button=_("Create mission"),
            back="/backoffice/operator/missions",
        ),
        call=lambda api: api.call(
            "POST", "/v1/catalog/missions", json=mission_body(form), idempotent=True
        ),
        audit_as="mission.create",
        target=lambda answer: answer.json()["id"],
        detail=lambda answer: {"code": answer.json()["code"]},
        then=lambda answer: f"/backoffice/operator/missions/{answer.json()['id']}?done=created",
        failed=refused,
    )


async def _mission_page(
    request: Request,
    staff: Staff,
    mission_id: str,
    *,
    form: dict[str, str] | None = None,
    problem: str | None = None,
    theirs: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    api = Api(request, staff)
    try:
        answer = await api.call("GET", f"/v1/catalog/missions/{ident(mission_id)}")
        mission = answer.json()
        offerings = await api.all_items("/v1/catalog/offerings", mission_id=mission["id"])
        board = await api.get(f"/v1/catalog/missions/{mission['id']}/availability")
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    notice = {
        "created": _("Saved."),
        "saved": _("Saved."),
        "status": _("The status was changed."),
        "offering": _("The offering was saved."),
    }.get(request.query_params.get("done", ""))
    return page(
        request,
        "operator/mission.html",
        staff,
        {
            "mission": mission,
            "etag": answer.headers.get("etag", ""),
            "form": form or mission_form(mission),
            "theirs": theirs,
            "offerings": offerings,
            "board": board,
            "next_statuses": NEXT_STATUSES.get(mission["status"], ()),
            "problem": problem,
            "notice": notice,
        },
        status,
    )


@router.get("/missions/{mission_id}")
async def mission(request: Request, staff: OperatorStaff, mission_id: str) -> Response:
    return await _mission_page(request, staff, mission_id)


@router.post("/missions/{mission_id}")
async def edit_mission(request: Request, staff: OperatorStaff, mission_id: str) -> Response:
    mission_id = ident(mission_id)
    form = await form_of(request)
    base = f"/backoffice/operator/missions/{mission_id}"

    async def refused(exc: ApiProblem) -> Response:
        theirs = None
        if exc.status == 412:
            # Someone else saved first: show their version beside what was typed.
            fresh = await Api(request, staff).get(f"/v1/catalog/missions/{mission_id}")
            theirs = mission_form(fresh)
        return await _mission_page(
            request,
            staff,
            mission_id,
            form=form,
            problem=problem_words(exc),
            theirs=theirs,
            status=409 if exc.status == 412 else 422,
        )

    return await change(
        request,
        staff,
        action=base,
        confirm=Confirm(
            title=_("Save the changes to mission %(name)s?", name=form.get("name", "")),
            lines=[_("Only this mission changes; bookings keep their price snapshots.")],
            button=_("Save"),
            back=base,
        ),
        call=lambda api: api.call(
            "PATCH",
            f"/v1/catalog/missions/{mission_id}",
            json=mission_body(form),
            headers={"If-Match": form.get("etag", "") or '"0"'},
        ),
        audit_as="mission.edit",
        target=mission_id,
        detail=mission_body(form),
        then=base + "?done=saved",
        failed=refused,
    )


@router.post("/missions/{mission_id}/status")
async def change_status(request: Request, staff: OperatorStaff, mission_id: str) -> Response:
    mission_id = ident(mission_id)
    form = await form_of(request)
    target = form.get("status", "")
    base = f"/backoffice/operator/missions/{mission_id}"

    async def preview() -> Confirm | Response:
        api = Api(request, staff)
        try:
            mission = await api.get(f"/v1/catalog/missions/{mission_id}")
            lines = await mission_effects(api, mission["id"], target)
        except ApiProblem as exc:
            return await _mission_page(request, staff, mission_id, problem=problem_words(exc))
        return Confirm(
            title=_(
                "Change %(name)s from “%(from)s” to “%(to)s”?",
                name=mission["name"],
                **{"from": status_word(mission["status"]), "to": status_word(target)},
            ),
            lines=lines,
            button=_("Change the status"),
            back=base,
            fields={
                "status": target,
                "reason": form.get("reason", ""),
                "etag": form.get("etag", ""),
            },
        )

    async def refused(exc: ApiProblem) -> Response:
        return await _mission_page(
            request, staff, mission_id, problem=problem_words(exc), status=409
        )

    return await change(
        request,
        staff,
        action=base + "/status",
        confirm=preview,
        call=lambda api: api.call(
            "POST",
            f"/v1/catalog/missions/{mission_id}/status",
            json=compact({"status": target, "reason": form.get("reason") or None}),
            headers={"If-Match": form.get("etag", "") or '"0"'},
        ),
        audit_as="mission.status",
        target=mission_id,
        detail={"status": target},
        then=base + "?done=status",
        failed=refused,
    )
