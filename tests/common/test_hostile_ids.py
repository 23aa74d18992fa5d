"""Every route that takes an id refuses a malformed one with 422 problem+json, in every
service: the routes are walked from each app's own OpenAPI, so a route added later
without a typed id fails here."""

import secrets
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.common.routes import METHODS, SERVICES, app_openapi, service_callers, string_schema
from tests.harness import Platform, Tokens

HOSTILE_IDS = [
    "../../internal/mission-events",
    "../missions",
    "x\u0001y",
    "a#b",
    "a]b",
    "a?b=c",
    "bkg_" + "A" * 5000,
]


def _id_parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p
        for p in operation.get("parameters", [])
        if p["in"] == "path" or (p["in"] == "query" and p["name"].endswith("_id"))
    ]


def _refused_as_malformed(response: httpx.Response, parameter: dict[str, Any]) -> bool:
    if response.status_code != 422:
        return False
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    if body["type"].endswith("/invalid-path-segment"):
        return True  # an encoded "/" never reaches a route
    fields = {error["field"] for error in body.get("errors", [])}
    return f"{parameter['in']}.{parameter['name']}" in fields


@pytest.mark.parametrize("name", SERVICES)
def test_every_route_taking_an_id_refuses_malformed_ids_with_422(
    platform: Platform,
    tokens: Tokens,
    name: str,
    gateway_admin: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Start every service, so that a call that slipped through would reach a real peer.
    for service in ("catalog", "booking", "payments", "gateway"):
        platform.service(service)
    document = app_openapi(platform, name, monkeypatch)
    callers = service_callers(tokens, name, gateway_admin)
    checked = 0
    with httpx.Client(base_url=platform.service(name).url, timeout=30.0) as client:
        for template, item in document["paths"].items():
            for method in METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                parameters = _id_parameters(operation)
                for parameter in parameters:
                    if "enum" in string_schema(parameter):
                        continue  # a closed set of words, not an id
                    schema = string_schema(parameter)
                    # Every id parameter is typed: a pattern and a well-formed example.
                    assert "pattern" in schema, f"{method.upper()} {template}: {parameter}"
                    valid = {
                        # ids take their example; another path parameter (an enum such as
                        # a document kind) takes its first value
                        p["name"]: (
                            string_schema(p).get("examples") or string_schema(p).get("enum")
                        )[0]
                        for p in parameters
                        if p["in"] == "path"
                    }
                    for hostile in HOSTILE_IDS:
                        path_values = dict(valid)
                        query: dict[str, str] = {}
                        if parameter["in"] == "path":
                            path_values[parameter["name"]] = hostile
                        else:
                            query[parameter["name"]] = hostile
                        url = template.format(
                            **{k: quote(v, safe="") for k, v in path_values.items()}
                        )
                        answers = []
                        for headers in callers:
                            response = client.request(
                                method.upper(),
                                url,
                                params=query,
                                headers=headers,
                                json={} if method != "get" else None,
                            )
                            assert response.status_code in (401, 403, 422), (
                                f"{method.upper()} {url}: {response.status_code} {response.text}"
                            )
                            answers.append(_refused_as_malformed(response, parameter))
                        assert any(answers), f"{method.upper()} {template} accepted {hostile!r}"
                        checked += 1
    assert checked >= len(HOSTILE_IDS), f"{name}: no route takes an id?"


def test_booking_never_calls_the_catalog_with_a_body_id(platform: Platform, tokens: Tokens) -> None:
    """The attack of the campaign: an offering id that was a path into the catalog."""
    booking = platform.service("booking")
    platform.service("catalog")
    request_id = "hostile-" + secrets.token_hex(6)
    for hostile in HOSTILE_IDS:
        response = httpx.post(
            booking.url + "/v1/bookings",
            json={
                "currency": "JPY",
                "contact": {"name": "Mallory", "email": "m@example.com"},
                "lines": [{"offering_id": hostile, "quantity": 1}],
            },
            headers={
                **tokens.customer(),
                "Idempotency-Key": secrets.token_hex(8),
                "X-Request-ID": request_id,
            },
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        fields = {e["field"] for e in response.json()["errors"]}
        assert "body.lines.0.offering_id" in fields, fields
    # Refused before any call: the catalog never saw these requests.
    assert request_id not in platform.service("catalog").log_text()
