"""Stripe's SDK over the platform's lean HTTP/1.1 pool (``lpx_common.upstream``).

The SDK's own httpx client cost payments about as much CPU per Stripe call as the call's
work (URL and header models, anyio layers: an eighth of payments' samples in a
purchase, README, Performance), as it did for calls between services. This plugs the
pool the services already use into the SDK's ``HTTPClient`` seam, so everything else
stays the SDK's: request signing, idempotency keys, retries with backoff (a connection
lost is an ``APIConnectionError`` it may retry; POSTs carry an ``Idempotency-Key``),
error mapping, objects.

TLS is verified against the CA bundle the SDK ships, as its own clients do.
"""

import asyncio
import ssl
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import SplitResult, urlsplit

import httpx
import stripe

from lpx_common.telemetry import client_span
from lpx_common.upstream import Response, UpstreamError, UpstreamPool

# Connections kept per Stripe host; more concurrent calls wait for one.
_MAX_CONNECTIONS = 32


class LeanStripeHttpClient(stripe.HTTPClient):
    name = "lpx-upstream"

    def __init__(self, timeout: float, max_connections: int = _MAX_CONNECTIONS) -> None:
        super().__init__()
        self._timeout = timeout
        self._max_connections = max_connections
        self._pools: dict[tuple[str, str, int], UpstreamPool] = {}
        self._tls: ssl.SSLContext | None = None  # made when first needed (local runs: never)

    def sleep_async(self, secs: float) -> Any:
        return asyncio.sleep(secs)

    def _pool(self, scheme: str, host: str, port: int) -> UpstreamPool:
        key = (scheme, host, port)
        pool = self._pools.get(key)
        if pool is None:
            tls: ssl.SSLContext | bool = False
            if scheme == "https":
                if self._tls is None:
                    self._tls = ssl.create_default_context(cafile=stripe.ca_bundle_path)
                tls = self._tls
            pool = self._pools[key] = UpstreamPool(
                host,
                port,
                connect_timeout=min(self._timeout, 5.0),
                read_timeout=self._timeout,
                max_connections=self._max_connections,
                tls=tls,
            )
        return pool

    async def _send(
        self, method: str, parts: SplitResult, headers: Mapping[str, str], post_data: Any
    ) -> tuple[Response, int, httpx.Headers]:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise stripe.APIConnectionError(f"Not an http(s) URL for Stripe: {parts.geturl()!r}")
        tls = parts.scheme == "https"
        pool = self._pool(parts.scheme, parts.hostname, parts.port or (443 if tls else 80))
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        raw_headers = [(b"host", parts.netloc.encode("ascii"))]
        raw_headers += [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]
        body = post_data.encode() if isinstance(post_data, str) else (post_data or b"")
        try:
            response = await pool.request(method.upper(), target.encode("ascii"), raw_headers, body)
        except UpstreamError as exc:
            raise _connection_error(exc) from exc
        return response, response.status, httpx.Headers(response.headers)

    async def request_async(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None
    ) -> tuple[bytes, int, Mapping[str, str]]:
        parts = urlsplit(url)
        with client_span(
            f"{method.upper()} stripe",
            {
                "http.request.method": method.upper(),
                "server.address": parts.hostname or "",
                "url.path": parts.path,
            },
        ):
            response, status, answer_headers = await self._send(method, parts, headers, post_data)
            try:
                content = await response.read()
            except UpstreamError as exc:
                raise _connection_error(exc) from exc
        return content, status, answer_headers

    async def request_stream_async(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None
    ) -> tuple[AsyncIterator[bytes], int, Mapping[str, str]]:
        response, status, answer_headers = await self._send(
            method, urlsplit(url), headers, post_data
        )

        async def body() -> AsyncIterator[bytes]:
            try:
                async for chunk in response.stream():
                    yield chunk
            except UpstreamError as exc:
                raise _connection_error(exc) from exc
            finally:
                response.close()

        return body(), status, answer_headers

    async def close_async(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()


def _connection_error(exc: UpstreamError) -> stripe.APIConnectionError:
    return stripe.APIConnectionError(
        f"Stripe could not be reached ({type(exc).__name__}: {exc}).", should_retry=True
    )
