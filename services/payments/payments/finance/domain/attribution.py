"""Which booking (and which kind of payer) each copied balance transaction belongs to,
filled from our own data, set-based; and the lock every write of the copies takes.

The payouts sync and the copy after each Stripe event (``payouts``) write the copies;
this fills ``booking_id`` and ``payer_kind`` on them: invoice payments through the
invoices table (business), card payments through the payments the core recorded
(consumer), refunds and disputes from the charge they reverse.
"""

from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Select,
    and_,
    bindparam,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.db import Database
from payments.finance.models import Invoice, StripeBalanceTransaction
from payments.models import Payment

# Sync writes from a webhook and from an on-demand run (in any instance) take this
# transaction-scoped advisory lock first, so their multi-row upserts never deadlock.
SYNC_LOCK_KEY = 0x5F1_7A5C


async def serialise(session: AsyncSession, db: Database) -> None:
    if db.dialect == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(SYNC_LOCK_KEY)))


def with_same_charge(
    txns: ColumnElement[bool],
    charges: Select[tuple[str | None]] | BindParameter[list[str]] | list[str],
) -> ColumnElement[bool]:
    """Those transactions and the others of their charges: a refund or dispute copied
    before its charge had a booking inherits it on the charge's pass."""
    return or_(txns, StripeBalanceTransaction.charge_id.in_(charges))


async def resolve_bookings(db: Database, among: ColumnElement[bool] | None = None) -> int:
    """Fill booking id and payer kind of transactions from our own data, set-based.

    Invoice payments are found through the invoices table (business); refunds and
    disputes inherit the booking of the charge they reverse; any charge still unknown is
    looked up by charge in the payments the payments core recorded (consumer).

    ``among`` limits the pass to some transactions (one payout's): transactions that
    never get a booking (payouts, fees) would otherwise be looked at again on every
    pass, about half a second at 100,000 payments a month.
    """
    async with db.transaction() as session:
        await serialise(session, db)
        return await resolve_in(session, _resolve_statements(among), {})


async def resolve_in(
    session: AsyncSession, statements: tuple[Executable, ...], params: dict[str, Any]
) -> int:
    """Runs the passes; the caller holds the sync lock (:func:`serialise`)."""
    changed = 0
    for statement in statements:
        result = await session.execute(statement, params)
        changed += result.rowcount or 0  # type: ignore[attr-defined]
    return changed


def _resolve_statements(among: ColumnElement[bool] | None) -> tuple[Executable, ...]:
    """The passes of :func:`resolve_bookings` over ``among``, in order."""
    bt = StripeBalanceTransaction
    among = true() if among is None else among
    by_invoice = (
        select(Invoice.booking_id)
        .where(
            or_(
                and_(
                    bt.stripe_invoice_id.is_not(None),
                    Invoice.stripe_invoice_id == bt.stripe_invoice_id,
                ),
                and_(bt.charge_id.is_not(None), Invoice.stripe_charge_id == bt.charge_id),
            )
        )
        .limit(1)
        .scalar_subquery()
    )
    # Card payments the payments core recorded: their charge names the booking.
    by_charge = (
        select(Payment.booking_id)
        .where(Payment.charge_id == bt.charge_id)
        .limit(1)
        .scalar_subquery()
    )
    parent = bt.__table__.alias("parent")
    parent_booking = (
        select(parent.c.booking_id)
        .where(parent.c.charge_id == bt.charge_id, parent.c.booking_id.is_not(None))
        .limit(1)
        .scalar_subquery()
    )
    parent_kind = (
        select(parent.c.payer_kind)
        .where(parent.c.charge_id == bt.charge_id, parent.c.payer_kind.is_not(None))
        .limit(1)
        .scalar_subquery()
    )
    unsynced = {"synchronize_session": False}
    return (
        update(bt)
        .where(among, bt.booking_id.is_(None), by_invoice.is_not(None))
        .values(booking_id=by_invoice, payer_kind="business")
        .execution_options(**unsynced),
        update(bt)
        .where(among, bt.payer_kind.is_(None), bt.charge_id.is_not(None), by_charge.is_not(None))
        .values(booking_id=by_charge, payer_kind="consumer")
        .execution_options(**unsynced),
        update(bt)
        .where(
            among,
            or_(bt.booking_id.is_(None), bt.payer_kind.is_(None)),
            bt.charge_id.is_not(None),
            parent_booking.is_not(None),
        )
        .values(
            booking_id=func.coalesce(bt.booking_id, parent_booking),
            payer_kind=func.coalesce(bt.payer_kind, func.coalesce(parent_kind, "consumer")),
        )
        .execution_options(**unsynced),
        # A charge that carries a booking id but is no invoice's is a consumer card payment.
        update(bt)
        .where(among, bt.payer_kind.is_(None), bt.booking_id.is_not(None))
        .values(payer_kind="consumer")
        .execution_options(**unsynced),
    )


# After every Stripe event: the transactions just copied and the others of their charges
# (a refund or dispute copied before its charge had a booking inherits it on the
# charge's pass). Built once, with the ids as parameters.
RESOLVE_JUST_COPIED = _resolve_statements(
    with_same_charge(
        StripeBalanceTransaction.id.in_(bindparam("copied", expanding=True)),
        bindparam("charges", expanding=True),
    )
)
