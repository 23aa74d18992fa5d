"""Passwords, access tokens, refresh tokens and API keys: making and checking them.

Passwords are hashed with argon2id (argon2-cffi's defaults). Refresh tokens and API
keys are 256-bit random strings, so a SHA-256 digest is a safe way to store them and
still lets us find them by digest (refresh tokens) or by a public prefix (API keys).
"""

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cachetools import TLRUCache

from lpx_common.errors import Unauthorized

_hasher = PasswordHasher()
# Verified against when the email is unknown, so an unknown email costs as much time as
# a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

ACCESS_AUDIENCE = "lpx-public"
ACCESS_ISSUER = "lpx-gateway"
API_KEY_PREFIX = "lpxk_"
_API_KEY_RE = re.compile(r"^lpxk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_refresh_token() -> str:
    return "lpxr_" + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class NewApiKey:
    key: str  # shown once, never stored
    prefix: str
    key_hash: str


def new_api_key() -> NewApiKey:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    prefix = "".join(secrets.choice(alphabet) for _ in range(12))
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return NewApiKey(key=key, prefix=prefix, key_hash=digest(key))


def api_key_prefix(key: str) -> str | None:
    """The lookup prefix of a well-formed key, or None for anything else."""
    match = _API_KEY_RE.match(key)
    return match.group(1) if match else None


def looks_like_api_key(value: str) -> bool:
    return value.startswith(API_KEY_PREFIX)


class AccessTokens:
    """Short-lived HS256 JWT access tokens for customers and staff."""

    def __init__(self, secret: str, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = ttl_seconds
        # token -> claims of tokens that verified, each kept until the token expires.
        # Signature checks are the costliest step of an authenticated proxied request.
        self._verified: TLRUCache[str, dict[str, Any]] = TLRUCache(
            maxsize=50_000, ttu=lambda _token, claims, _now: float(claims["exp"]), timer=time.time
        )

    def mint(
        self, *, account_id: str, kind: str, email: str, roles: list[str], session_id: str
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ACCESS_ISSUER,
            "aud": ACCESS_AUDIENCE,
            "iat": now,
            "exp": now + self.ttl_seconds,
            "sub": account_id,
            "kind": kind,
            "email": email,
            "roles": sorted(roles),
            "sid": session_id,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    def verify(self, token: str) -> dict[str, Any]:
        cached = self._verified.get(token)
        if cached is not None:
            return cached
        claims = self._verify(token)
        self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=ACCESS_AUDIENCE,
                issuer=ACCESS_ISSUER,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(
                "The access token has expired; refresh it or sign in again.",
                code="token-expired",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(
                "The access token is not valid.",
                code="token-invalid",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from exc
        if claims.get("kind") not in ("customer", "staff") or not claims.get("sid"):
            raise Unauthorized("The access token is not valid.", code="token-invalid")
        return claims


def derive_secret(internal_secret: str) -> str:
    """A JWT key derived from the internal secret when no GATEWAY_JWT_SECRET is set."""
    return hmac.new(internal_secret.encode(), b"lpx-gateway-access-tokens", "sha256").hexdigest()
