"""Typed-client plumbing for calls between services.

One pooled ``httpx.AsyncClient`` per downstream, made in the lifespan, with explicit
timeouts. Every call carries the request id, trace context and this service's own
internal token. Transport failures and 5xx answers become a 503 problem: a dependency
that is down is never reported as a made-up 404. Retries happen only for requests that
are safe to repeat (GET, or a POST that carries an Idempotency-Key).
"""

import asyncio
import logging
import re
import string
from typing import Any
from urllib.parse import quote

import httpx

from lpx_common.auth import INTERNAL_TOKEN_HEADER, TokenCodec
from lpx_common.errors import ServiceUnavailable
from lpx_common.observability import outgoing_context_headers

log = logging.getLogger("lpx.http")

# What a caller is told to wait when a peer is down (a 503 always says when to retry).
RETRY_AFTER_SECONDS = "2"
_FIELDS = string.Formatter()
# What a path we send may contain once every value is encoded: unreserved characters,
# "/", and percent escapes. No "?", "#", spaces or control characters.
_SAFE_PATH = re.compile(r"^/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$")


class UnsafePath(ValueError):
    """A path that would not reach the route it names (a bug in the caller, never input)."""


def path_for(template: str, **values: object) -> str:
    """``template`` with each ``{name}`` replaced by its value, percent-encoded as one
    path segment: ``path_for("/v1/bookings/{booking_id}/history", booking_id=x)``.

    Whatever a value holds (``/``, ``..``, ``#``, ``?``, control characters), it stays
    inside its segment, so a value can never point a call at another route. Empty, ``.``
    and ``..`` values are refused: no encoding keeps them from meaning something else.
    """
    names = [name for _, name, _, _ in _FIELDS.parse(template) if name is not None]
    if sorted(names) != sorted(values):
        raise UnsafePath(f"{template!r} takes {sorted(names)}, not {sorted(values)}")
    encoded = {}
    for name, value in values.items():
        text = str(value)
        if text in ("", ".", ".."):
            raise UnsafePath(f"{name}={text!r} cannot be a path segment")
        encoded[name] = quote(text, safe="")
    return template.format(**encoded)


def check_path(path: str) -> str:
    """Refuse a path with dot segments or characters that change what it names."""
    if not _SAFE_PATH.match(path) or any(p in (".", "..") for p in path.split("/")):
        raise UnsafePath(f"unsafe path {path[:200]!r}; build it with path_for()")
    return path


class ServiceClient:
    def __init__(
        self,
        name: str,
        base_url: str,
        codec: TokenCodec,
        *,
        timeout: float = 5.0,
        max_connections: int = 100,
        retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.codec = codec
        self.retries = retries
        self.http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            transport=transport,
            trust_env=False,  # peers are addressed directly, never through env proxies
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; return the response for any status below 500.

        ``path`` must be built with :func:`path_for` when any part of it is a value.
        """
        check_path(path)
        sent_headers = {**outgoing_context_headers(), **(headers or {})}
        sent_headers.setdefault(INTERNAL_TOKEN_HEADER, self.codec.service_token())
        if idempotency_key:
            sent_headers["Idempotency-Key"] = idempotency_key
        repeatable = method.upper() in ("GET", "HEAD") or idempotency_key is not None
        attempts = 1 + (self.retries if repeatable else 0)
        for attempt in range(1, attempts + 1):
            try:
                response = await self.http.request(
                    method, path, json=json, params=params, headers=sent_headers
                )
            except httpx.TransportError as exc:
                log.warning("%s unreachable: %s", self.name, type(exc).__name__)
                if attempt == attempts:
                    raise ServiceUnavailable(
                        f"The {self.name} service is unavailable; try again shortly.",
                        code="dependency-unavailable",
                        headers={"Retry-After": RETRY_AFTER_SECONDS},
                    ) from exc
            else:
                if response.status_code < 500:
                    return response
                log.warning("%s answered %s", self.name, response.status_code)
                if attempt == attempts:
                    raise ServiceUnavailable(
                        f"The {self.name} service could not complete the request.",
                        code="dependency-failed",
                        headers={"Retry-After": RETRY_AFTER_SECONDS},
                    )
            await asyncio.sleep(0.05 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        await self.http.aclose()
