"""Tracing across the services and their outboxes, as an operator following one booking
would see it: every service runs as its own process with the OpenTelemetry SDK switched
on by the standard variables, and exports its spans over OTLP/HTTP to a small receiver
in this test process, which keeps them in memory."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from lpx_common.telemetry import tracing_configured
from tests.e2e.conftest import STRIPE_AUTH, wait_for
from tests.harness import Platform, create_offering, free_port


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_id: str
    attributes: dict[str, Any]


class OtlpReceiver:
    """An OTLP/HTTP trace receiver (protobuf), keeping every span it is sent."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                receiver.add(request)
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, request: ExportTraceServiceRequest) -> None:
        found = []
        for resource_spans in request.resource_spans:
            resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(
                        Span(
                            service=resource.get("service.name", "?"),
                            name=span.name,
                            kind=span.kind,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_id=span.parent_span_id.hex(),
                            attributes={
                                a.key: a.value.string_value or a.value.int_value
                                for a in span.attributes
                            },
                        )
                    )
        with self.lock:
            self.spans.extend(found)

    def trace(self, trace_id: str) -> list[Span]:
        with self.lock:
            return [s for s in self.spans if s.trace_id == trace_id]


class TracedPlatform(Platform):
    """A platform whose services export spans to ``receiver`` (batches sent quickly)."""

    receiver: OtlpReceiver

    def env(self, name: str) -> dict[str, str]:
        env = super().env(name)
        if name != "stripe":
            env |= {
                "OTEL_EXPORTER_OTLP_ENDPOINT": self.receiver.endpoint,
                "OTEL_BSP_SCHEDULE_DELAY": "100",
            }
        return env


@dataclass
class Traced:
    platform: TracedPlatform
    receiver: OtlpReceiver
    gw: httpx.Client
    stripe: httpx.Client


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Traced]:
    receiver = OtlpReceiver()
    receiver.thread.start()
    run = TracedPlatform(
        run_id=secrets.token_hex(4) + "t",
        secret=secrets.token_urlsafe(48),
        log_dir=tmp_path_factory.mktemp("traced-stack-logs"),
    )
    run.receiver = receiver
    try:
        for name in ("catalog", "booking", "payments", "gateway"):
            run.database(name)  # migrated one after another (Alembic is not thread-safe)
        with ThreadPoolExecutor() as pool:  # the processes start side by side
            list(pool.map(run.service, ("catalog", "booking", "stripe", "payments", "gateway")))
        with (
            httpx.Client(base_url=run.url("gateway"), timeout=30.0) as gw,
            httpx.Client(base_url=run.url("stripe"), headers=STRIPE_AUTH, timeout=30.0) as sc,
        ):
            yield Traced(run, receiver, gw, sc)
    finally:
        run.close()
        receiver.server.shutdown()


CONSUMER = 5  # the OTLP span kind of a delivered message


def test_one_booking_is_one_trace_across_services_and_outboxes(traced: Traced) -> None:
    platform, receiver, gw = traced.platform, traced.receiver, traced.gw
    with httpx.Client(base_url=platform.url("catalog"), timeout=30.0) as catalog:
        offering = create_offering(catalog, platform.tokens.staff("operator"))
    email = f"traced-{secrets.token_hex(4)}@example.com"
    signup = gw.post(
        "/v1/auth/signup",
        json={"email": email, "password": secrets.token_urlsafe(18), "name": "Aiko Tanaka"},
    )
    assert signup.status_code == 201, signup.text
    buyer = {"Authorization": f"Bearer {signup.json()['access_token']}"}

    # The buyer's client starts a trace and sends it along, as a traced client does.
    trace_id, client_span = secrets.token_hex(16), secrets.token_hex(8)
    traced_call = buyer | {"traceparent": f"00-{trace_id}-{client_span}-01"}
    booked = gw.post(
        "/v1/bookings",
        json={
            "lines": [{"offering_id": offering["id"], "quantity": 1}],
            "contact": {"name": "Aiko Tanaka", "email": email},
            "currency": "JPY",
        },
        headers=traced_call | {"Idempotency-Key": secrets.token_hex(8)},
    )
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["id"]
    checkout = gw.post(f"/v1/bookings/{booking_id}/checkout", headers=traced_call)
    assert checkout.status_code == 200, checkout.text
    # Stripe knows nothing of our trace: its webhook arrives on its own, later.
    session_id = checkout.json()["checkout_url"].rstrip("/").rsplit("/", 1)[1]
    paid = traced.stripe.post(
        f"/_standin/checkout/sessions/{session_id}/pay", json={"card_number": "4242424242424242"}
    )
    assert paid.status_code == 200, paid.text
    wait_for(
        lambda: gw.get(f"/v1/bookings/{booking_id}", headers=buyer).json()["status"] == "confirmed"
    )

    def confirmed_in_trace() -> bool:
        spans = receiver.trace(trace_id)
        routes = {(s.service, str(s.attributes.get("http.route"))) for s in spans}
        return (
            "booking",
            "/v1/internal/bookings/{booking_id}/payment-succeeded",
        ) in routes and any(service == "catalog" and "commit" in r for service, r in routes)

    wait_for(confirmed_in_trace, timeout=15)

    def orphans() -> list[Span]:
        """Spans whose parent is neither in the trace nor the client's own span."""
        spans = receiver.trace(trace_id)
        ids = {s.span_id for s in spans} | {client_span}
        return [s for s in spans if s.parent_id not in ids]

    # One tree (parents may reach the receiver a batch after their children).
    wait_for(lambda: not orphans(), timeout=5)
    spans = receiver.trace(trace_id)
    assert {s.service for s in spans} >= {"gateway", "booking", "catalog", "payments"}
    # The confirmation came through payments' outbox, hours after the checkout it
    # belongs to could have ended; booking's own messages (its events) are there too.
    relays = {(s.service, s.name) for s in spans if s.kind == CONSUMER}
    assert ("payments", "outbox deliver booking") in relays
    assert ("booking", "outbox deliver notifications") in relays
    # Database statements are spans too.
    assert any(
        "postgresql" in (s.attributes.get("db.system"), s.attributes.get("db.system.name"))
        for s in spans
    )
    # And the services' log lines name the trace.
    for service in ("gateway", "booking", "catalog", "payments"):
        assert f'"trace_id": "{trace_id}"' in platform.service(service).log_text(), service


def test_without_an_exporter_nothing_is_traced() -> None:
    assert not tracing_configured({})
    assert not tracing_configured({"OTEL_SERVICE_NAME": "catalog"})
    assert not tracing_configured(
        {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"}
    )
    assert tracing_configured({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert tracing_configured({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"})
