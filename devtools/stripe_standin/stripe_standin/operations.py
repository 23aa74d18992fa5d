"""What happens in the Stripe account: sessions, card payments, refunds, disputes, payouts.

Each function mutates the store (the caller holds its lock) and emits the events Stripe
emits for the same change, so webhooks follow exactly as they would from Stripe.
"""

import asyncio
import re
import time
from typing import Any

from stripe_standin import cash_balance
from stripe_standin.config import StandinSettings
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int
from stripe_standin.store import DISPUTE_FEES, Store, new_id, now, snapshot, stripe_fee

# Stripe's test cards (https://docs.stripe.com/testing) the stand-in understands.
SUCCEEDS = "succeeds"
TEST_CARDS: dict[str, tuple[str, str | None]] = {
    "4242424242424242": (SUCCEEDS, None),
    "4000056655665556": (SUCCEEDS, None),
    "5555555555554444": (SUCCEEDS, None),
    "4000000000000002": ("card_declined", "generic_decline"),
    "4000000000009995": ("card_declined", "insufficient_funds"),
    "4000000000000069": ("expired_card", None),
    "4000000000000127": ("incorrect_cvc", None),
    # Succeeds, then its refunds fail some time later (Stripe: 4000 0000 0000 5126).
    "4000000000005126": (SUCCEEDS, "refund_fails"),
    # Succeeds, then the charge is disputed as fraudulent (Stripe: 4000 0000 0000 0259).
    "4000000000000259": (SUCCEEDS, "disputed"),
}

DECLINE_MESSAGES = {
    "card_declined": "Your card was declined.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "incorrect_number": "Your card number is incorrect.",
    "invalid_expiry": "Your card's expiration date is invalid.",
    "invalid_cvc": "Your card's security code is invalid.",
}


