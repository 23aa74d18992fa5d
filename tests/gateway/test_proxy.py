"""The proxy: what reaches a service, what comes back, and what never passes."""

import asyncio
import time

import httpx
import pytest

from lpx_common.auth import TokenCodec
from tests.harness import Platform


def _headers(echoed: dict) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for key, value in echoed["headers"]:
        seen.setdefault(key, []).append(value)
    return seen


def test_forwards_path_and_query_unchanged_and_replaces_credentials(
    echo_gateway: httpx.Client, platform: Platform
) -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    response = echo_gateway.get(
        "/v1/catalog/offerings/off_X%20Y/availability?mission_id=msn_1&limit=5",
        headers={
            "X-Internal-Token": "forged.token.value",
            "Cookie": "session=secret-cookie",
            "X-Request-ID": "req-proxy-1",
            "traceparent": traceparent,
            "Connection": "keep-alive, X-Hop",
            "X-Hop": "must-not-pass",
            "Accept-Language": "ja",
        },
    )
    assert response.status_code == 200
    echoed = response.json()
    assert echoed["raw_path"] == "/v1/catalog/offerings/off_X%20Y/availability"
    assert echoed["query"] == "mission_id=msn_1&limit=5"
    seen = _headers(echoed)
    # The forged token was replaced by one the gateway minted for an anonymous caller.
    assert len(seen["x-internal-token"]) == 1
    principal = TokenCodec(platform.secret, issuer="gateway").verify(seen["x-internal-token"][0])
    assert principal.kind == "anonymous"
    assert seen["x-request-id"] == ["req-proxy-1"]
    assert seen["traceparent"] == [traceparent]
    assert seen["accept-language"] == ["ja"]
    assert seen["x-forwarded-for"] == ["127.0.0.1"]
    for dropped in ("cookie", "x-hop", "authorization", "x-api-key"):
        assert dropped not in seen
    # Upstream's hop-by-hop headers stop here; its own headers come through; one request id.
    assert response.headers["x-upstream"] == "echo"
    assert "x-upstream-hop" not in response.headers
    assert response.headers.get_list("x-request-id") == ["req-proxy-1"]


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        # The rightmost address that is not a trusted proxy is the client; what is left
        # of it was written by the client itself and proves nothing.
        (["203.0.113.9, 198.51.100.7, 10.1.2.3"], "198.51.100.7"),
        (["203.0.113.9", "198.51.100.7"], "198.51.100.7"),
        (["[2001:db8::5]:4711, 10.0.0.8:80"], "2001:db8::5"),
        # Only trusted proxies in the list: the first of them is all that is known.
        (["10.9.9.9, 10.1.1.1"], "10.9.9.9"),
        # Garbage where an address should be: the last trusted hop before it.
        (["not-an-address, 10.1.1.1"], "10.1.1.1"),
    ],
)
def test_client_address_from_a_trusted_proxy_is_the_rightmost_untrusted(
    echo_gateway: httpx.Client, forwarded_for: list[str], client: str
) -> None:
    headers = [("X-Forwarded-For", value) for value in forwarded_for]
    seen = _headers(echo_gateway.get("/v1/catalog/offerings", headers=headers).json())
    assert seen["x-forwarded-for"] == [client]


def test_traceparent_is_started_when_the_caller_sent_none(echo_gateway: httpx.Client) -> None:
    seen = _headers(echo_gateway.get("/v1/catalog/offerings").json())
    assert seen["traceparent"][0].startswith("00-") and len(seen["traceparent"][0]) == 55
    assert len(seen["x-request-id"][0]) >= 16


