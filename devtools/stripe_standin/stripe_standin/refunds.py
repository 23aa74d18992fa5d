"""What happens to a charge afterwards: refunds (and their late failures) and disputes.

Like ``operations``: each function mutates the store (the caller holds its lock) and emits
the events Stripe emits for the same change.
"""

import asyncio
from typing import Any

from stripe_standin import cash_balance
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.public import public_charge
from stripe_standin.store import DISPUTE_FEES, Store, new_id, now, snapshot


def create_refund(
    store: Store, params: dict[str, Any], idem: str | None, loop_delay: float = 0.3
) -> dict[str, Any]:
    if params.get("origin") not in (None, "", "customer_balance"):
        raise StripeError(f"Invalid origin: {params['origin']}", param="origin")
    if params.get("origin") == "customer_balance":
        return cash_balance.create_cash_return(store, params, idem, form_metadata(params))
    charge_id = params.get("charge")
    pi_id = params.get("payment_intent")
    if not charge_id and not pi_id:
        raise StripeError(
            "One of `charge` or `payment_intent` is required.",
            code="parameter_missing",
            param="charge",
        )
    if pi_id and not charge_id:
        pi = store.get(pi_id, "payment_intent", "payment_intent")
        charge_id = pi.get("latest_charge")
        if not charge_id or pi["status"] != "succeeded":
            raise StripeError(
                f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.",
                param="payment_intent",
            )
    charge = store.get(str(charge_id), "charge", "charge")
    if charge["status"] != "succeeded":
        raise StripeError(f"Charge {charge['id']} has not succeeded.", param="charge")
    refundable = charge["amount_captured"] - charge["amount_refunded"]
    amount = form_int(params, "amount")
    amount = refundable if amount is None else amount
    if amount <= 0:
        raise StripeError("The refund amount must be positive.", param="amount")
    if refundable <= 0:
        raise StripeError(
            f"Charge {charge['id']} has already been refunded.",
            code="charge_already_refunded",
        )
    if amount > refundable:
        raise StripeError(
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({refundable})",
            param="amount",
        )
    reason = params.get("reason")
    if reason not in (None, "duplicate", "fraudulent", "requested_by_customer"):
        raise StripeError(f"Invalid reason: {reason}", param="reason")
    txn = store.balance_transaction(
        amount=-amount,
        currency=charge["currency"],
        type_="refund",
        source="",
        description="REFUND FOR CHARGE",
    )
    refund = store.put(
        {
            "id": new_id("re_"),
            "object": "refund",
            "amount": amount,
            "balance_transaction": txn["id"],
            "charge": charge["id"],
            "created": now(),
            "currency": charge["currency"],
            "failure_balance_transaction": None,
            "failure_reason": None,
            "metadata": form_metadata(params),
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "status": "succeeded",
        }
    )
    txn["source"] = refund["id"]
    if (charge.get("payment_method_details") or {}).get("type") == "customer_balance":
        cash_balance.refund_into_cash_balance(store, charge, refund)
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
    store.emit("refund.created", refund, idempotency_key=idem)
    store.emit("charge.refunded", public_charge(charge), previous, idem)
    if charge.get("card_behaviour") == "refund_fails":
        asyncio.get_running_loop().call_later(loop_delay, _fail_refund_later, store, refund["id"])
    return refund


_background: set[asyncio.Task[None]] = set()


def _fail_refund_later(store: Store, refund_id: str) -> None:
    task = asyncio.ensure_future(_fail_refund(store, refund_id))
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _fail_refund(store: Store, refund_id: str) -> None:
    async with store.lock:
        fail_refund(store, store.objects[refund_id], "expired_or_canceled_card")


def fail_refund(store: Store, refund: dict[str, Any], reason: str) -> None:
    """The bank returned the refund: the money comes back to the Stripe balance."""
    if refund["status"] in ("failed", "canceled"):
        raise StripeError(f"Refund {refund['id']} is already {refund['status']}.")
    if refund.get("origin") == "customer_balance":
        cash_balance.end_cash_return(store, refund, "failed", reason)
        return
    charge = store.objects[refund["charge"]]
    txn = store.balance_transaction(
        amount=refund["amount"],
        currency=refund["currency"],
        type_="refund_failure",
        source=refund["id"],
        reporting_category="refund_failure",
        description="REFUND FAILURE",
    )
    previous_status = refund["status"]
    refund.update(status="failed", failure_reason=reason, failure_balance_transaction=txn["id"])
    charge["amount_refunded"] -= refund["amount"]
    charge["refunded"] = False
    store.emit("refund.updated", refund, {"status": previous_status})
    store.emit("refund.failed", refund, {"status": previous_status})
    store.emit("charge.refund.updated", refund, {"status": previous_status})


# ---------------------------------------------------------------------------- disputes
def create_dispute(
    store: Store, charge: dict[str, Any], *, reason: str = "fraudulent", amount: int | None = None
) -> dict[str, Any]:
    if charge["status"] != "succeeded":
        raise StripeError("Only a succeeded charge can be disputed.", param="charge")
    if charge.get("disputed"):
        raise StripeError(f"Charge {charge['id']} is already disputed.", param="charge")
    amount = charge["amount_captured"] - charge["amount_refunded"] if amount is None else amount
    if amount <= 0 or amount > charge["amount_captured"]:
        raise StripeError("The dispute amount is out of range.", param="amount")
    currency = charge["currency"]
    dispute_id = new_id("dp_")
    txn = store.balance_transaction(
        amount=-amount,
        currency=currency,
        type_="adjustment",
        source=dispute_id,
        fee=DISPUTE_FEES.get(currency, 0),
        reporting_category="dispute",
        description=f"Chargeback withdrawal for {charge['id']}",
    )
    dispute = store.put(
        {
            "id": dispute_id,
            "object": "dispute",
            "amount": amount,
            "balance_transactions": [snapshot(txn)],
            "charge": charge["id"],
            "created": now(),
            "currency": currency,
            "evidence_details": {
                "due_by": now() + 7 * 86_400,
                "has_evidence": False,
                "past_due": False,
                "submission_count": 0,
            },
            "is_charge_refundable": False,
            "livemode": False,
            "metadata": {},
            "payment_intent": charge["payment_intent"],
            "reason": reason,
            "status": "needs_response",
        }
    )
    charge["disputed"] = True
    store.emit("charge.dispute.created", dispute)
    store.emit("charge.dispute.funds_withdrawn", dispute)
    return dispute


def close_dispute(store: Store, dispute: dict[str, Any], outcome: str) -> dict[str, Any]:
    if dispute["status"] in ("won", "lost"):
        raise StripeError(f"Dispute {dispute['id']} is already closed.")
    if outcome not in ("won", "lost"):
        raise StripeError("status must be won or lost.", param="status")
    previous = {"status": dispute["status"]}
    if outcome == "won":
        txn = store.balance_transaction(
            amount=dispute["amount"],
            currency=dispute["currency"],
            type_="adjustment",
            source=dispute["id"],
            reporting_category="dispute_reversal",
            description=f"Chargeback reversal for {dispute['charge']}",
        )
        dispute["balance_transactions"].append(snapshot(txn))
        store.emit("charge.dispute.funds_reinstated", dispute)
    dispute["status"] = outcome
    store.emit("charge.dispute.closed", dispute, previous)
    return dispute
