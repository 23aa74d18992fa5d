"""``/v1/events``: what happened, newest first, as the webhooks carried it."""

from typing import Any

from fastapi import APIRouter

from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, StoreDep

router = APIRouter(prefix="/v1/events", dependencies=[SecretKey])


@router.get("")
async def list_events(store: StoreDep, params: Params) -> dict[str, Any]:
    items = list(reversed(store.events))
    types = params.get("types") or ([params["type"]] if params.get("type") else None)
    if types:
        items = [e for e in items if e["type"] in types]
    return stripe_list(items, params, "/v1/events")


@router.get("/{event_id}")
async def retrieve_event(event_id: str, store: StoreDep) -> dict[str, Any]:
    return store.get(event_id, "event")
