"""Customers, and Stripe's test helper for a bank transfer into a customer's cash balance
(``POST /v1/test_helpers/customers/{id}/fund_cash_balance``): it pays the customer's open
invoice of that amount, as Stripe's automatic reconciliation does."""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin.api.lists import stripe_list
from stripe_standin.cash_balance import cash_transaction
from stripe_standin.deps import Params, SecretKey, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.invoices import settle_invoice
from stripe_standin.store import new_id, now

router = APIRouter(dependencies=[SecretKey])


@router.post("/v1/customers")
async def create_customer(
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        customer = store.put(
            {
                "id": new_id("cus_", 14),
                "object": "customer",
                "balance": 0,
                "cash_balance": {"object": "cash_balance", "available": {}},
                "created": now(),
                "email": params.get("email"),
                "name": params.get("name"),
                "livemode": False,
                "metadata": form_metadata(params),
            }
        )
        store.emit("customer.created", customer, idempotency_key=idempotency_key)
        return dict(customer)

    return await store.run_once(idempotency_key, "customers.create", params, call, response)


@router.get("/v1/customers/{customer_id}")
async def retrieve_customer(customer_id: str, store: StoreDep) -> dict[str, Any]:
    return store.get(customer_id, "customer")


@router.get("/v1/customers")
async def list_customers(store: StoreDep, params: Params) -> dict[str, Any]:
    items = store.of_kind("customer")
    if params.get("email"):
        items = [c for c in items if c.get("email") == params["email"]]
    return stripe_list(items, params, "/v1/customers")


@router.post("/v1/test_helpers/customers/{customer_id}/fund_cash_balance")
async def fund_cash_balance(customer_id: str, store: StoreDep, params: Params) -> dict[str, Any]:
    """A bank transfer arrives: it pays the customer's oldest open invoice whose
    remaining amount it covers exactly (Stripe's automatic reconciliation); any rest stays
    in the cash balance."""
    async with store.lock:
        customer = store.get(customer_id, "customer")
        amount = form_int(params, "amount", required=True) or 0
        currency = str(params.get("currency", "")).lower()
        if amount <= 0 or not currency:
            raise StripeError("amount and currency are required.", param="amount")
        funded = cash_transaction(
            store, customer, currency, amount, "funded", bank_transfer={"type": "jp_bank_transfer"}
        )
        store.emit("cash_balance.funds_available", customer)
        available = customer["cash_balance"]["available"]
        invoices = [
            i
            for i in store.of_kind("invoice")[::-1]
            if i["customer"] == customer_id
            and i["status"] == "open"
            and i["currency"] == currency
            and "customer_balance" in i["payment_settings"]["payment_method_types"]
        ]
        for invoice in invoices:
            if invoice["amount_remaining"] == available[currency]:
                cash_transaction(
                    store,
                    customer,
                    currency,
                    -invoice["amount_remaining"],
                    "applied_to_payment",
                    payment_intent=invoice["payment_intent"],
                )
                settle_invoice(store, invoice, "customer_balance")
                break
        return funded
