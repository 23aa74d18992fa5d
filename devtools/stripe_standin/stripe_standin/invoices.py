"""Invoice items and Invoices: the subset of Stripe's Invoicing API that
company payments use (``collection_method=send_invoice``, paid by bank transfer into the
customer's cash balance or by card), with the events Stripe emits for each change.

Customers and the bank transfers that fund their cash balance are in ``customers``.
Test helpers here, the stand-in's controls: ``POST /_standin/invoices/{id}/overdue`` (the
due date passes) and ``POST /_standin/invoices/{id}/fail_payment`` (a payment attempt
fails).
"""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, SettingsDep, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.store import Store, expand, new_id, now, stripe_fee

router = APIRouter(dependencies=[SecretKey])

# Stripe's fee for a bank transfer into the cash balance (cheaper than cards): 1.5 %.
BANK_TRANSFER_FEE_PER_MILLE = 15
# Test payment methods Stripe documents, for invoices paid by card through the API.
TEST_PAYMENT_METHODS = {
    "pm_card_visa": None,
    "pm_card_mastercard": None,
    "pm_card_chargeDeclined": "card_declined",
    "pm_card_chargeDeclinedInsufficientFunds": "card_declined",
}
PAYMENT_METHOD_TYPES = {"customer_balance", "card", "us_bank_account"}


def _fee(amount: int, method: str) -> int:
    if method == "customer_balance":
        return (amount * BANK_TRANSFER_FEE_PER_MILLE + 500) // 1000
    return stripe_fee(amount)


