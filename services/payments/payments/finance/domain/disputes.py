"""Open disputes and their evidence deadlines, for the reconciliation's exception list.

The payments core records disputes; the deadline to submit evidence is Stripe's
(``evidence_details.due_by``), read fresh from Stripe for the few open ones.
"""

import asyncio
from datetime import UTC, datetime
from typing import Any

import stripe
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.money import to_major_string
from payments.finance.stripe_api import to_dict
from payments.models import Dispute

CLOSED_DISPUTE_STATUSES = ("won", "lost", "warning_closed", "charge_refunded")
LIST_CAP = 200


async def open_disputes(session: AsyncSession) -> list[dict[str, Any]]:
    stmt = (
        select(Dispute)
        .where(Dispute.status.not_in(CLOSED_DISPUTE_STATUSES))
        .order_by(Dispute.created_at)
        .limit(LIST_CAP)
    )
    return [
        {
            "dispute_id": d.id,
            "stripe_dispute_id": d.stripe_dispute_id,
            "booking_id": d.booking_id,
            "charge_id": d.charge_id,
            "status": d.status,
            "reason": d.reason,
            "currency": d.currency,
            "amount": {
                "minor": d.amount_minor,
                "major": to_major_string(d.amount_minor, d.currency),
            },
            "created": d.created_at,
            "evidence_due_by": None,
        }
        for d in (await session.scalars(stmt)).all()
    ]


async def with_evidence_deadlines(
    client: stripe.StripeClient | None, disputes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Fill ``evidence_due_by`` from Stripe; a dispute Stripe cannot show keeps None."""
    if client is None or not disputes:
        return disputes

    async def one(item: dict[str, Any]) -> None:
        try:
            dispute = to_dict(await client.v1.disputes.retrieve_async(item["stripe_dispute_id"]))
        except stripe.StripeError:
            return
        due = (dispute.get("evidence_details") or {}).get("due_by")
        if due:
            item["evidence_due_by"] = datetime.fromtimestamp(int(due), tz=UTC)
        item["status"] = dispute.get("status", item["status"])

    await asyncio.gather(*(one(item) for item in disputes))
    return disputes
