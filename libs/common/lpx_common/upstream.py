"""A lean, pooled HTTP/1.1 client: the gateway's proxy and every service-to-service
call (``lpx_common.http.ServiceClient``) go through it.

Measured on the project machine, ``httpx.AsyncClient`` spends about twice this client's
CPU per request (1.75 vs 0.43-0.52 ms per proxied read: URL and header models, sniffing,
anyio layers; README, Performance). It does only what a client inside the platform
needs: keep-alive connections per service (bounded), raw request bytes out, the
response parsed by ``httptools`` (the C parser uvicorn uses), the body streamed chunk
by chunk with back-pressure. Payments' calls to Stripe go through it too (Stripe's SDK
takes it as its HTTP client); partner webhooks and OpenAPI fetching still use httpx.

Failure rules:
* cannot connect within ``connect_timeout`` → :class:`UpstreamUnavailable`;
* no response head, or a gap between body chunks, longer than ``read_timeout`` →
  :class:`UpstreamTimeout`;
* before a pooled connection is reused it is polled: if the service has closed it (its
  FIN or RST is already here, or bytes nobody asked for), the request goes out on a new
  connection instead. The service read nothing of it, so this is safe for any method,
  POST included. (uvicorn closes a keep-alive connection right after some answers; a
  request sent on it in that instant was lost as a 503 before.)
* a reused connection that the service resets (TCP RST) after the request was written,
  before any byte of an answer: a socket closed with bytes of ours still unread in it
  answers with a reset, so the service never read the request; it goes out again once
  on a new connection, whatever the method. (A service that read the request and then
  closed would have sent an orderly FIN instead.)
* a reused connection that ends otherwise before any byte of an answer may or may not
  have been read: the request is sent again once on a new connection only when
  repeating it is safe (idempotent method or ``Idempotency-Key``).
"""

import asyncio
import select
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httptools

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# uvicorn closes idle keep-alive connections after 5 s; we stop reusing them a bit before.
_IDLE_REUSE_SECONDS = 4.0
_PAUSE_ABOVE = 256 * 1024
_RESUME_BELOW = 64 * 1024


class UpstreamError(Exception):
    pass


class UpstreamUnavailable(UpstreamError):
    pass


class UpstreamTimeout(UpstreamError):
    pass


class _Disconnected(UpstreamError):
    """The connection ended; ``answered`` says whether any response byte had come, and
    ``reset`` whether the service reset it (so it left bytes of ours unread)."""

    def __init__(self, answered: bool, reset: bool = False) -> None:
        super().__init__("upstream connection closed")
        self.answered = answered
        self.reset = reset


@dataclass
class _Exchange:
    head: asyncio.Future[None]
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    status: int = 0
    keep_alive: bool = False
    chunks: deque[bytes] = field(default_factory=deque)
    buffered: int = 0
    complete: bool = False
    answered: bool = False
    error: BaseException | None = None
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.exchange: _Exchange | None = None
        self.closed = False
        self.paused = False
        self.idle_since = 0.0

    # --- asyncio.Protocol -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        exchange = self.exchange
        if exchange is None:  # bytes nobody asked for: this connection is not trustworthy
            self.close()
            return
        exchange.answered = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamError(f"malformed answer: {exc}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        exchange = self.exchange
        if exchange is not None and not exchange.complete:
            reset = isinstance(exc, ConnectionResetError | BrokenPipeError)
            self._fail(_Disconnected(exchange.answered, reset))

    # --- httptools callbacks ----------------------------------------------------------------

    def on_header(self, name: bytes, value: bytes) -> None:
        assert self.exchange is not None
        self.exchange.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        exchange = self.exchange
        assert exchange is not None
        exchange.status = self.parser.get_status_code()
        exchange.keep_alive = self.parser.should_keep_alive()
        if not exchange.head.done():
            exchange.head.set_result(None)

    def on_body(self, body: bytes) -> None:
        exchange = self.exchange
        assert exchange is not None
        exchange.chunks.append(body)
        exchange.buffered += len(body)
        if exchange.buffered > _PAUSE_ABOVE and not self.paused and self.transport:
            self.paused = True
            self.transport.pause_reading()  # the caller reads slower than the service sends
        exchange.wakeup.set()

    def on_message_complete(self) -> None:
        exchange = self.exchange
        assert exchange is not None
        exchange.complete = True
        exchange.wakeup.set()

    # --- helpers ----------------------------------------------------------------------------

    def _fail(self, error: BaseException) -> None:
        exchange = self.exchange
        if exchange is None:
            return
        exchange.error = error
        if not exchange.head.done():
            exchange.head.set_exception(error)
            exchange.head.exception()  # retrieved here; callers re-raise from .error
        exchange.wakeup.set()

    def consumed(self, size: int) -> None:
        exchange = self.exchange
        if exchange is None:
            return
        exchange.buffered -= size
        if self.paused and exchange.buffered < _RESUME_BELOW and self.transport:
            self.paused = False
            self.transport.resume_reading()

    def usable(self, now: float) -> bool:
        return (
            not self.closed
            and self.transport is not None
            and not self.transport.is_closing()
            and now - self.idle_since < _IDLE_REUSE_SECONDS
            and not self._peer_spoke()
        )

    def _peer_spoke(self) -> bool:
        """Has the idle connection anything to read (EOF, a reset, stray bytes)? Any of
        them means the service is done with it; asking the kernel directly sees a close
        that the event loop has not handled yet."""
        assert self.transport is not None
        sock = self.transport.get_extra_info("socket")
        if sock is None:
            return False
        poller = select.poll()
        poller.register(sock.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))

    def close(self) -> None:
        self.closed = True
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()


