"""Tables every service keeps in its own database: idempotency records and the outbox.

Each service calls these with its own ``MetaData`` so the tables live in its schema and
its Alembic migrations (see :mod:`lpx_common.migrations` for the DDL helpers).
"""

from sqlalchemy import JSON, Column, Index, Integer, MetaData, String, Table, Text, text

from lpx_common.db import UTCDateTime


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("owner", String(128), primary_key=True),
        Column("key", String(255), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("state", String(16), nullable=False),  # in_flight | completed
        Column("response_status", Integer),
        Column("response_body", JSON),
        Column("created_at", UTCDateTime, nullable=False),
        Column("expires_at", UTCDateTime, nullable=False),
        Index("ix_idempotency_keys_expires_at", "expires_at"),
    )


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox_messages",
        metadata,
        Column("id", String(40), primary_key=True),
        Column("destination", String(40), nullable=False),
        Column("method", String(8), nullable=False),
        Column("path", String(512), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("available_at", UTCDateTime, nullable=False),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("delivered_at", UTCDateTime),
        Column("failed_at", UTCDateTime),
        Column("last_error", Text),
        # W3C trace context of the request that wrote the message: the relay delivers
        # the message as part of that trace (lpx_common.telemetry.continue_trace).
        Column("traceparent", String(55)),
        Index(
            "ix_outbox_messages_pending",
            "available_at",
            postgresql_where=text("delivered_at IS NULL AND failed_at IS NULL"),
            sqlite_where=text("delivered_at IS NULL AND failed_at IS NULL"),
        ),
    )
