"""Token buckets for rate limits, kept in this process.

Each gateway replica counts on its own; with N replicas behind a load balancer a caller
gets up to N times the configured rate. That is acceptable for slowing brute force and
protecting services; a shared store (Redis) would make it exact.
"""

import math
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Many buckets of one kind (same rate and burst), keyed by caller."""

    def __init__(self, rate_per_second: float, burst: int, *, max_keys: int = 100_000) -> None:
        self.rate = rate_per_second
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket

    def _prune(self, now: float) -> None:
        # Full buckets carry no information; drop them first, then the oldest half.
        full = [
            key
            for key, b in self._buckets.items()
            if b.tokens + (now - b.updated) * self.rate >= self.burst
        ]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:
            oldest = sorted(self._buckets, key=lambda k: self._buckets[k].updated)
            for key in oldest[: len(oldest) // 2]:
                del self._buckets[key]

    def take(self, key: str, cost: float = 1.0) -> float:
        """Take ``cost`` tokens; return 0 when allowed, else seconds until it would be."""
        now = time.monotonic()
        bucket = self._bucket(key, now)
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return 0.0
        return (cost - bucket.tokens) / self.rate

    def peek(self, key: str, cost: float = 1.0) -> float:
        """Like ``take`` but without taking: seconds until ``cost`` tokens are there."""
        now = time.monotonic()
        bucket = self._bucket(key, now)
        return 0.0 if bucket.tokens >= cost else (cost - bucket.tokens) / self.rate

    def reset(self, key: str) -> None:
        self._buckets.pop(key, None)


def retry_after_header(wait_seconds: float) -> str:
    return str(max(1, math.ceil(wait_seconds)))
