"""Request ids, W3C trace context, JSON log lines and Prometheus metrics.

``RequestContextMiddleware`` is a plain ASGI middleware (not ``BaseHTTPMiddleware``) so
that it costs little on hot paths. It accepts or makes an ``X-Request-ID`` and a W3C
``traceparent``, keeps them in context variables for log lines and outgoing calls,
echoes the request id on the response, and records request count and latency per route
template. Spans, when an exporter is configured, come from :mod:`lpx_common.telemetry`.
"""

import json
import logging
import os
import re
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lpx_common.errors import (
    database_busy_response,
    database_refused,
    internal_error_response,
    unstorable_text,
    unstorable_text_response,
)
from lpx_common.telemetry import current_trace_id, current_traceparent, traceparent_var

log = logging.getLogger("lpx.errors")

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_TRACEPARENT_OK = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")

REQUESTS = Counter(
    "http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

# Keys that must never reach a log line, whatever a caller passes in `extra`.
_REDACTED_KEYS = {"password", "token", "authorization", "api_key", "secret", "card", "cvc"}


class JsonLogFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
            "trace_id": current_trace_id(),
        }
        for key, value in getattr(record, "fields", {}).items():
            entry[key] = "[redacted]" if key.lower() in _REDACTED_KEYS else value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


_service = {"name": "service"}


def service_name() -> str:
    """The name of the service this process runs (set by :func:`configure_logging`)."""
    return _service["name"]


def configure_logging(service: str, level: str = "INFO") -> None:
    _service["name"] = service
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonLogFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # The JSON lines name no source line, thread or process, so none is looked up for
    # each record (the logging HOWTO's "Optimization"): about a third of a line's cost,
    # and every request writes one.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # uvicorn's own access log would duplicate ours, without the request id.
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def new_request_id() -> str:
    return os.urandom(12).hex()


def new_traceparent() -> str:
    return f"00-{os.urandom(16).hex()}-{os.urandom(8).hex()}-01"


def outgoing_context_headers() -> dict[str, str]:
    """Headers that carry the current request's identity and trace to a downstream call."""
    headers = {"X-Request-ID": request_id_var.get()}
    traceparent = current_traceparent()
    if traceparent:
        headers["traceparent"] = traceparent
    return headers


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, service: str, access_log: bool = True) -> None:
        self.app = app
        self.service = service
        self.access_log = access_log
        self.log = logging.getLogger("lpx.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID_OK.match(incoming) else new_request_id()
        traceparent = headers.get(b"traceparent", b"").decode("latin-1")
        rid_token = request_id_var.set(request_id)
        if not _TRACEPARENT_OK.match(traceparent):
            traceparent = new_traceparent()  # this request starts a trace
        tp_token = traceparent_var.set(traceparent)
        started = time.perf_counter()
        status_holder = [500]
        response_started = [False]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_started[0] = True
                status_holder[0] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Handled here, not by the framework's outermost handler: here the request id
            # is still set (the log line names it), the answer carries X-Request-ID, and
            # the server keeps the connection open instead of dropping it.
            refused = database_refused(exc)
            bad_text = not refused and unstorable_text(exc)
            if refused:
                log.warning("database refused a connection on %s: %s", scope["path"], refused)
            elif bad_text:
                log.info("text the database cannot store on %s", scope["path"])
            else:
                log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if status_holder[0] != 500 or response_started[0]:
                raise  # the answer is under way: only aborting the connection is honest
            if refused:
                answer = database_busy_response
            else:
                answer = unstorable_text_response if bad_text else internal_error_response
            await answer(scope["path"])(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(self.service, method, template, status_holder[0]).inc()
            LATENCY.labels(self.service, method, template).observe(elapsed)
            if self.access_log:
                self.log.info(
                    "%s %s %s",
                    method,
                    template,
                    status_holder[0],
                    extra={
                        "fields": {
                            "status": status_holder[0],
                            "duration_ms": round(elapsed * 1000, 2),
                            "path": scope["path"],
                        }
                    },
                )
            request_id_var.reset(rid_token)
            traceparent_var.reset(tp_token)


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
