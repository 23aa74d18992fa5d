"""Forwarding to the services: by path prefix, path unchanged, responses streamed.

Per service, one pooled ``httpx.AsyncClient`` (bounded keep-alive connections), made at
start-up, for proxied requests and the gateway's own calls (pages, OpenAPI); the lean
hand-written client of ``lpx_common.upstream`` can take the proxied ones instead
(``GATEWAY_UPSTREAM_CLIENT=httptools``). Request bodies are read
whole (they are small JSON, at most ``max_body_bytes``, and the Stripe webhook needs its
exact raw bytes); responses are streamed chunk by chunk, so a large CSV export from
finance never sits in gateway memory. Credentials stop here: the caller's
``Authorization``/``X-API-Key``/cookies are not forwarded, any incoming
``X-Internal-Token`` is dropped, and the gateway's own token for the caller is sent.
"""

import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
from starlette.types import Receive, Scope, Send

from lpx_common.auth import INTERNAL_TOKEN_HEADER
from lpx_common.errors import problem_body, problem_response
from lpx_common.observability import request_id_var
from lpx_common.telemetry import current_traceparent
from lpx_common.upstream import (
    IDEMPOTENT,
    UpstreamError,
    UpstreamPool,
    UpstreamTimeout,
    UpstreamUnavailable,
)

log = logging.getLogger("gateway.proxy")

# Which service answers which prefix. Matching is by whole path segment.
ROUTES: tuple[tuple[str, str], ...] = (
    ("/v1/catalog", "catalog"),
    ("/v1/bookings", "booking"),
    ("/v1/ballots", "booking"),
    ("/v1/waitlists", "booking"),
    ("/v1/payments", "payments"),
    ("/v1/refunds", "payments"),
    ("/v1/finance", "payments"),
    ("/v1/ledger", "payments"),
    ("/webhooks/stripe", "payments"),
    ("/v1/notifications", "notifications"),
)

# RFC 9110 §7.6.1 hop-by-hop headers, plus what we set ourselves or must not pass on.
_HOP_BY_HOP = {
    b"connection",
    b"keep-alive",
    b"proxy-connection",
    b"proxy-authenticate",
    b"proxy-authorization",
    b"te",
    b"trailer",
    b"trailers",
    b"transfer-encoding",
    b"upgrade",
}
_DROP_REQUEST = _HOP_BY_HOP | {
    b"host",
    b"expect",  # the body is sent with the head; no 100-continue dance
    b"content-length",
    b"authorization",
    b"x-api-key",
    b"cookie",
    INTERNAL_TOKEN_HEADER.lower().encode(),
    b"x-request-id",
    b"traceparent",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"forwarded",
}
# The outer middleware adds x-request-id; uvicorn adds server and date.
_DROP_RESPONSE = _HOP_BY_HOP | {b"x-request-id", b"server", b"date"}


def upstream_for(path: str) -> str | None:
    for prefix, service in ROUTES:
        if path.startswith(prefix) and (len(path) == len(prefix) or path[len(prefix)] == "/"):
            return service
    return None


