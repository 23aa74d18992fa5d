"""Booking's client of the catalog: offerings, missions, allocations, mission events."""

from typing import Any

from booking.clients._problems import peer_problem
from lpx_common.errors import Unprocessable
from lpx_common.http import ServiceClient, path_for


class CatalogClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def offering(self, offering_id: str) -> dict[str, Any]:
        response = await self.http.request(
            "GET", path_for("/v1/catalog/offerings/{offering_id}", offering_id=offering_id)
        )
        if response.status_code == 404:
            raise Unprocessable(
                f"There is no offering {offering_id}.",
                code="unknown-offering",
                errors=[{"field": "lines.offering_id", "message": "unknown offering"}],
            )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return response.json()

    async def mission(self, mission_id: str) -> dict[str, Any]:
        response = await self.http.request(
            "GET", path_for("/v1/catalog/missions/{mission_id}", mission_id=mission_id)
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return response.json()

    async def hold(
        self, *, reference: str, offering_id: str, quantity: int, ttl_seconds: int
    ) -> dict[str, Any]:
        """A hold, idempotent by ``reference`` (so it is safe to retry)."""
        response = await self.http.request(
            "POST",
            "/v1/internal/allocations",
            json={
                "reference": reference,
                "offering_id": offering_id,
                "quantity": quantity,
                "ttl_seconds": ttl_seconds,
            },
            idempotency_key=f"hold:{reference}",
        )
        if response.status_code not in (200, 201):
            raise peer_problem("catalog", response)
        return response.json()

    async def _allocation_action(
        self, allocation_id: str, action: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        response = await self.http.request(
            "POST",
            path_for(
                "/v1/internal/allocations/{allocation_id}/{action}",
                allocation_id=allocation_id,
                action=action,
            ),
            json=body or {},
            # extend/commit/release are idempotent at the catalog, so retries are safe
            idempotency_key=f"{action}:{allocation_id}:{(body or {}).get('ttl_seconds', '')}",
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return response.json()

    async def extend(self, allocation_id: str, ttl_seconds: int) -> dict[str, Any]:
        return await self._allocation_action(allocation_id, "extend", {"ttl_seconds": ttl_seconds})

    async def commit(self, allocation_id: str) -> dict[str, Any]:
        return await self._allocation_action(allocation_id, "commit")

    async def mission_events(self, after: int, limit: int = 100) -> dict[str, Any]:
        response = await self.http.request(
            "GET", "/v1/internal/mission-events", params={"after": after, "limit": limit}
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return response.json()


def release_path(allocation_id: str) -> str:
    """Releases go through the outbox (they must survive a crash): this is their path."""
    return path_for("/v1/internal/allocations/{allocation_id}/release", allocation_id=allocation_id)


def commit_path(allocation_id: str) -> str:
    return path_for("/v1/internal/allocations/{allocation_id}/commit", allocation_id=allocation_id)
