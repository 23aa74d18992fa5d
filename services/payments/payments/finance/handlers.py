"""Finance's Stripe webhook handlers, run by the payments event processor.

Invoice events move our invoice forward, post the payment to the ledger and tell
booking (milestone events, through the outbox). Payout events copy the payout and every
balance transaction it settled.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import stripe

from lpx_common.clock import utcnow
from lpx_common.db import Database
from payments.domain import ledger
from payments.finance.domain.invoices import apply_invoice_event, record_invoice_payment
from payments.finance.domain.payouts import sync_ledger_transactions, sync_one_payout
from payments.finance.stripe_api import to_dict

log = logging.getLogger("lpx.finance.events")

INVOICE_EVENTS = (
    "invoice.finalized",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "invoice.voided",
    "invoice.marked_uncollectible",
    "invoice.overdue",
    "invoice.deleted",
)
PAYOUT_EVENTS = ("payout.paid", "payout.reconciliation_completed", "payout.failed")


async def _charge_transaction(
    client: stripe.StripeClient, charge_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    charge = to_dict(
        await client.v1.charges.retrieve_async(
            charge_id, params={"expand": ["balance_transaction"]}
        )
    )
    txn = charge.get("balance_transaction")
    return charge, txn if isinstance(txn, dict) else {}


def _occurred_at(event_type: str, obj: dict[str, Any]) -> datetime:
    """When it happened at Stripe (the invoice's own transition times), else now."""
    field = {
        "invoice.finalized": "finalized_at",
        "invoice.paid": "paid_at",
        "invoice.payment_succeeded": "paid_at",
        "invoice.voided": "voided_at",
        "invoice.marked_uncollectible": "marked_uncollectible_at",
    }.get(event_type)
    stamp = (obj.get("status_transitions") or {}).get(field) if field else None
    return datetime.fromtimestamp(int(stamp), tz=UTC) if stamp else utcnow()


async def handle_invoice_event(
    db: Database,
    client: stripe.StripeClient,
    event: dict[str, Any],
    outbox_written: Callable[[], None] = lambda: None,
) -> str:
    event_type = event["type"]
    obj = event["data"]["object"]
    occurred_at = _occurred_at(event_type, obj)
    charge: dict[str, Any] = {}
    txn: dict[str, Any] = {}
    if event_type in ("invoice.paid", "invoice.payment_succeeded") and obj.get("charge"):
        # Stripe's fee is on the charge's balance transaction; read it before the
        # transaction so no database lock waits on the network.
        charge_id = obj["charge"] if isinstance(obj["charge"], str) else obj["charge"]["id"]
        charge, txn = await _charge_transaction(client, charge_id)
    async with db.transaction() as session:
        invoice = await apply_invoice_event(session, event_type, obj, occurred_at)
        if invoice is None:
            return "ignored: not our invoice"
        if invoice.status == "paid" and txn:
            payment = await record_invoice_payment(session, invoice, charge, txn)
            gross = payment.amount_captured_minor
            fee = payment.fee_minor or 0
            await ledger.post(
                session,
                kind="invoice_paid",
                source_key=f"invoice:{invoice.id}:paid",
                currency=invoice.currency,
                lines=[
                    ledger.debit(ledger.STRIPE_BALANCE, int(txn.get("net", gross - fee))),
                    ledger.debit(ledger.STRIPE_FEES, fee),
                    ledger.credit(ledger.CUSTOMER_DEPOSITS, gross),
                ],
                booking_id=invoice.booking_id,
                payment_id=payment.id,
                balance_transaction_id=txn.get("id"),
                description=f"invoice {invoice.id} ({invoice.label}) for booking "
                f"{invoice.booking_id}",
            )
    outbox_written()
    return f"invoice {invoice.id} {invoice.status}"


async def handle_payout_event(
    db: Database, client: stripe.StripeClient, event: dict[str, Any]
) -> str:
    """Runs after the payments core's own payout handler (its ledger posting)."""
    payout_id = event["data"]["object"]["id"]
    stats = await sync_one_payout(db, client, payout_id)
    return (
        f"payout {payout_id} synced: {stats.balance_transactions_seen} transactions, "
        f"{stats.balance_transactions_changed} changed"
    )


async def handle_ledger_event(
    db: Database, client: stripe.StripeClient, event: dict[str, Any]
) -> str:
    """Runs after every other handler of an event: copies the balance transactions the
    ledger just named, so the report is current before any payout."""
    stats = await sync_ledger_transactions(db, client)
    copied = stats.balance_transactions_changed
    return f"{copied} balance transactions copied" if copied else ""
