"""Helpers for catalog tests: every test makes its own missions and offerings."""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.harness import Tokens

NOW = datetime.now(UTC)


def iso(value: datetime) -> str:
    return value.isoformat()


def mission_body(**overrides: Any) -> dict[str, Any]:
    return {
        "code": f"T-{secrets.token_hex(4)}",
        "name": "Test mission",
        "lander": "APEX 1.0 lander",
        "landing_site": "Schrödinger Basin",
        "launch_window_start": iso(NOW + timedelta(days=400)),
        "launch_window_end": iso(NOW + timedelta(days=460)),
        "mass_budget_grams": 300_000,
        **overrides,
    }


def offering_body(mission_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "mission_id": mission_id,
        "sku": f"T-{secrets.token_hex(5)}",
        "name": "Memento capsule S",
        "kind": "memento_capsule",
        "audience": "consumer",
        "unit": "item",
        "unit_mass_grams": 5,
        "capacity_units": 100,
        "prices": {"JPY": 70_000, "USD": 46_000},
        "min_quantity": 1,
        "max_quantity": 5,
        "sale_starts_at": iso(NOW - timedelta(days=1)),
        "sale_ends_at": iso(NOW + timedelta(days=300)),
        **overrides,
    }


def idem() -> dict[str, str]:
    return {"Idempotency-Key": secrets.token_hex(12)}


class CatalogOps:
    """Operator actions over real HTTP, asserting they succeed."""

    def __init__(self, client: httpx.Client, tokens: Tokens) -> None:
        self.client = client
        self.tokens = tokens
        self.operator = tokens.staff("operator")
        self.service = tokens.service("booking")

    def mission(self, *, status: str = "on_sale", **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            "/v1/catalog/missions",
            json=mission_body(**overrides),
            headers=self.operator | idem(),
        )
        assert response.status_code == 201, response.text
        mission = response.json()
        path = {"draft": [], "on_sale": ["on_sale"], "sales_closed": ["on_sale", "sales_closed"]}
        for step in path[status]:
            mission = self.set_status(mission, step)
        return mission

    def set_status(self, mission: dict[str, Any], status: str) -> dict[str, Any]:
        response = self.client.post(
            f"/v1/catalog/missions/{mission['id']}/status",
            json={"status": status, "reason": "test"},
            headers=self.operator | {"If-Match": f'"{mission["version"]}"'},
        )
        assert response.status_code == 200, response.text
        return response.json()

    def offering(self, mission_id: str, **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            "/v1/catalog/offerings",
            json=offering_body(mission_id, **overrides),
            headers=self.operator | idem(),
        )
        assert response.status_code == 201, response.text
        return response.json()

    def hold(self, offering_id: str, quantity: int = 1, **extra: Any) -> httpx.Response:
        body = {
            "reference": extra.pop("reference", f"bkg_{secrets.token_hex(8)}"),
            "offering_id": offering_id,
            "quantity": quantity,
            "ttl_seconds": extra.pop("ttl_seconds", 900),
        }
        return self.client.post("/v1/internal/allocations", json=body, headers=self.service)

    def availability(self, offering_id: str) -> dict[str, Any]:
        response = self.client.get(
            f"/v1/catalog/offerings/{offering_id}/availability", headers=self.tokens.anonymous()
        )
        assert response.status_code == 200, response.text
        return response.json()


def is_problem(response: httpx.Response, status: int) -> bool:
    return (
        response.status_code == status
        and response.headers["content-type"] == "application/problem+json"
        and response.json()["status"] == status
    )
