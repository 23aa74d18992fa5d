"""One way to build a service app, so every service has the same face.

``create_service_app`` wires what every service needs: JSON logs with request ids,
problem+json errors, a body size limit, ``/livez``, ``/readyz``, ``/metrics``, the
internal-token codec and the database. A service adds its routers and, through
``on_startup``/``on_shutdown``, its own clients and background workers. Tracing is
switched on here too, when the ``OTEL_*`` variables ask for it (lpx_common.telemetry).
"""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData

from lpx_common.auth import PublicRoute, TokenCodec
from lpx_common.db import Database
from lpx_common.errors import ServiceUnavailable, install_problem_handlers
from lpx_common.idempotency import IdempotencyStore
from lpx_common.limits import BodySizeLimitMiddleware, RequestHeadGuard
from lpx_common.observability import (
    RequestContextMiddleware,
    configure_logging,
    metrics_endpoint,
)
from lpx_common.openapi import document_problems
from lpx_common.settings import ServiceSettings
from lpx_common.telemetry import instrument_engine, setup_telemetry

log = logging.getLogger("lpx.app")

Hook = Callable[[FastAPI], Awaitable[None]]

health_router = APIRouter(tags=["health"], dependencies=[PublicRoute])


@health_router.get("/livez", summary="The process is up")
async def livez() -> dict[str, str]:
    return {"status": "ok"}


@health_router.get("/readyz", summary="The service can reach its database")
async def readyz(request: Request) -> JSONResponse:
    db: Database = request.app.state.db
    try:
        await db.ping()
    except Exception as exc:
        log.warning("readiness check failed: %s", type(exc).__name__)
        raise ServiceUnavailable("The database is not reachable.", code="not-ready") from exc
    return JSONResponse({"status": "ok", "database": db.dialect})


health_router.add_route("/metrics", metrics_endpoint, include_in_schema=False)


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    metadata: MetaData,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    version: str = "0.1.0",
) -> FastAPI:
    configure_logging(settings.service_name, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database(
            settings.database_url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            echo=settings.db_echo,
        )
        instrument_engine(app.state.db.engine)
        app.state.token_codec = TokenCodec(
            settings.internal_token_secret.get_secret_value(),
            issuer=settings.service_name,
            ttl_seconds=settings.internal_token_ttl_seconds,
        )
        app.state.idempotency = IdempotencyStore(app.state.db, metadata.tables["idempotency_keys"])
        for hook in on_startup:
            await hook(app)
        log.info("%s started", settings.service_name)
        try:
            yield
        finally:
            for hook in reversed(on_shutdown):
                await hook(app)
            await app.state.db.dispose()

    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan)
    install_problem_handlers(app)
    document_problems(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RequestHeadGuard,
        max_header_bytes=settings.max_header_bytes,
        max_headers=settings.max_headers,
    )
    app.add_middleware(RequestContextMiddleware, service=settings.service_name)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    setup_telemetry(app, settings.service_name)
    return app
