"""Rendering back-office pages: the shared layout, problems in words, confirmations,
redirects after a change, and the pages for "sign in first" and "not for your role"."""

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from gateway import i18n
from gateway.backoffice.api import ApiProblem
from gateway.backoffice.session import (
    CsrfRefused,
    NoSuchId,
    RoleRefused,
    SignInNeeded,
    Staff,
    clear_session_cookie,
    set_session_cookie,
)
from gateway.i18n import N_, _
from gateway.templating import templates

CONFLICT = N_(
    "Someone changed this while you were editing it. Their version is shown below; "
    "nothing of yours was saved."
)
FORBIDDEN = N_("Your account may not do this.")
GONE = N_("It no longer exists.")
UNAVAILABLE = N_("A service is unavailable right now; try again in a moment.")
# Problems a member of staff can meet, by the code that ends their problem+json type.
PROBLEM_WORDS = {
    "precondition-failed": CONFLICT,
    "precondition-required": N_("This page is out of date; open it again."),
    "invalid-transition": N_("That change of status is not allowed from the current status."),
    "validation-error": N_("Please check the form: some fields are not valid."),
    "forbidden": FORBIDDEN,
    "not-found": GONE,
    "rate-limited": N_("Too many requests; wait a moment and try again."),
    "service-unavailable": UNAVAILABLE,
    "email-taken": N_("An account with this email already exists."),
    "invalid-credentials": N_("The email or password is not right."),
    "account-disabled": N_("This account is disabled."),
    "last-admin": N_("This is the last active admin; make another admin first."),
    "cannot-change-own-admin": N_(
        "You cannot disable your own account or remove your own admin role; ask another admin."
    ),
}

