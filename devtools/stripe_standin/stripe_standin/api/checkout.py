"""``/v1/checkout/sessions``: create, retrieve, list, expire."""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin import operations as ops
from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, SettingsDep, StoreDep
from stripe_standin.public import public_session
from stripe_standin.store import expand

router = APIRouter(prefix="/v1/checkout/sessions", dependencies=[SecretKey])


def _shown(store: Any, session: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    return expand(store, public_session(session), params.get("expand") or [])


@router.post("")
async def create_session(
    store: StoreDep,
    settings: SettingsDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        return public_session(ops.create_session(store, settings, params, idempotency_key))

    return await store.run_once(idempotency_key, "checkout.sessions.create", params, call, response)


@router.get("")
async def list_sessions(store: StoreDep, params: Params) -> dict[str, Any]:
    items = [public_session(s) for s in store.of_kind("checkout.session")]
    if params.get("payment_intent"):
        items = [s for s in items if s["payment_intent"] == params["payment_intent"]]
    return stripe_list(items, params, "/v1/checkout/sessions")


@router.get("/{session_id}")
async def retrieve_session(session_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    return _shown(store, store.get(session_id, "checkout.session"), params)


@router.post("/{session_id}/expire")
async def expire_session(
    session_id: str,
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        session = store.get(session_id, "checkout.session")
        ops.expire_session(store, session, idempotency_key)
        return public_session(session)

    return await store.run_once(
        idempotency_key, f"checkout.sessions.expire:{session_id}", params, call, response
    )
