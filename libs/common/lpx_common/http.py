"""Typed-client plumbing for calls between services.

One pool of keep-alive connections per downstream (``lpx_common.upstream``, the lean
client the gateway proxies with), made in the lifespan, with explicit timeouts. Answers
come back as ``httpx.Response`` objects, so typed clients read them as they would any
httpx answer; httpx's own client is not in the path (it cost about 1.2 ms of CPU more
per call, and a purchase makes about a dozen of these calls).

Every call carries the request id, trace context and this service's own internal token.
Transport failures and 5xx answers become a 503 problem: a dependency that is down is
never reported as a made-up 404. Retries happen only for requests that are safe to
repeat (GET, or a POST that carries an Idempotency-Key).
"""

import asyncio
import json as jsonlib
import logging
import re
import string
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from lpx_common.auth import INTERNAL_TOKEN_HEADER, TokenCodec
from lpx_common.errors import ServiceUnavailable
from lpx_common.observability import outgoing_context_headers
from lpx_common.telemetry import client_span
from lpx_common.upstream import UpstreamError, UpstreamPool

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


def _query_value(value: object) -> str:
    """A query value as httpx would write it (``true``/``false``, empty for None)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


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
    ) -> None:
        self.name = name
        self.codec = codec
        self.retries = retries
        url = urlsplit(base_url)
        tls = url.scheme == "https"
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"{name}: not an http(s) base URL: {base_url!r}")
        self.pool = UpstreamPool(
            url.hostname,
            url.port or (443 if tls else 80),
            connect_timeout=min(timeout, 2.0),
            read_timeout=timeout,
            max_connections=max_connections,
            tls=tls,
        )
        self._prefix = url.path.rstrip("/")
        self._fixed_headers = [
            (b"host", url.netloc.encode("ascii")),
            (b"accept", b"application/json"),
            (b"user-agent", f"lpx-service-client ({name})".encode("ascii")),
        ]

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str | int | bool | None] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; return the response for any status below 500.

        ``path`` must be built with :func:`path_for` when any part of it is a value.
        """
        method = method.upper()
        target = self._prefix + check_path(path)
        if params:
            target += "?" + urlencode([(k, _query_value(v)) for k, v in params.items()])
        body = b""
        content_type: list[tuple[bytes, bytes]] = []
        if json is not None:
            # As httpx encodes ``json=``: compact, UTF-8, no NaN.
            body = jsonlib.dumps(
                json, ensure_ascii=False, separators=(",", ":"), allow_nan=False
            ).encode()
            content_type = [(b"content-type", b"application/json")]
        with client_span(
            f"{method} {self.name}",
            {"http.request.method": method, "server.address": self.pool.host, "url.path": path},
        ):
            sent_headers = {**outgoing_context_headers(), **(headers or {})}
            sent_headers.setdefault(INTERNAL_TOKEN_HEADER, self.codec.service_token())
            if idempotency_key:
                sent_headers["Idempotency-Key"] = idempotency_key
            raw_headers = [
                *self._fixed_headers,
                *content_type,
                *((k.encode("latin-1"), v.encode("latin-1")) for k, v in sent_headers.items()),
            ]
            return await self._send(
                method,
                target.encode("ascii"),
                raw_headers,
                body,
                repeatable=method in ("GET", "HEAD") or idempotency_key is not None,
            )

    async def _send(
        self,
        method: str,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        *,
        repeatable: bool,
    ) -> httpx.Response:
        attempts = 1 + (self.retries if repeatable else 0)
        for attempt in range(1, attempts + 1):
            try:
                status, answer_headers, content = await self._exchange(
                    method, target, headers, body
                )
            except UpstreamError as exc:
                log.warning("%s unreachable: %s", self.name, exc)
                if attempt == attempts:
                    raise ServiceUnavailable(
                        f"The {self.name} service is unavailable; try again shortly.",
                        code="dependency-unavailable",
                        headers={"Retry-After": RETRY_AFTER_SECONDS},
                    ) from exc
            else:
                if status < 500:
                    return httpx.Response(status, headers=answer_headers, content=content)
                log.warning("%s answered %s", self.name, status)
                if attempt == attempts:
                    raise ServiceUnavailable(
                        f"The {self.name} service could not complete the request.",
                        code="dependency-failed",
                        headers={"Retry-After": RETRY_AFTER_SECONDS},
                    )
            await asyncio.sleep(0.05 * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def _exchange(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self.pool.request(method, target, headers, body)
        return response.status, response.headers, await response.read()

    async def aclose(self) -> None:
        await self.pool.aclose()
