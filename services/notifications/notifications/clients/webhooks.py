"""POSTing one webhook to a partner's URL, safely.

The host is resolved here, every address it resolves to is checked (public only; no
loopback unless the setting allows it), and the request goes to the checked address
itself (with the original Host header and TLS server name), so DNS cannot be made to
point the request elsewhere between the check and the connection. Redirects are not
followed, the timeout is short and at most ``max_response_bytes`` of the answer are read.
"""

import asyncio
import ipaddress
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass

import httpx

from notifications.domain.urls import Target, UnsafeTarget, check_address, parse


@dataclass(frozen=True)
class WebhookResult:
    status_code: int | None
    latency_ms: int
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


# Resolutions are reused this long (the addresses are checked on every use all the same):
# thousands of deliveries a second to a few hosts need not ask DNS for each.
RESOLVED_FOR_SECONDS = 5.0
_resolved: dict[tuple[str, int], tuple[float, list[str]]] = {}


async def _addresses(target: Target) -> list[str]:
    try:
        return [str(ipaddress.ip_address(target.host))]  # a literal address: no lookup
    except ValueError:
        pass
    key, now = (target.host, target.port), time.monotonic()
    cached = _resolved.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeTarget("the host does not resolve") from exc
    addresses = [str(info[4][0]) for info in infos]
    if len(_resolved) > 10_000:
        _resolved.clear()
    _resolved[key] = (now + RESOLVED_FOR_SECONDS, addresses)
    return addresses


async def resolve_checked(target: Target, *, allow_loopback: bool) -> str:
    """The first address of ``target.host``, all of whose addresses are allowed."""
    addresses = await _addresses(target)
    if not addresses:
        raise UnsafeTarget("the host does not resolve")
    for address in addresses:
        check_address(address, allow_loopback=allow_loopback)
    return addresses[0]


# Pools kept at once; the least recently used beyond this is closed.
MAX_POOLS = 1_000


class WebhookClient:
    """One pooled HTTP client per partner origin (the checked address and port), shared
    by every delivery of the process and reused across them (keep-alive).

    Not one pool for everything: httpx's pool looks at each of its connections whenever
    a request starts or ends, so a single pool with a connection for every request in
    flight to every partner costs more CPU per request the more partners there are (it
    was most of the sender's time in the fan-out benchmark). A pool per origin holds
    only that partner's few connections (``per_origin_connections``, the per-endpoint
    concurrency)."""

    def __init__(
        self,
        *,
        timeout: float,
        max_response_bytes: int,
        allow_loopback: bool,
        allow_http: bool,
        per_origin_connections: int = 8,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_response_bytes = max_response_bytes
        self.allow_loopback = allow_loopback
        self.allow_http = allow_http
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 3.0))
        self._limits = httpx.Limits(
            max_connections=per_origin_connections,
            max_keepalive_connections=per_origin_connections,
        )
        self._transport = transport
        self._pools: OrderedDict[str, httpx.AsyncClient] = OrderedDict()
        self._closing: set[asyncio.Task[None]] = set()

    def _pool(self, origin: str) -> httpx.AsyncClient:
        pool = self._pools.get(origin)
        if pool is not None:
            self._pools.move_to_end(origin)
            return pool
        pool = httpx.AsyncClient(
            timeout=self._timeout,
            follow_redirects=False,
            trust_env=False,  # never through an environment proxy
            limits=self._limits,
            transport=self._transport,
        )
        self._pools[origin] = pool
        if len(self._pools) > MAX_POOLS:
            _origin, oldest = self._pools.popitem(last=False)
            task = asyncio.create_task(self._close_later(oldest))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return pool

    async def _close_later(self, pool: httpx.AsyncClient) -> None:
        """After any request still using it has had its time."""
        await asyncio.sleep(self._timeout.read or 5.0)
        await pool.aclose()

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> WebhookResult:
        started = time.monotonic()

        def done(status: int | None, error: str | None) -> WebhookResult:
            return WebhookResult(status, int((time.monotonic() - started) * 1000), error)

        try:
            target = parse(url, allow_http=self.allow_http)
            address = await resolve_checked(target, allow_loopback=self.allow_loopback)
        except UnsafeTarget as exc:
            return done(None, f"refused: {exc}")
        host = f"[{address}]" if ":" in address else address
        pinned = f"{target.scheme}://{host}:{target.port}{target.path}"
        default_port = 443 if target.scheme == "https" else 80
        host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
        http = self._pool(f"{target.scheme}://{host}:{target.port}")
        request = http.build_request(
            "POST",
            pinned,
            content=body,
            headers={**headers, "Host": host_header, "Content-Type": "application/json"},
            extensions={"sni_hostname": target.host},
        )
        try:
            response = await http.send(request, stream=True)
            try:
                received = 0
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received > self.max_response_bytes:
                        break  # the status is what counts; the rest is not read
            finally:
                await response.aclose()
        except httpx.TimeoutException:
            return done(None, "timed out")
        except httpx.HTTPError as exc:
            return done(None, f"could not connect: {type(exc).__name__}")
        return done(response.status_code, None if response.is_success else "non-2xx answer")

    async def aclose(self) -> None:
        for task in self._closing:
            task.cancel()
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()
