"""Automatic payouts, itemised as Stripe itemises them for payout reconciliation.

Stripe lists the balance transactions an *automatic* payout settled with
``GET /v1/balance_transactions?payout=po_…`` (manual payouts are not itemised). The
stand-in records that membership here, per store, and offers a test helper that pays out
either everything available in a currency or a chosen set of transactions:

``POST /_standin/payouts`` (JSON) ``currency``, optional ``balance_transactions[]``,
optional ``amount`` (a different amount than the transactions add up to, so a test can
plant a payout that does not reconcile) and ``status`` (``paid``, the default, or
``pending``). A paid payout emits ``payout.created``, ``payout.paid`` and
``payout.reconciliation_completed``, as Stripe does.
"""

import json
import weakref
from typing import Any

from fastapi import APIRouter, Request

from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import SecretKey, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int
from stripe_standin.store import Store, expand, new_id, now

router = APIRouter(dependencies=[SecretKey])

PAYOUT_TYPES = ("payout", "payout_cancel", "payout_failure")

# store -> {balance transaction id: payout id}
_LINKS: "weakref.WeakKeyDictionary[Store, dict[str, str]]" = weakref.WeakKeyDictionary()


def links(store: Store) -> dict[str, str]:
    return _LINKS.setdefault(store, {})


def payout_of(store: Store, txn_id: str) -> str | None:
    return links(store).get(txn_id)


def list_balance_transactions(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/balance_transactions`` with Stripe's filters (``payout``, ``type``,
    ``source``, ``currency``), pagination and ``expand[]=data.source``."""
    items = store.of_kind("balance_transaction")
    for name in ("type", "source", "currency"):
        if params.get(name):
            items = [i for i in items if i.get(name) == params[name]]
    if params.get("payout"):
        payout = store.get(str(params["payout"]), "payout", "payout")
        member = links(store)
        items = [i for i in items if member.get(i["id"]) == payout["id"]]
    page = stripe_list(items, params, "/v1/balance_transactions")
    paths = params.get("expand") or []
    if paths:
        page = expand(store, page, paths)
    return page


def _int(raw: Any, name: str) -> int | None:
    return form_int({name: raw}, name)


def create_automatic_payout(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    currency = str(params.get("currency", "")).lower()
    if not currency:
        raise StripeError(
            "Missing required param: currency.", code="parameter_missing", param="currency"
        )
    member = links(store)
    chosen_ids = params.get("balance_transactions")
    if chosen_ids:
        if not isinstance(chosen_ids, list):
            raise StripeError("balance_transactions must be a list.", param="balance_transactions")
        chosen = [
            store.get(str(i), "balance_transaction", "balance_transactions") for i in chosen_ids
        ]
        for txn in chosen:
            if txn["id"] in member:
                raise StripeError(
                    f"{txn['id']} was already paid out in {member[txn['id']]}.",
                    param="balance_transactions",
                )
            if txn["currency"] != currency:
                raise StripeError(
                    f"{txn['id']} is not in {currency}.", param="balance_transactions"
                )
    else:
        t = now()
        chosen = [
            txn
            for txn in store.of_kind("balance_transaction")
            if txn["currency"] == currency
            and txn["id"] not in member
            and txn["type"] not in PAYOUT_TYPES
            and (txn.get("available_on") or 0) <= t
        ]
    carried = sum(txn["net"] for txn in chosen)
    amount = _int(params.get("amount"), "amount")
    amount = carried if amount is None else amount
    if amount <= 0:
        raise StripeError(
            "Nothing to pay out: the payout amount must be positive.",
            code="balance_insufficient",
            param="amount",
        )
    payout_id = new_id("po_")
    own = store.balance_transaction(
        amount=-amount,
        currency=currency,
        type_="payout",
        source=payout_id,
        reporting_category="payout",
        description="STRIPE PAYOUT",
    )
    created = now()
    status = str(params.get("status") or "paid")
    if status not in ("paid", "pending"):
        raise StripeError("status must be paid or pending.", param="status")
    payout = store.put(
        {
            "id": payout_id,
            "object": "payout",
            "amount": amount,
            "arrival_date": created,
            "automatic": True,
            "balance_transaction": own["id"],
            "created": created,
            "currency": currency,
            "description": "STRIPE PAYOUT",
            "failure_code": None,
            "livemode": False,
            "metadata": {},
            "method": "standard",
            "reconciliation_status": "in_progress",
            "status": "pending",
            "type": "bank_account",
        }
    )
    for txn in chosen:
        member[txn["id"]] = payout_id
    member[own["id"]] = payout_id
    store.emit("payout.created", payout)
    if status == "paid":
        payout["status"] = "paid"
        store.emit("payout.paid", payout, {"status": "pending"})
        payout["reconciliation_status"] = "completed"
        store.emit(
            "payout.reconciliation_completed", payout, {"reconciliation_status": "in_progress"}
        )
    return payout


@router.post("/_standin/payouts")
async def test_payout(request: Request, store: StoreDep) -> dict[str, Any]:
    """An automatic payout: JSON {currency, balance_transactions?, amount?, status?}."""
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise StripeError("The body must be JSON.") from exc
    if not isinstance(body, dict):
        raise StripeError("The body must be a JSON object.")
    async with store.lock:
        return dict(create_automatic_payout(store, body))
