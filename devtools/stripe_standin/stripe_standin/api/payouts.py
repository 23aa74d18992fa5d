"""``/v1/payouts``: money from the Stripe balance to the bank account (basic)."""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin import payouts
from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, StoreDep

router = APIRouter(prefix="/v1/payouts", dependencies=[SecretKey])


@router.post("")
async def create_payout(
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        return dict(payouts.create_payout(store, params, idempotency_key))

    return await store.run_once(idempotency_key, "payouts.create", params, call, response)


@router.get("/{payout_id}")
async def retrieve_payout(payout_id: str, store: StoreDep) -> dict[str, Any]:
    return store.get(payout_id, "payout")


@router.get("")
async def list_payouts(store: StoreDep, params: Params) -> dict[str, Any]:
    items = store.of_kind("payout")
    if params.get("status"):
        items = [p for p in items if p["status"] == params["status"]]
    return stripe_list(items, params, "/v1/payouts")
