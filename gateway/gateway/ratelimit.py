"""Rate limits shared by every gateway replica: sliding window counters.

The counters live where ``GATEWAY_RATE_LIMIT_STORAGE_URI`` points: Redis
(``redis://host:6379/0``) wherever more than one replica runs, so N replicas allow the
configured rate and not N times it; ``memory://`` keeps them in the process (the
one-command local run). The strategy is the sliding window counter: two counters per
caller and window (this one and the one before, weighted by how much of it still
overlaps), as the ``limits`` library counts them.

In Redis one Lua script counts the request *and* returns both counters, so a question
costs one round trip. (``limits`` asks twice, hit then window stats: that second trip
was about a tenth of the gateway's CPU per proxied request.) ``memory://`` goes through
``limits`` itself, where a question costs no round trip at all.

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
from typing import Any, Protocol

from limits import RateLimitItem, parse
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("gateway.ratelimit")

# How long the gateway waits for the counters before letting a request through.
_STORAGE_TIMEOUT_SECONDS = 0.5

# KEYS: the previous window's counter, the current one. ARGV: quota, window in seconds,
# cost (0 only looks). Returns allowed (1/0) and both counters with their lives left in
# ms, after the request was counted. The current counter lives two windows; once it has
# less than one window left, it becomes the previous one (as in ``limits``).
_HIT_AND_READ = """
local quota = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local cost = tonumber(ARGV[3])
local current_ttl = redis.call('pttl', KEYS[2])
if current_ttl > 0 and current_ttl < window then
    redis.call('rename', KEYS[2], KEYS[1])
    redis.call('set', KEYS[2], 0, 'PX', current_ttl + window)
end
local previous = tonumber(redis.call('get', KEYS[1])) or 0
local previous_ttl = math.max(0, redis.call('pttl', KEYS[1]))
local current = tonumber(redis.call('get', KEYS[2])) or 0
current_ttl = math.max(0, redis.call('pttl', KEYS[2]))
local weighted = math.floor(previous * previous_ttl / window) + current
local allowed = weighted + math.max(cost, 1) <= quota
if allowed and cost > 0 then
    if current_ttl > 0 then
        redis.call('incrby', KEYS[2], cost)
    else
        current_ttl = window * 2
        redis.call('set', KEYS[2], cost, 'PX', current_ttl)
    end
    current = current + cost
end
return {allowed and 1 or 0, previous, previous_ttl, current, current_ttl}
"""


class CountersUnavailable(Exception):
    """The counters' storage did not answer."""


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


def verdict_from_window(
    policy: Policy,
    allowed: bool,
    previous: int,
    previous_left: float,
    current: int,
    current_left: float,
) -> Verdict:
    """The verdict from both counters (and the seconds each has left), as ``limits``
    reports a sliding window: what is left of the quota, and when the weighted count
    next drops by one."""
    window = policy.window_seconds
    weighted = previous * previous_left / window + current
    remaining = max(0, policy.quota - math.floor(weighted))
    if not (previous or current):
        return Verdict(policy, allowed, remaining, 0)
    previous_reset = previous_left % (window / previous) if previous else math.inf
    current_reset = current_left % window if current else math.inf
    reset = max(0, math.ceil(min(previous_reset, current_reset)))
    return Verdict(policy, allowed, remaining, reset)


class Counters(Protocol):
    async def ask(self, policy: Policy, key: str, cost: int) -> Verdict: ...

    async def clear(self, policy: Policy, key: str) -> None: ...