class _HttpxResponse:
    """An httpx response as the proxy reads a ``lpx_common.upstream.Response``."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.headers = [(k.lower(), v) for k, v in response.headers.raw]

    async def stream(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_raw():
                yield chunk
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("the service stopped sending") from exc
        except httpx.TransportError as exc:
            raise UpstreamError(type(exc).__name__) from exc

    async def aclose(self) -> None:
        await self._response.aclose()


def _reset_by_service(exc: BaseException) -> bool:
    """The connection was reset (TCP RST): the service closed it with our request still
    unread in it, so it never read that request."""
    seen: BaseException | None = exc
    for _ in range(8):  # the chain is short (httpx, httpcore, the socket's error)
        if seen is None:
            return False
        if isinstance(seen, ConnectionResetError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HttpxPool:
    """The proxy's hot path over ``httpx.AsyncClient`` (HTTP/1.1 keep-alive pool), the
    default; ``GATEWAY_UPSTREAM_CLIENT=httptools`` picks ``lpx_common.upstream.UpstreamPool``
    instead (``bench/gateway_overhead.py`` measures the two).

    httpx already skips a pooled connection the service has closed. When the connection
    ends before any byte of an answer, the request goes out once more on a new one, with
    the rules of ``lpx_common.upstream``: always after a reset (the service never read it),
    otherwise only when repeating it is safe (idempotent method or ``Idempotency-Key``).
    """

    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self.client = client
        self.base_url = base_url

    async def request(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> _HttpxResponse:
        url = self.base_url + target.decode("latin-1")
        safe_to_repeat = method in IDEMPOTENT or any(k == b"idempotency-key" for k, _ in headers)
        for attempt in (1, 2):
            request = self.client.build_request(method, url, headers=headers, content=body)
            try:
                return _HttpxResponse(await self.client.send(request, stream=True))
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                raise UpstreamUnavailable(f"cannot connect: {type(exc).__name__}") from exc
            except httpx.TimeoutException as exc:
                raise UpstreamTimeout("no answer in time") from exc
            except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
                if attempt == 1 and (safe_to_repeat or _reset_by_service(exc)):
                    continue
                raise UpstreamUnavailable("the service closed the connection") from exc
            except httpx.TransportError as exc:
                raise UpstreamUnavailable(type(exc).__name__) from exc
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        return None  # the client is closed with its Upstream


@dataclass
class Upstream:
    name: str
    base_url: str
    client: httpx.AsyncClient  # for the gateway's own calls (pages, OpenAPI)
    pool: UpstreamPool | HttpxPool  # for proxied requests (hot path)
    host_header: bytes
    base_path: bytes

    async def aclose(self) -> None:
        await self.client.aclose()
        await self.pool.aclose()


def make_upstream(
    name: str,
    base_url: str,
    *,
    connect: float,
    read: float,
    max_connections: int,
    client_kind: str = "httpx",
) -> Upstream:
    url = httpx.URL(base_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"the {name} URL must be http(s)://host[:port]: {base_url!r}")
    tls = url.scheme == "https"
    port = url.port or (443 if tls else 80)
    host_header = url.host if url.port is None else f"{url.host}:{url.port}"
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(read, connect=connect, write=read, pool=connect),
        limits=httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        ),
        follow_redirects=False,
        trust_env=False,  # internal hops never go through an environment proxy
    )
    pool: UpstreamPool | HttpxPool
    if client_kind == "httptools":
        pool = UpstreamPool(
            url.host,
            port,
            connect_timeout=connect,
            read_timeout=read,
            max_connections=max_connections,
            tls=tls,
        )
    else:
        pool = HttpxPool(client, f"{url.scheme}://{host_header}")
    return Upstream(
        name,
        base_url.rstrip("/"),
        client,
        pool,
        host_header.encode(),
        url.raw_path.rstrip(b"/"),
    )


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _traceparent() -> str:
    return current_traceparent() or f"00-{os.urandom(16).hex()}-{os.urandom(8).hex()}-01"


def _connection_tokens(headers: list[tuple[bytes, bytes]]) -> set[bytes]:
    named: set[bytes] = set()
    for key, value in headers:
        if key == b"connection":
            named.update(part.strip().lower() for part in value.split(b","))
    return named


def upstream_headers(scope: Scope, internal_token: str) -> list[tuple[bytes, bytes]]:
    incoming: list[tuple[bytes, bytes]] = scope["headers"]
    extra_drop = _connection_tokens(incoming)
    headers = [
        (key, value)
        for key, value in incoming
        if key not in _DROP_REQUEST and key not in extra_drop
    ]
    client = scope.get("client")
    host = next((value for key, value in incoming if key == b"host"), b"")
    headers += [
        (INTERNAL_TOKEN_HEADER.lower().encode(), internal_token.encode()),
        (b"x-request-id", request_id_var.get().encode()),
        (b"traceparent", _traceparent().encode()),
        (b"x-forwarded-proto", scope.get("scheme", "http").encode()),
    ]
    if client:
        headers.append((b"x-forwarded-for", client[0].encode()))
    if host:
        headers.append((b"x-forwarded-host", host))
    return headers


async def _problem(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str, code: str
) -> None:
    body = problem_body(status, detail, code=code, instance=scope["path"])
    headers = {"Retry-After": "2"} if status == 503 else None
    await problem_response(body, headers)(scope, receive, send)


async def forward(
    upstream: Upstream, scope: Scope, receive: Receive, send: Send, internal_token: str
) -> None:
    body = await read_body(receive)
    target = upstream.base_path + scope.get("raw_path", scope["path"].encode())
    if scope.get("query_string"):
        target += b"?" + scope["query_string"]
    headers = upstream_headers(scope, internal_token)
    headers.append((b"host", upstream.host_header))
    try:
        response = await upstream.pool.request(scope["method"], target, headers, body)
    except UpstreamTimeout:
        log.warning("%s did not answer in time", upstream.name)
        await _problem(
            scope,
            receive,
            send,
            504,
            f"The {upstream.name} service did not answer in time.",
            "upstream-timeout",
        )
        return
    except UpstreamError as exc:
        log.warning("%s unreachable: %s", upstream.name, exc)
        await _problem(
            scope,
            receive,
            send,
            503,
            f"The {upstream.name} service is unavailable; try again shortly.",
            "service-unavailable",
        )
        return
    try:
        named = _connection_tokens(response.headers)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    (k, v)
                    for k, v in response.headers
                    if k not in _DROP_RESPONSE and k not in named
                ],
            }
        )
        async for chunk in response.stream():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except UpstreamError as exc:
        # Headers are out; the only honest signal left is to abort the connection.
        log.warning("%s broke off a response: %s", upstream.name, exc)
        raise
    finally:
        await response.aclose()
