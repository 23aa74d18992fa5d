"""Rate limits: counted in Redis and shared by every replica, keyed by the credential or
by an address the caller cannot choose; brute force is slowed, busy callers get 429 with
``Retry-After``, and answers say where the caller stands (IETF RateLimit fields)."""

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.gateway.conftest import Account, create_key, create_partner, signup
from tests.harness import Platform

# The defaults of the gateway's settings, restated because the shared test gateway is
# configured with high limits; credentials get a low limit here to reach it quickly.
DEFAULT_LIMITS = {
    "GATEWAY_RATE_ANONYMOUS": "300/minute",
    "GATEWAY_RATE_AUTHENTICATED": "10/minute",
    "GATEWAY_RATE_SIGNUP": "20/hour",
    "GATEWAY_RATE_BAD_CREDENTIALS": "10/minute",
    "GATEWAY_RATE_LOGIN_FAILURES_ADDRESS": "30/minute",
}


def random_address() -> str:
    return f"{random.randint(1, 223)}.{random.randint(0, 255)}.{random.randint(0, 255)}.7"


@dataclass(frozen=True)
class Deployment:
    """A gateway behind a load balancer (the tests play it, on loopback): requests say
    which client they come from in X-Forwarded-For, as the balancer would."""

    client: httpx.Client
    env: dict[str, str]

    def as_from(self, address: str) -> dict[str, str]:
        return {"X-Forwarded-For": address}


@pytest.fixture(scope="module")
def behind_a_proxy(platform: Platform) -> Iterator[Deployment]:
    env = DEFAULT_LIMITS | {
        "GATEWAY_TRUSTED_PROXIES": '["127.0.0.1/32"]',
        "GATEWAY_RATE_LIMIT_KEY_PREFIX": f"lpx-test-{platform.run_id}-{secrets.token_hex(4)}",
    }
    process = platform.spawn("gateway", **env)
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            yield Deployment(client, env)
    finally:
        process.stop()


