"""What happens in the Stripe account: checkout sessions and card payments (refunds and
disputes are in ``refunds``, payouts in ``payouts``).

Each function mutates the store (the caller holds its lock) and emits the events Stripe
emits for the same change, so webhooks follow exactly as they would from Stripe.
"""

import re
import time
from typing import Any

from stripe_standin.config import StandinSettings
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.public import public_charge, public_session
from stripe_standin.refunds import create_dispute
from stripe_standin.store import Store, new_id, now, snapshot, stripe_fee

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
        unit = form_int(data, "unit_amount", required=True) or 0
        qty = form_int(item, "quantity", required=True) or 0
        if unit < 0 or qty < 1:
            raise StripeError("Amounts must be positive.", param=f"line_items[{i}]")
        total += unit * qty
    if total < 1:
        raise StripeError("The amount must be positive.", code="amount_too_small")
    created = now()
    expires_at = form_int(params, "expires_at") or created + settings.checkout_max_expiry_seconds
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
        "metadata": form_metadata(params),
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
        "payment_intent_metadata": form_metadata(pi_data) if isinstance(pi_data, dict) else {},
        "description": (pi_data.get("description") if isinstance(pi_data, dict) else None),
    }
    store.put(session)
    return session


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
    store.emit("charge.succeeded", public_charge(charge))
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
        store.emit("charge.succeeded", public_charge(charge))
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
        store.emit("charge.failed", public_charge(charge))
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
