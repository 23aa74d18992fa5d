"""In-memory Stripe account: objects, balance transactions, events and idempotency.

The stand-in is a dev/test tool, so state lives in the process. Every mutation goes
through :class:`Store` under one lock, emits the events Stripe would emit, and hands
them to the webhook deliverer.
"""

import asyncio
import secrets
import string
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from stripe_standin.errors import StripeError, missing

API_VERSION = "2024-06-20"

# Stripe's processing fee in the stand-in: 3.6 % (as in Japan), in minor units.
FEE_PER_MILLE = 36
# Stripe charges a fee per dispute; in the currency's minor units.
DISPUTE_FEES = {"jpy": 2000, "usd": 1500}
ZERO_DECIMAL = {"jpy", "krw", "vnd", "clp", "xof", "xaf", "ugx", "rwf", "pyg", "mga", "kmf"}

OBJECT_PREFIXES = {
    "cs_test_": "checkout.session",
    "pi_": "payment_intent",
    "ch_": "charge",
    "re_": "refund",
    "txn_": "balance_transaction",
    "evt_": "event",
    "dp_": "dispute",
    "po_": "payout",
    "pyr_": "refund",
    "cn_": "credit_note",
    "ccsbtxn_": "customer_cash_balance_transaction",
}

_ALPHABET = string.ascii_letters + string.digits


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def now() -> int:
    return int(time.time())


def stripe_fee(amount: int) -> int:
    """3.6 % of ``amount`` (minor units), rounded half up to a whole minor unit."""
    return (amount * FEE_PER_MILLE + 500) // 1000


class Store:
    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.idempotency: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {}
        self.lock = asyncio.Lock()
        # Set by the app: called with each new event (the webhook deliverer) and a delay.
        self.on_event: Callable[[dict[str, Any], float], None] = lambda _e, _d: None
        # Test control: hold back webhooks of the current operation (a late delivery).
        self.webhook_delay = 0.0

    # ----------------------------------------------------------------- objects
    def put(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects[obj["id"]] = obj
        return obj

    def get(self, object_id: str, kind: str, param: str = "id") -> dict[str, Any]:
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind:
            raise missing(kind, object_id, param)
        return obj

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """Objects of one kind, newest first (Stripe's list order)."""
        found = [o for o in self.objects.values() if o["object"] == kind]
        return list(reversed(found))

    # ------------------------------------------------------------------ events
    def emit(
        self,
        type_: str,
        obj: dict[str, Any],
        previous: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        event: dict[str, Any] = {
            "id": new_id("evt_"),
            "object": "event",
            "api_version": API_VERSION,
            "created": now(),
            "data": {"object": snapshot(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": new_id("req_", 14), "idempotency_key": idempotency_key},
            "type": type_,
        }
        if previous:
            event["data"]["previous_attributes"] = previous
        self.objects[event["id"]] = event
        self.events.append(event)
        self.on_event(event, self.webhook_delay)
        return event

    # ------------------------------------------------------------- idempotency
    async def idempotent(
        self,
        key: str | None,
        endpoint: str,
        params: dict[str, Any],
        call: Callable[[], Awaitable[dict[str, Any]]],
    ) -> tuple[dict[str, Any], bool]:
        """Run ``call`` once per key, as Stripe does: a retry with the same key and the
        same parameters replays the first result; other parameters are an error.
        Only results of requests that ran are saved (validation errors are not)."""
        if key is None:
            return await call(), False
        saved = self.idempotency.get(key)
        if saved is not None:
            saved_endpoint, saved_params, result = saved
            if saved_endpoint != endpoint or saved_params != params:
                raise StripeError(
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with. Try using a key other than "
                    f"'{key}' if you meant to execute a different request.",
                    type="idempotency_error",
                    code="idempotency_key_in_use",
                )
            return result, True
        result = await call()
        self.idempotency[key] = (endpoint, params, result)
        return result, False

    async def run_once(
        self,
        key: str | None,
        endpoint: str,
        params: dict[str, Any],
        call: Callable[[], Awaitable[dict[str, Any]]],
        response: Response,
    ) -> dict[str, Any]:
        """A write endpoint's whole idempotency dance: under the store's lock, run
        ``call`` once per key (see :meth:`idempotent`) and mark a replayed answer the
        way Stripe does."""
        async with self.lock:
            result, replayed = await self.idempotent(key, endpoint, params, call)
        if replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return result

    # ----------------------------------------------------- balance transactions
    def balance_transaction(
        self,
        *,
        amount: int,
        currency: str,
        type_: str,
        source: str,
        fee: int = 0,
        reporting_category: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        created = now()
        txn = {
            "id": new_id("txn_"),
            "object": "balance_transaction",
            "amount": amount,
            "available_on": created,
            "created": created,
            "currency": currency,
            "description": description,
            "exchange_rate": None,
            "fee": fee,
            "fee_details": (
                [
                    {
                        "amount": fee,
                        "application": None,
                        "currency": currency,
                        "description": "Stripe processing fees",
                        "type": "stripe_fee",
                    }
                ]
                if fee
                else []
            ),
            "net": amount - fee,
            "reporting_category": reporting_category or type_,
            "source": source,
            "status": "available",
            "type": type_,
        }
        return self.put(txn)

    def available_balance(self, currency: str) -> int:
        return sum(
            t["net"] for t in self.of_kind("balance_transaction") if t["currency"] == currency
        )


def snapshot(obj: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, so later changes do not rewrite what an event carried."""
    import copy

    return copy.deepcopy(obj)


def expand(store: Store, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """Stripe's ``expand[]``: replace id fields named by dotted paths with the objects."""
    result = snapshot(obj)
    for path in paths:
        _expand_path(store, result, path.split("."))
    return result


def _expand_path(store: Store, node: Any, parts: list[str]) -> None:
    if not parts or not isinstance(node, dict):
        return
    head, rest = parts[0], parts[1:]
    if head == "data" and node.get("object") == "list":
        for item in node.get("data", []):
            _expand_path(store, item, rest)
        return
    value = node.get(head)
    if isinstance(value, str) and value in store.objects:
        value = snapshot(store.objects[value])
        node[head] = value
    _expand_path(store, value, rest)
