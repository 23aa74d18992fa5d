"""Every service's OpenAPI says how it fails, as it really does: RFC 9457 problem+json.

FastAPI documents only a route's success and a 422 as ``application/json`` with its own
validation model; the handlers of lpx_common.errors answer every error, 422 included, as
``application/problem+json`` with a ``Problem`` body. :func:`document_problems` makes the
document say so, once, when it is first built: the 422 and any error a route already
lists get the problem body, and every operation lists ``4XX`` (a client error: bad
credentials, not allowed, not found, conflict, a limit) and ``503`` (a database or peer
that cannot answer now; ``Retry-After`` says when to try again). A 500 is a bug and stays
undocumented. Clients and generated SDKs then read errors from the schema; the fuzzing
tests hold every answer to it.
"""

from typing import Any

from fastapi import FastAPI

from lpx_common.errors import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An RFC 9457 problem: what went wrong, for a person and for a program.",
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "The fields that are wrong, for a 422.",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
    # Problems may carry extension members (e.g. what a retry should wait for).
    "additionalProperties": True,
}
_PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}
_FASTAPI_VALIDATION_MODELS = ("HTTPValidationError", "ValidationError")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMMON_ERRORS = {
    "4XX": "The request cannot be done as sent: no or bad credentials (401), not allowed "
    "(403), not found (404), a conflict or stale version (409, 412), invalid (422), or "
    "too many requests (429, see `Retry-After`).",
    "503": "A database or another service cannot answer right now; try again after `Retry-After`.",
}


def with_problems(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its error answers described as problems (changed in place)."""
    for item in document.get("paths", {}).values():
        for method in _METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_ERRORS.items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status[0] in "45":
                    response["content"] = _PROBLEM_CONTENT
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION_MODELS:  # only FastAPI's 422 used them
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    return document


def document_problems(app: FastAPI) -> None:
    """Build ``app``'s OpenAPI with :func:`with_problems` (once, then cached as usual)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
