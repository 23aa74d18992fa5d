"""The HTTP/1.1 server protocol every process runs under: uvicorn's httptools protocol
with limits on the request head.

uvicorn's httptools protocol buffers a request head of any size: a 64 MiB header was
read for 15 s and cost the gateway 128 MB before any application code could refuse it.
These subclasses count the head while it arrives and answer ``431`` problem+json (and
close the connection) as soon as it passes the limit, before buffering more of it.
Select one with uvicorn's ``--http`` option (or ``UVICORN_HTTP``):

* ``lpx_common.serving:EdgeHttpProtocol`` for the gateway, the public entry (without
  uvicorn's forwarded-header handling: the gateway applies its own trusted proxies);
* ``lpx_common.serving:ServiceHttpProtocol`` for a service behind it, which allows a
  little more so that what the gateway adds (internal token, request id, forwarding
  headers) never pushes a request the gateway accepted over the service's limit.

``lpx_common.limits.RequestHeadGuard`` applies the same limits inside the application,
for servers run without these protocols.
"""

import json
from typing import Any

import httptools
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from lpx_common.errors import PROBLEM_JSON, problem_body
from lpx_common.limits import (
    EDGE_MAX_HEADER_BYTES,
    EDGE_MAX_HEADERS,
    SERVICE_MAX_HEADER_BYTES,
    SERVICE_MAX_HEADERS,
    head_too_large_detail,
)


class _HeadTooLarge(Exception):
    pass


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    max_head_bytes = SERVICE_MAX_HEADER_BYTES
    max_headers = SERVICE_MAX_HEADERS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_open = True  # the bytes arriving now belong to a request head
        self._head_received = 0  # bytes fed while the head was open (upper bound)
        self._head_size = 0  # request target + header names and values (exact)
        self._header_count = 0

    def data_received(self, data: bytes) -> None:
        # uvicorn's own data_received, with the head limits added.
        self._unset_keepalive_if_required()
        if self._head_open:
            self._head_received += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            if isinstance(exc.__context__, _HeadTooLarge):
                self._refuse_head()
                return
            self.logger.warning("Invalid HTTP request received.")
            self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._head_open and self._head_received > self.max_head_bytes:
            # The parser holds a head part that is already too long: stop reading it.
            self._refuse_head()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._head_size = 0
        self._header_count = 0

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        if self._head_size > self.max_head_bytes:
            raise _HeadTooLarge
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        self._header_count += 1
        if self._head_size > self.max_head_bytes or self._header_count > self.max_headers:
            raise _HeadTooLarge
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._head_open = True
        self._head_received = 0

    def _refuse_head(self) -> None:
        if self.transport.is_closing():
            return
        body = json.dumps(
            problem_body(
                431,
                head_too_large_detail(self.max_head_bytes, self.max_headers),
                code="request-header-fields-too-large",
            )
        ).encode()
        defaults = self.server_state.default_headers
        self.transport.write(
            b"".join(
                [
                    b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
                    *(name + b": " + value + b"\r\n" for name, value in defaults),
                    b"content-type: " + PROBLEM_JSON.encode() + b"\r\n",
                    b"content-length: " + str(len(body)).encode() + b"\r\n",
                    b"connection: close\r\n\r\n",
                    body,
                ]
            )
        )
        self.transport.close()


class ServiceHttpProtocol(LimitedHttpToolsProtocol):
    max_head_bytes = SERVICE_MAX_HEADER_BYTES
    max_headers = SERVICE_MAX_HEADERS


class EdgeHttpProtocol(LimitedHttpToolsProtocol):
    """The public entry's protocol. It also drops uvicorn's ``--proxy-headers`` handling
    (on by default, trusting loopback): the gateway itself decides which proxies to
    believe (``GATEWAY_TRUSTED_PROXIES``) and needs the socket's address to do so."""

    max_head_bytes = EDGE_MAX_HEADER_BYTES
    max_headers = EDGE_MAX_HEADERS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.app, ProxyHeadersMiddleware):
            self.app = self.app.app
