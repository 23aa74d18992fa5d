"""Errors in Stripe's shape: ``{"error": {"type", "code", "message", "param"}}``."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse


class StripeError(Exception):
    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"type": type, "message": message}
        if code:
            self.body["code"] = code
        if param:
            self.body["param"] = param
        self.body.update(extra)


def missing(kind: str, object_id: str, param: str = "id") -> StripeError:
    return StripeError(
        f"No such {kind}: '{object_id}'", status=404, code="resource_missing", param=param
    )


async def stripe_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StripeError)
    return JSONResponse({"error": exc.body}, status_code=exc.status)
