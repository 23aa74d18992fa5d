"""Staff sign-in, sign-out and the back office's start page."""

import contextlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from gateway import i18n
from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.render import confirm, page, problem_words
from gateway.backoffice.session import (
    LOGIN_CSRF_COOKIE,
    PATH,
    AnyStaff,
    clear_session_cookie,
    current_staff,
    form_of,
    new_login_csrf,
    set_session_cookie,
)
from gateway.i18n import _

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only a path inside the back office: never an open redirect.
    if target and target.startswith(PATH) and not target.startswith("//") and "\\" not in target:
        return target
    return PATH


def _login_page(request: Request, next_: str, problem: str | None, status: int) -> Response:
    token = new_login_csrf()
    response = page(
        request,
        "login.html",
        None,
        {
            "login_csrf": token,
            "next": _safe_next(next_),
            "problem": problem,
            "idle_minutes": request.app.state.settings.backoffice_idle_seconds // 60,
        },
        status,
    )
    # Double-submit token for the sign-in form (there is no session to bind it to yet).
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=3600,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def no_staff_needed(request: Request) -> None:
    """The sign-in page and form: open to anyone (they start a session)."""
    i18n.use_locale(i18n.locale_of(request))


Open = Annotated[None, Depends(no_staff_needed)]


@router.get("/backoffice/login")
async def login_page(request: Request, _open: Open, next: str = PATH) -> Response:
    if await current_staff(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next, None, 200)


@router.post("/backoffice/login")
async def login(request: Request, _open: Open) -> Response:
    form = await form_of(request)
    sent, kept = form.get("csrf", ""), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    next_ = form.get("next", PATH)
    if not kept or not hmac.compare_digest(sent, kept):
        return _login_page(request, next_, _("The form expired; please sign in again."), 403)
    api = Api(request, None)
    try:
        answer = await api.call(
            "POST",
            "/v1/auth/login",
            json={"email": form.get("email", "")[:320], "password": form.get("password", "")[:200]},
        )
    except ApiProblem as problem:
        status = problem.status if problem.status in (401, 422, 429) else 503
        return _login_page(request, next_, problem_words(problem), status)
    body = answer.json()
    claims = request.app.state.access_tokens.verify(body["access_token"])
    if body["account"]["kind"] != "staff":
        # A customer account: its new session is ended at once, nothing is kept.
        await api.call(
            "POST", "/v1/auth/logout", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        return _login_page(request, next_, _("This sign-in is for staff accounts only."), 403)
    response = RedirectResponse(_safe_next(next_), status_code=303)
    set_session_cookie(request, response, claims["sid"])
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PATH)
    return response


@router.post("/backoffice/logout")
async def logout(request: Request, staff: AnyStaff) -> Response:
    with contextlib.suppress(ApiProblem):  # the session may already be over
        await Api(request, staff).call("POST", "/v1/auth/logout")
    response = RedirectResponse(PATH + "/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/backoffice/logout-everywhere")
async def logout_everywhere(request: Request, staff: AnyStaff) -> Response:
    """Ends every session of this member of staff: other browsers, other devices and any
    token signed in with the same account stop working at their next request."""
    if (await form_of(request)).get("confirmed") != "1":
        return confirm(
            request,
            staff,
            title=_("Sign out everywhere?"),
            lines=[
                _(
                    "Every browser and device signed in as %(email)s is signed out now.",
                    email=staff.state.email,
                ),
                _("This one too: you sign in again afterwards."),
            ],
            action=PATH + "/logout-everywhere",
            fields={},
            button=_("Sign out everywhere"),
            back=PATH,
        )
    await audit.record(request, staff, "staff.sign_out_everywhere", staff.state.account_id)
    await request.app.state.identity.end_all_sessions(staff.state.account_id)
    response = RedirectResponse(PATH + "/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/backoffice")
async def home(request: Request, staff: AnyStaff) -> Response:
    roles = ", ".join(sorted(staff.state.roles))
    return page(request, "home.html", staff, {"roles": roles})