class Response:
    """A response whose body is read with :meth:`stream`; always :meth:`close` it."""

    def __init__(self, pool: "UpstreamPool", conn: _Connection, exchange: _Exchange) -> None:
        self._pool = pool
        self._conn = conn
        self._exchange = exchange
        self.status = exchange.status
        self.headers = exchange.headers
        self._released = False
        self._head_only = False

    async def stream(self) -> AsyncIterator[bytes]:
        exchange, conn = self._exchange, self._conn
        if self._head_only:
            return
        while True:
            if exchange.chunks:
                chunk = exchange.chunks.popleft()
                conn.consumed(len(chunk))
                yield chunk
                continue
            if exchange.complete:
                return
            if exchange.error is not None:
                raise exchange.error
            exchange.wakeup.clear()
            try:
                await asyncio.wait_for(exchange.wakeup.wait(), self._pool.read_timeout)
            except TimeoutError as exc:
                raise UpstreamTimeout("the service stopped sending") from exc

    async def read(self) -> bytes:
        """The whole body; the response is closed after (the connection goes back)."""
        try:
            return b"".join([chunk async for chunk in self.stream()])
        finally:
            self.close()

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        if self._released:
            return
        self._released = True
        exchange = self._exchange
        reusable = (
            exchange.complete
            and exchange.keep_alive
            and exchange.error is None
            and not self._head_only
        )
        self._pool.release(self._conn, reusable)


class UpstreamPool:
    """Keep-alive connections to one service, at most ``max_connections`` at a time."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        connect_timeout: float,
        read_timeout: float,
        max_connections: int,
        tls: bool | ssl.SSLContext = False,
    ) -> None:
        self.host = host
        self.port = port
        if isinstance(tls, ssl.SSLContext):
            self.ssl: ssl.SSLContext | None = tls
        else:
            self.ssl = ssl.create_default_context() if tls else None
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: deque[_Connection] = deque()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(_Connection, self.host, self.port, ssl=self.ssl),
                self.connect_timeout,
            )
        except (OSError, TimeoutError) as exc:
            raise UpstreamUnavailable(f"cannot connect: {type(exc).__name__}") from exc
        return conn

    def _take_idle(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()  # most recently used first: least likely to be stale
            if conn.usable(now):
                return conn
            conn.close()
        return None

    def release(self, conn: _Connection, reusable: bool) -> None:
        conn.exchange = None
        if reusable and not conn.closed:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            conn.close()
        self._slots.release()

    async def request(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> Response:
        """Send one request; return once the response head is in (the body streams)."""
        try:
            await asyncio.wait_for(self._slots.acquire(), self.connect_timeout)
        except TimeoutError as exc:
            raise UpstreamUnavailable("all connections to the service are busy") from exc
        payload = _serialise(method, target, headers, body)
        safe_to_repeat = method in IDEMPOTENT or any(
            k.lower() == b"idempotency-key" for k, _ in headers
        )
        try:
            conn = self._take_idle()
            reused = conn is not None
            for attempt in (1, 2):
                if conn is None:
                    conn = await self._connect()
                try:
                    return await self._exchange(conn, method, payload)
                except _Disconnected as exc:
                    conn.close()
                    conn = None
                    unread = exc.reset  # the service never read the request
                    if not (
                        reused and attempt == 1 and not exc.answered and (safe_to_repeat or unread)
                    ):
                        raise UpstreamUnavailable("the service closed the connection") from exc
                    reused = False
            raise AssertionError("unreachable")
        except BaseException:
            self._slots.release()
            raise

    async def _exchange(self, conn: _Connection, method: str, payload: bytes) -> Response:
        loop = asyncio.get_running_loop()
        exchange = _Exchange(head=loop.create_future())
        conn.exchange = exchange
        conn.parser = httptools.HttpResponseParser(conn)
        assert conn.transport is not None
        conn.transport.write(payload)
        try:
            await asyncio.wait_for(asyncio.shield(exchange.head), self.read_timeout)
        except TimeoutError as exc:
            conn.close()
            raise UpstreamTimeout("no answer in time") from exc
        except _Disconnected:
            raise
        except UpstreamError:
            conn.close()
            raise
        except BaseException:
            conn.close()  # cancelled: the connection is mid-exchange, never reuse it
            raise
        response = Response(self, conn, exchange)
        if method == "HEAD":
            # A HEAD answer announces a body it does not send; the parser cannot know.
            response._head_only = True
        return response

    async def aclose(self) -> None:
        while self._idle:
            self._idle.pop().close()


def _serialise(
    method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes
) -> bytes:
    parts = [method.encode("ascii"), b" ", target, b" HTTP/1.1\r\n"]
    for key, value in headers:
        parts += [key, b": ", value, b"\r\n"]
    if body or method in ("POST", "PUT", "PATCH"):
        parts += [b"content-length: ", str(len(body)).encode(), b"\r\n"]
    parts.append(b"\r\n")
    parts.append(body)
    return b"".join(parts)
