"""Payouts and balance transactions, mirrored from Stripe.

Stripe is the source of truth for money movements; this module copies them into
``stripe_payouts`` and ``stripe_balance_transactions`` by paging through *every* page
(``starting_after`` / ``has_more``) and upserting on Stripe's ids. An upsert only writes
when a value differs, so a second sync over the same data changes no row.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import stripe
from sqlalchemy import (
    Table,
    bindparam,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_on_conflict
from lpx_common.errors import NotFound, ServiceUnavailable
from payments.finance.config import get_finance_settings
from payments.finance.domain.attribution import (
    RESOLVE_JUST_COPIED,
    resolve_bookings,
    resolve_in,
    serialise,
    with_same_charge,
)
from payments.finance.models import StripeBalanceTransaction, StripePayout
from payments.finance.stripe_api import to_dict
from payments.models import BalanceTransactionToCopy

log = logging.getLogger("lpx.finance.payouts")

# Columns compared to decide whether an upsert changes anything (bookkeeping columns such
# as synced_at are written only with a real change).
_BT_COLUMNS = (
    "type",
    "reporting_category",
    "amount_minor",
    "fee_minor",
    "net_minor",
    "currency",
    "status",
    "created_at",
    "available_on",
    "description",
    "source_id",
    "charge_id",
    "refund_id",
    "dispute_id",
    "payment_intent_id",
    "stripe_invoice_id",
    "payout_id",
    "booking_id",
    "payer_kind",
)
# A later listing without the payout filter must not erase a known payout id, nor a
# booking id resolved from our own data.
_BT_KEPT = ("payout_id", "booking_id", "payer_kind", "payment_intent_id")
_PAYOUT_COLUMNS = (
    "amount_minor",
    "currency",
    "status",
    "reconciliation_status",
    "automatic",
    "arrival_date",
    "created_at",
    "stripe_balance_transaction_id",
)


@dataclass
class SyncStats:
    payouts_seen: int = 0
    payouts_changed: int = 0
    balance_transactions_seen: int = 0
    balance_transactions_changed: int = 0
    pages_fetched: int = 0
    payout_ids: list[str] = field(default_factory=list)


def _ts(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), tz=UTC)


def _id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("id")
    return str(value)


def payout_row(obj: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": obj["id"],
        "amount_minor": int(obj["amount"]),
        "currency": str(obj["currency"]).upper(),
        "status": obj.get("status") or "pending",
        "reconciliation_status": obj.get("reconciliation_status"),
        "automatic": bool(obj.get("automatic", True)),
        "arrival_date": _ts(obj.get("arrival_date")),
        "created_at": _ts(obj["created"]),
        "stripe_balance_transaction_id": _id(obj.get("balance_transaction")),
        "synced_at": now,
    }


def balance_transaction_row(
    obj: dict[str, Any], now: datetime, payout_id: str | None
) -> dict[str, Any]:
    """Flatten one balance transaction (with its source expanded, when Stripe gave it)."""
    source = obj.get("source")
    source_obj = source if isinstance(source, dict) else {}
    source_id = _id(source)
    kind = source_obj.get("object") or _kind_from_prefix(source_id)
    charge_id = refund_id = dispute_id = None
    if kind == "charge":
        charge_id = source_id
    elif kind == "refund":
        refund_id, charge_id = source_id, _id(source_obj.get("charge"))
    elif kind == "dispute":
        dispute_id, charge_id = source_id, _id(source_obj.get("charge"))
    metadata = source_obj.get("metadata") or {}
    invoice_id = _id(source_obj.get("invoice"))
    own_payout = source_id if kind == "payout" else None
    return {
        "id": obj["id"],
        "type": obj.get("type") or "adjustment",
        "reporting_category": obj.get("reporting_category") or obj.get("type") or "other",
        "amount_minor": int(obj["amount"]),
        "fee_minor": int(obj.get("fee") or 0),
        "net_minor": int(obj["net"]),
        "currency": str(obj["currency"]).upper(),
        "status": obj.get("status") or "available",
        "created_at": _ts(obj["created"]),
        "available_on": _ts(obj.get("available_on")),
        "description": obj.get("description"),
        "source_id": source_id,
        "charge_id": charge_id,
        "refund_id": refund_id,
        "dispute_id": dispute_id,
        "payment_intent_id": _id(source_obj.get("payment_intent")),
        "stripe_invoice_id": invoice_id,
        "payout_id": payout_id or own_payout,
        "booking_id": metadata.get("booking_id"),
        "payer_kind": "business" if (invoice_id or metadata.get("milestone_id")) else None,
        "synced_at": now,
    }


def _kind_from_prefix(source_id: str | None) -> str | None:
    if not source_id:
        return None
    prefix = source_id.split("_", 1)[0]
    return {
        "ch": "charge",
        "py": "charge",
        "re": "refund",
        "pyr": "refund",
        "dp": "dispute",
        "du": "dispute",
        "po": "payout",
    }.get(prefix)


async def _upsert(
    session: AsyncSession,
    db: Database,
    table: Table,
    rows: list[dict[str, Any]],
    compare: Iterable[str],
    keep_when_null: Iterable[str] = (),
) -> int:
    """Insert or update ``rows`` by primary key ``id``; returns how many rows changed."""
    if not rows:
        return 0
    compare = tuple(compare)
    keep = set(keep_when_null)
    await serialise(session, db)
    stmt = insert_on_conflict(db.dialect, table).values(sorted(rows, key=lambda row: row["id"]))
    excluded = stmt.excluded
    new_values: dict[str, Any] = {}
    for name in compare:
        if name in keep:
            new_values[name] = func.coalesce(excluded[name], table.c[name])
        else:
            new_values[name] = excluded[name]
    differs = or_(*(table.c[name].is_distinct_from(new_values[name]) for name in compare))
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={**new_values, "synced_at": excluded.synced_at},
        where=differs,
    )
    result = await session.execute(stmt)
    return result.rowcount or 0


async def _list_pages(list_call: Any, params: dict[str, Any], stats: SyncStats) -> Any:
    """Yield every object of a Stripe list, page by page (``starting_after``/``has_more``)."""
    starting_after: str | None = None
    while True:
        page_params = {**params, "limit": get_finance_settings().sync_page_size}
        if starting_after:
            page_params["starting_after"] = starting_after
        try:
            page = await list_call(params=page_params)
        except stripe.StripeError as exc:
            raise ServiceUnavailable(
                "Stripe could not be reached to sync payouts; retry later.",
                code="stripe-unavailable",
            ) from exc
        stats.pages_fetched += 1
        data = [to_dict(item) for item in page.data]
        yield data
        if not page.has_more or not data:
            return
        starting_after = data[-1]["id"]


async def _store_transactions(db: Database, rows: list[dict[str, Any]], stats: SyncStats) -> None:
    if not rows:
        return
    table = StripeBalanceTransaction.__table__
    async with db.transaction() as session:
        stats.balance_transactions_seen += len(rows)
        stats.balance_transactions_changed += await _upsert(
            session, db, table, rows, _BT_COLUMNS, _BT_KEPT
        )


async def sync_payout_transactions(
    db: Database, client: stripe.StripeClient, payout_id: str, stats: SyncStats
) -> None:
    params = {"payout": payout_id, "expand": ["data.source"]}
    async for data in _list_pages(client.v1.balance_transactions.list_async, params, stats):
        now = utcnow()
        await _store_transactions(
            db, [balance_transaction_row(o, now, payout_id) for o in data], stats
        )
    async with db.transaction() as session:
        await session.execute(
            update(StripePayout)
            .where(StripePayout.id == payout_id, StripePayout.transactions_synced_at.is_(None))
            .values(transactions_synced_at=utcnow())
        )


async def _store_payouts(db: Database, objs: list[dict[str, Any]], stats: SyncStats) -> None:
    now = utcnow()
    rows = [payout_row(o, now) for o in objs]
    async with db.transaction() as session:
        stats.payouts_seen += len(rows)
        stats.payouts_changed += await _upsert(
            session, db, StripePayout.__table__, rows, _PAYOUT_COLUMNS
        )
    stats.payout_ids.extend(r["id"] for r in rows)


async def sync_one_payout(db: Database, client: stripe.StripeClient, payout_id: str) -> SyncStats:
    """What a ``payout.*`` webhook triggers: the payout and all its balance transactions."""
    stats = SyncStats()
    try:
        payout = await client.v1.payouts.retrieve_async(payout_id)
    except stripe.InvalidRequestError as exc:
        raise NotFound(f"Stripe knows no payout {payout_id}.", code="payout-not-found") from exc
    except stripe.StripeError as exc:
        raise ServiceUnavailable("Stripe could not be reached.", code="stripe-unavailable") from exc
    stats.pages_fetched += 1
    await _store_payouts(db, [to_dict(payout)], stats)
    await sync_payout_transactions(db, client, payout_id, stats)
    paid_out = StripeBalanceTransaction.__table__.alias("paid_out")
    charges = select(paid_out.c.charge_id).where(paid_out.c.payout_id == payout_id)
    await resolve_bookings(
        db, with_same_charge(StripeBalanceTransaction.payout_id == payout_id, charges)
    )
    return stats


async def sync_ledger_transactions(db: Database, client: stripe.StripeClient) -> SyncStats:
    """Copy the balance transactions our ledger names but finance has no copy of yet.

    Runs after every Stripe event, so a payment, refund or dispute shows in the
    reconciliation report as soon as it is booked, not only once a payout settles it.
    It reads the ledger's list of transactions to copy (kept as journals are posted), so
    its cost follows what is new, not the size of the ledger. A transaction Stripe does
    not know stays on the list and missing: the report lists it as "ledger without
    Stripe".
    """
    stats = SyncStats()
    async with db.read_connection() as conn:
        listed = (await conn.execute(_LISTED)).all()
    done: list[str] = []  # copied now, or by a payout sync before
    rows = []
    for txn_id, is_copied in listed:
        if not is_copied:
            try:
                obj = await client.v1.balance_transactions.retrieve_async(
                    txn_id, params={"expand": ["source"]}
                )
            except stripe.InvalidRequestError:
                continue  # Stripe does not know it: it stays listed
            except stripe.StripeError as exc:
                raise ServiceUnavailable(
                    "Stripe could not be reached.", code="stripe-unavailable"
                ) from exc
            stats.pages_fetched += 1
            rows.append(balance_transaction_row(to_dict(obj), utcnow(), None))
        done.append(txn_id)
    if not (rows or done):
        return stats
    # Stored, resolved and taken off the list in one transaction (one advisory lock):
    # a crash leaves them all listed, and the next run copies them again.
    async with db.transaction() as session:
        if rows:
            stats.balance_transactions_seen += len(rows)
            stats.balance_transactions_changed += await _upsert(
                session, db, StripeBalanceTransaction.__table__, rows, _BT_COLUMNS, _BT_KEPT
            )
            await resolve_in(  # under the lock _upsert took
                session,
                RESOLVE_JUST_COPIED,
                {
                    "copied": [r["id"] for r in rows],
                    "charges": [r["charge_id"] for r in rows if r["charge_id"]],
                },
            )
        if done:
            await session.execute(_TAKE_OFF_THE_LIST, {"ids": done})
    return stats


async def sync_all(db: Database, client: stripe.StripeClient) -> SyncStats:
    """Every payout, every payout's transactions, then every balance transaction."""
    stats = SyncStats()
    async for data in _list_pages(client.v1.payouts.list_async, {}, stats):
        await _store_payouts(db, data, stats)
    for payout_id in list(stats.payout_ids):
        await sync_payout_transactions(db, client, payout_id, stats)
    # Transactions not yet paid out (pending/available) belong in the report too.
    params = {"expand": ["data.source"]}
    async for data in _list_pages(client.v1.balance_transactions.list_async, params, stats):
        now = utcnow()
        await _store_transactions(db, [balance_transaction_row(o, now, None) for o in data], stats)
    await resolve_bookings(db)
    return stats


_LISTED = select(
    BalanceTransactionToCopy.id,
    exists().where(StripeBalanceTransaction.id == BalanceTransactionToCopy.id),
)
_TAKE_OFF_THE_LIST = delete(BalanceTransactionToCopy).where(
    BalanceTransactionToCopy.id.in_(bindparam("ids", expanding=True))
)


async def get_payout(db: Database, payout_id: str) -> StripePayout:
    async with db.read() as session:
        payout = await session.get(StripePayout, payout_id)
    if payout is None:
        raise NotFound(
            f"No payout {payout_id} is known; sync payouts first.", code="payout-not-found"
        )
    return payout
