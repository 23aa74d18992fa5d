"""Customer cash balances, as Stripe keeps them for bank-transfer (``customer_balance``)
payments: transfers in, refunds of bank-transfer payments (the money goes back into the
customer's cash balance, not straight to a bank), and returns of cash balance to the
customer's bank account (a refund with ``origin=customer_balance``).

A return needs the customer's bank details, which Stripe asks for by email: it waits in
``requires_action`` (``next_action.display_details``) until the customer answers
(``POST /_standin/refunds/{id}/bank_details``: pending, then succeeded) or the 45 days
pass (``POST /_standin/refunds/{id}/expire``: canceled, the money is back in the cash
balance). ``POST /_standin/refunds/{id}/fail`` makes the bank return it (failed, back in
the cash balance).
"""

from typing import Any

from fastapi import APIRouter

from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int
from stripe_standin.store import Store, new_id, now

router = APIRouter(dependencies=[SecretKey])

# Stripe gives the customer 45 days to send the bank details of a return.
RETURN_WINDOW_SECONDS = 45 * 86_400
BANK_TRANSFER_TYPES = {"jpy": "jp_bank_transfer", "usd": "us_bank_transfer"}


def cash_transaction(
    store: Store,
    customer: dict[str, Any],
    currency: str,
    amount: int,
    type_: str,
    **details: Any,
) -> dict[str, Any]:
    """Move ``amount`` (signed) in or out of the customer's cash balance, with the
    ``customer_cash_balance_transaction`` Stripe records for it."""
    available = customer["cash_balance"]["available"]
    ending = available.get(currency, 0) + amount
    if ending < 0:
        raise StripeError(
            "The customer's cash balance is too low for this.", code="balance_insufficient"
        )
    available[currency] = ending
    txn = store.put(
        {
            "id": new_id("ccsbtxn_"),
            "object": "customer_cash_balance_transaction",
            "created": now(),
            "currency": currency,
            "customer": customer["id"],
            "ending_balance": ending,
            "livemode": False,
            "net_amount": amount,
            "type": type_,
            type_: details,
        }
    )
    store.emit("customer_cash_balance_transaction.created", txn)
    return txn


def refund_into_cash_balance(store: Store, charge: dict[str, Any], refund: dict[str, Any]) -> None:
    """A refund of a bank-transfer payment: the money goes back to the customer's cash
    balance at once (the refund succeeds); returning it to a bank is a further step."""
    customer = store.get(str(charge.get("customer")), "customer", "charge")
    refund["destination_details"] = {"type": "customer_cash_balance", "customer_cash_balance": {}}
    cash_transaction(
        store,
        customer,
        refund["currency"],
        refund["amount"],
        "refunded_from_payment",
        refund=refund["id"],
    )


def create_cash_return(
    store: Store, params: dict[str, Any], idem: str | None, metadata: dict[str, str]
) -> dict[str, Any]:
    """``POST /v1/refunds`` with ``origin=customer_balance``: return cash balance to the
    customer's bank account."""
    customer = store.get(str(params.get("customer", "")), "customer", "customer")
    amount = form_int(params, "amount", required=True) or 0
    currency = str(params.get("currency", "")).lower()
    if not currency:
        raise StripeError(
            "Missing required param: currency.", code="parameter_missing", param="currency"
        )
    if amount <= 0:
        raise StripeError("The refund amount must be positive.", param="amount")
    email = params.get("instructions_email") or customer.get("email")
    if not email:
        raise StripeError(
            "The customer has no email address to send refund instructions to; pass "
            "instructions_email.",
            param="instructions_email",
        )
    created = now()
    refund_id = new_id("re_")
    cash_transaction(store, customer, currency, -amount, "return_initiated", refund=refund_id)
    reason = params.get("reason")
    if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
        raise StripeError(f"Invalid reason: {reason}", param="reason")
    refund = store.put(
        {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "balance_transaction": None,
            "charge": None,
            "created": created,
            "currency": currency,
            "customer": customer["id"],
            "destination_details": {
                "type": BANK_TRANSFER_TYPES.get(currency, "bank_transfer"),
                BANK_TRANSFER_TYPES.get(currency, "bank_transfer"): {
                    "reference": None,
                    "reference_status": "pending",
                },
            },
            "failure_balance_transaction": None,
            "failure_reason": None,
            "instructions_email": email,
            "metadata": metadata,
            "next_action": {
                "type": "display_details",
                "display_details": {
                    "email_sent": {"email_sent_at": created, "email_sent_to": email},
                    "expires_at": created + RETURN_WINDOW_SECONDS,
                },
            },
            "origin": "customer_balance",
            "payment_intent": None,
            "reason": reason,
            "status": "requires_action",
        }
    )
    store.emit("refund.created", refund, idempotency_key=idem)
    return refund


