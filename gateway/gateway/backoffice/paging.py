"""Cursor paging of back-office lists: next and previous links over the API's cursors.

The API gives a ``next_cursor`` only, so each page's address carries the cursors of the
pages before it (``back``, dot-separated; an empty one is the first page). The list's
filters stay in every link. The trail is capped: past it, "First page" still works.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

TRAIL_MAX = 20
CURSOR_MAX = 512


@dataclass(frozen=True)
class Pager:
    cursor: str | None  # the cursor of the page shown (None: the first page)
    next_url: str | None
    prev_url: str | None
    first_url: str | None


def _url(request: Request, params: dict[str, str]) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return request.url.path + ("?" + urlencode(kept) if kept else "")


def current_cursor(request: Request) -> str | None:
    """The ``cursor`` of the page asked for (an overlong one is the API's to refuse)."""
    return (request.query_params.get("cursor") or "")[: CURSOR_MAX + 1] or None


def pager(request: Request, next_cursor: str | None) -> Pager:
    params = {k: v for k, v in request.query_params.items() if v != "" or k == "back"}
    cursor = params.pop("cursor", None) or None
    back = params.pop("back", None)
    trail = back.split(".")[-TRAIL_MAX:] if back is not None else []
    next_url = None
    if next_cursor:
        onward = [*trail, cursor or ""][-TRAIL_MAX:]
        next_url = _url(request, params | {"cursor": next_cursor, "back": ".".join(onward)})
    prev_url = None
    if trail:
        before = trail[:-1]
        prev_url = _url(
            request,
            params
            | ({"cursor": trail[-1]} if trail[-1] else {})
            | ({"back": ".".join(before)} if before else {}),
        )
    first_url = _url(request, params) if cursor else None
    return Pager(cursor, next_url, prev_url, first_url)
