"""The reconciliation's rows as CSV: every balance transaction of a range, streamed, so
memory stays flat however many rows there are.

On PostgreSQL the database writes the CSV itself (``COPY ... TO STDOUT``): timestamps
and major-unit amounts are formatted in SQL and the service only forwards the bytes.
On SQLite (the local run) the same lines are written in Python from a server-side
cursor. Both give the same bytes for the same rows (a test compares them).
"""

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Numeric, Select, Text, case, cast, func, select, type_coerce

from lpx_common.db import Database
from lpx_common.money import CURRENCY_EXPONENTS, to_major_string
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

STAMPED = ("created_at", "available_on")
# ``2026-10-01T09:30:00.000000+00:00``: ISO 8601 in UTC, always with microseconds.
SQL_UTC_STAMP = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'

# The Python writer reads timestamps as the driver gives them (PostgreSQL: aware UTC), skipping the
# per-value UTCDateTime conversion in its hot loop; ``_stamp`` covers naive SQLite values.
CSV_COLUMNS = tuple(
    type_coerce(c, DateTime(timezone=True)).label(c.key) if c.key in STAMPED else c
    for c in ROW_COLUMNS
)


def _stamp(value: datetime | None) -> str:
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.isoformat(timespec="microseconds")


def _in_range(stmt: Select[Any], period: Range) -> Select[Any]:
    return stmt.where(BT.created_at >= period.start, BT.created_at < period.end).order_by(
        BT.created_at, BT.id
    )


def csv_stmt(period: Range) -> Select[Any]:
    """The rows for the Python writer (:func:`csv_line`)."""
    return _in_range(select(*CSV_COLUMNS), period)


def _major_sql(amount: Any) -> Any:
    """SQL for ``to_major_string``: exact numeric division, never a float."""
    return case(
        *(
            (
                BT.currency == code,
                cast(func.round(cast(amount, Numeric) / 10**exponent, exponent), Text),
            )
            for code, exponent in CURRENCY_EXPONENTS.items()
            if exponent
        ),
        else_=cast(amount, Text),
    )


def copy_stmt(period: Range) -> Select[Any]:
    """The whole CSV line computed by PostgreSQL, one labelled column per header field."""
    values = [
        func.to_char(func.timezone("UTC", c), SQL_UTC_STAMP) if c.key in STAMPED else c
        for c in ROW_COLUMNS
    ]
    values += [_major_sql(BT.amount_minor), _major_sql(BT.fee_minor), _major_sql(BT.net_minor)]
    return _in_range(
        select(*(v.label(name) for name, v in zip(CSV_HEADER, values, strict=True))), period
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


async def stream_csv(db: Database, period: Range) -> AsyncIterator[bytes]:
    """The CSV of the range: from PostgreSQL's COPY, or written here on SQLite."""
    if db.dialect == "postgresql":
        async for chunk in db.copy_csv(copy_stmt(period)):
            yield chunk
    else:
        async for chunk in write_csv(db, csv_stmt(period)):
            yield chunk


async def write_csv(db: Database, stmt: Select[Any]) -> AsyncIterator[bytes]:
    """The CSV written in Python, in batches from a server-side cursor."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # as COPY writes it
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
