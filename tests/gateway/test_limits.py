"""Rate limits: brute force on logins and API keys is slowed; busy callers get 429."""

from collections.abc import Iterator

import httpx
import pytest

from tests.gateway.conftest import Account, create_key, create_partner, signup
from tests.harness import Platform

# The defaults of the gateway's settings, restated because the shared test gateway is
# configured with high limits.
DEFAULT_LIMITS = {
    "GATEWAY_RATE_ANONYMOUS_PER_SECOND": "50",
    "GATEWAY_RATE_ANONYMOUS_BURST": "200",
    "GATEWAY_RATE_PRINCIPAL_PER_SECOND": "100",
    "GATEWAY_RATE_PRINCIPAL_BURST": "400",
    "GATEWAY_RATE_SIGNUP_BURST": "30",
    "GATEWAY_RATE_BAD_CREDENTIALS_BURST": "10",
    "GATEWAY_RATE_LOGIN_IP_FAILURES_BURST": "30",
}


@pytest.fixture
def fresh_gateway(platform: Platform) -> Iterator[httpx.Client]:
    """A gateway of its own (own in-process buckets), with the default limits."""
    process = platform.spawn("gateway", **DEFAULT_LIMITS)
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            yield client
    finally:
        process.stop()


def test_login_brute_force_is_slowed(fresh_gateway: httpx.Client) -> None:
    victim = signup(fresh_gateway)
    statuses = []
    for attempt in range(8):
        response = fresh_gateway.post(
            "/v1/auth/login", json={"email": victim.email, "password": f"guess-{attempt}-xxxx"}
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 3
    limited = fresh_gateway.post(
        "/v1/auth/login", json={"email": victim.email, "password": victim.password}
    )
    # Even the right password waits now: the guesser cannot tell it was right.
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    # Another account from the same address is not locked by it.
    other = signup(fresh_gateway)
    ok = fresh_gateway.post(
        "/v1/auth/login", json={"email": other.email, "password": other.password}
    )
    assert ok.status_code == 200


def test_api_key_guessing_is_slowed(fresh_gateway: httpx.Client, admin: Account) -> None:
    partner_id = create_partner(fresh_gateway, admin)
    real = create_key(fresh_gateway, admin, partner_id, "catalog:read")
    prefix = real.key[: len("lpxk_") + 12]
    statuses = []
    for attempt in range(14):
        guess = f"{prefix}_{'A' * 40}{attempt:03d}"
        statuses.append(fresh_gateway.get("/v1/auth/me", headers={"X-API-Key": guess}).status_code)
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    blocked = fresh_gateway.get("/v1/auth/me", headers=real.headers)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1


def test_busy_anonymous_caller_gets_429_with_retry_after(platform: Platform) -> None:
    process = platform.spawn(
        "gateway",
        GATEWAY_RATE_ANONYMOUS_BURST="5",
        GATEWAY_RATE_ANONYMOUS_PER_SECOND="0.5",
        GATEWAY_CATALOG_URL="http://127.0.0.1:9",
    )
    try:
        with httpx.Client(base_url=process.url) as client:
            statuses = [client.get("/v1/catalog/offerings").status_code for _ in range(7)]
            assert statuses[:5] == [503] * 5  # passed the limit, catalog not reachable here
            assert statuses[5:] == [429, 429]
            limited = client.get("/v1/catalog/offerings")
            assert limited.headers["retry-after"] == "2"
            # Pages and health are not API calls and stay reachable.
            assert client.get("/livez").status_code == 200
    finally:
        process.stop()