def assert_limited(response: httpx.Response, policy: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 429
    assert 1 <= int(response.headers["retry-after"]) <= 3600
    assert response.headers["ratelimit-policy"].startswith(f'"{policy}";q=')
    assert f'"{policy}";r=0;t=' in response.headers["ratelimit"]


def test_login_brute_force_is_slowed(
    behind_a_proxy: Deployment, gateway_only: httpx.Client
) -> None:
    client, me = behind_a_proxy.client, behind_a_proxy.as_from(random_address())
    victim = signup(gateway_only)
    statuses = []
    for attempt in range(8):
        response = client.post(
            "/v1/auth/login",
            json={"email": victim.email, "password": f"guess-{attempt}-xxxx"},
            headers=me,
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 3
    limited = client.post(
        "/v1/auth/login", json={"email": victim.email, "password": victim.password}, headers=me
    )
    # Even the right password waits now: the guesser cannot tell it was right.
    assert_limited(limited, "login-account")
    # Another account from the same address is not locked by it.
    other = signup(gateway_only)
    ok = client.post(
        "/v1/auth/login", json={"email": other.email, "password": other.password}, headers=me
    )
    assert ok.status_code == 200


def test_guessing_one_password_from_many_addresses_is_limited_per_account(
    behind_a_proxy: Deployment, gateway_only: httpx.Client
) -> None:
    victim = signup(gateway_only)
    statuses = []
    for attempt in range(40):
        response = behind_a_proxy.client.post(
            "/v1/auth/login",
            json={"email": victim.email, "password": f"guess-{attempt}-xxxx"},
            headers=behind_a_proxy.as_from(random_address()),
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert_limited(response, "login-account")
            break
    assert statuses == [401] * 5 + [429]


def test_an_address_of_its_own_choosing_gives_a_caller_no_fresh_limit(
    platform: Platform,
) -> None:
    # Reached directly, trusting no proxy: X-Forwarded-For is only the caller's claim.
    process = platform.spawn(
        "gateway",
        **DEFAULT_LIMITS
        | {"GATEWAY_RATE_ANONYMOUS": "100/minute", "GATEWAY_CATALOG_URL": "http://127.0.0.1:9"},
    )
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            statuses = []
            for _ in range(40):
                response = client.post(
                    "/v1/auth/signup",
                    json={
                        "email": f"flood-{secrets.token_hex(5)}@example.com",
                        "password": "pw-" + secrets.token_urlsafe(18),
                        "name": "Flood",
                    },
                    headers={"X-Forwarded-For": random_address()},
                )
                statuses.append(response.status_code)
                if response.status_code == 429:
                    assert_limited(response, "signup")
                    break
            assert statuses == [201] * 20 + [429]
            # 21 of the address's 100 anonymous calls a minute are spent; the rest pass.
            answers = [
                client.get("/v1/catalog/offerings", headers={"X-Forwarded-For": random_address()})
                for _ in range(400)
            ]
    finally:
        process.stop()
    statuses = [a.status_code for a in answers]
    assert statuses[:79] == [503] * 79  # passed the limit, catalog not reachable here
    # The window may roll over during the run and free a few places, no more.
    assert statuses.count(429) >= 300
    # Every answer under the limit says what is left of it.
    for left, answer in zip([78, 77, 76], answers, strict=False):
        assert answer.headers["ratelimit-policy"] == '"anonymous";q=100;w=60'
        assert answer.headers["ratelimit"].startswith(f'"anonymous";r={left};t=')
    assert_limited(answers[-1], "anonymous")


def test_bad_api_keys_are_limited_apart_and_never_slow_the_good_key(
    behind_a_proxy: Deployment, gateway_only: httpx.Client, admin: Account
) -> None:
    client, me = behind_a_proxy.client, behind_a_proxy.as_from(random_address())
    partner_id = create_partner(gateway_only, admin)
    real = create_key(gateway_only, admin, partner_id, "catalog:read")
    prefix = real.key[: len("lpxk_") + 12]
    statuses = []
    for attempt in range(12):
        guess = f"{prefix}_{'A' * 40}{attempt:03d}"
        statuses.append(client.get("/v1/auth/me", headers={"X-API-Key": guess, **me}).status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    assert_limited(
        client.get("/v1/auth/me", headers={"X-API-Key": prefix + "_x", **me}), "bad-credentials"
    )
    # The partner's own key, from the same address, goes on at full speed.
    for left in (9, 8, 7):
        good = client.get("/v1/auth/me", headers={**real.headers, **me})
        assert good.status_code == 200, good.text
        assert good.headers["ratelimit-policy"] == '"authenticated";q=10;w=60'
        assert good.headers["ratelimit"].startswith(f'"authenticated";r={left};t=')
    assert good.json()["partner_id"] == partner_id


def test_a_partner_at_its_limit_on_one_replica_is_limited_on_the_other(
    platform: Platform, behind_a_proxy: Deployment, gateway_only: httpx.Client, admin: Account
) -> None:
    # A second replica of the same deployment: same database, Redis and key prefix.
    replica = platform.spawn("gateway", **behind_a_proxy.env)
    try:
        with httpx.Client(base_url=replica.url, timeout=30.0) as second:
            first = behind_a_proxy.client
            partner_id = create_partner(gateway_only, admin)
            key = create_key(gateway_only, admin, partner_id, "catalog:read")
            for _ in range(5):
                assert first.get("/v1/auth/me", headers=key.headers).status_code == 200
                assert second.get("/v1/auth/me", headers=key.headers).status_code == 200
            assert_limited(first.get("/v1/auth/me", headers=key.headers), "authenticated")
            assert_limited(second.get("/v1/auth/me", headers=key.headers), "authenticated")
            # Another credential has its own count, on either replica.
            other = create_key(gateway_only, admin, partner_id, "catalog:read")
            assert second.get("/v1/auth/me", headers=other.headers).status_code == 200
    finally:
        replica.stop()
