"""Ballots: applications to scarce offerings and their provably fair draws.

Revision ID: 0007_ballots
Revises: 0006_outbox_traceparent
"""

import sqlalchemy as sa
from alembic import op

import lpx_common.db

revision = "0007_ballots"
down_revision = "0006_outbox_traceparent"
branch_labels = None
depends_on = None

When = lpx_common.db.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "ballots",
        sa.Column("offering_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("commitment", sa.String(64), nullable=False),
        sa.Column("draw_at", When(), nullable=False),
        sa.Column("list_hash", sa.String(64), nullable=True),
        sa.Column("application_count", sa.Integer(), nullable=True),
        sa.Column("drawn_at", When(), nullable=True),
        sa.Column("lease_until", When(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("offering_id", name=op.f("pk_ballots")),
    )
    op.create_index(op.f("ix_ballots_status"), "ballots", ["status"])
    op.create_table(
        "ballot_applications",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("offering_id", sa.String(40), nullable=False),
        sa.Column("customer_id", sa.String(128), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(200), nullable=False),
        sa.Column("contact_email", sa.String(320), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("locale", sa.String(2), nullable=False),
        sa.Column("booking_id", sa.String(40), nullable=True),
        sa.Column("offered_at", When(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_applications")),
        sa.UniqueConstraint(
            "offering_id", "customer_id", name=op.f("uq_ballot_applications_offering_id_customer_id")
        ),
    )
    op.create_index(
        "ix_ballot_applications_offering_status_rank",
        "ballot_applications",
        ["offering_id", "status", "rank"],
    )


def downgrade() -> None:
    op.drop_table("ballot_applications")
    op.drop_table("ballots")