# Names of statuses as people say them (missions, bookings, refunds, invoices).
STATUS_WORDS = {
    "draft": N_("Draft"),
    "on_sale": N_("On sale"),
    "sales_closed": N_("Sales closed"),
    "launched": N_("Launched"),
    "landed": N_("Landed"),
    "lost": N_("Lost"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
    "held": N_("Held"),
    "under_review": N_("Under review"),
    "approved": N_("Approved"),
    "confirmed": N_("Confirmed"),
    "expired": N_("Expired"),
    "rejected": N_("Rejected"),
    "refund_due": N_("Refund due"),
    "refunded": N_("Refunded"),
    "flown": N_("Flown"),
    "delivered": N_("Delivered"),
    "mission_lost": N_("Mission lost"),
    "failed": N_("Failed"),
    "succeeded": N_("Succeeded"),
    "pending": N_("Pending"),
    "scheduled": N_("Scheduled"),
    "invoiced": N_("Invoiced"),
    "paid": N_("Paid"),
    "void": N_("Void"),
    "voided": N_("Voided"),
    "active": N_("Active"),
    "disabled": N_("Disabled"),
    "revoked": N_("Revoked"),
    "open": N_("Unpaid"),  # an invoice sent and not paid yet (Stripe: open)
    "overdue": N_("Overdue"),
    "uncollectible": N_("Uncollectible"),
    "in_transit": N_("In transit"),
    "canceled": N_("Canceled"),
}
# A payout's check in the reconciliation report, in words.
CHECK_WORDS = {
    "balanced": N_("Adds up"),
    "mismatch": N_("Does not add up"),
    "not_synced": N_("Transactions not synced yet"),
    "not_itemized": N_("Manual payout (not itemised by Stripe)"),
    "not_applicable": N_("Failed or canceled: moved no money"),
}


def status_word(status: str | None) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else (status or "—")


def check_word(check: str | None) -> str:
    return _(CHECK_WORDS[check]) if check in CHECK_WORDS else (check or "—")


def problem_words(problem: ApiProblem) -> str:
    """The problem as a sentence in the page's language, with the API's own detail."""
    code = problem.code
    if code in PROBLEM_WORDS:
        lead = _(PROBLEM_WORDS[code])
    elif problem.status == 412:  # the catalog says "version-mismatch"
        lead = _(CONFLICT)
    elif problem.status == 403:
        lead = _(FORBIDDEN)
    elif problem.status == 404:
        lead = _(GONE)
    elif problem.status >= 500:
        lead = _(UNAVAILABLE)
    else:
        lead = _("The platform refused this (%(status)s).", status=problem.status)
    return f"{lead} {problem.detail}".strip()


def shown_status(problem: ApiProblem) -> int:
    """The status of a page that shows an API problem: the caller's own mistake keeps
    its 4xx (a malformed or unknown id is a 404/422 page), the platform's is a 503."""
    return problem.status if 400 <= problem.status < 500 else 503


def grams(value: int | None) -> str:
    """12,345 g / 12.345 kg without a float: integer grams in, kg with 3 decimals out."""
    if value is None:
        return "—"
    sign = "-" if value < 0 else ""
    kg, g = divmod(abs(value), 1000)
    return f"{sign}{kg:,}.{g:03d} kg"


def percent(part: int, whole: int) -> int:
    """Whole percent (floored, 0–100) for bars; integers only."""
    return 0 if whole <= 0 else max(0, min(100, part * 100 // whole))


templates.env.globals |= {
    "status_word": status_word,
    "check_word": check_word,
    "percent": percent,
}
templates.env.filters["grams"] = grams


def page(
    request: Request,
    name: str,
    staff: Staff | None,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    body = {"staff": staff, "csrf": staff.csrf if staff else "", "section": name.split("/")[0]}
    body |= context or {}
    response = templates.TemplateResponse(request, "backoffice/" + name, body, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = "Accept-Language, Cookie"
    if staff is not None:
        set_session_cookie(request, response, staff.session_id)  # the idle clock restarts
    return response


def message(request: Request, staff: Staff | None, title: str, text: str, status: int) -> Response:
    return page(request, "message.html", staff, {"title": title, "text": text}, status)


def not_available(request: Request, staff: Staff, problem: ApiProblem) -> Response:
    """A page that could not be shown because the API refused or failed, in words."""
    words = {"title": N_("Not available"), "detail": problem_words(problem)}
    return page(request, "message.html", staff, words, shown_status(problem))


def done(request: Request, staff: Staff, url: str) -> Response:
    """After a change: back to a page (303), the cookie renewed."""
    response = RedirectResponse(url, status_code=303)
    set_session_cookie(request, response, staff.session_id)
    return response


def confirm(
    request: Request,
    staff: Staff,
    *,
    title: str,
    lines: list[str],
    action: str,
    fields: dict[str, str],
    button: str,
    back: str,
) -> Response:
    """The confirmation step of every change: what will happen, then one more POST with
    the same fields and ``confirmed=1``."""
    return page(
        request,
        "confirm.html",
        staff,
        {
            "title": title,
            "lines": lines,
            "action": action,
            "fields": fields,
            "button": button,
            "back": back,
        },
    )


async def sign_in_needed(request: Request, _exc: Exception) -> Response:
    i18n.use_locale(i18n.locale_of(request))
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = "/backoffice"
    response = RedirectResponse("/backoffice/login?next=" + _quote(target), status_code=303)
    clear_session_cookie(response)
    return response


async def role_refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RoleRefused)
    return message(
        request,
        exc.staff,
        N_("Not for your role"),
        N_("This page is for other staff roles. Ask an admin if you need it for your work."),
        403,
    )


async def csrf_refused(request: Request, _exc: Exception) -> Response:
    assert isinstance(_exc, CsrfRefused)
    return message(
        request,
        None,
        N_("Form expired"),
        N_("This form was not sent from a page of this back office; open the page and try again."),
        403,
    )


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


async def no_such_id(request: Request, _exc: Exception) -> Response:
    i18n.use_locale(i18n.locale_of(request))
    return message(request, None, N_("Not available"), GONE, 404)


EXCEPTION_HANDLERS = {
    NoSuchId: no_such_id,
    SignInNeeded: sign_in_needed,
    RoleRefused: role_refused,
    CsrfRefused: csrf_refused,
}
