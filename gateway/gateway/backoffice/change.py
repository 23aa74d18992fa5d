"""The one way a back-office form changes something: ask for confirmation, call the API,
show a refusal in words, write the audit row, and go back to a page.

Every form posts twice: first without ``confirmed`` (the page says what will happen), then
with ``confirmed=1`` and the same fields. Only an answer the API accepted is audited: a
refused change changed nothing.
"""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import Request
from fastapi.responses import Response

from gateway.backoffice import audit
from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.render import done, page, problem_words
from gateway.backoffice.session import Staff, form_of
from gateway.i18n import N_

Answer = httpx.Response
FromAnswer = Callable[[Answer], Any]


@dataclass(frozen=True)
class Confirm:
    """The confirmation step: what will happen, before anything changes."""

    title: str
    lines: list[str]
    button: str
    back: str
    # The fields posted again with ``confirmed=1``; None: the form as it came.
    fields: dict[str, str] | None = None
    # More for the template: repeated fields (``rows``, ``scopes``, ``roles_chosen``).
    extra: dict[str, Any] = field(default_factory=dict)


def posted(form: dict[str, str]) -> dict[str, str]:
    """The fields of a form, without its CSRF token and confirmation flag."""
    return {k: v for k, v in form.items() if k not in ("csrf", "confirmed")}


async def _resolve(value: Any, answer: Answer) -> Any:
    found = value(answer) if callable(value) else value
    return await found if inspect.isawaitable(found) else found


async def change(
    request: Request,
    staff: Staff,
    *,
    action: str,
    confirm: Confirm | Callable[[], Awaitable[Confirm | Response]],
    call: Callable[[Api], Awaitable[Answer]],
    audit_as: str,
    target: str | FromAnswer,
    then: str | FromAnswer,
    detail: dict[str, Any] | FromAnswer | None = None,
    failed: int | Callable[[ApiProblem], Awaitable[Response]] = 422,
) -> Response:
    """``action`` is where the form posts; ``call`` makes the change through the API;
    ``audit_as``/``target``/``detail`` name it in the audit log; ``then`` is the page to
    go to (or a response made from the answer); ``failed`` is the status of the page that
    shows a refusal, or a function that shows it next to the form."""
    form = await form_of(request)
    if form.get("confirmed") != "1":
        asked = confirm if isinstance(confirm, Confirm) else await confirm()
        if not isinstance(asked, Confirm):
            return asked  # the preview itself was refused: a page in words
        context = {
            "title": asked.title,
            "lines": asked.lines,
            "action": action,
            "fields": posted(form) if asked.fields is None else asked.fields,
            "button": asked.button,
            "back": asked.back,
        }
        return page(request, "confirm.html", staff, context | asked.extra)
    try:
        answer = await call(Api(request, staff))
    except ApiProblem as exc:
        if callable(failed):
            return await failed(exc)
        words = {"title": N_("Not done"), "detail": problem_words(exc)}
        return page(request, "message.html", staff, words, failed)
    await audit.record(
        request,
        staff,
        audit_as,
        await _resolve(target, answer),
        await _resolve(detail, answer) if detail is not None else None,
    )
    after = await _resolve(then, answer)
    return done(request, staff, after) if isinstance(after, str) else after
