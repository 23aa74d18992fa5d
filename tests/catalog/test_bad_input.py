"""Bad input gets a clear 4xx application/problem+json, never a 500."""

import httpx
import pytest

from tests.catalog.helpers import CatalogOps, idem, is_problem, mission_body
from tests.harness import Tokens

# Well-formed ids that name nothing (a malformed id is a 422, tested elsewhere).
OFF, MSN, ALC = (f"{prefix}_{'0' * 26}" for prefix in ("off", "msn", "alc"))


@pytest.fixture
def selling(ops: CatalogOps) -> dict:
    mission = ops.mission()
    return ops.offering(mission["id"], capacity_units=10)


@pytest.mark.parametrize(
    "body",
    [
        {"reference": "r", "offering_id": OFF, "quantity": "two"},
        {"reference": "r", "offering_id": OFF, "quantity": 1.5},
        {"reference": "r", "offering_id": OFF, "quantity": -1},
        {"reference": "r", "offering_id": OFF, "quantity": 0},
        {"reference": "r", "offering_id": OFF, "quantity": 10**30},
        {"reference": "r", "offering_id": OFF, "quantity": 1, "ttl_seconds": -5},
        {"reference": "", "offering_id": OFF, "quantity": 1},
        {"reference": "r", "offering_id": [OFF], "quantity": 1},
        {"reference": "r", "quantity": 1},
        {"reference": "r", "offering_id": OFF, "quantity": 1, "surprise": True},
        ["not", "an", "object"],
    ],
)
def test_malformed_hold_requests_are_422(
    catalog: httpx.Client, tokens: Tokens, body: object
) -> None:
    response = catalog.post("/v1/internal/allocations", json=body, headers=tokens.service("b"))
    assert is_problem(response, 422)
    assert response.json()["errors"]


def test_broken_json_is_a_problem_not_a_crash(catalog: httpx.Client, tokens: Tokens) -> None:
    response = catalog.post(
        "/v1/internal/allocations",
        content=b'{"reference": ',
        headers=tokens.service("b") | {"Content-Type": "application/json"},
    )
    assert is_problem(response, 422)


def test_unknown_ids_are_404(catalog: httpx.Client, tokens: Tokens, ops: CatalogOps) -> None:
    anyone, service = tokens.anonymous(), tokens.service("booking")
    for path in (
        f"/v1/catalog/missions/{MSN}",
        f"/v1/catalog/missions/{MSN}/availability",
        f"/v1/catalog/offerings/{OFF}",
        f"/v1/catalog/offerings/{OFF}/availability",
    ):
        assert is_problem(catalog.get(path, headers=anyone), 404), path
    assert is_problem(catalog.get(f"/v1/internal/allocations/{ALC}", headers=service), 404)
    for action in ("commit", "release"):
        response = catalog.post(f"/v1/internal/allocations/{ALC}/{action}", headers=service)
        assert is_problem(response, 404)
    extend = catalog.post(
        f"/v1/internal/allocations/{ALC}/extend", json={"ttl_seconds": 60}, headers=service
    )
    assert is_problem(extend, 404)
    assert is_problem(ops.hold(OFF), 404)
    patch = catalog.patch(
        f"/v1/catalog/missions/{MSN}", json={"name": "x"},
        headers=ops.operator | {"If-Match": '"1"'},
    )  # fmt: skip
    assert is_problem(patch, 404)


def test_two_megabyte_body_is_413(catalog: httpx.Client, tokens: Tokens) -> None:
    big = {"reference": "r" * (2 * 1024 * 1024), "offering_id": OFF, "quantity": 1}
    response = catalog.post("/v1/internal/allocations", json=big, headers=tokens.service("b"))
    assert is_problem(response, 413)
    edit = catalog.post(
        "/v1/catalog/missions",
        json=mission_body(name="n" * (2 * 1024 * 1024)),
        headers=tokens.staff("operator") | idem(),
    )
    assert is_problem(edit, 413)


def test_garbage_cursor_and_filters_are_422(catalog: httpx.Client, tokens: Tokens) -> None:
    anyone = tokens.anonymous()
    for params in (
        {"cursor": "garbage!!"},
        {"cursor": "WyJhIiwiYiJd"},  # valid base64 JSON, wrong shape
        {"limit": 0},
        {"limit": "many"},
        {"audience": "aliens"},
        {"kind": "spaceship"},
        {"on_sale_now": "perhaps"},
        {"updated_since": "yesterday"},
        {"updated_since": "2026-01-01T00:00:00"},  # no offset: which zone?
    ):
        response = catalog.get("/v1/catalog/offerings", params=params, headers=anyone)
        assert is_problem(response, 422), params
    assert is_problem(catalog.get("/v1/catalog/missions?cursor=%%%", headers=anyone), 422)
    events = catalog.get(
        "/v1/internal/mission-events", params={"after": -1}, headers=tokens.service("booking")
    )
    assert is_problem(events, 422)


def test_bad_edits_are_4xx(ops: CatalogOps, selling: dict) -> None:
    url = f"/v1/catalog/offerings/{selling['id']}"
    match = {"If-Match": '"1"'}
    for body in (
        {"capacity_units": -3},
        {"prices": {"GBP": 100}},
        {"prices": {"JPY": -1}},
        {"min_quantity": 9, "max_quantity": 2},
        {"name": None},
        {},
        {"unit": "kg"},  # kg units weigh 1000 g; this one weighs 5 g
    ):
        response = ops.client.patch(url, json=body, headers=ops.operator | match)
        assert is_problem(response, 422), body
    assert is_problem(
        ops.client.patch(url, json={"name": "x"}, headers=ops.operator | {"If-Match": "W/1"}), 412
    )
    mission_url = f"/v1/catalog/missions/{selling['mission_id']}"
    inverted = ops.client.patch(
        mission_url,
        json={"launch_window_end": "2020-01-01T00:00:00+00:00"},
        headers=ops.operator | {"If-Match": '"2"'},
    )
    assert is_problem(inverted, 422)
    naive = ops.client.post(
        "/v1/catalog/missions",
        json=mission_body(launch_window_start="2027-07-01T00:00:00"),
        headers=ops.operator | idem(),
    )
    assert is_problem(naive, 422)


def test_hold_quantity_beyond_capacity_is_a_clean_409(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=3, max_quantity=5)
    response = ops.hold(offering["id"], 4)
    assert is_problem(response, 409)
    assert response.json()["units_left"] == 3


def test_every_catalog_route_refuses_a_call_without_token(catalog: httpx.Client) -> None:
    """Reached directly, around the gateway, the catalog lets nobody in (except health)."""
    spec = catalog.get("/openapi.json").json()
    checked = 0
    for path, operations in spec["paths"].items():
        if path in ("/livez", "/readyz"):
            continue
        concrete = path.replace("{", "").replace("}", "")  # any id will do
        for method in operations:
            response = catalog.request(method.upper(), concrete, json={})
            assert is_problem(response, 401), f"{method.upper()} {path}"
            checked += 1
    assert checked >= 15
