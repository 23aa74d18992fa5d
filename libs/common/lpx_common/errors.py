"""RFC 9457 problem+json for every error a service returns.

Domain code raises :class:`Problem` (or one of its subclasses); the handlers installed by
:func:`install_problem_handlers` turn it, validation errors, plain HTTP errors and any
unexpected exception into ``application/problem+json``. Unexpected exceptions are logged
with their traceback and answered with a generic 500 that never leaks the trace.
"""

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE_BASE = "https://lunar-payload.exchange/problems/"

log = logging.getLogger("lpx.errors")


class Problem(Exception):
    """An error that a client can act on. ``code`` becomes the problem ``type`` slug."""

    status: int = 400
    code: str = "bad-request"
    title: str | None = None

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        code: str | None = None,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        if title is not None:
            self.title = title
        self.errors = errors
        self.headers = headers
        self.extensions = extensions

    def to_body(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(
            self.status,
            self.detail,
            code=self.code,
            title=self.title,
            errors=self.errors,
            instance=instance,
            **self.extensions,
        )


class NotFound(Problem):
    status, code = 404, "not-found"


class Conflict(Problem):
    status, code = 409, "conflict"


class Unprocessable(Problem):
    status, code = 422, "unprocessable"


class Unauthorized(Problem):
    status, code = 401, "unauthorized"


class Forbidden(Problem):
    status, code = 403, "forbidden"


class PreconditionFailed(Problem):
    status, code = 412, "precondition-failed"


class PreconditionRequired(Problem):
    status, code = 428, "precondition-required"


class ServiceUnavailable(Problem):
    status, code = 503, "service-unavailable"


def problem_body(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (code or phrase.lower().replace(" ", "-")),
        "title": title or phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update(extensions)
    return body


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        jsonable_encoder(body),
        status_code=body["status"],
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        errors.append({"field": ".".join(loc), "message": err.get("msg", "invalid")})
    return errors


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.to_body(request.url.path), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = problem_body(
            422,
            "The request is not valid; see `errors`.",
            code="validation-error",
            title="Invalid request",
            errors=_field_errors(exc),
            instance=request.url.path,
        )
        return problem_response(body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        body = problem_body(exc.status_code, detail, instance=request.url.path)
        return problem_response(body, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Normally answered by RequestContextMiddleware (which has the request id); this
        # covers an app built without it.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return internal_error_response(request.url.path)


def internal_error_response(path: str) -> JSONResponse:
    body = problem_body(
        500,
        "Something went wrong on our side; the request id identifies it.",
        code="internal-error",
        instance=path,
    )
    return problem_response(body)


# PostgreSQL refusing a new connection: too many clients, the server starting up or
# shutting down. Answered 503 with Retry-After, since trying again shortly is right.
_REFUSING_SQLSTATES = {"53300", "57P03", "08001", "08004", "08006"}
# The same refusals from PgBouncer in front of it (deployed in compose and Kubernetes):
# no server connection came free in time, its client slots are full, or it cannot log
# in to PostgreSQL. It says so in the message (SQLSTATE 08P01, or 08003 when asyncpg
# sees the connection closed after it); the statement never reached the database.
_POOLER_SQLSTATES = {"08P01", "08003"}
_POOLER_REFUSALS = (
    "query_wait_timeout",
    "no more connections allowed",
    "client_login_timeout",
    "server login has been failing",
)


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from, outermost first (the chain is short; a cycle
    must not loop forever)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 8:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def database_refused(exc: BaseException) -> str | None:
    """Why the database refused us, when ``exc`` is a refusal rather than a bug.

    A full connection pool (SQLAlchemy's pool timeout), a server (or the pooler before
    it) out of connection slots or not accepting connections, a refused TCP connect, or
    a pooled connection found dead (its transaction, if any, rolled back with it): the
    request may be retried. Anything else is ``None``.
    """
    causes = _causes(exc)
    for seen in causes:
        if isinstance(seen, SQLAlchemyTimeoutError):
            return "connection pool exhausted"
        sqlstate = getattr(seen, "sqlstate", None)
        if sqlstate in _REFUSING_SQLSTATES:
            return f"sqlstate {sqlstate}"
        if sqlstate in _POOLER_SQLSTATES:
            refusal = next((r for r in _POOLER_REFUSALS if r in str(seen)), None)
            if refusal:
                return f"pooler: {refusal}"
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused"
    # Otherwise, a pooled connection the server closed (a restart, a failover): the pool
    # is replaced and the next request gets a new connection.
    if any(getattr(seen, "connection_invalidated", False) for seen in causes):
        return "connection lost"
    return None


# Text PostgreSQL cannot hold (a NUL character, which JSON and URLs can carry, or one the
# encoding lacks): the caller's input, whichever field it came in. Schemas do not each
# refuse it, so it is answered here, for every route, once the database has said so.
_UNSTORABLE_TEXT_SQLSTATES = {"22021", "22P05"}


def unstorable_text(exc: BaseException) -> bool:
    return any(
        getattr(seen, "sqlstate", None) in _UNSTORABLE_TEXT_SQLSTATES for seen in _causes(exc)
    )


def unstorable_text_response(path: str) -> JSONResponse:
    body = problem_body(
        422,
        "The request holds text that cannot be stored: a NUL character (\\u0000 or %00) "
        "or another character that is not allowed in text.",
        code="invalid-text",
        title="Invalid request",
        instance=path,
    )
    return problem_response(body)


def database_busy_response(path: str) -> JSONResponse:
    body = problem_body(
        503,
        "The service is busy right now; try again in a moment.",
        code="service-busy",
        instance=path,
    )
    return problem_response(body, {"Retry-After": "1"})
