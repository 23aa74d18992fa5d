"""The gateway's front door, as plain ASGI middleware (cheap on the hot path).

``GatewayMiddleware`` runs for every API request (``/v1/...`` and the Stripe webhook):

1. refuses ``/v1/internal/...`` (404, never forwarded) and dot segments in paths;
2. turns the presented credential (JWT access token, partner API key, or none) into a
   ``Principal``; credentials that do not verify are counted per client address, apart
   from valid ones, and answered 429 once there are too many; for an
   access token, the session and its account are read from the database each time
   (roles and status as they are now);
3. applies the caller's rate limit (per credential: API key, customer or staff member;
   per client address for anonymous callers; counted in Redis, shared by every replica,
   see ``gateway.ratelimit``) → 429 with ``Retry-After``; every answer carries the IETF
   ``RateLimit-Policy`` and ``RateLimit`` fields;
4. mints (and caches for a few seconds) the internal token for that principal;
5. forwards to the service that owns the path prefix, or hands the request to the
   gateway's own routes with the internal token put in place of any incoming one, so
   those routes make their auth decisions with the same ``require(...)`` as services.

``SecurityHeadersMiddleware`` adds browser security headers to every answer.
"""

import logging
from dataclasses import dataclass
from typing import Any

from cachetools import TTLCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.domain import secrets as sec
from gateway.domain.identity import Identity, SessionState
from gateway.proxy import Upstream, forward, upstream_for
from gateway.ratelimit import RateLimits, Verdict
from lpx_common.auth import INTERNAL_TOKEN_HEADER, Principal, TokenCodec
from lpx_common.errors import Problem, problem_response

log = logging.getLogger("gateway.edge")

ANONYMOUS = Principal(kind="anonymous", subject="anonymous")
_INTERNAL = INTERNAL_TOKEN_HEADER.lower().encode()
# Gateway routes that take no credential: a stale token sent along must not block them.
_CREDENTIAL_FREE = ("/v1/auth/signup", "/v1/auth/login", "/v1/auth/refresh")
_WEBHOOK = "/webhooks/stripe"


@dataclass(frozen=True)
class _RouteLabel:
    path: str


_ROUTE_LABELS = {
    name: _RouteLabel(f"proxy:{name}")
    for name in ("catalog", "booking", "payments", "notifications")
}


@dataclass(frozen=True)
class Caller:
    principal: Principal
    rate_key: str
    session_id: str | None = None


def too_many(verdict: Verdict, detail: str) -> Problem:
    return Problem(
        detail,
        status=429,
        code="rate-limited",
        headers={"Retry-After": verdict.retry_after, **verdict.headers()},
    )


class TokenMint:
    """Internal tokens per principal, reused for a few seconds instead of signing each time."""

    def __init__(self, codec: TokenCodec, cache_seconds: float) -> None:
        self.codec = codec
        # Reuse only while plenty of lifetime is left for the hop and a retry.
        ttl = min(cache_seconds, codec.ttl_seconds / 3)
        self._cache: TTLCache[Principal, str] | None = (
            TTLCache(maxsize=10_000, ttl=ttl) if ttl > 0 else None
        )

    def token(self, principal: Principal) -> str:
        if self._cache is None:
            return self.codec.mint(principal)
        token = self._cache.get(principal)
        if token is None:
            token = self._cache[principal] = self.codec.mint(principal)
        return token


class SessionCheck:
    """Is a session still signed in, and as whom? Asked of the database on every request
    that presents an access token: no per-replica cache, so a logout, a disabled account
    or a role change made on any replica applies to the next request on every replica."""

    def __init__(self, identity: Identity) -> None:
        self.identity = identity

    async def current(self, session_id: str) -> SessionState | None:
        return await self.identity.session_state(session_id)


def client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _has_dot_segment(path: str) -> bool:
    return any(part in (".", "..") for part in path.split("/"))


class GatewayMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not (path.startswith("/v1/") or path == _WEBHOOK):
            await self.app(scope, receive, send)  # pages, docs, health, metrics
            return
        state = scope["app"].state
        verdict: Verdict | None = None
        try:
            if path == "/v1/internal" or path.startswith("/v1/internal/") or _has_dot_segment(path):
                raise Problem("No such route.", status=404, code="not-found")
            if path == _WEBHOOK:
                # Verified by its Stripe signature at payments; no rate limit here, so
                # payment events are never dropped by the gateway.
                caller = Caller(ANONYMOUS, "webhook")
            else:
                caller = await self._identify(scope, state)
                verdict = await self._rate_limit(caller, state.limits)
        except Problem as problem:
            await problem_response(problem.to_body(path), problem.headers)(scope, receive, send)
            return
        except Exception:
            # The identity database is unreachable: no principal can be established.
            log.exception("could not identify the caller")
            problem = Problem(
                "Sign-in is unavailable right now; try again shortly.",
                status=503,
                code="identity-unavailable",
                headers={"Retry-After": "2"},
            )
            await problem_response(problem.to_body(path), problem.headers)(scope, receive, send)
            return
        if verdict is not None:
            send = _with_headers(send, verdict.raw_headers())
        token = state.token_mint.token(caller.principal)
        service = upstream_for(path)
        if service is not None:
            scope["route"] = _ROUTE_LABELS[service]  # metrics/access log label
            upstream: Upstream = state.upstreams[service]
            await forward(upstream, scope, receive, send, token)
            return
        headers = [(k, v) for k, v in scope["headers"] if k != _INTERNAL]
        headers.append((_INTERNAL, token.encode()))
        # In place, so the outer request-context middleware sees the matched route too.
        scope["headers"] = headers
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)

    async def _identify(self, scope: Scope, state: Any) -> Caller:
        ip = client_ip(scope)
        anonymous = Caller(ANONYMOUS, "ip:" + ip)
        if scope["path"] in _CREDENTIAL_FREE:
            return anonymous
        authorization = _header(scope, b"authorization")
        api_key = _header(scope, b"x-api-key")
        if authorization is None and api_key is None:
            return anonymous
        if authorization is not None and api_key is not None:
            raise Problem(
                "Send either Authorization or X-API-Key, not both.", code="credentials-ambiguous"
            )
        if authorization is not None:
            scheme, _, credential = authorization.partition(" ")
            credential = credential.strip()
            if scheme.lower() != "bearer" or not credential:
                raise _unauthorized("Use `Authorization: Bearer <token or API key>`.")
            if sec.looks_like_api_key(credential):
                api_key = credential
        limits: RateLimits = state.limits
        # A credential is checked first and counted only when it fails: invalid ones from
        # an address are limited apart, and never slow a valid one sent from there too.
        if api_key is not None:
            found = await state.identity.principal_for_api_key(api_key.strip())
            if found is None:
                log.info("rejected an API key", extra={"fields": {"client": ip}})
                raise await _bad_credential(
                    limits,
                    ip,
                    _unauthorized(
                        "The API key is not valid (unknown, revoked or expired).",
                        code="api-key-invalid",
                    ),
                )
            return Caller(found.principal, "key:" + found.key_id)
        try:
            claims = state.access_tokens.verify(credential)
        except Problem as problem:
            if problem.code == "token-invalid":
                raise await _bad_credential(limits, ip, problem) from None
            raise
        current = await state.session_check.current(claims["sid"])
        if current is None or current.account_id != claims["sub"]:
            raise _unauthorized("This session has ended; sign in again.", code="session-ended")
        # Roles as they are now, not as they were when the token was minted.
        principal = Principal(
            kind=current.kind,  # type: ignore[arg-type]  # customer | staff
            subject=current.account_id,
            roles=current.roles if current.kind == "staff" else frozenset(),
            email=current.email,
        )
        return Caller(principal, f"{claims['kind']}:{claims['sub']}", claims["sid"])

    @staticmethod
    async def _rate_limit(caller: Caller, limits: RateLimits) -> Verdict | None:
        anonymous = caller.principal.kind == "anonymous"
        policy = limits.anonymous if anonymous else limits.authenticated
        verdict = await limits.hit(policy, caller.rate_key)
        if verdict is not None and not verdict.allowed:
            raise too_many(verdict, "Too many requests; slow down.")
        return verdict


async def _bad_credential(limits: RateLimits, ip: str, problem: Problem) -> Problem:
    """The answer to a credential that did not verify: its 401, or 429 once this address
    has sent too many of them."""
    verdict = await limits.hit(limits.bad_credentials, "ip:" + ip)
    if verdict is not None and not verdict.allowed:
        return too_many(verdict, "Too many invalid credentials from this address; wait.")
    return problem


def _with_headers(send: Send, extra: list[tuple[bytes, bytes]]) -> Send:
    """``send`` adding ``extra`` headers to the response head."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


def _unauthorized(detail: str, code: str = "unauthorized") -> Problem:
    return Problem(
        detail, status=401, code=code, headers={"WWW-Authenticate": 'Bearer realm="lpx"'}
    )


_PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; "
    "frame-ancestors 'none'"
)
_API_CSP = "default-src 'none'; frame-ancestors 'none'"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, hsts_always: bool = False) -> None:
        self.app = app
        self.hsts_always = hsts_always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https" or self.hsts_always

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {key.lower() for key, _ in headers}
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                csp = _PAGE_CSP if content_type.startswith(b"text/html") else _API_CSP
                for key, value in (
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                    (b"content-security-policy", csp.encode()),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ):
                    if key not in present:
                        headers.append((key, value))
                if tls:
                    headers.append(
                        (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
                    )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
