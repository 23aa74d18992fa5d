"""A service reached directly, around the gateway, lets nobody in."""

import httpx
import pytest

from lpx_common.auth import Principal, TokenCodec
from tests.harness import Platform, Tokens

# One protected public route and one internal route per service.
ROUTES = {
    "catalog": [("GET", "/v1/catalog/offerings"), ("POST", "/v1/internal/allocations")],
    "booking": [("GET", "/v1/bookings"), ("POST", "/v1/internal/bookings/bkg_x/payment-failed")],
    "payments": [("GET", "/v1/payments"), ("POST", "/v1/internal/payments")],
}
ADMIN = Principal(kind="staff", subject="stf_x", roles=frozenset({"admin"}))


def _cases(tokens: Tokens) -> dict[str, dict[str, str]]:
    forged = TokenCodec("x" * 48, issuer="gateway").mint(ADMIN)
    return {
        "no token": {},
        "forged token": {"X-Internal-Token": forged},
        "expired token": tokens.header(ADMIN, ttl_seconds=-120),
        "garbage": {"X-Internal-Token": "not-a-jwt"},
        "admin access token of the gateway, not an internal token": {
            "Authorization": "Bearer whatever",
        },
    }


@pytest.mark.parametrize("service", list(ROUTES))
def test_direct_calls_without_a_valid_internal_token_get_401(
    platform: Platform, tokens: Tokens, service: str, gateway: httpx.Client
) -> None:
    url = platform.service(service).url
    for method, path in ROUTES[service]:
        for case, headers in _cases(tokens).items():
            response = httpx.request(method, url + path, headers=headers, json={})
            assert (case, path, response.status_code) == (case, path, 401)
            assert response.headers["content-type"] == "application/problem+json"
        # The same call with a valid token minted for the right principal gets through auth.
        ok = httpx.request(method, url + path, headers=tokens.staff("admin"), json={})
        if path.startswith("/v1/internal"):
            assert ok.status_code == 403  # internal routes: services only, not even admins
        else:
            assert ok.status_code == 200
