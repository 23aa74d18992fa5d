"""Admins: staff accounts and roles, partners and their API keys (shown once, revoked),
and the audit log of the back office."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change, posted
from gateway.backoffice.render import not_available, page, problem_words
from gateway.backoffice.session import ROLES, AdminStaff, form_lists, form_of, ident
from gateway.domain.identity import PARTNER_SCOPES
from gateway.i18n import _

router = APIRouter(prefix="/backoffice/admin")


@router.get("/partners")
async def partners(request: Request, staff: AdminStaff) -> Response:
    problem, items = None, []
    try:
        items = (await Api(request, staff).get("/v1/admin/partners"))["items"]
    except ApiProblem as exc:
        problem = problem_words(exc)
    return page(request, "admin/partners.html", staff, {"partners": items, "problem": problem})


@router.post("/partners")
async def create_partner(request: Request, staff: AdminStaff) -> Response:
    form = await form_of(request)
    body = {"name": form.get("name", ""), "contact_email": form.get("contact_email", "")}
    return await change(
        request,
        staff,
        action="/backoffice/admin/partners",
        confirm=Confirm(
            title=_("Create partner %(name)s?", name=form.get("name", "")),
            lines=[_("The partner has no API key until you issue one.")],
            button=_("Create partner"),
            back="/backoffice/admin/partners",
        ),
        call=lambda api: api.call("POST", "/v1/admin/partners", idempotent=True, json=body),
        audit_as="partner.create",
        target=lambda answer: answer.json()["id"],
        detail=lambda answer: {"name": answer.json()["name"]},
        then=lambda answer: f"/backoffice/admin/partners/{answer.json()['id']}",
    )


async def _partner_page(
    request: Request,
    staff: AdminStaff,
    partner_id: str,
    *,
    new_key: dict | None = None,
    status: int = 200,
) -> Response:
    api = Api(request, staff)
    try:
        partner = await api.get(f"/v1/admin/partners/{ident(partner_id)}")
        keys = (await api.get(f"/v1/admin/partners/{partner['id']}/api-keys"))["items"]
    except ApiProblem as exc:
        return not_available(request, staff, exc)
    notice = _("The key was revoked.") if request.query_params.get("done") == "revoked" else None
    return page(
        request,
        "admin/partner.html",
        staff,
        {
            "partner": partner,
            "keys": keys,
            "new_key": new_key,
            "scopes": PARTNER_SCOPES,
            "notice": notice,
        },
        status,
    )


@router.get("/partners/{partner_id}")
async def partner(request: Request, staff: AdminStaff, partner_id: str) -> Response:
    return await _partner_page(request, staff, partner_id)


@router.post("/partners/{partner_id}/keys")
async def create_key(request: Request, staff: AdminStaff, partner_id: str) -> Response:
    partner_id = ident(partner_id)
    form, lists = await form_of(request), await form_lists(request)
    scopes = [s for s in lists.get("scope", []) if s]
    base = f"/backoffice/admin/partners/{partner_id}"
    return await change(
        request,
        staff,
        action=base + "/keys",
        confirm=Confirm(
            title=_("Issue an API key named %(name)s?", name=form.get("name", "")),
            lines=[
                _("Scopes: %(scopes)s", scopes=", ".join(scopes) or "—"),
                _("The key is shown once, on the next page; copy it then."),
            ],
            button=_("Issue the key"),
            back=base,
            fields={"name": form.get("name", "")},
            extra={"scopes": scopes},
        ),
        call=lambda api: api.call(
            "POST",
            f"/v1/admin/partners/{partner_id}/api-keys",
            json={"name": form.get("name", ""), "scopes": scopes},
        ),
        audit_as="api_key.create",
        target=lambda answer: answer.json()["id"],
        detail=lambda answer: {
            "partner_id": partner_id,
            "prefix": answer.json()["prefix"],
            "scopes": answer.json()["scopes"],
        },
        # The clear key is on this one answer only (never stored, never redirected with).
        then=lambda answer: _partner_page(
            request, staff, partner_id, new_key=answer.json(), status=201
        ),
    )


@router.post("/partners/{partner_id}/keys/{key_id}/revoke")
async def revoke_key(request: Request, staff: AdminStaff, partner_id: str, key_id: str) -> Response:
    partner_id, key_id = ident(partner_id), ident(key_id)
    base = f"/backoffice/admin/partners/{partner_id}"
    return await change(
        request,
        staff,
        action=f"{base}/keys/{key_id}/revoke",
        confirm=Confirm(
            title=_("Revoke key %(id)s?", id=key_id),
            lines=[_("Every request with this key is refused from now on; it cannot be undone.")],
            button=_("Revoke the key"),
            back=base,
            fields={},
        ),
        call=lambda api: api.call("DELETE", f"/v1/admin/partners/{partner_id}/api-keys/{key_id}"),
        audit_as="api_key.revoke",
        target=key_id,
        detail={"partner_id": partner_id},
        then=base + "?done=revoked",
    )


@router.get("/staff")
async def staff_list(request: Request, staff: AdminStaff) -> Response:
    problem, items = None, []
    try:
        items = (await Api(request, staff).get("/v1/admin/staff"))["items"]
    except ApiProblem as exc:
        problem = problem_words(exc)
    notice = _("Saved.") if request.query_params.get("done") else None
    return page(
        request,
        "admin/staff.html",
        staff,
        {"accounts": items, "roles": ROLES, "problem": problem, "notice": notice},
    )


@router.post("/staff")
async def create_staff(request: Request, staff: AdminStaff) -> Response:
    form, lists = await form_of(request), await form_lists(request)
    roles = [r for r in lists.get("role", []) if r]
    body = {
        "email": form.get("email", ""),
        "name": form.get("name", ""),
        "password": form.get("password", ""),
        "roles": roles,
    }
    return await change(
        request,
        staff,
        action="/backoffice/admin/staff",
        confirm=Confirm(
            title=_("Create a staff account for %(email)s?", email=form.get("email", "")),
            lines=[_("Roles: %(roles)s", roles=", ".join(roles) or "—")],
            button=_("Create account"),
            back="/backoffice/admin/staff",
            fields={k: v for k, v in posted(form).items() if k != "role"},
            extra={"roles_chosen": roles},
        ),
        call=lambda api: api.call("POST", "/v1/admin/staff", json=body),
        audit_as="staff.create",
        target=lambda answer: answer.json()["id"],
        detail={"roles": roles},
        then="/backoffice/admin/staff?done=1",
    )


@router.post("/staff/{account_id}")
async def update_staff(request: Request, staff: AdminStaff, account_id: str) -> Response:
    account_id = ident(account_id)
    form, lists = await form_of(request), await form_lists(request)
    roles = [r for r in lists.get("role", []) if r]
    status = form.get("status") or None
    body: dict[str, object] = {"roles": roles} | ({"status": status} if status else {})
    disabled = [_("The account is disabled and signed out everywhere.")]
    return await change(
        request,
        staff,
        action=f"/backoffice/admin/staff/{account_id}",
        confirm=Confirm(
            title=_("Change staff account %(id)s?", id=account_id),
            lines=[_("Roles: %(roles)s", roles=", ".join(roles) or "—")]
            + (disabled if status == "disabled" else []),
            button=_("Save"),
            back="/backoffice/admin/staff",
            fields={"status": status or ""},
            extra={"roles_chosen": roles},
        ),
        call=lambda api: api.call("PATCH", f"/v1/admin/staff/{account_id}", json=body),
        audit_as="staff.update",
        target=account_id,
        detail=body,
        then="/backoffice/admin/staff?done=1",
        failed=409,
    )


@router.get("/audit")
async def audit_log(request: Request, staff: AdminStaff, before: str | None = None) -> Response:
    entries = await audit.latest(request, before=(before or "")[:40] or None)
    return page(request, "admin/audit.html", staff, {"entries": entries})
