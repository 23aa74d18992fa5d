"""Turning a peer's refusal into a problem booking's caller can act on."""

from typing import Any

import httpx

from lpx_common.errors import Conflict, Problem, ServiceUnavailable, Unprocessable


def peer_problem(service: str, response: httpx.Response) -> Problem:
    """A 409/422 from a peer keeps its meaning (and code); anything else unexpected means
    the peer cannot serve us right now, which the caller sees as a 503."""
    body: dict[str, Any] = {}
    try:
        parsed = response.json()
        if isinstance(parsed, dict):
            body = parsed
    except ValueError:
        pass
    detail = str(body.get("detail") or f"The {service} service refused the request.")
    code = str(body.get("type", "")).rstrip("/").rsplit("/", 1)[-1] or None
    if response.status_code == 409:
        return Conflict(detail, code=code or "conflict")
    if response.status_code in (400, 422):
        return Unprocessable(detail, code=code or "unprocessable", errors=body.get("errors"))
    return ServiceUnavailable(
        f"The {service} service could not complete the request (HTTP {response.status_code}).",
        code="dependency-failed",
    )
