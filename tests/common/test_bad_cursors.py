"""Every list refuses a cursor it never gave out with 422 problem+json, in every service.

A cursor is base64 of a JSON list; one that decodes to JSON of another shape (``[1]``
for a text id, ``null``, ``true``, an object) used to reach the database and answer 500.
The lists are walked from each app's own OpenAPI, so a list added later is covered.
"""

import base64
from urllib.parse import quote

import httpx
import pytest

from tests.common.routes import SERVICES, app_openapi, service_callers, string_schema
from tests.harness import Platform, Tokens

BAD_CURSORS = [
    base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    for raw in ("[1]", "null", "true", "[true]", "[null]", "[[1]]", '{"a":1}', "[1.5]")
] + ["%%%", "not base64!"]


@pytest.mark.parametrize("name", SERVICES)
def test_every_list_refuses_a_cursor_it_never_gave_out(
    platform: Platform,
    tokens: Tokens,
    name: str,
    gateway_admin: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = app_openapi(platform, name, monkeypatch)
    callers = service_callers(tokens, name, gateway_admin)
    lists = 0
    with httpx.Client(base_url=platform.service(name).url, timeout=30.0) as client:
        for template, item in document["paths"].items():
            operation = item.get("get")
            names = {p["name"] for p in (operation or {}).get("parameters", [])}
            if operation is None or "cursor" not in names:
                continue
            path_values = {
                p["name"]: quote((string_schema(p).get("examples") or ["x"])[0], safe="")
                for p in operation["parameters"]
                if p["in"] == "path"
            }
            url = template.format(**path_values)
            lists += 1
            for cursor in BAD_CURSORS:
                refused, missing = [], 0
                for headers in callers:
                    answer = client.get(url, params={"cursor": cursor}, headers=headers)
                    assert answer.status_code in (401, 403, 404, 422), (
                        f"GET {url}?cursor={cursor}: {answer.status_code} {answer.text}"
                    )
                    missing += answer.status_code == 404
                    if answer.status_code == 422:
                        assert answer.headers["content-type"] == "application/problem+json"
                        refused.append(answer.json())
                # refused as a bad cursor, or the listed parent (an example id) is unknown
                assert refused or missing, f"GET {template} took {cursor!r}"
    # The gateway's own routes have no lists today; its proxied lists are the services'.
    assert lists > 0 or name == "gateway", f"{name}: no list takes a cursor?"
