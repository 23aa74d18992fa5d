"""OpenTelemetry tracing, on only when the standard ``OTEL_*`` variables ask for an
exporter (docs/telemetry.md).

:func:`setup_telemetry` is called once by every app factory (through
``lpx_common.app.create_service_app``). With ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) set, and ``OTEL_SDK_DISABLED`` not ``true``, it
installs the SDK with a batching OTLP/HTTP exporter and the maintained instrumentations
for FastAPI (server spans), httpx (client spans, ``traceparent`` injected) and
SQLAlchemy (one span per statement). Sampling follows ``OTEL_TRACES_SAMPLER``; spans
that would start a trace from background polling (a worker's query) are dropped, so a
trace always begins with a request or a delivered message.

Without an exporter nothing is installed and nothing is measured: the W3C
``traceparent`` a request came with (or one made up for it) still travels to every
peer and every outbox message, and log lines still carry its trace id, at the cost of a
context-variable read.

Trace context also crosses the outbox: :func:`current_traceparent` is stored with each
message when it is written, and :func:`continue_trace` makes it the parent again when
the relay delivers the message, however much later and from whichever replica.
"""

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("lpx.telemetry")

_PROPAGATOR = TraceContextTextMapPropagator()
_ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
# Health checks and scrapes would be most of the spans and tell nothing.
_EXCLUDED_URLS = "/livez,/readyz,/metrics,/static/.*"

# The request's W3C trace context as it came in (or made up for it): what travels on
# when no SDK is installed. Set by lpx_common.observability.RequestContextMiddleware.
traceparent_var: ContextVar[str | None] = ContextVar("traceparent", default=None)

_provider: Any = None  # the SDK TracerProvider once tracing is on in this process
_engines_instrumented = False


def tracing_configured(environ: dict[str, str] | None = None) -> bool:
    """Whether the standard variables ask for spans to be exported."""
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    if env.get("OTEL_TRACES_EXPORTER", "").strip().lower() == "none":
        return False
    return any(env.get(name, "").strip() for name in _ENDPOINT_VARIABLES)


def tracing_enabled() -> bool:
    return _provider is not None


def _make_provider(service_name: str) -> Any:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

    class RequestRootedSampler(Sampler):
        """The sampler the variables choose, except that a span with no parent starts a
        trace only if it is a request (server) or a delivered message (consumer)."""

        def __init__(self, delegate: Sampler) -> None:
            self.delegate = delegate

        def should_sample(
            self,
            parent_context: Any,
            trace_id: int,
            name: str,
            kind: SpanKind | None = None,
            attributes: Any = None,
            links: Sequence[Any] | None = None,
            trace_state: Any = None,
        ) -> SamplingResult:
            parent = trace.get_current_span(parent_context).get_span_context()
            if not parent.is_valid and kind not in (SpanKind.SERVER, SpanKind.CONSUMER):
                return SamplingResult(Decision.DROP)
            return self.delegate.should_sample(
                parent_context, trace_id, name, kind, attributes, links, trace_state
            )

        def get_description(self) -> str:
            return f"RequestRooted{{{self.delegate.get_description()}}}"

    # TracerProvider reads OTEL_TRACES_SAMPLER(_ARG) when given no sampler.
    delegate = TracerProvider().sampler
    name = os.environ.get("OTEL_SERVICE_NAME") or service_name
    provider = TracerProvider(
        resource=Resource.create({"service.name": name}),
        sampler=RequestRootedSampler(delegate),
    )
    # Endpoint, headers, timeout and compression come from the OTEL_EXPORTER_OTLP_*
    # variables; the batch size and delay from OTEL_BSP_*.
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def setup_telemetry(app: FastAPI, service_name: str) -> bool:
    """Trace ``app`` when the environment asks for it; returns whether it does."""
    global _provider
    if not tracing_configured():
        return False
    if _provider is None:
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

        _provider = _make_provider(service_name)
        trace.set_tracer_provider(_provider)
        HTTPXClientInstrumentor().instrument(tracer_provider=_provider)
        log.info("tracing on: spans exported over OTLP")
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=_provider,
        excluded_urls=_EXCLUDED_URLS,
        exclude_spans=["receive", "send"],
    )
    return True


def instrument_engine(engine: AsyncEngine) -> None:
    """One span per SQL statement on ``engine`` (the service's database), when tracing."""
    global _engines_instrumented
    if _provider is None or _engines_instrumented:
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    # The instrumentation declares SQLAlchemy < 2.1 and, without skip_dep_check, quietly
    # does nothing on 2.1; the engine events it listens to are the same in 2.1.
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, tracer_provider=_provider, skip_dep_check=True
    )
    _engines_instrumented = True


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` naming the current span (when tracing) or the request's
    own trace context (when not): what a call or message sent now should carry."""
    if _provider is not None:
        carrier: dict[str, str] = {}
        _PROPAGATOR.inject(carrier)
        if "traceparent" in carrier:
            return carrier["traceparent"]
    return traceparent_var.get()


@contextmanager
def continue_trace(
    traceparent: str | None, span_name: str, attributes: dict[str, str] | None = None
) -> Iterator[None]:
    """Run the block as part of the trace ``traceparent`` names (stored earlier, e.g.
    with an outbox message): in a consumer span under it when tracing, else by making
    it the context that outgoing calls carry."""
    if _provider is None:
        token = traceparent_var.set(traceparent)
        try:
            yield
        finally:
            traceparent_var.reset(token)
        return
    parent = _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None
    attached = otel_context.attach(parent) if parent is not None else None
    try:
        tracer = trace.get_tracer("lpx_common")
        with tracer.start_as_current_span(
            span_name, kind=SpanKind.CONSUMER, attributes=attributes or {}
        ):
            yield
    finally:
        if attached is not None:
            otel_context.detach(attached)


@contextmanager
def client_span(name: str, attributes: dict[str, str]) -> Iterator[None]:
    """The block as a CLIENT span (when tracing), so that a call made in it carries a
    ``traceparent`` naming the call itself; nothing at all when not tracing."""
    if _provider is None:
        yield
        return
    with trace.get_tracer("lpx_common").start_as_current_span(
        name, kind=SpanKind.CLIENT, attributes=attributes
    ):
        yield


def current_trace_id() -> str:
    """The trace id for log lines: the current span's, else the request's, else ``-``."""
    if _provider is not None:
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            return format(span_context.trace_id, "032x")
    traceparent = traceparent_var.get()
    return traceparent[3:35] if traceparent else "-"
