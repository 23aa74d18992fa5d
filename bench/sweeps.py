"""Benchmark: the services' periodic sweeps and watches over a long history.

Not a test. A sweep that runs every few seconds must cost what is due, not what has
accumulated: a query whose plan reads every booking or refund ever made gets slower
every month, with nobody noticing until the database is busy with it. For each sweep
this makes a throwaway database of the owning service (migrated with its Alembic
scripts), fills the table with ``--rows`` rows of history of which one in a thousand is
due, and prints PostgreSQL's own execution time and the scans of the plan, as the
service's prepared statements run it (a generic plan, the parameters unknown).

Measured on the 2-core project machine (200,000 rows per table), before and after the
sweeps' fixed values became constants in their SQL (``lpx_common.db.constant``) and
migration 0008 marked refunds with a follow-up due and indexed both halves of the
refund watches' OR conditions: refund follow-ups 957 -> 0.8 ms, failed refunds 127 ->
5.3 ms, refunds due too long 24 -> 1.8 ms, holds to expire 22-43 -> 1.2-1.9 ms, waiting
lists 34-48 -> 0.09 ms.

Run: ``uv run python bench/sweeps.py`` (``--rows 1000000``).
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from booking.handlers.expiry import due_holds  # noqa: E402
from booking.handlers.waitlist_offers import active_lists  # noqa: E402
from lpx_common.clock import utcnow  # noqa: E402
from lpx_common.migrations import upgrade  # noqa: E402
from notifications.handlers.send_emails import due_emails  # noqa: E402
from notifications.handlers.send_webhooks import due_delivery  # noqa: E402
from notifications.models import Delivery  # noqa: E402
from payments.domain.refunds import unsubmitted_query  # noqa: E402
from payments.finance.domain.refund_followups import followups_query  # noqa: E402
from payments.finance.domain.refund_watch import failed_query, overdue_query  # noqa: E402
from tests.harness import SERVICE_DIRS, create_database, drop_database  # noqa: E402

DUE = "case when g % 1000 = 0 then '{due}' else '{done}' end"
NOW = utcnow()


@dataclass(frozen=True)
class Sweep:
    service: str
    name: str
    table: str
    statement: Callable[[], Select[Any]]  # the service's own query
    before: str  # the query as it was sent before, its fixed values as parameters
    before_params: tuple[str, ...]
    history: dict[str, str] = field(default_factory=dict)  # column -> SQL over g
    other_tables: dict[str, dict[str, str]] = field(default_factory=dict)  # joined ones


SWEEPS = [
    Sweep(
        "booking",
        "holds to expire (every 5 s)",
        "bookings",
        lambda: due_holds(NOW, 100),
        "SELECT id FROM bookings WHERE status IN ($1, $2) AND hold_expires_at <= $3 "
        "ORDER BY hold_expires_at LIMIT 100",
        ("'held'", "'under_review'", "now()"),
        {
            "status": DUE.format(due="held", done="confirmed"),
            "hold_expires_at": "now() - g * interval '1 minute' + interval '10 minutes'",
        },
    ),
    Sweep(
        "booking",
        "waiting lists to offer down (every 5 s)",
        "waitlist_entries",
        active_lists,
        "SELECT DISTINCT offering_id FROM waitlist_entries WHERE status IN ($1, $2)",
        ("'offered'", "'waiting'"),
        {
            "status": DUE.format(due="waiting", done="converted"),
            "offering_id": "'off_' || (g % 50)",
            "customer_id": "'cus_' || g",
        },
    ),
    Sweep(
        "notifications",
        "emails due (every 2 s)",
        "emails",
        lambda: due_emails(NOW, 100),
        "SELECT id FROM emails WHERE status = $1 AND next_attempt_at <= $2 "
        "ORDER BY next_attempt_at LIMIT 100",
        ("'pending'", "now()"),
        {"status": DUE.format(due="pending", done="sent"), "event_id": "'evt_' || g"},
    ),
    Sweep(
        "notifications",
        "webhook deliveries due",
        "webhook_deliveries",
        lambda: (
            select(Delivery.id)
            .where(due_delivery(NOW))
            .order_by(Delivery.next_attempt_at)
            .limit(100)
        ),
        "SELECT id FROM webhook_deliveries WHERE status = $1 AND next_attempt_at <= $2 "
        "ORDER BY next_attempt_at LIMIT 100",
        ("'pending'", "now()"),
        {
            "status": DUE.format(due="pending", done="delivered"),
            "endpoint_id": "'end_' || (g % 20)",
            "event_id": "'evt_' || g",
        },
    ),
    Sweep(
        "payments",
        "refunds to resubmit (every 2 s)",
        "refunds",
        lambda: unsubmitted_query(timedelta(seconds=30)),
        "SELECT id FROM refunds WHERE status = $1 AND stripe_refund_id IS NULL "
        "AND updated_at <= $2",
        ("'pending'", "now()"),
        {
            "id": "'rfa_' || g",
            "status": DUE.format(due="pending", done="succeeded"),
            "stripe_refund_id": "case when g % 1000 = 0 then NULL else 're1_' || g end",
            "payment_id": "'pay_' || g",
            "amount_minor": "100",
        },
    ),
    Sweep(
        "payments",
        "refund follow-ups (every 2 s)",
        "refunds",
        lambda: followups_query(50),
        "SELECT refunds.id FROM refunds JOIN payments ON payments.id = refunds.payment_id "
        "WHERE refunds.status = $1 AND (payments.invoice_id IS NOT NULL AND "
        "refunds.stripe_credit_note_id IS NULL OR payments.method = $2 AND "
        "refunds.cash_return_status IS NULL) ORDER BY refunds.id LIMIT 50",
        ("'succeeded'", "'customer_balance'"),
        {
            "id": "'rfb_' || g",
            "status": "'succeeded'",
            "followup_due": "g % 1000 = 0",
            "stripe_refund_id": "'re2_' || g",
            "payment_id": "'pay_' || g",
            "amount_minor": "100",
        },
        {
            "payments": {
                "method": DUE.format(due="customer_balance", done="card"),
                "status": "'succeeded'",
                "amount_minor": "100",
            }
        },
    ),
    Sweep(
        "payments",
        "refunds due too long (every 15 s)",
        "booking_status_views",
        lambda: overdue_query(NOW, timedelta(days=1)),
        "SELECT * FROM booking_status_views WHERE (status = $1 OR refund_owed_minor > $2) "
        "AND status_since IS NOT NULL AND status_since < $3 "
        "ORDER BY status_since, booking_id LIMIT 200",
        ("'refund_due'", "0", "now() - interval '1 day'"),
        {
            "status": DUE.format(due="refund_due", done="confirmed"),
            "refund_owed_minor": "0",
            "status_since": "now() - g * interval '1 minute'",
            "booking_id": "'bkg_' || g",
        },
    ),
    Sweep(
        "payments",
        "failed refunds (every 15 s)",
        "refunds",
        failed_query,
        "SELECT * FROM refunds WHERE (status IN ($1, $2) AND replaced_by_refund_id IS NULL) "
        "OR cash_return_status IN ($3, $4) ORDER BY id LIMIT 200",
        ("'canceled'", "'failed'", "'canceled'", "'failed'"),
        {
            "status": DUE.format(due="failed", done="succeeded"),
            "stripe_refund_id": "'re_' || g",
            "payment_id": "'pay_' || g",
            "amount_minor": "100",
        },
    ),
]

FILLER = {
    "text": "'x'",
    "integer": "0",
    "bigint": "0",
    "smallint": "0",
    "boolean": "false",
    "timestamp with time zone": "now() - g * interval '1 minute'",
    "date": "current_date",
    "json": "'{}'",
    "jsonb": "'{}'",
}


def psql(database: str, sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-X", "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def fill(database: str, table: str, history: dict[str, str], rows: int) -> None:
    """``rows`` rows: the columns given, every other required column a filler."""
    columns = psql(
        database,
        "SELECT column_name, data_type, is_nullable, column_default IS NOT NULL, "
        "coalesce(character_maximum_length, 0) FROM information_schema.columns "
        f"WHERE table_name = '{table}' ORDER BY ordinal_position",
    )
    names, values = [], []
    for line in columns.splitlines():
        name, kind, nullable, has_default, length = line.split("|")
        if name in history:
            names.append(name)
            values.append(history[name])
        elif nullable == "NO" and has_default == "f":
            names.append(name)
            text = f"left('{table[:3]}_' || g, {int(length) or 40})"
            values.append(
                ("'jpy'" if name == "currency" else text)
                if kind.startswith("char")
                else FILLER[kind]
            )
    # History only: the rows' parents (payments of refunds) are not the point here.
    psql(database, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    psql(
        database,
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"SELECT {', '.join(values)} FROM generate_series(1, {rows}) g",
    )


def _sql_value(value: object) -> str:
    if isinstance(value, datetime):
        return f"'{value.isoformat()}'"
    return str(value) if isinstance(value, int) else f"'{value}'"


def as_sent(sweep: Sweep) -> tuple[str, tuple[str, ...]]:
    """The service's statement as asyncpg prepares it, and its parameters' values."""
    compiled = sweep.statement().compile(
        dialect=postgresql.asyncpg.dialect(), compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    return compiled.string, tuple(_sql_value(params[k]) for k in compiled.positiontup or ())


def measure(database: str, query: str, params: tuple[str, ...]) -> tuple[float, list[str]]:
    """Execution ms of the prepared statement's generic plan (the one PostgreSQL may keep
    after five runs), and the scans in it."""
    types = f"({', '.join('unknown' for _ in params)})" if params else ""
    values = f"({', '.join(params)})" if params else ""
    plan = psql(
        database,
        "SET plan_cache_mode = force_generic_plan; "
        f"PREPARE sweep {types} AS {query}; "
        f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) EXECUTE sweep {values}",
    )
    ms = next(float(x.split()[2]) for x in plan.splitlines() if x.startswith("Execution Time"))
    scans = [x.strip(" ->").split(" (actual")[0] for x in plan.splitlines() if "Scan" in x]
    return ms, scans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    for service in dict.fromkeys(s.service for s in SWEEPS):
        name = f"lpx_bench_sweeps_{secrets.token_hex(3)}"
        url = create_database(name)
        try:
            upgrade(SERVICE_DIRS[service], url)
            sweeps = [s for s in SWEEPS if s.service == service]
            for sweep in sweeps:
                fill(name, sweep.table, sweep.history, args.rows)
                for table, history in sweep.other_tables.items():
                    fill(name, table, history, args.rows)
            psql(name, "VACUUM ANALYZE")
            for sweep in sweeps:
                before_ms, before_scans = measure(name, sweep.before, sweep.before_params)
                now_ms, now_scans = measure(name, *as_sent(sweep))
                print(f"{service} / {sweep.name}")
                print(f"  before: {before_ms:8.2f} ms  {'; '.join(before_scans)}")
                print(f"  now:    {now_ms:8.2f} ms  {'; '.join(now_scans)}")
        finally:
            drop_database(name)


if __name__ == "__main__":
    main()