def _cash_return(store: Store, refund_id: str) -> dict[str, Any]:
    refund = store.get(refund_id, "refund")
    if refund.get("origin") != "customer_balance":
        raise StripeError(f"Refund {refund_id} is not a return of a customer's cash balance.")
    return refund


def _move(store: Store, refund: dict[str, Any], status: str, **changes: Any) -> None:
    previous = refund["status"]
    refund.update(status=status, **changes)
    store.emit("refund.updated", refund, {"status": previous})


def end_cash_return(store: Store, refund: dict[str, Any], status: str, reason: str) -> None:
    """The return did not reach the bank (canceled or failed): the money is back in the
    customer's cash balance."""
    if refund["status"] not in ("requires_action", "pending"):
        raise StripeError(f"Refund {refund['id']} is {refund['status']}.")
    customer = store.get(refund["customer"], "customer")
    cash_transaction(
        store,
        customer,
        refund["currency"],
        refund["amount"],
        "return_canceled",
        refund=refund["id"],
    )
    _move(store, refund, status, failure_reason=reason, next_action=None)
    if status == "failed":
        store.emit("refund.failed", refund, {"status": "pending"})


@router.get("/v1/customers/{customer_id}/cash_balance")
async def retrieve_cash_balance(customer_id: str, store: StoreDep) -> dict[str, Any]:
    customer = store.get(customer_id, "customer")
    return {
        "object": "cash_balance",
        "available": dict(customer["cash_balance"]["available"]),
        "customer": customer_id,
        "livemode": False,
        "settings": {"reconciliation_mode": "automatic", "using_merchant_default": True},
    }


@router.get("/v1/customers/{customer_id}/cash_balance_transactions")
async def list_cash_balance_transactions(
    customer_id: str, store: StoreDep, params: Params
) -> dict[str, Any]:
    store.get(customer_id, "customer")
    items = [
        t
        for t in store.of_kind("customer_cash_balance_transaction")
        if t["customer"] == customer_id
    ]
    return stripe_list(items, params, f"/v1/customers/{customer_id}/cash_balance_transactions")


@router.post("/_standin/refunds/{refund_id}/bank_details", tags=["test controls"])
async def bank_details_received(refund_id: str, store: StoreDep) -> dict[str, Any]:
    """The customer answered Stripe's email with their bank details: the return is sent
    (pending) and arrives (succeeded)."""
    async with store.lock:
        refund = _cash_return(store, refund_id)
        if refund["status"] != "requires_action":
            raise StripeError(f"Refund {refund_id} is {refund['status']}, not requires_action.")
        _move(store, refund, "pending", next_action=None)
        details = refund["destination_details"]
        details[details["type"]].update(reference=new_id("REF", 10), reference_status="available")
        _move(store, refund, "succeeded")
        return refund


@router.post("/_standin/refunds/{refund_id}/expire", tags=["test controls"])
async def expire_cash_return(refund_id: str, store: StoreDep) -> dict[str, Any]:
    """45 days passed without bank details: Stripe cancels the return."""
    async with store.lock:
        refund = _cash_return(store, refund_id)
        end_cash_return(store, refund, "canceled", "expired_or_canceled")
        return refund
