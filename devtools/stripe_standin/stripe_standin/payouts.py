"""Payouts from the Stripe balance to the bank account, and their arrival."""

from typing import Any

from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.store import Store, new_id, now


def create_payout(store: Store, params: dict[str, Any], idem: str | None) -> dict[str, Any]:
    amount = form_int(params, "amount", required=True) or 0
    currency = str(params.get("currency", "")).lower()
    if not currency:
        raise StripeError(
            "Missing required param: currency.", code="parameter_missing", param="currency"
        )
    if amount <= 0:
        raise StripeError("The payout amount must be positive.", param="amount")
    available = store.available_balance(currency)
    if amount > available:
        raise StripeError(
            "You have insufficient funds in your Stripe account for this transfer. Your "
            f"card balance is too low. You can use the /v1/balance endpoint to view your "
            f"Stripe balance (available: {available}).",
            code="balance_insufficient",
            param="amount",
        )
    payout_id = new_id("po_")
    txn = store.balance_transaction(
        amount=-amount,
        currency=currency,
        type_="payout",
        source=payout_id,
        reporting_category="payout",
        description=params.get("description") or "STRIPE PAYOUT",
    )
    created = now()
    payout = store.put(
        {
            "id": payout_id,
            "object": "payout",
            "amount": amount,
            "arrival_date": created,
            "automatic": False,
            "balance_transaction": txn["id"],
            "created": created,
            "currency": currency,
            "description": params.get("description"),
            "failure_code": None,
            "livemode": False,
            "metadata": form_metadata(params),
            "method": "standard",
            "status": "pending",
            "type": "bank_account",
        }
    )
    store.emit("payout.created", payout, idempotency_key=idem)
    return payout


def mark_payout_paid(store: Store, payout: dict[str, Any]) -> dict[str, Any]:
    if payout["status"] != "pending":
        raise StripeError(f"Payout {payout['id']} is {payout['status']}, not pending.")
    payout["status"] = "paid"
    store.emit("payout.paid", payout, {"status": "pending"})
    return payout
