"""Waiting lists for sold-out first-come offerings: the lists and their entries.

Revision ID: 0009_waitlists
Revises: 0008_company_email
"""

import sqlalchemy as sa
from alembic import op

import lpx_common.db

revision = "0009_waitlists"
down_revision = "0008_company_email"
branch_labels = None
depends_on = None

When = lpx_common.db.UTCDateTime
ACTIVE = sa.text("status IN ('waiting', 'offered')")


def upgrade() -> None:
    op.create_table(
        "waiting_lists",
        sa.Column("offering_id", sa.String(40), nullable=False),
        sa.Column("lease_until", When(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("offering_id", name=op.f("pk_waiting_lists")),
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("offering_id", sa.String(40), nullable=False),
        sa.Column("customer_id", sa.String(128), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contact_name", sa.String(200), nullable=False),
        sa.Column("contact_email", sa.String(320), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("locale", sa.String(2), nullable=False),
        sa.Column("booking_id", sa.String(40), nullable=True),
        sa.Column("offered_at", When(), nullable=True),
        sa.Column("offer_expires_at", When(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_index(
        op.f("ix_waitlist_entries_customer_id"), "waitlist_entries", ["customer_id"]
    )
    op.create_index(
        "ix_waitlist_entries_offering_status_id",
        "waitlist_entries",
        ["offering_id", "status", "id"],
    )
    # One place in line per customer and offering (one may join again after leaving).
    op.create_index(
        "uq_waitlist_entries_active",
        "waitlist_entries",
        ["offering_id", "customer_id"],
        unique=True,
        postgresql_where=ACTIVE,
        sqlite_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_table("waitlist_entries")
    op.drop_table("waiting_lists")
