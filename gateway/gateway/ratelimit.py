"""Rate limits shared by every gateway replica, counted by the ``limits`` library.

The counters live where ``GATEWAY_RATE_LIMIT_STORAGE_URI`` points: Redis
(``redis://host:6379/0``) wherever more than one replica runs, so N replicas allow the
configured rate and not N times it; ``memory://`` keeps them in the process (the
one-command local run). The strategy is the sliding window counter: two counters per
caller and window, updated by one atomic Lua script in Redis.

Each limit is a *policy* (``"anonymous"``, ``"authenticated"``, ``"login-account"``...)
with a quota per window, written as the ``limits`` notation (``"300/minute"``,
``"5 per 10 minutes"``). Answers carry the IETF ``RateLimit-Policy`` and ``RateLimit``
fields (draft-ietf-httpapi-ratelimit-headers) and 429s a ``Retry-After``.

When the storage cannot be reached the gateway lets requests through (and logs it, at
most once a minute): an outage of the counters must not become an outage of the API.
"""

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

log = logging.getLogger("gateway.ratelimit")

# How long the gateway waits for the counters before letting a request through.
_STORAGE_TIMEOUT_SECONDS = 0.5


def parse_limit(value: str) -> RateLimitItem:
    """A limit in the ``limits`` notation; ValueError when it is not one (settings)."""
    try:
        return parse(value)
    except ValueError as exc:
        raise ValueError(f"not a limit like '300/minute' or '5 per 10 minutes': {value!r}") from exc


def storage_uri(uri: str) -> str:
    """``redis://…`` or ``memory://`` as the asynchronous storage of ``limits``."""
    return uri if uri.startswith("async+") else "async+" + uri


@dataclass(frozen=True)
class Policy:
    name: str
    item: RateLimitItem

    @property
    def quota(self) -> int:
        return self.item.amount

    @property
    def window_seconds(self) -> int:
        return self.item.get_expiry()

    def policy_header(self) -> str:
        return f'"{self.name}";q={self.quota};w={self.window_seconds}'


@dataclass(frozen=True)
class Verdict:
    """What a policy says about one caller right now."""

    policy: Policy
    allowed: bool
    remaining: int
    reset_seconds: int

    @property
    def retry_after(self) -> str:
        return str(max(1, self.reset_seconds))

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Policy": self.policy.policy_header(),
            "RateLimit": f'"{self.policy.name}";r={self.remaining};t={self.reset_seconds}',
        }

    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        return [(k.lower().encode(), v.encode()) for k, v in self.headers().items()]


class RateLimits:
    """Every policy of the gateway over one storage, shared by all replicas."""

    def __init__(self, settings: Any) -> None:
        s = settings
        uri = storage_uri(s.rate_limit_storage_uri)
        options: dict[str, Any] = {"key_prefix": s.rate_limit_key_prefix, "wrap_exceptions": True}
        if "redis" in uri.split("://", 1)[0]:
            options |= {
                "implementation": "redispy",
                "socket_timeout": _STORAGE_TIMEOUT_SECONDS,
                "socket_connect_timeout": _STORAGE_TIMEOUT_SECONDS,
            }
        self.storage = storage_from_string(uri, **options)
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)  # type: ignore[arg-type]
        self.anonymous = Policy("anonymous", parse_limit(s.rate_anonymous))
        self.authenticated = Policy("authenticated", parse_limit(s.rate_authenticated))
        self.login_account = Policy("login-account", parse_limit(s.rate_login_failures_account))
        self.login_address = Policy("login-address", parse_limit(s.rate_login_failures_address))
        self.signup = Policy("signup", parse_limit(s.rate_signup))
        self.bad_credentials = Policy("bad-credentials", parse_limit(s.rate_bad_credentials))
        self._warned_at = -math.inf

    def _unavailable(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._warned_at >= 60:
            self._warned_at = now
            log.warning("rate-limit storage unavailable, requests pass unlimited: %s", exc)

    async def _ask(self, count: bool, policy: Policy, key: str) -> Verdict | None:
        try:
            ask = self.limiter.hit if count else self.limiter.test
            allowed = await ask(policy.item, policy.name, key)
            stats = await self.limiter.get_window_stats(policy.item, policy.name, key)
        except StorageError as exc:
            self._unavailable(exc)
            return None
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        return Verdict(policy, allowed, stats.remaining, reset)

    async def hit(self, policy: Policy, key: str) -> Verdict | None:
        """Count one request of ``key``; the verdict, or None when the storage is down."""
        return await self._ask(True, policy, key)

    async def check(self, policy: Policy, key: str) -> Verdict | None:
        """Would one more request of ``key`` pass? Counts nothing."""
        return await self._ask(False, policy, key)

    async def clear(self, policy: Policy, key: str) -> None:
        try:
            await self.limiter.clear(policy.item, policy.name, key)
        except StorageError as exc:
            self._unavailable(exc)