def test_stripe_webhook_is_forwarded_with_raw_body_and_signature(
    echo_gateway: httpx.Client,
) -> None:
    raw = b'{"id": "evt_1",  "type":"checkout.session.completed" ,"data":{"object":{}}}\n'
    signature = "t=1700000000,v1=" + "ab" * 32
    response = echo_gateway.post(
        "/webhooks/stripe",
        content=raw,
        headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    echoed = response.json()
    assert echoed["body"].encode("latin-1") == raw
    seen = _headers(echoed)
    assert seen["stripe-signature"] == [signature]
    assert seen["content-length"] == [str(len(raw))]


def test_large_csv_download_is_streamed_through(echo_gateway: httpx.Client) -> None:
    rows = 150_000
    with echo_gateway.stream("GET", f"/v1/finance/big.csv?rows={rows}") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        # Streamed: no Content-Length fixed up front (a buffering proxy would set one).
        assert "content-length" not in response.headers
        chunks = 0
        size = 0
        lines = 0
        for chunk in response.iter_bytes():
            chunks += 1
            size += len(chunk)
            lines += chunk.count(b"\n")
    assert lines == rows + 1
    assert chunks > 1 and size > 3_000_000


@pytest.mark.parametrize(
    "path",
    [
        "/v1/internal/allocations",
        "/v1/internal",
        "/v1/catalog/%2e%2e/internal/allocations",
        "/v1/bookings/%2E%2E/%2E%2E/v1/internal/allocations",
    ],
)
def test_internal_routes_are_never_forwarded(echo_gateway: httpx.Client, path: str) -> None:
    response = echo_gateway.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "x-upstream" not in response.headers


def test_a_service_that_is_down_gives_503_problem(echo_gateway: httpx.Client) -> None:
    response = echo_gateway.get("/v1/bookings", headers={"X-Request-ID": "req-down"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"]
    assert response.json()["detail"].startswith("The booking service is unavailable")
    assert response.headers["x-request-id"] == "req-down"


def test_a_slow_service_times_out_with_504(echo_gateway: httpx.Client) -> None:
    response = echo_gateway.get("/v1/catalog/slow?seconds=3")
    assert response.status_code == 504
    assert response.json()["type"].endswith("/upstream-timeout")


def test_request_body_size_is_limited(echo_gateway: httpx.Client) -> None:
    response = echo_gateway.post(
        "/v1/catalog/offerings",
        content=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_security_headers_on_api_answers_and_pages(echo_gateway: httpx.Client) -> None:
    api = echo_gateway.get("/v1/auth/me")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in api.headers["content-security-policy"]
    assert api.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    page = echo_gateway.get("/account")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # Not behind TLS here, so no HSTS (it would pin plain-HTTP clients to nothing).
    assert "strict-transport-security" not in page.headers
    tls = echo_gateway.get("/account", headers={"X-Forwarded-Proto": "https"})
    assert tls.headers["strict-transport-security"].startswith("max-age=")


def test_cors_allows_the_storefront_origin_only(echo_gateway: httpx.Client) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, idempotency-key, content-type",
    }
    ok = echo_gateway.options(
        "/v1/bookings", headers={"Origin": "https://shop.example", **preflight}
    )
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://shop.example"
    assert "idempotency-key" in ok.headers["access-control-allow-headers"].lower()
    other = echo_gateway.options(
        "/v1/bookings", headers={"Origin": "https://evil.example", **preflight}
    )
    assert other.status_code == 400
    assert "access-control-allow-origin" not in other.headers
    simple = echo_gateway.get("/v1/catalog/offerings", headers={"Origin": "https://shop.example"})
    assert simple.headers["access-control-allow-origin"] == "https://shop.example"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


def test_a_restarted_service_is_reached_again_without_errors(platform: Platform) -> None:
    """Pooled keep-alive connections to a service that restarted are dead; a GET is
    retried once on a fresh connection instead of failing."""
    from tests.gateway.conftest import start_echo

    echo = start_echo(platform)
    process = platform.spawn("gateway", GATEWAY_CATALOG_URL=echo.url)
    try:
        with httpx.Client(base_url=process.url, timeout=10) as client:
            assert client.get("/v1/catalog/a").status_code == 200
            echo.restart()
            assert client.get("/v1/catalog/b").status_code == 200
            time.sleep(5.5)  # longer than uvicorn keeps an idle connection open
            assert client.get("/v1/catalog/c").status_code == 200
    finally:
        process.stop()
        echo.stop()


def test_many_concurrent_requests_share_the_pool(echo_gateway: httpx.Client) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(base_url=str(echo_gateway.base_url), timeout=30) as client:
            answers = await asyncio.gather(
                *(client.get(f"/v1/catalog/item-{i}") for i in range(100))
            )
        assert all(a.json()["path"] == f"/v1/catalog/item-{i}" for i, a in enumerate(answers))
        return [a.status_code for a in answers]

    assert set(asyncio.run(burst())) == {200}


def test_head_and_no_content_answers_do_not_hang(echo_gateway: httpx.Client) -> None:
    head = echo_gateway.head("/v1/catalog/offerings")
    assert head.status_code in (200, 405)
    # The connection is still good afterwards.
    assert echo_gateway.get("/v1/catalog/offerings").status_code == 200
