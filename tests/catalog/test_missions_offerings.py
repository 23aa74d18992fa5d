"""Operators create and edit the catalog (ETag / If-Match); the public reads it."""

import secrets
from datetime import UTC, datetime, timedelta

import httpx

from tests.catalog.helpers import CatalogOps, idem, is_problem, mission_body, offering_body
from tests.harness import Tokens


def test_mission_create_read_edit_with_etags(ops: CatalogOps, tokens: Tokens) -> None:
    body = mission_body()
    created = ops.client.post("/v1/catalog/missions", json=body, headers=ops.operator | idem())
    assert created.status_code == 201
    mission = created.json()
    assert mission["id"].startswith("msn_") and mission["status"] == "draft"
    assert mission["version"] == 1 and created.headers["etag"] == '"1"'
    assert created.headers["location"] == f"/v1/catalog/missions/{mission['id']}"

    url = f"/v1/catalog/missions/{mission['id']}"
    # a draft is read by operators only (see test_drafts.py)
    read = ops.client.get(url, headers=tokens.staff("operator"))
    assert read.status_code == 200 and read.json() == mission and read.headers["etag"] == '"1"'
    cached = ops.client.get(url, headers=tokens.staff("operator") | {"If-None-Match": '"1"'})
    assert cached.status_code == 304

    no_precondition = ops.client.patch(url, json={"name": "Renamed"}, headers=ops.operator)
    assert is_problem(no_precondition, 428)

    edited = ops.client.patch(
        url, json={"name": "Renamed", "mass_budget_grams": 250_000},
        headers=ops.operator | {"If-Match": '"1"'},
    )  # fmt: skip
    assert edited.status_code == 200
    assert edited.json()["name"] == "Renamed" and edited.json()["version"] == 2
    assert edited.headers["etag"] == '"2"'

    stale = ops.client.patch(
        url, json={"name": "Lost update"}, headers=ops.operator | {"If-Match": '"1"'}
    )
    assert is_problem(stale, 412)
    assert ops.client.get(url, headers=ops.operator).json()["name"] == "Renamed"


def test_create_is_idempotent_and_codes_are_unique(ops: CatalogOps) -> None:
    body = mission_body()
    key = idem()
    first = ops.client.post("/v1/catalog/missions", json=body, headers=ops.operator | key)
    replay = ops.client.post("/v1/catalog/missions", json=body, headers=ops.operator | key)
    assert first.status_code == replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]
    assert replay.headers["idempotent-replayed"] == "true"

    duplicate = ops.client.post("/v1/catalog/missions", json=body, headers=ops.operator | idem())
    assert is_problem(duplicate, 409)
    missing_key = ops.client.post("/v1/catalog/missions", json=mission_body(), headers=ops.operator)
    assert is_problem(missing_key, 422)


def test_only_operators_edit_and_everyone_reads(ops: CatalogOps, tokens: Tokens) -> None:
    mission = ops.mission(status="on_sale")
    for who in (tokens.customer(), tokens.staff("finance"), tokens.partner("p", "catalog:read")):
        response = ops.client.post(
            "/v1/catalog/missions", json=mission_body(), headers=who | idem()
        )
        assert is_problem(response, 403)
    anonymous_edit = ops.client.post(
        "/v1/catalog/missions", json=mission_body(), headers=tokens.anonymous() | idem()
    )
    assert is_problem(anonymous_edit, 401)
    admin = ops.client.post(
        "/v1/catalog/missions", json=mission_body(), headers=tokens.staff("admin") | idem()
    )
    assert admin.status_code == 201

    url = f"/v1/catalog/missions/{mission['id']}"
    for who in (
        tokens.anonymous(),
        tokens.customer(),
        tokens.staff("sales"),
        tokens.service("booking"),
        tokens.partner("p", "catalog:read"),
    ):
        assert ops.client.get(url, headers=who).status_code == 200
    assert is_problem(ops.client.get(url, headers=tokens.partner("p", "bookings:read")), 403)
    assert is_problem(ops.client.get(url), 401)


