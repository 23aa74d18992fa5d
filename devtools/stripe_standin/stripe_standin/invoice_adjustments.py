"""Changes to an invoice after it was made: deleting a draft (``DELETE /v1/invoices/{id}``)
and credit notes (``/v1/credit_notes``), which Stripe issues on a paid invoice for money
refunded (``refund=re_…``) or settled outside Stripe (``out_of_band_amount``)."""

from typing import Any

from fastapi import APIRouter, Header, Response

from stripe_standin.api.lists import stripe_list
from stripe_standin.deps import Params, SecretKey, StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int, form_metadata
from stripe_standin.invoices import _public
from stripe_standin.store import new_id, now

router = APIRouter(dependencies=[SecretKey])

CREDIT_NOTE_REASONS = {"duplicate", "fraudulent", "order_change", "product_unsatisfactory"}


@router.delete("/v1/invoices/{invoice_id}")
async def delete_invoice(invoice_id: str, store: StoreDep) -> dict[str, Any]:
    """Only a draft can be deleted (an open one is voided instead)."""
    async with store.lock:
        invoice = store.get(invoice_id, "invoice")
        if invoice["status"] != "draft":
            raise StripeError(
                f"You can only delete draft invoices (status: {invoice['status']}); void an "
                "open one instead.",
                code="invoice_not_editable",
            )
        del store.objects[invoice_id]
        store.emit("invoice.deleted", _public(invoice))
        return {"id": invoice_id, "object": "invoice", "deleted": True}


@router.post("/v1/credit_notes")
async def create_credit_note(
    store: StoreDep,
    params: Params,
    response: Response,
    idempotency_key: str | None = Header(default=None),
) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        invoice = store.get(str(params.get("invoice", "")), "invoice", "invoice")
        if invoice["status"] != "paid":
            raise StripeError(
                "The stand-in issues credit notes on paid invoices only.",
                code="invoice_not_paid",
                param="invoice",
            )
        refund = None
        if params.get("refund"):
            refund = store.get(str(params["refund"]), "refund", "refund")
            if refund["charge"] != invoice["charge"]:
                raise StripeError(
                    f"Refund {refund['id']} does not refund this invoice's payment.",
                    param="refund",
                )
            if any(c["refund"] == refund["id"] for c in store.of_kind("credit_note")):
                raise StripeError(
                    f"Refund {refund['id']} is already linked to a credit note.", param="refund"
                )
        out_of_band = form_int(params, "out_of_band_amount") or 0
        refunded = refund["amount"] if refund else 0
        amount = form_int(params, "amount")
        amount = refunded + out_of_band if amount is None else amount
        if amount <= 0 or amount != refunded + out_of_band:
            raise StripeError(
                "The credit note amount must equal the refund plus out_of_band_amount.",
                param="amount",
            )
        credited = invoice.get("post_payment_credit_notes_amount", 0)
        if credited + amount > invoice["amount_paid"]:
            raise StripeError(
                f"The credit notes would exceed the invoice's paid amount "
                f"({invoice['amount_paid']}; already credited {credited}).",
                param="amount",
            )
        reason = params.get("reason")
        if reason not in (None, *CREDIT_NOTE_REASONS):
            raise StripeError(f"Invalid reason: {reason}", param="reason")
        count = len([c for c in store.of_kind("credit_note") if c["invoice"] == invoice["id"]])
        note = store.put(
            {
                "id": new_id("cn_"),
                "object": "credit_note",
                "amount": amount,
                "created": now(),
                "currency": invoice["currency"],
                "customer": invoice["customer"],
                "invoice": invoice["id"],
                "livemode": False,
                "memo": params.get("memo"),
                "metadata": form_metadata(params),
                "number": f"{invoice.get('number') or invoice['id']}-CN-{count + 1:02d}",
                "out_of_band_amount": out_of_band or None,
                "reason": reason,
                "refund": refund["id"] if refund else None,
                "status": "issued",
                "total": amount,
                "type": "post_payment",
                "voided_at": None,
            }
        )
        invoice["post_payment_credit_notes_amount"] = credited + amount
        store.emit("credit_note.created", note, idempotency_key=idempotency_key)
        return dict(note)

    return await store.run_once(idempotency_key, "credit_notes.create", params, call, response)


@router.get("/v1/credit_notes/{credit_note_id}")
async def retrieve_credit_note(credit_note_id: str, store: StoreDep) -> dict[str, Any]:
    return store.get(credit_note_id, "credit_note")


@router.get("/v1/credit_notes")
async def list_credit_notes(store: StoreDep, params: Params) -> dict[str, Any]:
    items = store.of_kind("credit_note")
    for name in ("invoice", "customer"):
        if params.get(name):
            items = [c for c in items if c.get(name) == params[name]]
    return stripe_list(items, params, "/v1/credit_notes")
