"""A pooled connection that the service closes without reading the next request must not
cost that request: the gateway sends it again on a new connection, POST included.

The upstream here is a raw TCP server that closes a keep-alive connection just as the
next request arrives (a keep-alive timeout, a restart): it never reads that request.
"""

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import Platform


class ClosingUpstream:
    """Answers 200 to everything over plain blocking sockets. After answering
    ``/v1/catalog/then-close`` it reads nothing more, waits ``linger`` seconds and closes
    the connection: a request sent on it meanwhile stays unread in the socket, which the
    kernel then answers with a reset."""

    def __init__(self, linger: float = 0.3) -> None:
        self.linger = linger
        self.received: list[tuple[str, str]] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = False

    def serve_forever(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, _ = request_line.split(" ", 2)
                length = 0
                for line in header_lines:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                buffer = buffer[length:]
                self.received.append((method, target))
                body = b'{"ok": true}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                if target == "/v1/catalog/then-close":
                    time.sleep(self.linger)
                    return  # closed with whatever arrived meanwhile unread

    def stop(self) -> None:
        self.closed = True
        self.listener.close()


# The hand-written client is the gateway's proxy client; httpx stays a choice
# (GATEWAY_UPSTREAM_CLIENT=httpx, about four times the gateway's CPU per request), so both
# are held to the same rule.
@pytest.fixture(params=["httpx", "httptools"])
def closing_gateway(
    platform: Platform, request: pytest.FixtureRequest
) -> Iterator[tuple[httpx.Client, ClosingUpstream]]:
    upstream = ClosingUpstream()
    thread = threading.Thread(target=upstream.serve_forever, daemon=True)
    thread.start()
    # One connection to the catalog: the next request must take the pooled one.
    process = platform.spawn(
        "gateway",
        GATEWAY_CATALOG_URL=f"http://127.0.0.1:{upstream.port}",
        GATEWAY_UPSTREAM_MAX_CONNECTIONS="1",
        GATEWAY_UPSTREAM_CLIENT=request.param,
    )
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            yield client, upstream
    finally:
        process.stop()
        upstream.stop()
        thread.join(5)


def test_a_post_on_a_connection_the_service_closed_unread_is_sent_again(
    closing_gateway: tuple[httpx.Client, ClosingUpstream],
) -> None:
    client, upstream = closing_gateway
    for round_ in range(3):
        assert client.get("/v1/catalog/then-close").status_code == 200
        # The gateway pools that connection (the answer said nothing of closing it) and
        # sends this POST on it, while the service is about to close it unread.
        answer = client.post(f"/v1/catalog/orders-{round_}", json={"quantity": 1})
        assert answer.status_code == 200, answer.text
        # Sent once to the service that read it: never processed twice.
        assert upstream.received.count(("POST", f"/v1/catalog/orders-{round_}")) == 1
