"""Internal tokens: who is calling, proven by the gateway (or a peer service).

The gateway turns whatever credential a caller presented into a short-lived HS256 token
in ``X-Internal-Token``. Every service verifies it on every route that is not explicitly
public, so a service reached directly, around the gateway, lets nobody in.

Each route states its auth decision with one of the dependencies below: ``Authenticated``
(any verified principal, checked further in the domain), ``require(...)`` for roles,
kinds or scopes, or ``PublicRoute`` for the few routes that need no token (health,
metrics, a webhook verified by its own signature). A test walks every route and fails on
a route that made no decision.
"""

import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import jwt
from fastapi import Depends, Request

from lpx_common.errors import Forbidden, Unauthorized

INTERNAL_TOKEN_HEADER = "X-Internal-Token"
AUDIENCE = "lpx-internal"
ALGORITHM = "HS256"

PrincipalKind = Literal["anonymous", "customer", "partner", "staff", "service"]
STAFF_ROLES = ("sales", "finance", "operator", "admin")


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    subject: str
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    partner_id: str | None = None
    email: str | None = None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


# Tokens verified once are remembered (bounded), so the same token presented again (the
# gateway and peers reuse theirs for a while) costs a dict lookup and an expiry check
# instead of an HMAC and a JSON parse. Only the exact string that passed every check
# matches; its expiry is still checked on every use.
_VERIFIED_MAX = 4096
LEEWAY_SECONDS = 2


class TokenCodec:
    """Mints and verifies internal tokens with one shared secret."""

    def __init__(self, secret: str, *, issuer: str, ttl_seconds: int = 60) -> None:
        self._secret = secret
        self.issuer = issuer
        self.ttl_seconds = ttl_seconds
        self._verified: dict[str, tuple[Principal, int]] = {}
        # This service's own token, reused while two thirds of its lifetime remain (a
        # hop and its retries fit in the rest).
        self._service_token: tuple[str, float] | None = None

    def mint(self, principal: Principal, *, ttl_seconds: int | None = None) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + (ttl_seconds if ttl_seconds is not None else self.ttl_seconds),
            "sub": principal.subject,
            "kind": principal.kind,
            "roles": sorted(principal.roles),
            "scopes": sorted(principal.scopes),
        }
        if principal.partner_id:
            claims["partner_id"] = principal.partner_id
        if principal.email:
            claims["email"] = principal.email
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            principal, expires = known
            if time.time() <= expires + LEEWAY_SECONDS:
                return principal
            del self._verified[token]
            raise Unauthorized("The internal token has expired.", code="token-expired")
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                options={"require": ["exp", "iat", "sub", "aud"]},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("The internal token has expired.", code="token-expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("The internal token is not valid.", code="token-invalid") from exc
        kind = claims.get("kind")
        if kind not in ("anonymous", "customer", "partner", "staff", "service"):
            raise Unauthorized("The internal token names no known principal kind.")
        principal = Principal(
            kind=kind,
            subject=str(claims["sub"]),
            roles=frozenset(claims.get("roles", ())),
            scopes=frozenset(claims.get("scopes", ())),
            partner_id=claims.get("partner_id"),
            email=claims.get("email"),
        )
        if len(self._verified) >= _VERIFIED_MAX:
            self._verified.clear()  # crude but bounded; refilled by the next requests
        self._verified[token] = (principal, int(claims["exp"]))
        return principal

    def service_principal(self) -> Principal:
        return Principal(kind="service", subject=self.issuer)

    def service_token(self) -> str:
        now = time.monotonic()
        if self._service_token is None or now >= self._service_token[1]:
            self._service_token = (
                self.mint(self.service_principal()),
                now + self.ttl_seconds / 3,
            )
        return self._service_token[0]


async def authenticate(request: Request) -> Principal:
    # async: FastAPI would run a plain `def` dependency in a thread; verifying is cheap.
    token = request.headers.get(INTERNAL_TOKEN_HEADER)
    if not token:
        raise Unauthorized(
            "This service is reached through the gateway only; no internal token was sent.",
            code="token-missing",
        )
    codec: TokenCodec = request.app.state.token_codec
    return codec.verify(token)


async def public_route() -> None:
    """Marks a route as deliberately open (health, metrics, signed webhooks)."""


Authenticated = Annotated[Principal, Depends(authenticate)]
PublicRoute = Depends(public_route)


def require(
    *,
    kinds: Iterable[PrincipalKind] = (),
    roles: Iterable[str] = (),
    scopes: Iterable[str] = (),
) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting principals of one of ``kinds``, or staff with one of
    ``roles``, or partners holding every one of ``scopes``. ``admin`` passes any role check.
    """
    kinds_set, roles_set, scopes_set = frozenset(kinds), frozenset(roles), frozenset(scopes)

    async def check(principal: Authenticated) -> Principal:
        if principal.kind in kinds_set:
            return principal
        if (
            roles_set
            and principal.kind == "staff"
            and (principal.roles & roles_set or "admin" in principal.roles)
        ):
            return principal
        if scopes_set and principal.kind == "partner" and scopes_set <= principal.scopes:
            return principal
        if principal.kind == "anonymous":
            raise Unauthorized("Sign in or present an API key to do this.")
        raise Forbidden("Your account may not do this.")

    return check


def route_auth_decision(dependant: Any) -> bool:
    """True when a route's dependency tree contains an explicit auth decision."""
    stack = [dependant]
    while stack:
        current = stack.pop()
        if current.call in (authenticate, public_route):
            return True
        stack.extend(current.dependencies)
    return False


def routes_without_auth_decision(app: Any) -> list[str]:
    """``"METHOD /path"`` of every API route of ``app`` that made no auth decision.

    Walks the effective routes, so dependencies given to ``include_router`` count, and
    routers nested in routers are reached.
    """
    from fastapi.routing import iter_route_contexts

    undecided = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if dependant is not None and not route_auth_decision(dependant):
            undecided.append(f"{','.join(sorted(route.methods or ()))} {route.path}")
    return undecided
