"""Operators: offerings of a mission, created and edited (If-Match) through the catalog API."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change
from gateway.backoffice.forms import compact, integer, jst_instant, local_input
from gateway.backoffice.render import not_available, page, problem_words
from gateway.backoffice.session import OperatorStaff, Staff, form_of, ident
from gateway.i18n import N_, _

router = APIRouter(prefix="/backoffice/operator")

KINDS = (
    "name_engraving",
    "memento_capsule",
    "memorial_capsule",
    "brand_plate",
    "passive_payload",
    "active_payload",
    "rover_payload",
    "data_package",
)
AUDIENCES = {"consumer": N_("Consumers (card)"), "business": N_("Companies (invoice, review)")}
UNITS = {"item": N_("per item"), "kg": N_("per kg")}
TAX_CATEGORIES = {
    "standard": N_("Standard rate"),
    "reduced": N_("Reduced rate"),
    "exempt": N_("Exempt"),
    "zero_rated": N_("Zero-rated"),
}
NUMBERS = (
    "unit_mass_grams",
    "capacity_units",
    "min_quantity",
    "max_quantity",
    "review_hold_days",
    "cancellation_cutoff_days",
    "cancellation_fee_bps",
    "waitlist_offer_seconds",
)


def offering_body(form: dict[str, str], mission_id: str | None) -> dict[str, object]:
    prices = {
        cur: integer(form.get(f"price_{cur.lower()}"))
        for cur in ("JPY", "USD")
        if form.get(f"price_{cur.lower()}", "").strip()
    }
    body: dict[str, object] = {
        "mission_id": mission_id,
        "sku": form.get("sku") or None,
        "name": form.get("name") or None,
        "kind": form.get("kind") or None,
        "audience": form.get("audience") or None,
        "unit": form.get("unit") or None,
        "prices": prices or None,
        "sale_starts_at": jst_instant(form.get("sale_starts_at")),
        "sale_ends_at": jst_instant(form.get("sale_ends_at")),
        "tax_category": form.get("tax_category") or None,
    }
    body |= {name: integer(form.get(name)) for name in NUMBERS}
    return compact(body)


def offering_form(o: dict[str, Any]) -> dict[str, str]:
    form = {k: str(o[k]) for k in ("sku", "name", "kind", "audience", "unit", "tax_category")}
    form |= {name: str(o[name]) for name in NUMBERS}
    form |= {f"price_{c.lower()}": str(v) for c, v in o["prices"].items()}
    form["sale_starts_at"] = local_input(o["sale_starts_at"])
    form["sale_ends_at"] = local_input(o["sale_ends_at"])
    return form


def _choices() -> dict[str, Any]:
    from gateway.pages import kind_label

    return {
        "kinds": [(k, kind_label(k)) for k in KINDS],
        "audiences": [(k, _(v)) for k, v in AUDIENCES.items()],
        "units": [(k, _(v)) for k, v in UNITS.items()],
        "tax_categories": [(k, _(v)) for k, v in TAX_CATEGORIES.items()],
    }


def _form_page(
    request: Request,
    staff: Staff,
    *,
    action: str,
    form: dict[str, str],
    title: str,
    problem: str | None = None,
    errors: list[Any] | None = None,
    theirs: dict[str, str] | None = None,
    etag: str = "",
    status: int = 200,
) -> Response:
    return page(
        request,
        "operator/offering_form.html",
        staff,
        {
            "action": action,
            "form": form,
            "title": title,
            "problem": problem,
            "errors": errors or [],
            "theirs": theirs,
            "etag": etag,
            **_choices(),
        },
        status,
    )


@router.get("/missions/{mission_id}/offerings/new")
async def new_offering(request: Request, staff: OperatorStaff, mission_id: str) -> Response:
    defaults = {
        "kind": "memento_capsule",
        "audience": "consumer",
        "unit": "item",
        "min_quantity": "1",
        "tax_category": "standard",
        "review_hold_days": "0",
        "cancellation_cutoff_days": "0",
        "cancellation_fee_bps": "0",
        "waitlist_offer_seconds": "86400",
    }
    return _form_page(
        request,
        staff,
        action=f"/backoffice/operator/missions/{ident(mission_id)}/offerings/new",
        form=defaults,
        title=_("New offering"),
    )


@router.post("/missions/{mission_id}/offerings/new")
async def create_offering(request: Request, staff: OperatorStaff, mission_id: str) -> Response:
    mission_id = ident(mission_id)
    form = await form_of(request)
    action = f"/backoffice/operator/missions/{mission_id}/offerings/new"

    async def refused(exc: ApiProblem) -> Response:
        return _form_page(
            request,
            staff,
            action=action,
            form=form,
            title=_("New offering"),
            problem=problem_words(exc),
            errors=exc.field_errors,
            status=422,
        )

    return await change(
        request,
        staff,
        action=action,
        confirm=Confirm(
            title=_("Create offering %(name)s?", name=form.get("name", "")),
            lines=[_("It can be booked once the mission is on sale and its sale window opens.")],
            button=_("Create offering"),
            back=f"/backoffice/operator/missions/{mission_id}",
        ),
        call=lambda api: api.call(
            "POST", "/v1/catalog/offerings", json=offering_body(form, mission_id), idempotent=True
        ),
        audit_as="offering.create",
        target=lambda answer: answer.json()["id"],
        detail={"sku": form.get("sku")},
        then=f"/backoffice/operator/missions/{mission_id}?done=offering",
        failed=refused,
    )


@router.get("/offerings/{offering_id}")
async def offering(request: Request, staff: OperatorStaff, offering_id: str) -> Response:
    try:
        answer = await Api(request, staff).call(
            "GET", f"/v1/catalog/offerings/{ident(offering_id)}"
        )
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    o = answer.json()
    return _form_page(
        request,
        staff,
        action=f"/backoffice/operator/offerings/{o['id']}",
        form=offering_form(o),
        title=o["name"],
        etag=answer.headers.get("etag", ""),
    )


@router.post("/offerings/{offering_id}")
async def edit_offering(request: Request, staff: OperatorStaff, offering_id: str) -> Response:
    offering_id = ident(offering_id)
    form = await form_of(request)
    action = f"/backoffice/operator/offerings/{offering_id}"
    body = offering_body(form, None)

    async def refused(exc: ApiProblem) -> Response:
        theirs, etag = None, form.get("etag", "")
        if exc.status == 412:
            fresh = await Api(request, staff).call("GET", f"/v1/catalog/offerings/{offering_id}")
            theirs, etag = offering_form(fresh.json()), fresh.headers.get("etag", "")
        return _form_page(
            request,
            staff,
            action=action,
            form=form,
            title=form.get("name", ""),
            problem=problem_words(exc),
            errors=exc.field_errors,
            theirs=theirs,
            etag=etag,
            status=409 if exc.status == 412 else 422,
        )

    return await change(
        request,
        staff,
        action=action,
        confirm=Confirm(
            title=_("Save the changes to offering %(name)s?", name=form.get("name", "")),
            lines=[_("Bookings already made keep the price they were made at.")],
            button=_("Save"),
            back=action,
        ),
        call=lambda api: api.call(
            "PATCH",
            f"/v1/catalog/offerings/{offering_id}",
            json=body,
            headers={"If-Match": form.get("etag", "") or '"0"'},
        ),
        audit_as="offering.edit",
        target=offering_id,
        detail=body,
        then=lambda answer: (
            f"/backoffice/operator/missions/{answer.json()['mission_id']}?done=offering"
        ),
        failed=refused,
    )