def _int(params: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    return form_int(params, name, required=required)


def _metadata(params: dict[str, Any], name: str = "metadata") -> dict[str, str]:
    value = params.get(name) or {}
    if not isinstance(value, dict):
        raise StripeError("Invalid object", code="parameter_invalid_object", param=name)
    return {str(k): str(v) for k, v in value.items()}


# ---------------------------------------------------------------- checkout sessions
def create_session(
    store: Store, settings: StandinSettings, params: dict[str, Any], idem: str | None
) -> dict[str, Any]:
    if params.get("mode", "payment") != "payment":
        raise StripeError("The stand-in supports mode=payment only.", param="mode")
    for name in ("success_url",):
        if not params.get(name):
            raise StripeError(
                f"Missing required param: {name}.", code="parameter_missing", param=name
            )
    items = params.get("line_items")
    if not isinstance(items, list) or not items:
        raise StripeError(
            "Missing required param: line_items.", code="parameter_missing", param="line_items"
        )
    currency: str | None = None
    total = 0
    for i, item in enumerate(items):
        data = item.get("price_data") if isinstance(item, dict) else None
        if not isinstance(data, dict):
            raise StripeError("line_items need price_data.", param=f"line_items[{i}][price_data]")
        cur = str(data.get("currency", "")).lower()
        if not cur:
            raise StripeError(
                "Missing currency.",
                code="parameter_missing",
                param=f"line_items[{i}][price_data][currency]",
            )
        if currency and cur != currency:
            raise StripeError(
                "All line items must share one currency.",
                param=f"line_items[{i}][price_data][currency]",
            )
        currency = cur
        unit = _int(data, "unit_amount", required=True) or 0
        qty = _int(item, "quantity", required=True) or 0
        if unit < 0 or qty < 1:
            raise StripeError("Amounts must be positive.", param=f"line_items[{i}]")
        total += unit * qty
    if total < 1:
        raise StripeError("The amount must be positive.", code="amount_too_small")
    created = now()
    expires_at = _int(params, "expires_at") or created + settings.checkout_max_expiry_seconds
    if expires_at < created + settings.checkout_min_expiry_seconds:
        raise StripeError(
            "The `expires_at` timestamp must be at least "
            f"{settings.checkout_min_expiry_seconds // 60} minutes from Checkout Session "
            "creation.",
            param="expires_at",
        )
    if expires_at > created + settings.checkout_max_expiry_seconds:
        raise StripeError(
            "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
            param="expires_at",
        )
    session_id = new_id("cs_test_", 58)
    pi_data = params.get("payment_intent_data") or {}
    session = {
        "id": session_id,
        "object": "checkout.session",
        "amount_subtotal": total,
        "amount_total": total,
        "cancel_url": params.get("cancel_url"),
        "client_reference_id": params.get("client_reference_id"),
        "created": created,
        "currency": currency,
        "customer": None,
        "customer_email": params.get("customer_email"),
        "expires_at": expires_at,
        "livemode": False,
        "metadata": _metadata(params),
        "mode": "payment",
        "payment_intent": None,
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "status": "open",
        "success_url": params["success_url"],
        "url": f"{settings.public_url}/checkout/{session_id}",
        # Checkout's page language: "ja", "en", or "auto" (the browser's), as at Stripe.
        "locale": str(params.get("locale") or "auto"),
        "line_items_data": items,
        "payment_intent_metadata": _metadata(pi_data) if isinstance(pi_data, dict) else {},
        "description": (pi_data.get("description") if isinstance(pi_data, dict) else None),
    }
    store.put(session)
    return session


def public_session(session: dict[str, Any]) -> dict[str, Any]:
    """The session as the API shows it (without the stand-in's private fields)."""
    return {k: v for k, v in session.items() if k not in _PRIVATE}


_PRIVATE = {"line_items_data", "payment_intent_metadata", "description", "card_behaviour"}


def expire_session(store: Store, session: dict[str, Any], idem: str | None = None) -> None:
    if session["status"] != "open":
        raise StripeError(
            f'Only Checkout Sessions with a status in ["open"] can be expired. This '
            f'Checkout Session has a status of "{session["status"]}".',
            code="checkout_session_not_open",
        )
    session["status"] = "expired"
    store.emit("checkout.session.expired", public_session(session), {"status": "open"}, idem)


def sweep_expired(store: Store) -> None:
    t = now()
    for session in store.of_kind("checkout.session"):
        if session["status"] == "open" and session["expires_at"] <= t:
            expire_session(store, session)


# ---------------------------------------------------------------------- card payment
def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def check_card(number: str, expiry: str, cvc: str) -> tuple[str | None, str | None, str]:
    """-> (error code or None, decline code or behaviour, normalised number)."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not _luhn_ok(digits):
        return "incorrect_number", None, digits
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry or "")
    if not match:
        return "invalid_expiry", None, digits
    month, year = int(match.group(1)), int(match.group(2))
    year = year + 2000 if year < 100 else year
    current = time.gmtime()
    if not 1 <= month <= 12 or (year, month) < (current.tm_year, current.tm_mon):
        return ("invalid_expiry" if not 1 <= month <= 12 else "expired_card"), None, digits
    if not re.fullmatch(r"\d{3,4}", (cvc or "").strip()):
        return "invalid_cvc", None, digits
    outcome, detail = TEST_CARDS.get(digits, ("card_declined", "test_mode_live_card"))
    if outcome == SUCCEEDS:
        return None, detail, digits
    return outcome, detail, digits


def pay_session(
    store: Store, session: dict[str, Any], number: str, expiry: str, cvc: str
) -> dict[str, Any]:
    """Pay an open session with a card, as the hosted page does. Returns the payment
    intent; a decline raises a ``card_error`` and leaves the session open and payable."""
    if session["status"] != "open":
        raise StripeError(
            f"This Checkout Session is {session['status']} and can no longer be paid.",
            code="checkout_session_not_open",
        )
    if session["expires_at"] <= now():
        expire_session(store, session)
        raise StripeError("This Checkout Session has expired.", code="checkout_session_expired")
    error, detail, digits = check_card(number, expiry, cvc)
    pi = _payment_intent_for(store, session)
    amount, currency = session["amount_total"], session["currency"]
    card = {"brand": "visa" if digits.startswith("4") else "mastercard", "last4": digits[-4:]}
    charge = store.put(
        {
            "id": new_id("ch_"),
            "object": "charge",
            "amount": amount,
            "amount_captured": 0,
            "amount_refunded": 0,
            "balance_transaction": None,
            "captured": False,
            "created": now(),
            "currency": currency,
            "disputed": False,
            "failure_code": error,
            "failure_message": DECLINE_MESSAGES.get(error or ""),
            "livemode": False,
            "metadata": dict(pi["metadata"]),
            "outcome": None,
            "paid": False,
            "payment_intent": pi["id"],
            "payment_method_details": {"type": "card", "card": card},
            "refunded": False,
            "status": "failed" if error else "succeeded",
        }
    )
    if error:
        message = DECLINE_MESSAGES.get(error, "Your card was declined.")
        charge["outcome"] = {"type": "issuer_declined", "reason": detail}
        pi["last_payment_error"] = {
            "type": "card_error",
            "code": error,
            "decline_code": detail,
            "message": message,
            "charge": charge["id"],
        }
        pi["latest_charge"] = charge["id"]
        pi["status"] = "requires_payment_method"
        store.emit("charge.failed", charge)
        store.emit("payment_intent.payment_failed", pi)
        raise StripeError(
            message,
            status=402,
            type="card_error",
            code=error,
            decline_code=detail,
            charge=charge["id"],
            payment_intent=snapshot(pi),
        )
    _capture(store, charge, pi)
    charge["card_behaviour"] = detail
    session.update(status="complete", payment_status="paid", payment_intent=pi["id"])
    store.emit("charge.succeeded", _public_charge(charge))
    store.emit("payment_intent.succeeded", pi)
    store.emit("checkout.session.completed", public_session(session))
    if detail == "disputed":
        create_dispute(store, charge, reason="fraudulent")
    return pi


def _capture(store: Store, charge: dict[str, Any], pi: dict[str, Any]) -> None:
    """The money is taken: a balance transaction with Stripe's fee, charge and intent
    succeeded."""
    amount, currency = charge["amount"], charge["currency"]
    txn = store.balance_transaction(
        amount=amount,
        currency=currency,
        type_="charge",
        source=charge["id"],
        fee=stripe_fee(amount),
        description=pi.get("description"),
    )
    charge.update(
        amount_captured=amount,
        balance_transaction=txn["id"],
        captured=True,
        paid=True,
        status="succeeded",
        outcome={"type": "authorized", "network_status": "approved_by_network"},
    )
    pi.update(
        amount_received=amount,
        latest_charge=charge["id"],
        last_payment_error=None,
        status="succeeded",
    )


def pay_session_async(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    """Pay with a delayed method (Stripe's konbini or bank transfer): the session
    completes unpaid and the intent is processing until :func:`settle_async`."""
    if session["status"] != "open":
        raise StripeError(
            f"This Checkout Session is {session['status']} and can no longer be paid.",
            code="checkout_session_not_open",
        )
    pi = _payment_intent_for(store, session)
    charge = store.put(
        {
            "id": new_id("ch_"),
            "object": "charge",
            "amount": session["amount_total"],
            "amount_captured": 0,
            "amount_refunded": 0,
            "balance_transaction": None,
            "captured": False,
            "created": now(),
            "currency": session["currency"],
            "disputed": False,
            "failure_code": None,
            "failure_message": None,
            "livemode": False,
            "metadata": dict(pi["metadata"]),
            "outcome": None,
            "paid": False,
            "payment_intent": pi["id"],
            "payment_method_details": {"type": "konbini", "konbini": {"store": None}},
            "refunded": False,
            "status": "pending",
        }
    )
    pi.update(latest_charge=charge["id"], status="processing")
    session.update(status="complete", payment_status="unpaid", payment_intent=pi["id"])
    store.emit("payment_intent.processing", pi)
    store.emit("checkout.session.completed", public_session(session))
    return pi


def settle_async(store: Store, session: dict[str, Any], outcome: str) -> dict[str, Any]:
    """The delayed payment arrives (``succeeded``) or never does (``failed``)."""
    pi = store.objects.get(session.get("payment_intent") or "")
    if pi is None or pi["status"] != "processing":
        raise StripeError("This session has no payment in processing.")
    charge = store.objects[pi["latest_charge"]]
    if outcome == "succeeded":
        _capture(store, charge, pi)
        session["payment_status"] = "paid"
        store.emit("charge.succeeded", _public_charge(charge))
        store.emit("payment_intent.succeeded", pi)
        store.emit("checkout.session.async_payment_succeeded", public_session(session))
    elif outcome == "failed":
        charge.update(status="failed", failure_code="payment_intent_payment_attempt_expired")
        pi.update(
            status="requires_payment_method",
            last_payment_error={
                "type": "invalid_request_error",
                "code": "payment_intent_payment_attempt_expired",
                "message": "The customer did not pay in time.",
            },
        )
        store.emit("charge.failed", _public_charge(charge))
        store.emit("payment_intent.payment_failed", pi)
        store.emit("checkout.session.async_payment_failed", public_session(session))
    else:
        raise StripeError("outcome must be succeeded or failed.", param="outcome")
    return pi


def _payment_intent_for(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    pi_id = session.get("payment_intent")
    if pi_id:
        return store.objects[pi_id]
    pi = store.put(
        {
            "id": new_id("pi_"),
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_received": 0,
            "created": now(),
            "currency": session["currency"],
            "description": session.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(session.get("payment_intent_metadata") or {}),
            "payment_method_types": ["card"],
            "status": "requires_payment_method",
        }
    )
    # Stripe links the intent to the session as soon as a payment is attempted.
    session["payment_intent"] = pi["id"]
    store.emit("payment_intent.created", pi)
    return pi


def _public_charge(charge: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in charge.items() if k not in _PRIVATE}


public_charge = _public_charge


# ---------------------------------------------------------------------------- refunds
def create_refund(
    store: Store, params: dict[str, Any], idem: str | None, loop_delay: float = 0.3
) -> dict[str, Any]:
    if params.get("origin") not in (None, "", "customer_balance"):
        raise StripeError(f"Invalid origin: {params['origin']}", param="origin")
    if params.get("origin") == "customer_balance":
        return cash_balance.create_cash_return(store, params, idem, _metadata(params))
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
    amount = _int(params, "amount")
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
            "metadata": _metadata(params),
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
    store.emit("charge.refunded", _public_charge(charge), previous, idem)
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


# ----------------------------------------------------------------------------- payouts
def create_payout(store: Store, params: dict[str, Any], idem: str | None) -> dict[str, Any]:
    amount = _int(params, "amount", required=True) or 0
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
            "metadata": _metadata(params),
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
