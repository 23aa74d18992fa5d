"""Holds over real HTTP against the running catalog on PostgreSQL: no overselling, ever."""

import asyncio
import time
from collections import Counter

import httpx
import pytest

from tests.catalog.helpers import CatalogOps, is_problem
from tests.harness import Platform, Tokens


async def _race(
    base_url: str, headers: dict[str, str], bodies: list[dict[str, object]]
) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=len(bodies))
    async with httpx.AsyncClient(base_url=base_url, timeout=60.0, limits=limits) as client:
        return await asyncio.gather(
            *(client.post("/v1/internal/allocations", json=b, headers=headers) for b in bodies)
        )


def test_200_concurrent_holds_on_50_units_give_exactly_50(
    ops: CatalogOps, platform: Platform, tokens: Tokens
) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=50, max_quantity=1)
    bodies = [
        {"reference": f"race-{offering['id']}-{i}", "offering_id": offering["id"], "quantity": 1}
        for i in range(200)
    ]
    responses = asyncio.run(
        _race(platform.service("catalog").url, tokens.service("booking"), bodies)
    )

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 50, 409: 150}
    refused = [r for r in responses if r.status_code == 409]
    assert all(is_problem(r, 409) for r in refused)
    assert {r.json()["type"].rsplit("/", 1)[1] for r in refused} == {"insufficient-capacity"}
    held_ids = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(held_ids) == 50

    availability = ops.availability(offering["id"])
    assert availability["units_left"] == 0
    assert availability["held_units"] == 50
    assert availability["bookable_units"] == 0


def _holds_per_statement(catalog_url: str) -> tuple[float, float]:
    """(statements, holds) of the hot path so far, from the catalog's /metrics."""
    text = httpx.get(catalog_url + "/metrics").text
    found = dict(
        line.split()
        for line in text.splitlines()
        if line.startswith(("catalog_holds_per_statement_count", "catalog_holds_per_statement_sum"))
    )
    return (
        float(found.get("catalog_holds_per_statement_count", 0)),
        float(found.get("catalog_holds_per_statement_sum", 0)),
    )


def test_concurrent_holds_share_statements_and_are_each_answered_on_their_own(
    ops: CatalogOps, platform: Platform, tokens: Tokens
) -> None:
    """Group commit: holds racing for one offering go down together, several per
    statement, yet each gets its own answer: a hold (201), the same hold again for a
    repeated reference (200), or a refusal that says what is left (409). Mixed sizes, so
    the batch's running total decides who fits; nothing is oversold."""
    url = platform.service("catalog").url
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=120, max_quantity=3)
    sizes = [1 + i % 3 for i in range(100)]  # 199 units asked of 120
    bodies = [
        {"reference": f"gc-{offering['id']}-{i}", "offering_id": offering["id"], "quantity": q}
        for i, q in enumerate(sizes)
    ]
    bodies += bodies[:10]  # ten references asked twice, at the same time
    before = _holds_per_statement(url)
    responses = asyncio.run(_race(url, tokens.service("booking"), bodies))
    after = _holds_per_statement(url)

    statements, holds = after[0] - before[0], after[1] - before[1]
    assert holds >= 100 and statements < holds  # some statement carried several holds

    assert {r.status_code for r in responses} <= {200, 201, 409}
    answers: dict[str, set[str]] = {}
    for body, r in zip(bodies, responses, strict=True):
        if r.status_code in (200, 201):
            assert r.json()["quantity"] == body["quantity"]
            answers.setdefault(str(body["reference"]), set()).add(r.json()["id"])
        else:
            assert r.json()["units_left"] < body["quantity"]
    assert all(len(ids) == 1 for ids in answers.values())  # one hold per reference
    held = sum(b["quantity"] for b in bodies[:100] if str(b["reference"]) in answers)
    availability = ops.availability(offering["id"])
    assert availability["held_units"] == held <= 120
    # A refusal means the units left were fewer than asked (at most 3), so at most 2 idle.
    assert held >= 118


