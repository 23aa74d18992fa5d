"""Disputes (chargebacks) and payouts as Stripe reports them, and their ledger postings."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.ids import new_id
from payments.domain import ledger
from payments.domain.states import DISPUTE_STAGE
from payments.models import Dispute, Payment


async def apply_stripe_dispute(session: AsyncSession, data: dict[str, Any]) -> Dispute | None:
    charge_id = data["charge"]["id"] if isinstance(data.get("charge"), dict) else data["charge"]
    payment = await session.scalar(select(Payment).where(Payment.charge_id == charge_id))
    dispute = await session.scalar(
        select(Dispute).where(Dispute.stripe_dispute_id == data["id"]).with_for_update()
    )
    currency = str(data["currency"]).upper()
    now = utcnow()
    if dispute is None:
        dispute = Dispute(
            id=new_id("dsp"),
            stripe_dispute_id=data["id"],
            payment_id=payment.id if payment else None,
            booking_id=payment.booking_id if payment else None,
            charge_id=charge_id,
            amount_minor=int(data["amount"]),
            currency=currency,
            reason=data.get("reason"),
            status=data["status"],
            created_at=now,
            updated_at=now,
        )
        session.add(dispute)
        await session.flush()
    elif DISPUTE_STAGE.get(data["status"], 0) > DISPUTE_STAGE.get(dispute.status, 0):
        dispute.status = data["status"]
        dispute.updated_at = now
    if DISPUTE_STAGE.get(dispute.status, 0) == 2 and dispute.closed_at is None:
        dispute.closed_at = now
    # Each balance transaction of the dispute moves money once: withdrawn (with the
    # dispute fee) when it opens, reinstated when it is won.
    for txn in data.get("balance_transactions") or []:
        if not isinstance(txn, dict):
            continue
        amount, fee = int(txn["amount"]), int(txn.get("fee") or 0)
        if amount < 0:
            lines = [
                ledger.debit(ledger.DISPUTES_RECEIVABLE, -amount),
                ledger.debit(ledger.STRIPE_FEES, fee),
                ledger.credit(ledger.STRIPE_BALANCE, -amount + fee),
            ]
            kind = "dispute_funds_withdrawn"
        else:
            lines = [
                ledger.debit(ledger.STRIPE_BALANCE, amount - fee),
                ledger.debit(ledger.STRIPE_FEES, fee),
                ledger.credit(ledger.DISPUTES_RECEIVABLE, amount),
            ]
            kind = "dispute_funds_reinstated"
        await ledger.post(
            session,
            kind=kind,
            source_key=f"txn:{txn['id']}",
            currency=currency,
            lines=lines,
            booking_id=dispute.booking_id,
            payment_id=dispute.payment_id,
            dispute_id=dispute.id,
            balance_transaction_id=txn["id"],
            description=f"dispute {data['id']} ({data.get('reason')})",
        )
    if dispute.status == "lost":
        # The customer keeps the money: what we owed them is settled by the chargeback.
        await ledger.post(
            session,
            kind="dispute_lost",
            source_key=f"dispute:{dispute.id}:lost",
            currency=currency,
            lines=[
                ledger.debit(ledger.CUSTOMER_DEPOSITS, dispute.amount_minor),
                ledger.credit(ledger.DISPUTES_RECEIVABLE, dispute.amount_minor),
            ],
            booking_id=dispute.booking_id,
            payment_id=dispute.payment_id,
            dispute_id=dispute.id,
            description=f"dispute {data['id']} lost",
        )
    return dispute


async def apply_stripe_payout(session: AsyncSession, data: dict[str, Any]) -> None:
    """A payout that reached the bank moves money from the Stripe balance to the bank;
    one that fails after that comes back."""
    currency = str(data["currency"]).upper()
    txn = data.get("balance_transaction")
    txn_id = txn.get("id") if isinstance(txn, dict) else txn
    if data.get("status") == "paid":
        await ledger.post(
            session,
            kind="payout",
            source_key=f"payout:{data['id']}",
            currency=currency,
            lines=[
                ledger.debit(ledger.BANK, int(data["amount"])),
                ledger.credit(ledger.STRIPE_BALANCE, int(data["amount"])),
            ],
            balance_transaction_id=txn_id,
            description=f"payout {data['id']}",
        )
    elif data.get("status") == "failed":
        await ledger.reverse(
            session,
            f"payout:{data['id']}",
            new_source_key=f"payout:{data['id']}:failed",
            kind="payout_failed",
            description=f"payout {data['id']} failed: {data.get('failure_code')}",
        )
