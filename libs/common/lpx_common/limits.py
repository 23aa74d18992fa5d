"""Limits on what a request may carry: its head (431), its path (422), its body (413).

The head limits are enforced twice: by the server protocol while the head arrives
(``lpx_common.serving``, so a huge head is never buffered) and by
:class:`RequestHeadGuard` inside the application (whatever server runs it).
"""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lpx_common.errors import problem_body, problem_response

# The public entry (gateway) accepts request heads (request line and headers) up to
# 32 KiB in at most 100 header fields; services behind it accept a little more, for the
# headers the gateway adds when it forwards (internal token, request id, forwarding).
EDGE_MAX_HEADER_BYTES = 32 * 1024
EDGE_MAX_HEADERS = 100
SERVICE_MAX_HEADER_BYTES = 40 * 1024
SERVICE_MAX_HEADERS = 120

# Encoded "/" or "\" inside a path segment: no route takes one, and a value holding one
# is how a path is made to mean another (e.g. an id of "../../internal/x").
_ENCODED_SEPARATORS = (b"%2f", b"%2F", b"%5c", b"%5C")


def head_too_large_detail(max_bytes: int, max_headers: int) -> str:
    return (
        f"The request head is too large: at most {max_bytes} bytes of request line and "
        f"headers, in at most {max_headers} header fields."
    )


class RequestHeadGuard:
    """431 for a request head over the limits; 422 for an encoded separator in the path."""

    def __init__(self, app: ASGIApp, max_header_bytes: int, max_headers: int) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.max_headers = max_headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope["headers"]
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        size = len(raw_path) + len(scope.get("query_string", b""))
        for name, value in headers:
            size += len(name) + len(value) + 4
        if len(headers) > self.max_headers or size > self.max_header_bytes:
            body = problem_body(
                431,
                head_too_large_detail(self.max_header_bytes, self.max_headers),
                code="request-header-fields-too-large",
                instance=scope["path"],
            )
            await problem_response(body)(scope, receive, send)
            return
        if any(separator in raw_path for separator in _ENCODED_SEPARATORS):
            body = problem_body(
                422,
                "A path segment may not contain an encoded '/' or '\\'; "
                "no identifier or name here holds one.",
                code="invalid-path-segment",
                title="Invalid request",
                instance=scope["path"],
            )
            await problem_response(body)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    """An HTTPException so that FastAPI's body parsing re-raises it as a 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"The request body is larger than {max_bytes} bytes.")


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = problem_body(
            413,
            f"The request body is larger than {self.max_bytes} bytes.",
            code="body-too-large",
            instance=scope["path"],
        )
        await problem_response(body)(scope, receive, send)
