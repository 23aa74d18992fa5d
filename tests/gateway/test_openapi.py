"""One OpenAPI document for the whole public API, and a docs page."""

import httpx

from tests.harness import Platform

SERVICES = ("catalog", "booking", "payments")


def _public_paths(document: dict) -> set[str]:
    return {
        path
        for path in document["paths"]
        if not path.startswith("/v1/internal") and path not in ("/livez", "/readyz", "/metrics")
    }


def test_merged_openapi_has_every_public_path_and_the_auth_schemes(
    gateway: httpx.Client, platform: Platform
) -> None:
    response = gateway.get("/openapi.json")
    assert response.status_code == 200
    merged = response.json()
    assert merged["openapi"].startswith("3.")
    for name in SERVICES:
        own = httpx.get(platform.service(name).url + "/openapi.json").json()
        expected = _public_paths(own)
        assert expected, f"{name} publishes no public paths"
        assert expected <= set(merged["paths"]), f"{name}: {expected - set(merged['paths'])}"
    for path in (
        "/v1/auth/signup",
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/admin/partners/{partner_id}/api-keys",
    ):
        assert path in merged["paths"]
    assert "/webhooks/stripe" in merged["paths"]
    assert not [
        p
        for p in merged["paths"]
        if p.startswith("/v1/internal") or p in ("/livez", "/readyz", "/metrics")
    ]
    schemes = merged["components"]["securitySchemes"]
    assert schemes["customerOrStaffToken"] == schemes["customerOrStaffToken"] | {
        "type": "http",
        "scheme": "bearer",
    }
    assert (
        schemes["partnerApiKey"]["type"] == "apiKey"
        and schemes["partnerApiKey"]["name"] == "X-API-Key"
    )
    assert {"partnerApiKey": []} in merged["security"]
    # Every $ref points at a schema that is there, so a client generator can resolve it.
    refs: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.add(ref.rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(merged["paths"])
    assert refs and refs <= set(merged["components"]["schemas"])
    # No internal-token header leaks into the public contract.
    assert "x-internal-token" not in response.text.lower()


def test_docs_page_lists_the_operations(gateway: httpx.Client) -> None:
    page = gateway.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for text in ("/v1/catalog/offerings", "/v1/bookings", "/v1/auth/login", "partnerApiKey"):
        assert text in page.text
