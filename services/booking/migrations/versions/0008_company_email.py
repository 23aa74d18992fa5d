"""Bookings keep their company's email lower-cased, indexed: the key of a company account.

Revision ID: 0008_company_email
Revises: 0007_ballots
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_company_email"
down_revision: str | None = "0007_ballots"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

bookings = sa.table(
    "bookings",
    sa.column("id", sa.String),
    sa.column("company", sa.JSON),
    sa.column("company_email", sa.String),
)


def upgrade() -> None:
    op.add_column("bookings", sa.Column("company_email", sa.String(length=320), nullable=True))
    op.create_index(
        op.f("ix_bookings_company_email"), "bookings", ["company_email"], unique=False
    )
    # Bookings made before this revision: the email from their company's JSON.
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(bookings.c.id, bookings.c.company).where(bookings.c.company.is_not(None))
    )
    for booking_id, company in list(rows):
        email = str((company or {}).get("email") or "").strip().lower() or None
        if email:
            bind.execute(
                bookings.update()
                .where(bookings.c.id == booking_id)
                .values(company_email=email[:320])
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_bookings_company_email"), table_name="bookings")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("company_email")
