"""The sliding window counters behind the gateway's rate limits: Redis (one script call
per question) and the in-process store of the local run must agree request by request,
and a window must refill as it slides."""

import asyncio
import secrets

import pytest

from gateway.ratelimit import (
    CountersUnavailable,
    LimitsCounters,
    Policy,
    RedisCounters,
    parse_limit,
)
from tests.harness import REDIS_URL

pytestmark = pytest.mark.anyio


def counters(kind: int) -> RedisCounters | LimitsCounters:
    """A fresh store of one kind: 0 Redis (one script call), 1 the in-process one."""
    prefix = f"lpx-test-counters-{secrets.token_hex(4)}"
    return RedisCounters(REDIS_URL, prefix) if kind == 0 else LimitsCounters("memory://", prefix)


@pytest.mark.parametrize("kind", [0, 1], ids=["redis", "memory"])
async def test_a_quota_is_spent_one_request_at_a_time_then_refused(kind: int) -> None:
    store = counters(kind)
    policy = Policy("burst", parse_limit("5/minute"))
    try:
        answers = [await store.ask(policy, "customer:a", 1) for _ in range(7)]
        assert [a.allowed for a in answers] == [True] * 5 + [False] * 2
        assert [a.remaining for a in answers] == [4, 3, 2, 1, 0, 0, 0]
        assert all(0 <= a.reset_seconds <= 60 for a in answers)
        assert answers[-1].reset_seconds > 0
        # Another caller has a quota of its own.
        other = await store.ask(policy, "customer:b", 1)
        assert (other.allowed, other.remaining) == (True, 4)
    finally:
        await store.aclose()


@pytest.mark.parametrize("kind", [0, 1], ids=["redis", "memory"])
async def test_looking_counts_nothing_and_clearing_gives_the_quota_back(kind: int) -> None:
    store = counters(kind)
    policy = Policy("login", parse_limit("2/minute"))
    try:
        for _ in range(3):
            looked = await store.ask(policy, "account:x", 0)
            assert (looked.allowed, looked.remaining) == (True, 2)
        await store.ask(policy, "account:x", 1)
        await store.ask(policy, "account:x", 1)
        spent = await store.ask(policy, "account:x", 0)
        assert (spent.allowed, spent.remaining) == (False, 0)
        await store.clear(policy, "account:x")
        again = await store.ask(policy, "account:x", 0)
        assert (again.allowed, again.remaining, again.reset_seconds) == (True, 2, 0)
    finally:
        await store.aclose()


@pytest.mark.parametrize("ours", [True, False], ids=["one-script", "limits-redis"])
async def test_a_spent_window_refills_as_it_slides(ours: bool) -> None:
    """The same answers from our script as from ``limits``' own Redis storage: a spent
    window counts for less as it slides away, and nothing once it is gone."""
    prefix = f"lpx-test-counters-{secrets.token_hex(4)}"
    store = RedisCounters(REDIS_URL, prefix) if ours else LimitsCounters(REDIS_URL, prefix)
    policy = Policy("slide", parse_limit("4/second"))
    try:
        first = [await store.ask(policy, "ip:192.0.2.1", 1) for _ in range(5)]
        assert [a.allowed for a in first] == [True, True, True, True, False]
        await asyncio.sleep(1.1)
        # The four of the last window now weigh 3: one more passes, then it is full.
        slid = [await store.ask(policy, "ip:192.0.2.1", 1) for _ in range(2)]
        assert [(a.allowed, a.remaining) for a in slid] == [(True, 0), (False, 0)]
        await asyncio.sleep(2.2)
        fresh = await store.ask(policy, "ip:192.0.2.1", 1)
        assert (fresh.allowed, fresh.remaining) == (True, 3)
    finally:
        await store.aclose()


async def test_an_unreachable_redis_is_reported_as_unavailable_counters() -> None:
    store = RedisCounters("redis://127.0.0.1:1/0", "lpx-test-down")
    try:
        with pytest.raises(CountersUnavailable):
            await store.ask(Policy("any", parse_limit("1/minute")), "ip:x", 1)
    finally:
        await store.aclose()
