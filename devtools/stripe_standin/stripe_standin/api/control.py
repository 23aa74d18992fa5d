"""Test controls under ``/_standin``: what Stripe's dashboard and test mode let you do
(pay without a browser, resend an event, dispute a charge, send an event), kept apart
from the Stripe API so nobody mistakes them for it."""

import json
from typing import Any

from fastapi import APIRouter, Request

from stripe_standin import operations as ops
from stripe_standin import payouts, refunds
from stripe_standin.deps import DelivererDep, SecretKey, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import json_int
from stripe_standin.public import public_charge, public_session
from stripe_standin.store import snapshot

router = APIRouter(prefix="/_standin", dependencies=[SecretKey], tags=["test controls"])


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise StripeError("The body must be JSON.") from exc
    if not isinstance(body, dict):
        raise StripeError("The body must be a JSON object.")
    return body


def _number(body: dict[str, Any], name: str, default: float | None = None) -> float | None:
    value = body.get(name, default)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise StripeError(f"{name} must be a number.", param=name) from exc


@router.post("/checkout/sessions/{session_id}/pay")
async def pay_session(session_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """Pay a session as the hosted page would. Body: {card_number, exp?, cvc?, method?,
    webhook_delay_seconds?}. ``method: "konbini"`` is a delayed payment, settled later
    with ``/settle``; a webhook delay holds the resulting webhooks back, as when
    Stripe's delivery to us is slow."""
    body = await _json(request)
    async with store.lock:
        session = store.get(session_id, "checkout.session")
        store.webhook_delay = _number(body, "webhook_delay_seconds", 0) or 0.0
        try:
            if body.get("method") == "konbini":
                pi = ops.pay_session_async(store, session)
            else:
                pi = ops.pay_session(
                    store,
                    session,
                    str(body.get("card_number", "4242424242424242")),
                    str(body.get("exp", "12/34")),
                    str(body.get("cvc", "123")),
                )
        finally:
            store.webhook_delay = 0.0
        return {"session": public_session(session), "payment_intent": snapshot(pi)}


@router.post("/checkout/sessions/{session_id}/settle")
async def settle_session(session_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """A delayed (konbini) payment arrives or lapses: {outcome: succeeded|failed}."""
    body = await _json(request)
    async with store.lock:
        session = store.get(session_id, "checkout.session")
        pi = ops.settle_async(store, session, str(body.get("outcome", "")))
        return {"session": public_session(session), "payment_intent": snapshot(pi)}


@router.post("/events/{event_id}/resend")
async def resend_event(
    event_id: str, request: Request, store: StoreDep, deliverer: DelivererDep
) -> dict[str, Any]:
    """Deliver an event again (Stripe's dashboard "Resend"); body {delay_seconds?}."""
    body = await _json(request)
    event = store.get(event_id, "event")
    deliverer.send(event, delay=_number(body, "delay_seconds", 0) or 0.0)
    return event


@router.post("/events")
async def send_event(request: Request, store: StoreDep) -> dict[str, Any]:
    """Emit an arbitrary event: {type, object_id} (current state of a stored object) or
    {type, object} (any payload), e.g. a late or out-of-order event."""
    body = await _json(request)
    type_ = body.get("type")
    if not isinstance(type_, str) or not type_:
        raise StripeError("type is required.", param="type")
    if body.get("object_id"):
        obj = store.objects.get(str(body["object_id"]))
        if obj is None:
            raise StripeError(
                f"No such object: '{body['object_id']}'",
                status=404,
                code="resource_missing",
                param="object_id",
            )
        obj = public_charge(obj) if obj["object"] == "charge" else obj
        obj = public_session(obj) if obj["object"] == "checkout.session" else obj
    elif isinstance(body.get("object"), dict):
        obj = body["object"]
    else:
        raise StripeError("object_id or object is required.", param="object")
    async with store.lock:
        return store.emit(type_, obj)


@router.post("/charges/{charge_id}/dispute")
async def dispute_charge(charge_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """The cardholder disputes a charge: {reason?, amount?}."""
    body = await _json(request)
    async with store.lock:
        charge = store.get(charge_id, "charge")
        return refunds.create_dispute(
            store,
            charge,
            reason=str(body.get("reason", "fraudulent")),
            amount=json_int(body, "amount"),
        )


@router.post("/disputes/{dispute_id}/close")
async def close_dispute(dispute_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """The card network decides the dispute: {status: won|lost}."""
    body = await _json(request)
    async with store.lock:
        dispute = store.get(dispute_id, "dispute")
        return refunds.close_dispute(store, dispute, str(body.get("status", "")))


@router.post("/refunds/{refund_id}/fail")
async def fail_refund(refund_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    """The bank returns a refund: {failure_reason?}."""
    body = await _json(request)
    async with store.lock:
        refund = store.get(refund_id, "refund")
        refunds.fail_refund(store, refund, str(body.get("failure_reason", "unknown")))
        return refund


@router.post("/payouts/{payout_id}/paid")
async def payout_paid(payout_id: str, store: StoreDep) -> dict[str, Any]:
    """The payout reaches the bank."""
    async with store.lock:
        return payouts.mark_payout_paid(store, store.get(payout_id, "payout"))


@router.get("/deliveries")
async def deliveries(deliverer: DelivererDep, event_id: str | None = None) -> dict[str, Any]:
    """Webhook delivery attempts (status or transport error), oldest first."""
    items = [d.__dict__ for d in deliverer.deliveries if event_id in (None, d.event_id)]
    return {"items": items}