def test_status_follows_the_transition_table_and_is_logged(ops: CatalogOps) -> None:
    mission = ops.mission(status="draft")
    url = f"/v1/catalog/missions/{mission['id']}/status"

    def move(current: dict, status: str) -> httpx.Response:
        return ops.client.post(
            url,
            json={"status": status, "reason": f"to {status}"},
            headers=ops.operator | {"If-Match": f'"{current["version"]}"'},
        )

    skipped = move(mission, "launched")
    assert is_problem(skipped, 409)
    assert skipped.json()["allowed"] == ["cancelled", "on_sale"]
    assert is_problem(ops.client.post(url, json={"status": "on_sale"}, headers=ops.operator), 428)
    assert is_problem(
        ops.client.post(
            url, json={"status": "on_sale"}, headers=ops.operator | {"If-Match": '"99"'}
        ),
        412,
    )
    assert is_problem(move(mission, "flying"), 422)

    for status in ("on_sale", "sales_closed", "launched", "landed", "completed"):
        response = move(mission, status)
        assert response.status_code == 200, response.text
        mission = response.json()
        assert mission["status"] == status
    assert is_problem(move(mission, "cancelled"), 409)  # no cancelling after launch

    events = _events_of(ops, mission["id"])
    assert [(e["previous_status"], e["status"]) for e in events] == [
        ("draft", "on_sale"),
        ("on_sale", "sales_closed"),
        ("sales_closed", "launched"),
        ("launched", "landed"),
        ("landed", "completed"),
    ]
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)


def test_cancel_only_before_launch(ops: CatalogOps) -> None:
    for start in ("draft", "on_sale", "sales_closed"):
        mission = ops.mission(status=start)
        assert ops.set_status(mission, "cancelled")["status"] == "cancelled"
    lost = ops.mission(status="sales_closed")
    lost = ops.set_status(ops.set_status(lost, "launched"), "lost")
    assert ops.set_status(lost, "completed")["status"] == "completed"


def _events_of(ops: CatalogOps, mission_id: str) -> list[dict]:
    """Page through the whole event feed with small pages, as booking's poller does."""
    found, after = [], 0
    while True:
        page = ops.client.get(
            "/v1/internal/mission-events",
            params={"after": after, "limit": 7},
            headers=ops.service,
        ).json()
        if not page["items"]:
            assert page["next_after"] == after
            return found
        assert page["next_after"] == page["items"][-1]["seq"]
        found += [e for e in page["items"] if e["mission_id"] == mission_id]
        after = page["next_after"]


