"""Entry point: `uvicorn --factory gateway.main:create_app`."""

import logging

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from gateway import api, backoffice, devmail, i18n
from gateway.config import Settings, get_settings
from gateway.domain.identity import Identity
from gateway.domain.secrets import AccessTokens, derive_secret
from gateway.edge import (
    GatewayMiddleware,
    SecurityHeadersMiddleware,
    SessionCheck,
    TokenMint,
)
from gateway.forwarded import ClientAddressMiddleware, TrustedProxies
from gateway.models import Base
from gateway.openapi import openapi_cache
from gateway.openapi import router as docs_router
from gateway.pages import router as pages_router
from gateway.pages import static_files
from gateway.proxy import make_upstream
from gateway.ratelimit import RateLimits
from lpx_common.app import create_service_app

# FastAPI's own schema and docs routes are replaced by the merged ones in gateway.openapi.
_REPLACED = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # httpx logs every request URL at INFO: noise on the hot path, and URLs are the
    # caller's to keep out of our logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    i18n.set_strict(settings.i18n_strict)

    async def start(app: FastAPI) -> None:
        app.state.upstreams = {
            name: make_upstream(
                name,
                url,
                connect=settings.upstream_connect_timeout_seconds,
                read=settings.upstream_read_timeout_seconds,
                max_connections=settings.upstream_max_connections,
                client_kind=settings.upstream_client,
            )
            for name, url in (
                ("catalog", settings.catalog_url),
                ("booking", settings.booking_url),
                ("payments", settings.payments_url),
                ("notifications", settings.notifications_url),
            )
        }
        jwt_secret = (
            settings.jwt_secret.get_secret_value()
            if settings.jwt_secret
            else derive_secret(settings.internal_token_secret.get_secret_value())
        )
        app.state.access_tokens = AccessTokens(jwt_secret, settings.access_token_ttl_seconds)
        app.state.identity = Identity(
            app.state.db,
            app.state.access_tokens,
            settings.refresh_token_ttl_seconds,
            api_key_cache_seconds=settings.api_key_cache_seconds,
        )
        app.state.session_check = SessionCheck(app.state.identity)
        app.state.limits = RateLimits(settings)
        app.state.token_mint = TokenMint(
            app.state.token_codec, settings.internal_token_cache_seconds
        )
        app.state.openapi_cache = openapi_cache()

    async def stop(app: FastAPI) -> None:
        for upstream in app.state.upstreams.values():
            await upstream.aclose()
        await app.state.limits.aclose()

    app = create_service_app(
        settings,
        title="Lunar Payload Exchange — Gateway",
        description="the one public entry: routing, identity, rate limits and storefront pages.",
        routers=[api.router],
        metadata=Base.metadata,
        on_startup=[start],
        on_shutdown=[stop],
    )
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", None) not in _REPLACED]
    app.include_router(docs_router)
    app.include_router(pages_router)
    app.include_router(devmail.router)
    backoffice.install(app)
    app.mount("/static", static_files, name="static")
    # Innermost-last: request context and body limit (added by create_service_app) stay
    # outermost, so every answer below, proxied or not, carries the request id.
    app.user_middleware.append(
        Middleware(SecurityHeadersMiddleware, hsts_always=settings.hsts_always)
    )
    if settings.cors_origins:
        app.user_middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                allow_headers=[
                    "Authorization",
                    "Content-Type",
                    "Idempotency-Key",
                    "If-Match",
                    "X-API-Key",
                    "X-Request-ID",
                    "traceparent",
                ],
                expose_headers=[
                    "ETag",
                    "Location",
                    "Retry-After",
                    "X-Request-ID",
                    "Idempotent-Replayed",
                ],
                max_age=600,
            )
        )
    app.user_middleware.append(Middleware(GatewayMiddleware))
    # Outermost: every layer below (request log, limits, proxy) sees the client's address.
    app.add_middleware(ClientAddressMiddleware, trusted=TrustedProxies(settings.trusted_proxies))
    return app
