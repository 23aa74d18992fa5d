"""The reconciliation's rows as CSV: every balance transaction of a range, streamed in
batches from a server-side cursor, so memory stays flat however many rows there are."""

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Select, select, type_coerce

from lpx_common.db import Database
from lpx_common.money import to_major_string
from payments.finance.domain.reconciliation import BT, ROW_COLUMNS, Range

CSV_BATCH = 5000

CSV_HEADER = (
    "balance_transaction_id",
    "created",
    "available_on",
    "booking_id",
    "payer_kind",
    "type",
    "reporting_category",
    "source_id",
    "charge_id",
    "refund_id",
    "dispute_id",
    "payment_intent_id",
    "invoice_id",
    "payout_id",
    "currency",
    "gross_minor",
    "fee_minor",
    "net_minor",
    "gross",
    "fee",
    "net",
)

# The CSV reads timestamps as the driver gives them (PostgreSQL: aware UTC), skipping the
# per-value UTCDateTime conversion in its hot loop; ``_stamp`` covers naive SQLite values.
CSV_COLUMNS = tuple(
    type_coerce(c, DateTime(timezone=True)).label(c.key)
    if c.key in ("created_at", "available_on")
    else c
    for c in ROW_COLUMNS
)


def _stamp(value: datetime | None) -> str:
    if value is None:
        return ""
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).isoformat()


def csv_stmt(period: Range) -> Select[Any]:
    return (
        select(*CSV_COLUMNS)
        .where(BT.created_at >= period.start, BT.created_at < period.end)
        .order_by(BT.created_at, BT.id)
    )


def csv_line(row: Any) -> tuple[Any, ...]:
    """One CSV line from a ``ROW_COLUMNS`` row (unpacked by position: it is the hot loop)."""
    (
        txn_id,
        created,
        available_on,
        booking_id,
        payer_kind,
        type_,
        category,
        source_id,
        charge_id,
        refund_id,
        dispute_id,
        payment_intent_id,
        invoice_id,
        payout_id,
        currency,
        gross,
        fee,
        net,
    ) = row
    return (
        txn_id,
        _stamp(created),
        _stamp(available_on),
        booking_id or "",
        payer_kind or "",
        type_,
        category,
        source_id or "",
        charge_id or "",
        refund_id or "",
        dispute_id or "",
        payment_intent_id or "",
        invoice_id or "",
        payout_id or "",
        currency,
        gross,
        fee,
        net,
        to_major_string(gross, currency),
        to_major_string(fee, currency),
        to_major_string(net, currency),
    )


async def stream_csv(db: Database, stmt: Select[Any]) -> AsyncIterator[bytes]:
    """The CSV, produced in batches from a server-side cursor: memory stays flat."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    yield buffer.getvalue().encode()
    async with db.engine.connect() as conn:
        # PostgreSQL needs a transaction for a server-side cursor; this one only reads.
        result = await conn.stream(stmt.execution_options(yield_per=CSV_BATCH))
        async for partition in result.partitions(CSV_BATCH):
            buffer.seek(0)
            buffer.truncate()
            writer.writerows(map(csv_line, partition))
            yield buffer.getvalue().encode()
