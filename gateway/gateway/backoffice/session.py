"""Staff sessions in the browser: a signed cookie naming the identity session, a CSRF
token bound to that session, an idle timeout, and the role check of every page.

The cookie carries no credential the API would accept: it names the gateway's own
identity session (``ses_…``) and when it was last used, signed with a key derived from
the internal secret. Each request re-reads the session from the identity database, so a
sign-out, a disabled account or a changed role applies to the very next page on every
replica. The cookie is HttpOnly, SameSite=Strict, scoped to ``/backoffice`` and Secure
when the page came over HTTPS; an unused session ends after ``backoffice_idle_seconds``.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import Depends, Request, Response

from gateway import i18n
from gateway.domain.identity import SessionState
from lpx_common.auth import Principal

COOKIE = "lpx_bo"
LOGIN_CSRF_COOKIE = "lpx_bo_login"
PATH = "/backoffice"
ROLES = ("operator", "sales", "finance", "admin")


class SignInNeeded(Exception):
    """No live staff session: the page answers with a redirect to the sign-in page."""


class RoleRefused(Exception):
    """A signed-in staff member whose roles do not open this page: a 403 page."""

    def __init__(self, staff: "Staff") -> None:
        self.staff = staff


class NoSuchId(Exception):
    """A path id that cannot be one of ours (wrong characters or length): a 404 page,
    without asking any service."""


_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def ident(value: str) -> str:
    if not _ID.match(value):
        raise NoSuchId
    return value


class CsrfRefused(Exception):
    """A form came without the token of this session: refused with a 403 page."""


@dataclass(frozen=True)
class Staff:
    session_id: str
    state: SessionState
    csrf: str

    @property
    def principal(self) -> Principal:
        return Principal(
            kind="staff",
            subject=self.state.account_id,
            roles=self.state.roles,
            email=self.state.email,
        )

    def can(self, role: str) -> bool:
        # As in lpx_common.auth.require: admin passes every role check.
        return role in self.state.roles or "admin" in self.state.roles


def _key(request: Request) -> bytes:
    secret = request.app.state.settings.internal_token_secret.get_secret_value()
    return hmac.new(secret.encode(), b"lpx-backoffice-session", hashlib.sha256).digest()


def _sign(key: bytes, payload: bytes) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, payload, hashlib.sha256).digest()).decode()


def csrf_for(request: Request, session_id: str) -> str:
    return _sign(_key(request), b"csrf:" + session_id.encode())[:32]


def encode_cookie(request: Request, session_id: str) -> str:
    payload = json.dumps({"sid": session_id, "t": int(time.time())}).encode()
    body = base64.urlsafe_b64encode(payload).decode()
    return body + "." + _sign(_key(request), payload)


def decode_cookie(request: Request, value: str) -> str | None:
    """The session id of a genuine cookie used within the idle timeout, else None."""
    body, _sep, signature = value.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body.encode())
        data = json.loads(payload)
        sid, last = str(data["sid"]), int(data["t"])
    except (ValueError, KeyError, TypeError):
        return None
    if not hmac.compare_digest(signature, _sign(_key(request), payload)):
        return None
    if time.time() - last > request.app.state.settings.backoffice_idle_seconds:
        return None
    return sid


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    response.set_cookie(
        COOKIE,
        encode_cookie(request, session_id),
        max_age=request.app.state.settings.backoffice_idle_seconds,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")


async def form_of(request: Request) -> dict[str, str]:
    """The posted form (urlencoded; the back office uploads no files), parsed once.
    A repeated field keeps its last value; ``form_lists`` gives every value."""
    return {k: v[-1] for k, v in (await form_lists(request)).items()}


async def form_lists(request: Request) -> dict[str, list[str]]:
    cached = getattr(request.state, "backoffice_form", None)
    if cached is None:
        body = (await request.body()).decode("utf-8", errors="replace")
        cached = parse_qs(body, keep_blank_values=True, max_num_fields=500)
        request.state.backoffice_form = cached
    return cached


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


async def current_staff(request: Request) -> Staff | None:
    value = request.cookies.get(COOKIE)
    sid = decode_cookie(request, value) if value else None
    if sid is None:
        return None
    state = await request.app.state.identity.session_state(sid)
    if state is None or state.kind != "staff":
        return None
    staff = Staff(sid, state, csrf_for(request, sid))
    request.state.backoffice_staff = staff  # the cookie is renewed on the way out
    return staff


def staff_with(*roles: str):  # type: ignore[no-untyped-def]
    """The dependency of a back-office page: a live staff session whose roles include
    one of ``roles`` (admin passes), else a redirect to sign in or a 403 page. A POST
    must also carry this session's CSRF token in its form."""

    async def check(request: Request) -> Staff:
        # The page's language before any text is made in Python (titles, notices, the
        # lines of a confirmation), not only when the template renders.
        i18n.use_locale(i18n.locale_of(request))
        staff = await current_staff(request)
        if staff is None:
            raise SignInNeeded
        if roles and not any(staff.can(role) for role in roles):
            raise RoleRefused(staff)
        if request.method == "POST":
            sent = (await form_of(request)).get("csrf")
            if not isinstance(sent, str) or not hmac.compare_digest(sent, staff.csrf):
                raise CsrfRefused
        return staff

    check.backoffice_roles = roles  # type: ignore[attr-defined]  # read by the route-walk test
    return check


AnyStaff = Annotated[Staff, Depends(staff_with())]
OperatorStaff = Annotated[Staff, Depends(staff_with("operator"))]
SalesStaff = Annotated[Staff, Depends(staff_with("sales"))]
FinanceStaff = Annotated[Staff, Depends(staff_with("finance"))]
AdminStaff = Annotated[Staff, Depends(staff_with("admin"))]