def test_offerings_sharing_a_mission_budget_never_exceed_it(
    ops: CatalogOps, platform: Platform, tokens: Tokens
) -> None:
    # 10 kg of mass budget; two per-kg offerings of 8 kg each race for it.
    mission = ops.mission(mass_budget_grams=10_000)
    per_kg = {"unit": "kg", "unit_mass_grams": 1000, "capacity_units": 8, "max_quantity": 8}
    first = ops.offering(mission["id"], kind="passive_payload", audience="business", **per_kg)
    second = ops.offering(mission["id"], kind="active_payload", audience="business", **per_kg)
    bodies = [
        {
            "reference": f"kg-{mission['id']}-{i}",
            "offering_id": (first if i % 2 else second)["id"],
            "quantity": 1,
        }
        for i in range(40)
    ]
    responses = asyncio.run(
        _race(platform.service("catalog").url, tokens.service("booking"), bodies)
    )

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 10, 409: 30}
    granted = Counter(r.json()["offering_id"] for r in responses if r.status_code == 201)
    assert granted[first["id"]] <= 8 and granted[second["id"]] <= 8
    whole = ops.client.get(
        f"/v1/catalog/missions/{mission['id']}/availability", headers=tokens.anonymous()
    ).json()
    assert whole["held_grams"] == 10_000
    assert whole["grams_left"] == 0
    assert all(item["bookable_units"] == 0 for item in whole["offerings"])


def test_expired_hold_frees_capacity_without_a_sweeper(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=2, max_quantity=2)
    short = ops.hold(offering["id"], 2, ttl_seconds=1)
    assert short.status_code == 201
    assert ops.hold(offering["id"], 1).status_code == 409

    time.sleep(1.5)
    availability = ops.availability(offering["id"])
    assert availability["units_left"] == 2 and availability["held_units"] == 0
    expired = ops.client.get(
        f"/v1/internal/allocations/{short.json()['id']}", headers=ops.service
    ).json()
    assert expired["status"] == "expired"

    fresh = ops.hold(offering["id"], 2)
    assert fresh.status_code == 201, fresh.text


def test_expired_hold_commits_only_while_capacity_is_still_there(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=1, max_quantity=1)

    lucky = ops.hold(offering["id"], ttl_seconds=1).json()
    time.sleep(1.5)
    # Nobody took the unit meanwhile: the late payment still gets it.
    committed = ops.client.post(
        f"/v1/internal/allocations/{lucky['id']}/commit", headers=ops.service
    )
    assert committed.status_code == 200 and committed.json()["status"] == "committed"
    ops.client.post(f"/v1/internal/allocations/{lucky['id']}/release", headers=ops.service)

    unlucky = ops.hold(offering["id"], ttl_seconds=1).json()
    time.sleep(1.5)
    taker = ops.hold(offering["id"])  # reclaims the expired unit
    assert taker.status_code == 201
    late = ops.client.post(f"/v1/internal/allocations/{unlucky['id']}/commit", headers=ops.service)
    assert is_problem(late, 409)
    assert late.json()["type"].endswith("/insufficient-capacity")
    assert ops.availability(offering["id"])["held_units"] == 1


def test_retried_create_with_same_reference_returns_the_same_hold(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=1, max_quantity=1)
    first = ops.hold(offering["id"], reference="bkg_retry_me")
    again = ops.hold(offering["id"], reference="bkg_retry_me")

    assert first.status_code == 201
    assert again.status_code == 200  # even though the offering is now full
    assert again.json() == first.json()
    listed = ops.client.get(
        "/v1/internal/allocations", params={"reference": "bkg_retry_me"}, headers=ops.service
    ).json()
    assert [item["id"] for item in listed["items"]] == [first.json()["id"]]
    assert ops.availability(offering["id"])["held_units"] == 1

    other = ops.hold(offering["id"], quantity=1, reference="bkg_retry_me", ttl_seconds=60)
    assert other.status_code == 200
    mismatch = ops.client.post(
        "/v1/internal/allocations",
        json={"reference": "bkg_retry_me", "offering_id": offering["id"], "quantity": 2},
        headers=ops.service,
    )
    assert is_problem(mismatch, 409)


