"""Admins: staff accounts and roles, partners and their API keys (shown once, revoked),
and the audit log of the back office."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.render import confirm, done, page, problem_words, shown_status
from gateway.backoffice.session import ROLES, AdminStaff, form_lists, form_of, ident
from gateway.domain.identity import PARTNER_SCOPES
from gateway.i18n import N_, _

router = APIRouter(prefix="/backoffice/admin")


def _fields(form: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in form.items() if k not in ("csrf", "confirmed")}


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
    if form.get("confirmed") != "1":
        return confirm(
            request,
            staff,
            title=_("Create partner %(name)s?", name=form.get("name", "")),
            lines=[_("The partner has no API key until you issue one.")],
            action="/backoffice/admin/partners",
            fields=_fields(form),
            button=_("Create partner"),
            back="/backoffice/admin/partners",
        )
    try:
        answer = await Api(request, staff).call(
            "POST",
            "/v1/admin/partners",
            idempotent=True,
            json={"name": form.get("name", ""), "contact_email": form.get("contact_email", "")},
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            422,
        )
    partner = answer.json()
    await audit.record(request, staff, "partner.create", partner["id"], {"name": partner["name"]})
    return done(request, staff, f"/backoffice/admin/partners/{partner['id']}")


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
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not available"), "detail": problem_words(exc)},
            shown_status(exc),
        )
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
    form, lists = await form_of(request), await form_lists(request)
    scopes = [s for s in lists.get("scope", []) if s]
    base = f"/backoffice/admin/partners/{ident(partner_id)}"
    if form.get("confirmed") != "1":
        return page(
            request,
            "confirm.html",
            staff,
            {
                "title": _("Issue an API key named %(name)s?", name=form.get("name", "")),
                "lines": [
                    _("Scopes: %(scopes)s", scopes=", ".join(scopes) or "—"),
                    _("The key is shown once, on the next page; copy it then."),
                ],
                "action": base + "/keys",
                "fields": {"name": form.get("name", "")},
                "scopes": scopes,
                "button": _("Issue the key"),
                "back": base,
            },
        )
    try:
        answer = await Api(request, staff).call(
            "POST",
            f"/v1/admin/partners/{ident(partner_id)}/api-keys",
            json={"name": form.get("name", ""), "scopes": scopes},
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            422,
        )
    created = answer.json()
    await audit.record(
        request,
        staff,
        "api_key.create",
        created["id"],
        {"partner_id": ident(partner_id), "prefix": created["prefix"], "scopes": created["scopes"]},
    )
    # The clear key is on this one answer only (never stored, never redirected with).
    return await _partner_page(request, staff, partner_id, new_key=created, status=201)


@router.post("/partners/{partner_id}/keys/{key_id}/revoke")
async def revoke_key(request: Request, staff: AdminStaff, partner_id: str, key_id: str) -> Response:
    form = await form_of(request)
    base = f"/backoffice/admin/partners/{ident(partner_id)}"
    if form.get("confirmed") != "1":
        return confirm(
            request,
            staff,
            title=_("Revoke key %(id)s?", id=ident(key_id)),
            lines=[_("Every request with this key is refused from now on; it cannot be undone.")],
            action=f"{base}/keys/{ident(key_id)}/revoke",
            fields={},
            button=_("Revoke the key"),
            back=base,
        )
    try:
        await Api(request, staff).call(
            "DELETE", f"/v1/admin/partners/{ident(partner_id)}/api-keys/{ident(key_id)}"
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            422,
        )
    await audit.record(
        request, staff, "api_key.revoke", ident(key_id), {"partner_id": ident(partner_id)}
    )
    return done(request, staff, base + "?done=revoked")


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
    if form.get("confirmed") != "1":
        return page(
            request,
            "confirm.html",
            staff,
            {
                "title": _("Create a staff account for %(email)s?", email=form.get("email", "")),
                "lines": [_("Roles: %(roles)s", roles=", ".join(roles) or "—")],
                "action": "/backoffice/admin/staff",
                "fields": {k: v for k, v in _fields(form).items() if k != "role"},
                "roles_chosen": roles,
                "button": _("Create account"),
                "back": "/backoffice/admin/staff",
            },
        )
    try:
        answer = await Api(request, staff).call(
            "POST",
            "/v1/admin/staff",
            json={
                "email": form.get("email", ""),
                "name": form.get("name", ""),
                "password": form.get("password", ""),
                "roles": roles,
            },
        )
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            422,
        )
    await audit.record(request, staff, "staff.create", answer.json()["id"], {"roles": roles})
    return done(request, staff, "/backoffice/admin/staff?done=1")


@router.post("/staff/{account_id}")
async def update_staff(request: Request, staff: AdminStaff, account_id: str) -> Response:
    form, lists = await form_of(request), await form_lists(request)
    roles = [r for r in lists.get("role", []) if r]
    status = form.get("status") or None
    if form.get("confirmed") != "1":
        return page(
            request,
            "confirm.html",
            staff,
            {
                "title": _("Change staff account %(id)s?", id=ident(account_id)),
                "lines": [_("Roles: %(roles)s", roles=", ".join(roles) or "—")]
                + (
                    [_("The account is disabled and signed out everywhere.")]
                    if status == "disabled"
                    else []
                ),
                "action": f"/backoffice/admin/staff/{ident(account_id)}",
                "fields": {"status": status or ""},
                "roles_chosen": roles,
                "button": _("Save"),
                "back": "/backoffice/admin/staff",
            },
        )
    body: dict[str, object] = {"roles": roles}
    if status:
        body["status"] = status
    try:
        await Api(request, staff).call("PATCH", f"/v1/admin/staff/{ident(account_id)}", json=body)
    except ApiProblem as exc:
        return page(
            request,
            "message.html",
            staff,
            {"title": N_("Not done"), "detail": problem_words(exc)},
            409,
        )
    await audit.record(request, staff, "staff.update", ident(account_id), body)
    return done(request, staff, "/backoffice/admin/staff?done=1")


@router.get("/audit")
async def audit_log(request: Request, staff: AdminStaff, before: str | None = None) -> Response:
    entries = await audit.latest(request, before=(before or "")[:40] or None)
    return page(request, "admin/audit.html", staff, {"entries": entries})
