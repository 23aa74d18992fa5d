"""Booking's client of the catalog: offerings, missions, allocations, mission events.

Answers come back as booking's own typed views of the catalog's shapes (only the fields
booking uses; the catalog may add others).
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from booking.clients._problems import peer_problem
from lpx_common.errors import Conflict, Unprocessable
from lpx_common.http import ServiceClient, path_for


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class MissionView(_View):
    id: str
    status: str
    launch_window_start: datetime | None = None


class OfferingView(_View):
    """An offering with what booking needs of its mission (the catalog's internal read)."""

    id: str
    mission_id: str
    sku: str = ""
    name: str = ""
    audience: str
    unit_mass_grams: int = 0
    prices: dict[str, int] = {}
    sale_starts_at: datetime | None = None
    sale_ends_at: datetime | None = None
    review_hold_days: int = 1
    cancellation_cutoff_days: int = 0
    cancellation_fee_bps: int = 0
    tax_category: str = "standard"
    tax_rate_bps: int | None = None
    min_quantity: int = 1
    max_quantity: int = 1_000_000
    sale_mode: str = "first_come"
    ballot_opens_at: datetime | None = None
    ballot_closes_at: datetime | None = None
    ballot_draw_at: datetime | None = None
    ballot_payment_seconds: int | None = None
    ballot_max_quantity: int | None = None
    waitlist_offer_seconds: int = 86_400
    mission: MissionView


class AvailabilityView(_View):
    bookable_units: int
    on_sale_now: bool


class AllocationView(_View):
    id: str
    status: str
    expires_at: datetime


class MissionEvent(_View):
    seq: int
    mission_id: str
    status: str


class MissionEventPage(_View):
    items: list[MissionEvent]


# Mission statuses in which the catalog still commits capacity (see the catalog's rules).
COMMITTABLE_MISSION_STATUSES = frozenset({"on_sale", "sales_closed"})


class CatalogClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def offering(self, offering_id: str) -> OfferingView:
        """The offering and its mission's status and launch window, in one call."""
        response = await self.http.request(
            "GET", path_for("/v1/internal/offerings/{offering_id}", offering_id=offering_id)
        )
        if response.status_code == 404:
            raise Unprocessable(
                f"There is no offering {offering_id}.",
                code="unknown-offering",
                errors=[{"field": "lines.offering_id", "message": "unknown offering"}],
            )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return OfferingView.model_validate_json(response.content)

    async def availability(self, offering_id: str) -> AvailabilityView:
        response = await self.http.request(
            "GET",
            path_for("/v1/catalog/offerings/{offering_id}/availability", offering_id=offering_id),
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return AvailabilityView.model_validate_json(response.content)

    async def hold(
        self,
        *,
        reference: str,
        offering_id: str,
        quantity: int,
        ttl_seconds: int,
        free_below: int | None = None,
    ) -> AllocationView:
        """A hold, idempotent by ``reference`` (so it is safe to retry). ``free_below``:
        only while fewer units are free (someone on the waiting list needs that many)."""
        body: dict[str, object] = {
            "reference": reference,
            "offering_id": offering_id,
            "quantity": quantity,
            "ttl_seconds": ttl_seconds,
        }
        if free_below is not None:
            body["free_below"] = free_below
        response = await self.http.request(
            "POST", "/v1/internal/allocations", json=body, idempotency_key=f"hold:{reference}"
        )
        if response.status_code == 409 and str(response.json().get("type", "")).endswith(
            "/queue-ahead"
        ):
            raise waiting_list_ahead(offering_id)
        if response.status_code not in (200, 201):
            raise peer_problem("catalog", response)
        return AllocationView.model_validate_json(response.content)

    async def hold_if_room(
        self, *, reference: str, offering_id: str, quantity: int, ttl_seconds: int
    ) -> AllocationView | int:
        """A hold as :meth:`hold`, or, when it does not fit, how many units of the
        offering could still be held (the catalog's ``units_left``, capped by the
        mission's mass left)."""
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
        if response.status_code in (200, 201):
            return AllocationView.model_validate_json(response.content)
        if response.status_code == 409:
            body = response.json()
            if str(body.get("type", "")).endswith("/insufficient-capacity"):
                units = int(body.get("units_left", 0))
                if units >= quantity:  # the mission's mass is what ran out
                    units = quantity - 1
                return max(units, 0)
        raise peer_problem("catalog", response)

    async def _allocation_action(
        self, allocation_id: str, action: str, ttl_seconds: int | None = None
    ) -> AllocationView:
        body = {} if ttl_seconds is None else {"ttl_seconds": ttl_seconds}
        response = await self.http.request(
            "POST",
            allocation_path(allocation_id, action),
            json=body,
            # extend/commit/release are idempotent at the catalog, so retries are safe
            idempotency_key=f"{action}:{allocation_id}:{ttl_seconds or ''}",
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return AllocationView.model_validate_json(response.content)

    async def extend(self, allocation_id: str, ttl_seconds: int) -> AllocationView:
        return await self._allocation_action(allocation_id, "extend", ttl_seconds)

    async def commit(self, allocation_id: str) -> AllocationView:
        return await self._allocation_action(allocation_id, "commit")

    async def mission_events(self, after: int, limit: int = 100) -> MissionEventPage:
        response = await self.http.request(
            "GET", "/v1/internal/mission-events", params={"after": after, "limit": limit}
        )
        if response.status_code != 200:
            raise peer_problem("catalog", response)
        return MissionEventPage.model_validate_json(response.content)


def waiting_list_ahead(offering_id: str) -> Conflict:
    return Conflict(
        f"Offering {offering_id} has a waiting list, and the capacity that came back is "
        "offered to those in line first. Join the waiting list instead.",
        code="waiting-list-ahead",
        title="Others are waiting",
        offering_id=offering_id,
    )


def allocation_path(allocation_id: str, action: str) -> str:
    """Commits and releases also go through the outbox (they must survive a crash)."""
    return path_for(
        "/v1/internal/allocations/{allocation_id}/{action}",
        allocation_id=allocation_id,
        action=action,
    )
