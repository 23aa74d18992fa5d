"""Payment intents, charges, refunds, disputes and balance transactions."""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin import payouts_sync, refunds
from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, StoreDep
from stripe_standin.public import public_charge
from stripe_standin.store import expand

router = APIRouter(prefix="/v1", dependencies=[SecretKey])


def _filtered(items: list[dict[str, Any]], params: dict[str, Any], *fields: str) -> list[Any]:
    for name in fields:
        if params.get(name):
            items = [i for i in items if i.get(name) == params[name]]
    return items


@router.get("/payment_intents/{pi_id}")
async def retrieve_payment_intent(pi_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    return expand(store, store.get(pi_id, "payment_intent"), params.get("expand") or [])


@router.get("/payment_intents")
async def list_payment_intents(store: StoreDep, params: Params) -> dict[str, Any]:
    return stripe_list(store.of_kind("payment_intent"), params, "/v1/payment_intents")


@router.get("/charges/{charge_id}")
async def retrieve_charge(charge_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    charge = public_charge(store.get(charge_id, "charge"))
    return expand(store, charge, params.get("expand") or [])


@router.get("/charges")
async def list_charges(store: StoreDep, params: Params) -> dict[str, Any]:
    items = _filtered([public_charge(c) for c in store.of_kind("charge")], params, "payment_intent")
    return stripe_list(items, params, "/v1/charges")


@router.post("/refunds")
async def create_refund(
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        return dict(refunds.create_refund(store, params, idempotency_key))

    return await store.run_once(idempotency_key, "refunds.create", params, call, response)


@router.get("/refunds/{refund_id}")
async def retrieve_refund(refund_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    return expand(store, store.get(refund_id, "refund"), params.get("expand") or [])


@router.get("/refunds")
async def list_refunds(store: StoreDep, params: Params) -> dict[str, Any]:
    items = _filtered(store.of_kind("refund"), params, "charge", "payment_intent")
    return stripe_list(items, params, "/v1/refunds")


@router.get("/disputes/{dispute_id}")
async def retrieve_dispute(dispute_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    return expand(store, store.get(dispute_id, "dispute"), params.get("expand") or [])


@router.get("/disputes")
async def list_disputes(store: StoreDep, params: Params) -> dict[str, Any]:
    items = _filtered(store.of_kind("dispute"), params, "charge", "payment_intent")
    return stripe_list(items, params, "/v1/disputes")


@router.get("/balance_transactions/{txn_id}")
async def retrieve_balance_transaction(
    txn_id: str, store: StoreDep, params: Params
) -> dict[str, Any]:
    return expand(store, store.get(txn_id, "balance_transaction"), params.get("expand") or [])


@router.get("/balance_transactions")
async def list_balance_transactions(store: StoreDep, params: Params) -> dict[str, Any]:
    # Filters, itemised `payout=` and `expand[]` live with the automatic payouts.
    return payouts_sync.list_balance_transactions(store, params)


@router.get("/balance")
async def retrieve_balance(store: StoreDep) -> dict[str, Any]:
    currencies = sorted({t["currency"] for t in store.of_kind("balance_transaction")})
    return {
        "object": "balance",
        "available": [{"amount": store.available_balance(c), "currency": c} for c in currencies],
        "livemode": False,
        "pending": [{"amount": 0, "currency": c} for c in currencies],
    }