# --------------------------------------------------------------------- invoice items
@router.post("/v1/invoiceitems")
async def create_invoice_item(
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        customer = store.get(str(params.get("customer", "")), "customer", "customer")
        amount = form_int(params, "amount", required=True) or 0
        currency = str(params.get("currency", "")).lower()
        if not currency:
            raise StripeError(
                "Missing required param: currency.", code="parameter_missing", param="currency"
            )
        invoice = None
        if params.get("invoice"):
            invoice = store.get(str(params["invoice"]), "invoice", "invoice")
            if invoice["status"] != "draft":
                raise StripeError(
                    f"Invoice {invoice['id']} is not a draft; items can no longer be added.",
                    code="invoice_not_editable",
                    param="invoice",
                )
            if invoice["currency"] != currency:
                raise StripeError("The currency must match the invoice's.", param="currency")
        item = store.put(
            {
                "id": new_id("ii_"),
                "object": "invoiceitem",
                "amount": amount,
                "currency": currency,
                "customer": customer["id"],
                "date": now(),
                "description": params.get("description"),
                "invoice": invoice["id"] if invoice else None,
                "livemode": False,
                "metadata": form_metadata(params),
            }
        )
        if invoice is not None:
            _add_line(invoice, item)
        return dict(item)

    return await store.run_once(idempotency_key, "invoiceitems.create", params, call, response)


def _add_line(invoice: dict[str, Any], item: dict[str, Any]) -> None:
    invoice["lines"]["data"].append(
        {
            "id": new_id("il_"),
            "object": "line_item",
            "amount": item["amount"],
            "currency": item["currency"],
            "description": item["description"],
            "invoice_item": item["id"],
            "metadata": item["metadata"],
        }
    )
    invoice["lines"]["total_count"] = len(invoice["lines"]["data"])
    total = sum(line["amount"] for line in invoice["lines"]["data"])
    invoice.update(subtotal=total, total=total, amount_due=total, amount_remaining=total)


# -------------------------------------------------------------------------- invoices
@router.post("/v1/invoices")
async def create_invoice(
    store: StoreDep,
    settings: SettingsDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        customer = store.get(str(params.get("customer", "")), "customer", "customer")
        method = params.get("collection_method", "charge_automatically")
        if method not in ("charge_automatically", "send_invoice"):
            raise StripeError(f"Invalid collection_method: {method}", param="collection_method")
        created = now()
        due_date = form_int(params, "due_date")
        days = form_int(params, "days_until_due")
        if method == "send_invoice":
            if due_date is None and days is None:
                raise StripeError(
                    "Invoices with collection_method=send_invoice need days_until_due or due_date.",
                    param="days_until_due",
                )
            if due_date is not None and due_date <= created:
                raise StripeError("due_date must be in the future.", param="due_date")
            if due_date is None:
                due_date = created + int(days or 0) * 86_400
        settings_in = params.get("payment_settings") or {}
        types = settings_in.get("payment_method_types") or ["card"]
        unknown = set(types) - PAYMENT_METHOD_TYPES
        if unknown:
            raise StripeError(
                f"Invalid payment_method_types: {sorted(unknown)}",
                param="payment_settings[payment_method_types]",
            )
        invoice_id = new_id("in_")
        invoice = store.put(
            {
                "id": invoice_id,
                "object": "invoice",
                "amount_due": 0,
                "amount_paid": 0,
                "amount_remaining": 0,
                "attempt_count": 0,
                "auto_advance": False,
                "charge": None,
                "collection_method": method,
                "created": created,
                "currency": str(params.get("currency") or "usd").lower(),
                "customer": customer["id"],
                "customer_email": customer.get("email"),
                "customer_name": customer.get("name"),
                "description": params.get("description"),
                "due_date": due_date,
                "hosted_invoice_url": None,
                "last_finalization_error": None,
                "lines": {
                    "object": "list",
                    "data": [],
                    "has_more": False,
                    "total_count": 0,
                    "url": f"/v1/invoices/{invoice_id}/lines",
                },
                "livemode": False,
                "metadata": form_metadata(params),
                "number": None,
                "paid": False,
                "paid_out_of_band": False,
                "payment_intent": None,
                "payment_settings": {
                    "payment_method_types": types,
                    "payment_method_options": settings_in.get("payment_method_options"),
                },
                "status": "draft",
                "status_transitions": {
                    "finalized_at": None,
                    "paid_at": None,
                    "voided_at": None,
                    "marked_uncollectible_at": None,
                },
                "subtotal": 0,
                "total": 0,
                "overdue": False,
            }
        )
        if params.get("pending_invoice_items_behavior", "exclude") == "include":
            for item in store.of_kind("invoiceitem")[::-1]:
                if item["customer"] == customer["id"] and item["invoice"] is None:
                    item["invoice"] = invoice_id
                    _add_line(invoice, item)
        store.emit("invoice.created", _public(invoice), idempotency_key=idempotency_key)
        return _public(invoice)

    return await store.run_once(idempotency_key, "invoices.create", params, call, response)


def _public(invoice: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in invoice.items() if k != "overdue"}


@router.get("/v1/invoices/{invoice_id}")
async def retrieve_invoice(invoice_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    invoice = _public(store.get(invoice_id, "invoice"))
    return expand(store, invoice, params.get("expand") or [])


@router.get("/v1/invoices")
async def list_invoices(store: StoreDep, params: Params) -> dict[str, Any]:
    items = [_public(i) for i in store.of_kind("invoice")]
    for name in ("customer", "status", "collection_method"):
        if params.get(name):
            items = [i for i in items if i.get(name) == params[name]]
    return stripe_list(items, params, "/v1/invoices")


async def _invoice_action(
    store: Store,
    invoice_id: str,
    action: str,
    params: dict[str, Any],
    idempotency_key: str | None,
    change: Any,
    response: Response,
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        invoice = store.get(invoice_id, "invoice")
        change(invoice)
        return _public(invoice)

    return await store.run_once(
        idempotency_key, f"invoices.{action}:{invoice_id}", params, call, response
    )


@router.post("/v1/invoices/{invoice_id}/finalize")
async def finalize_invoice(
    invoice_id: str,
    store: StoreDep,
    settings: SettingsDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    def change(invoice: dict[str, Any]) -> None:
        if invoice["status"] != "draft":
            raise StripeError(
                f"This invoice is already finalized, you can't re-finalize a non-draft "
                f"invoice. (status: {invoice['status']})",
                code="invoice_not_editable",
            )
        if invoice["total"] <= 0:
            raise StripeError("An invoice needs a positive amount to be finalized.")
        created = now()
        pi = store.put(
            {
                "id": new_id("pi_"),
                "object": "payment_intent",
                "amount": invoice["amount_due"],
                "amount_received": 0,
                "created": created,
                "currency": invoice["currency"],
                "description": invoice.get("description"),
                "invoice": invoice["id"],
                "last_payment_error": None,
                "latest_charge": None,
                "livemode": False,
                "metadata": {},
                "payment_method_types": invoice["payment_settings"]["payment_method_types"],
                "status": "requires_payment_method",
            }
        )
        count = sum(1 for i in store.of_kind("invoice") if i.get("number"))
        invoice.update(
            status="open",
            number=f"LPX-{count + 1:06d}",
            payment_intent=pi["id"],
            auto_advance=str(params.get("auto_advance", "true")).lower() == "true",
            hosted_invoice_url=f"{settings.public_url}/invoices/{invoice['id']}",
        )
        invoice["status_transitions"]["finalized_at"] = created
        store.emit("invoice.finalized", _public(invoice), {"status": "draft"}, idempotency_key)

    return await _invoice_action(
        store, invoice_id, "finalize", params, idempotency_key, change, response
    )


def settle_invoice(store: Store, invoice: dict[str, Any], method: str) -> dict[str, Any]:
    """The invoice is paid in full: a charge, its balance transaction (with fee), events."""
    if invoice["status"] != "open":
        raise StripeError(
            f"Invoice is {invoice['status']}; only an open invoice can be paid.",
            code="invoice_not_open",
        )
    amount, currency = invoice["amount_remaining"], invoice["currency"]
    pi = store.objects[invoice["payment_intent"]]
    charge_id = new_id("ch_")
    fee = _fee(amount, method)
    txn = store.balance_transaction(
        amount=amount,
        currency=currency,
        type_="charge",
        source=charge_id,
        fee=fee,
        description=f"Payment for invoice {invoice['number']}",
    )
    paid_at = now()
    charge = store.put(
        {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "amount_captured": amount,
            "amount_refunded": 0,
            "balance_transaction": txn["id"],
            "captured": True,
            "created": paid_at,
            "currency": currency,
            "customer": invoice["customer"],
            "disputed": False,
            "failure_code": None,
            "failure_message": None,
            "invoice": invoice["id"],
            "livemode": False,
            "metadata": {},
            "outcome": {"type": "authorized"},
            "paid": True,
            "payment_intent": pi["id"],
            "payment_method_details": {"type": method},
            "refunded": False,
            "status": "succeeded",
        }
    )
    pi.update(amount_received=amount, latest_charge=charge_id, status="succeeded")
    previous = {"status": "open", "paid": False, "amount_paid": invoice["amount_paid"]}
    invoice.update(
        status="paid",
        paid=True,
        charge=charge_id,
        amount_paid=invoice["amount_paid"] + amount,
        amount_remaining=0,
        attempt_count=invoice["attempt_count"] + 1,
        overdue=False,
    )
    invoice["status_transitions"]["paid_at"] = paid_at
    store.emit("charge.succeeded", charge)
    store.emit("payment_intent.succeeded", pi)
    store.emit("invoice.payment_succeeded", _public(invoice), previous)
    store.emit("invoice.paid", _public(invoice), previous)
    return charge


@router.post("/v1/invoices/{invoice_id}/pay")
async def pay_invoice(
    invoice_id: str,
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    """Pay now by card (``payment_method=pm_card_visa`` etc.) or mark paid out of band."""

    def change(invoice: dict[str, Any]) -> None:
        if str(params.get("paid_out_of_band", "")).lower() == "true":
            if invoice["status"] != "open":
                raise StripeError("Only an open invoice can be paid.", code="invoice_not_open")
            invoice.update(status="paid", paid=True, paid_out_of_band=True, amount_remaining=0)
            invoice["status_transitions"]["paid_at"] = now()
            store.emit("invoice.paid", _public(invoice), {"status": "open"})
            return
        method = str(params.get("payment_method") or "pm_card_visa")
        if method not in TEST_PAYMENT_METHODS:
            raise StripeError(
                f"No such PaymentMethod: '{method}'",
                status=404,
                code="resource_missing",
                param="payment_method",
            )
        if "card" not in invoice["payment_settings"]["payment_method_types"]:
            raise StripeError("This invoice does not accept cards.", param="payment_method")
        decline = TEST_PAYMENT_METHODS[method]
        if decline:
            fail_invoice_payment(store, invoice, "Your card was declined.")
            raise StripeError(
                "Your card was declined.", status=402, type="card_error", code=decline
            )
        settle_invoice(store, invoice, "card")

    return await _invoice_action(
        store, invoice_id, "pay", params, idempotency_key, change, response
    )


def fail_invoice_payment(store: Store, invoice: dict[str, Any], message: str) -> None:
    if invoice["status"] != "open":
        raise StripeError("Only an open invoice can be paid.", code="invoice_not_open")
    invoice["attempt_count"] += 1
    invoice["last_finalization_error"] = {"type": "card_error", "message": message}
    store.emit("invoice.payment_failed", _public(invoice))


@router.post("/v1/invoices/{invoice_id}/void")
async def void_invoice(
    invoice_id: str,
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    def change(invoice: dict[str, Any]) -> None:
        if invoice["status"] not in ("open", "uncollectible"):
            raise StripeError(
                f"You can only void an open or uncollectible invoice (status: "
                f"{invoice['status']}).",
                code="invoice_not_open",
            )
        previous = invoice["status"]
        invoice.update(status="void", amount_remaining=0, overdue=False)
        invoice["status_transitions"]["voided_at"] = now()
        store.emit("invoice.voided", _public(invoice), {"status": previous}, idempotency_key)

    return await _invoice_action(
        store, invoice_id, "void", params, idempotency_key, change, response
    )


@router.post("/v1/invoices/{invoice_id}/mark_uncollectible")
async def mark_uncollectible(
    invoice_id: str,
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    def change(invoice: dict[str, Any]) -> None:
        if invoice["status"] != "open":
            raise StripeError(
                "Only an open invoice can be marked uncollectible.", code="invoice_not_open"
            )
        invoice["status"] = "uncollectible"
        invoice["status_transitions"]["marked_uncollectible_at"] = now()
        store.emit("invoice.marked_uncollectible", _public(invoice), {"status": "open"})

    return await _invoice_action(
        store, invoice_id, "mark_uncollectible", params, idempotency_key, change, response
    )


# ---------------------------------------------------------------------- test helpers
@router.post("/_standin/invoices/{invoice_id}/overdue")
async def mark_overdue(invoice_id: str, store: StoreDep) -> dict[str, Any]:
    """The stand-in's clock jump for one invoice: its due date passes unpaid."""
    async with store.lock:
        invoice = store.get(invoice_id, "invoice")
        if invoice["status"] != "open":
            raise StripeError("Only an open invoice can become overdue.", code="invoice_not_open")
        invoice["due_date"] = min(invoice["due_date"] or now(), now() - 1)
        invoice["overdue"] = True
        store.emit("invoice.overdue", _public(invoice), {"due_date": None})
        return _public(invoice)


@router.post("/_standin/invoices/{invoice_id}/fail_payment")
async def fail_payment(invoice_id: str, store: StoreDep) -> dict[str, Any]:
    """A transfer or debit attempt failed (e.g. the bank returned it)."""
    async with store.lock:
        invoice = store.get(invoice_id, "invoice")
        fail_invoice_payment(store, invoice, "The payment attempt failed.")
        return _public(invoice)