@pytest.mark.anyio
async def test_concurrent_retries_of_one_reference_make_one_hold(
    ops: CatalogOps, platform: Platform, tokens: Tokens
) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=10, max_quantity=1)
    body = {"reference": f"dup-{offering['id']}", "offering_id": offering["id"], "quantity": 1}
    responses = await _race(platform.service("catalog").url, tokens.service("booking"), [body] * 20)
    assert sorted({r.status_code for r in responses}) == [200, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert ops.availability(offering["id"])["held_units"] == 1


def test_hold_lifecycle_extend_commit_release(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"], capacity_units=5, unit_mass_grams=100)
    hold = ops.hold(offering["id"], 3, ttl_seconds=60).json()
    assert hold["status"] == "held" and hold["mass_grams"] == 300
    assert hold["mission_id"] == mission["id"]

    base = f"/v1/internal/allocations/{hold['id']}"
    extended = ops.client.post(base + "/extend", json={"ttl_seconds": 3600}, headers=ops.service)
    assert extended.status_code == 200
    assert extended.json()["expires_at"] > hold["expires_at"]

    committed = ops.client.post(base + "/commit", headers=ops.service).json()
    assert committed["status"] == "committed" and committed["committed_at"]
    assert ops.client.post(base + "/commit", headers=ops.service).json() == committed
    availability = ops.availability(offering["id"])
    assert (availability["committed_units"], availability["held_units"]) == (3, 0)
    assert availability["units_left"] == 2

    not_held = ops.client.post(base + "/extend", json={"ttl_seconds": 60}, headers=ops.service)
    assert is_problem(not_held, 409)

    released = ops.client.post(base + "/release", headers=ops.service).json()
    assert released["status"] == "released" and released["released_at"]
    assert ops.client.post(base + "/release", headers=ops.service).json() == released
    assert ops.availability(offering["id"])["units_left"] == 5
    assert is_problem(ops.client.post(base + "/commit", headers=ops.service), 409)


def test_holds_refused_with_422_when_not_sellable(ops: CatalogOps) -> None:
    draft = ops.mission(status="draft")
    offering = ops.offering(draft["id"], max_quantity=3)
    refused = ops.hold(offering["id"])
    assert is_problem(refused, 422)
    assert refused.json()["type"].endswith("/mission-not-on-sale")

    selling = ops.mission()
    later = ops.offering(
        selling["id"],
        sale_starts_at="2027-01-01T00:00:00+00:00",
        sale_ends_at="2027-02-01T00:00:00+00:00",
    )
    assert ops.hold(later["id"]).json()["type"].endswith("/outside-sale-window")
    ranged = ops.offering(selling["id"], min_quantity=2, max_quantity=3)
    assert is_problem(ops.hold(ranged["id"], 1), 422)
    assert is_problem(ops.hold(ranged["id"], 4), 422)
    assert ops.hold(ranged["id"], 2).status_code == 201


def test_closing_sales_stops_new_holds_but_keeps_commit(ops: CatalogOps) -> None:
    mission = ops.mission()
    offering = ops.offering(mission["id"])
    hold = ops.hold(offering["id"]).json()
    ops.set_status(mission, "sales_closed")
    assert is_problem(ops.hold(offering["id"]), 422)
    commit = ops.client.post(f"/v1/internal/allocations/{hold['id']}/commit", headers=ops.service)
    assert commit.status_code == 200


def test_internal_routes_admit_services_only(catalog: httpx.Client, tokens: Tokens) -> None:
    body = {"reference": "x", "offering_id": "off_00000000000000000000000000", "quantity": 1}
    assert is_problem(catalog.post("/v1/internal/allocations", json=body), 401)
    for who in (tokens.customer(), tokens.staff("admin"), tokens.partner("p", "catalog:read")):
        assert is_problem(catalog.post("/v1/internal/allocations", json=body, headers=who), 403)
        assert is_problem(catalog.get("/v1/internal/mission-events", headers=who), 403)
    assert is_problem(catalog.get("/v1/internal/allocations/alc_x", headers=tokens.customer()), 403)
    forged = {"X-Internal-Token": "not-a-token"}
    assert is_problem(catalog.post("/v1/internal/allocations", json=body, headers=forged), 401)