def test_offering_create_edit_and_validation(ops: CatalogOps, tokens: Tokens) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], audience="business", kind="brand_plate")
    assert offering["id"].startswith("off_")
    assert offering["prices"] == {"JPY": 70_000, "USD": 46_000}
    assert offering["review_required"] is True  # business payloads are reviewed by default

    url = f"/v1/catalog/offerings/{offering['id']}"
    assert ops.client.get(url, headers=tokens.anonymous()).headers["etag"] == '"1"'
    edited = ops.client.patch(
        url,
        json={"prices": {"JPY": 80_000, "USD": 53_000}, "capacity_units": 3},
        headers=ops.operator | {"If-Match": '"1"'},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["prices"]["JPY"] == 80_000 and edited.json()["version"] == 2

    # Capacity cannot drop below what is already held.
    ops.hold(offering["id"], 2)
    shrink = ops.client.patch(
        url, json={"capacity_units": 1}, headers=ops.operator | {"If-Match": '"2"'}
    )
    assert is_problem(shrink, 409)

    def create(**overrides: object) -> httpx.Response:
        return ops.client.post(
            "/v1/catalog/offerings",
            json={**offering_body(mission["id"]), **overrides},
            headers=ops.operator | idem(),
        )

    assert is_problem(create(min_quantity=5, max_quantity=2), 422)
    assert is_problem(create(capacity_units=-1), 422)
    assert is_problem(create(unit="kg", unit_mass_grams=5), 422)
    assert create(unit="kg", unit_mass_grams=1000).status_code == 201
    window = create(
        sale_starts_at="2027-01-01T00:00:00+00:00", sale_ends_at="2026-12-01T00:00:00+00:00"
    )
    assert is_problem(window, 422)
    assert is_problem(create(sale_ends_at="2040-01-01T00:00:00+00:00"), 422)  # after launch
    eur = create(prices={"JPY": 1000, "EUR": 700})
    assert is_problem(eur, 422) and eur.json()["type"].endswith("/unsupported-currency")
    assert is_problem(create(prices={"USD": 10.5}), 422)  # money is integer minor units
    assert is_problem(create(mission_id="msn_00000000000000000000000000"), 404)
    assert is_problem(create(sku=offering["sku"]), 409)


def test_public_lists_filter_and_paginate(ops: CatalogOps, tokens: Tokens) -> None:
    mission = ops.mission()
    made = [ops.offering(mission["id"]) for _ in range(5)]
    business = ops.offering(mission["id"], audience="business", kind="passive_payload",
                            unit="kg", unit_mass_grams=1000)  # fmt: skip
    ops.offering(
        mission["id"],
        sale_starts_at=(datetime.now(UTC) + timedelta(days=10)).isoformat(),
    )
    reader = tokens.partner("ptn_x", "catalog:read")

    seen, cursor = [], None
    while True:
        params = {"mission_id": mission["id"], "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = ops.client.get("/v1/catalog/offerings", params=params, headers=reader).json()
        assert len(page["items"]) <= 2
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 7
    assert seen == sorted(seen)

    def ids(**params: object) -> list[str]:
        response = ops.client.get(
            "/v1/catalog/offerings", params={"mission_id": mission["id"], **params}, headers=reader
        )
        assert response.status_code == 200
        return [o["id"] for o in response.json()["items"]]

    assert ids(audience="business") == [business["id"]]
    assert ids(kind="passive_payload") == [business["id"]]
    assert set(ids(on_sale_now="true")) == {o["id"] for o in made} | {business["id"]}
    assert len(ids(on_sale_now="false")) == 1

    closed = ops.mission(status="draft")
    ops.offering(closed["id"])
    assert ids(mission_id=closed["id"], on_sale_now="true") == []

    since = datetime.now(UTC).isoformat()
    fresh = ops.mission(status="draft", code=f"UPD-{secrets.token_hex(3)}")
    recent = ops.client.get(
        "/v1/catalog/missions", params={"updated_since": since, "status": "draft"},
        headers=tokens.staff("operator"),  # drafts are the operators' to see
    ).json()  # fmt: skip
    assert fresh["id"] in [m["id"] for m in recent["items"]]
    assert all(m["status"] == "draft" for m in recent["items"])


def test_peer_services_read_an_offering_with_its_mission_in_one_call(
    ops: CatalogOps, tokens: Tokens
) -> None:
    """Booking's read: the offering as the public sees it, plus its mission's status and
    launch window, and the status follows the mission (drafts included)."""
    mission = ops.mission(status="draft")
    offering = ops.offering(mission["id"])
    path = f"/v1/internal/offerings/{offering['id']}"

    draft = ops.client.get(path, headers=ops.service)
    assert draft.status_code == 200, draft.text
    assert draft.json()["mission"] == {
        "id": mission["id"],
        "status": "draft",
        "launch_window_start": mission["launch_window_start"],
    }
    ops.set_status(mission, "on_sale")
    read = ops.client.get(path, headers=ops.service).json()
    public = ops.client.get(f"/v1/catalog/offerings/{offering['id']}", headers=ops.operator)
    assert read["mission"]["status"] == "on_sale"
    assert {k: v for k, v in read.items() if k != "mission"} == public.json()

    for who in (tokens.anonymous(), tokens.customer(), ops.operator):
        refused = ops.client.get(path, headers=who)
        assert refused.status_code in (401, 403), (who, refused.status_code)
    missing = ops.client.get("/v1/internal/offerings/off_" + "0" * 26, headers=ops.service)
    assert is_problem(missing, 404)
