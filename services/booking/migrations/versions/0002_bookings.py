"""Booking tables: bookings, lines, history, reviews, milestones, payments seen, cursors.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from lpx_common.db import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("mission_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=128), nullable=True),
        sa.Column("partner_id", sa.String(length=128), nullable=True),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("company", sa.JSON(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("hold_expires_at", UTCDateTime(), nullable=True),
        sa.Column("checkout_attempt", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.Column("checkout_url", sa.Text(), nullable=True),
        sa.Column("checkout_expires_at", UTCDateTime(), nullable=True),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("refund_requested_minor", sa.BigInteger(), nullable=False),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("cancellation_fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index(op.f("ix_bookings_customer_id"), "bookings", ["customer_id"], unique=False)
    op.create_index(
        op.f("ix_bookings_hold_expires_at"), "bookings", ["hold_expires_at"], unique=False
    )
    op.create_index(op.f("ix_bookings_mission_id"), "bookings", ["mission_id"], unique=False)
    op.create_index(op.f("ix_bookings_partner_id"), "bookings", ["partner_id"], unique=False)
    op.create_index(op.f("ix_bookings_status"), "bookings", ["status"], unique=False)
    op.create_index(op.f("ix_bookings_updated_at"), "bookings", ["updated_at"], unique=False)
    op.create_table(
        "feed_cursors",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_feed_cursors")),
    )
    # The one cursor row exists from the start, so pollers can lock it (FOR UPDATE).
    feed_cursors = sa.table(
        "feed_cursors",
        sa.column("name", sa.String),
        sa.column("last_seq", sa.BigInteger),
        sa.column("updated_at", UTCDateTime()),
    )
    op.bulk_insert(
        feed_cursors,
        [{"name": "catalog-mission-events", "last_seq": 0, "updated_at": datetime.now(UTC)}],
    )
    op.create_table(
        "booking_lines",
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.String(length=40), nullable=False),
        sa.Column("mission_id", sa.String(length=40), nullable=False),
        sa.Column("sku", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("allocation_id", sa.String(length=40), nullable=True),
        sa.Column("cancellation_cutoff_at", UTCDateTime(), nullable=True),
        sa.Column("cancellation_fee_bps", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_booking_lines_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("booking_id", "line_no", name=op.f("pk_booking_lines")),
    )
    op.create_index(
        op.f("ix_booking_lines_offering_id"), "booking_lines", ["offering_id"], unique=False
    )
    op.create_table(
        "payment_milestones",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("percent_bps", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("due_event", sa.String(length=20), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=True),
        sa.Column("invoiced_at", UTCDateTime(), nullable=True),
        sa.Column("invoice_due_date", sa.Date(), nullable=True),
        sa.Column("paid_minor", sa.BigInteger(), nullable=False),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_payment_milestones_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_milestones")),
    )
    op.create_index(
        op.f("ix_payment_milestones_booking_id"), "payment_milestones", ["booking_id"], unique=False
    )
    op.create_index(
        op.f("ix_payment_milestones_status"), "payment_milestones", ["status"], unique=False
    )
    op.create_table(
        "payments_seen",
        sa.Column("payment_id", sa.String(length=64), nullable=False),
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("paid_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_payments_seen_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payments_seen")),
    )
    op.create_index(
        op.f("ix_payments_seen_booking_id"), "payments_seen", ["booking_id"], unique=False
    )
    op.create_table(
        "refunds_seen",
        sa.Column("refund_id", sa.String(length=64), nullable=False),
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_refunds_seen_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_refunds_seen")),
    )
    op.create_index(
        op.f("ix_refunds_seen_booking_id"), "refunds_seen", ["booking_id"], unique=False
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("content_fit", sa.Boolean(), nullable=False),
        sa.Column("technical_fit", sa.Boolean(), nullable=False),
        sa.Column("export_control_cleared", sa.Boolean(), nullable=False),
        sa.Column("sanctions_screening_cleared", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=160), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_reviews_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index(op.f("ix_reviews_booking_id"), "reviews", ["booking_id"], unique=False)
    op.create_table(
        "status_history",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("booking_id", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_status_history_booking_id_bookings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_history")),
    )
    op.create_index(
        op.f("ix_status_history_booking_id"), "status_history", ["booking_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_status_history_booking_id"), table_name="status_history")
    op.drop_table("status_history")
    op.drop_index(op.f("ix_reviews_booking_id"), table_name="reviews")
    op.drop_table("reviews")
    op.drop_index(op.f("ix_refunds_seen_booking_id"), table_name="refunds_seen")
    op.drop_table("refunds_seen")
    op.drop_index(op.f("ix_payments_seen_booking_id"), table_name="payments_seen")
    op.drop_table("payments_seen")
    op.drop_index(op.f("ix_payment_milestones_status"), table_name="payment_milestones")
    op.drop_index(op.f("ix_payment_milestones_booking_id"), table_name="payment_milestones")
    op.drop_table("payment_milestones")
    op.drop_index(op.f("ix_booking_lines_offering_id"), table_name="booking_lines")
    op.drop_table("booking_lines")
    op.drop_table("feed_cursors")
    op.drop_index(op.f("ix_bookings_updated_at"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_status"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_partner_id"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_mission_id"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_hold_expires_at"), table_name="bookings")
    op.drop_index(op.f("ix_bookings_customer_id"), table_name="bookings")
    op.drop_table("bookings")