class RedisCounters:
    """Counters in Redis: one script call per question."""

    def __init__(self, uri: str, prefix: str) -> None:
        self.prefix = prefix
        self.redis = Redis.from_url(
            uri,
            socket_timeout=_STORAGE_TIMEOUT_SECONDS,
            socket_connect_timeout=_STORAGE_TIMEOUT_SECONDS,
        )
        self.script = self.redis.register_script(_HIT_AND_READ)

    def _keys(self, policy: Policy, key: str) -> list[str]:
        # One hash tag for both, so a Redis Cluster keeps them on one node.
        current = f"{{{self.prefix}/{policy.name}/{policy.quota}/{policy.window_seconds}/{key}}}"
        return [current + "/-1", current]

    async def ask(self, policy: Policy, key: str, cost: int) -> Verdict:
        try:
            allowed, previous, previous_ms, current, current_ms = await self.script(
                keys=self._keys(policy, key), args=[policy.quota, policy.window_seconds, cost]
            )
        except (RedisError, OSError) as exc:
            raise CountersUnavailable(str(exc)) from exc
        return verdict_from_window(
            policy, allowed == 1, previous, previous_ms / 1000, current, current_ms / 1000
        )

    async def clear(self, policy: Policy, key: str) -> None:
        try:
            await self.redis.delete(*self._keys(policy, key))
        except (RedisError, OSError) as exc:
            raise CountersUnavailable(str(exc)) from exc

    async def aclose(self) -> None:
        await self.redis.aclose()


class LimitsCounters:
    """Counters kept by ``limits``: ``memory://``, and Redis over a Unix socket."""

    def __init__(self, uri: str, prefix: str) -> None:
        options: dict[str, Any] = {"key_prefix": prefix, "wrap_exceptions": True}
        if uri.removeprefix("async+").startswith("redis"):
            options |= {
                "implementation": "redispy",
                "socket_timeout": _STORAGE_TIMEOUT_SECONDS,
                "socket_connect_timeout": _STORAGE_TIMEOUT_SECONDS,
            }
        self.storage = storage_from_string(storage_uri(uri), **options)
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)  # type: ignore[arg-type]

    async def ask(self, policy: Policy, key: str, cost: int) -> Verdict:
        try:
            ask = self.limiter.hit if cost else self.limiter.test
            allowed = await ask(policy.item, policy.name, key)
            stats = await self.limiter.get_window_stats(policy.item, policy.name, key)
        except StorageError as exc:
            raise CountersUnavailable(str(exc)) from exc
        reset = max(0, math.ceil(stats.reset_time - time.time()))
        return Verdict(policy, allowed, stats.remaining, reset)

    async def clear(self, policy: Policy, key: str) -> None:
        try:
            await self.limiter.clear(policy.item, policy.name, key)
        except StorageError as exc:
            raise CountersUnavailable(str(exc)) from exc

    async def aclose(self) -> None:
        return None


def counters_for(uri: str, prefix: str) -> RedisCounters | LimitsCounters:
    scheme = uri.removeprefix("async+").split("://", 1)[0]
    if scheme in ("redis", "rediss"):
        return RedisCounters(uri.removeprefix("async+"), prefix)
    return LimitsCounters(uri, prefix)


class RateLimits:
    """Every policy of the gateway over one storage, shared by all replicas."""

    def __init__(self, settings: Any) -> None:
        s = settings
        self.counters = counters_for(s.rate_limit_storage_uri, s.rate_limit_key_prefix)
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

    async def _ask(self, policy: Policy, key: str, cost: int) -> Verdict | None:
        try:
            return await self.counters.ask(policy, key, cost)
        except CountersUnavailable as exc:
            self._unavailable(exc)
            return None

    async def hit(self, policy: Policy, key: str) -> Verdict | None:
        """Count one request of ``key``; the verdict, or None when the storage is down."""
        return await self._ask(policy, key, 1)

    async def check(self, policy: Policy, key: str) -> Verdict | None:
        """Would one more request of ``key`` pass? Counts nothing."""
        return await self._ask(policy, key, 0)

    async def clear(self, policy: Policy, key: str) -> None:
        try:
            await self.counters.clear(policy, key)
        except CountersUnavailable as exc:
            self._unavailable(exc)

    async def aclose(self) -> None:
        await self.counters.aclose()
