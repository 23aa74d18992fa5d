"""Ballot sale mode on offerings: its schedule is checked, it is never sold first come,
and once applications open its rules cannot move."""

from datetime import timedelta
from typing import Any

import httpx

from tests.catalog.helpers import NOW, CatalogOps, idem, is_problem, iso, offering_body


def _schedule(opens_in: timedelta = timedelta(days=-1)) -> dict[str, Any]:
    opens = NOW + opens_in
    return {
        "sale_mode": "ballot",
        "ballot_opens_at": iso(opens),
        "ballot_closes_at": iso(opens + timedelta(days=7)),
        "ballot_draw_at": iso(opens + timedelta(days=8)),
        "ballot_payment_seconds": 72 * 3600,
        "ballot_max_quantity": 2,
    }


def _create(ops: CatalogOps, body: dict[str, Any]) -> httpx.Response:
    return ops.client.post("/v1/catalog/offerings", json=body, headers=ops.operator | idem())


def test_a_ballot_offering_keeps_its_schedule_and_is_not_bookable_first_come(
    ops: CatalogOps,
) -> None:
    mission = ops.mission()
    made = ops.offering(mission["id"], **_schedule())
    assert made["sale_mode"] == "ballot" and made["ballot_max_quantity"] == 2
    assert made["ballot_payment_seconds"] == 72 * 3600
    availability = ops.availability(made["id"])
    assert availability["units_left"] == 100 and availability["bookable_units"] == 0
    plain = ops.offering(mission["id"])
    assert plain["sale_mode"] == "first_come" and plain["ballot_draw_at"] is None


def test_a_ballot_without_its_whole_schedule_or_out_of_order_is_422(ops: CatalogOps) -> None:
    mission = ops.mission()
    missing = _create(ops, offering_body(mission["id"], sale_mode="ballot"))
    assert is_problem(missing, 422)
    fields = {e["field"] for e in missing.json()["errors"]}
    assert fields == {
        "body.ballot_opens_at",
        "body.ballot_closes_at",
        "body.ballot_draw_at",
        "body.ballot_payment_seconds",
        "body.ballot_max_quantity",
    }
    backwards = _schedule() | {
        "ballot_draw_at": iso(NOW - timedelta(days=3)),
        "ballot_max_quantity": 9,
    }
    refused = _create(ops, offering_body(mission["id"], **backwards))
    assert is_problem(refused, 422)
    assert {e["field"] for e in refused.json()["errors"]} == {
        "body.ballot_draw_at",
        "body.ballot_max_quantity",
    }
    for bad in ({"sale_mode": "raffle"}, {"ballot_payment_seconds": 0}):
        body = offering_body(mission["id"], **(_schedule() | bad))
        assert is_problem(_create(ops, body), 422)


def test_once_applications_open_the_ballot_rules_cannot_change(ops: CatalogOps) -> None:
    mission = ops.mission()
    later = ops.offering(mission["id"], **_schedule(opens_in=timedelta(days=2)))
    url = f"/v1/catalog/offerings/{later['id']}"
    moved = ops.client.patch(
        url,
        json={"ballot_draw_at": iso(NOW + timedelta(days=11))},
        headers=ops.operator | {"If-Match": "*"},
    )
    assert moved.status_code == 200, moved.text
    started = ops.offering(mission["id"], **_schedule())
    url = f"/v1/catalog/offerings/{started['id']}"
    for change in ({"ballot_draw_at": iso(NOW + timedelta(days=11))}, {"sale_mode": "first_come"}):
        refused = ops.client.patch(url, json=change, headers=ops.operator | {"If-Match": "*"})
        assert is_problem(refused, 409)
        assert refused.json()["type"].endswith("/ballot-started")
    renamed = ops.client.patch(
        url, json={"name": "Memento capsule S (ballot)"}, headers=ops.operator | {"If-Match": "*"}
    )
    assert renamed.status_code == 200, renamed.text
