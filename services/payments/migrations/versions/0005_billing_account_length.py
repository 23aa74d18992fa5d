"""Billing account ids up to 200 characters (booking builds them from the account that
booked and the company's registration number or name).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("billing_customers") as batch:
        batch.alter_column(
            "billing_account_id", existing_type=sa.String(64), type_=sa.String(200)
        )
    with op.batch_alter_table("invoices") as batch:
        batch.alter_column(
            "billing_account_id", existing_type=sa.String(64), type_=sa.String(200)
        )


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.alter_column(
            "billing_account_id", existing_type=sa.String(200), type_=sa.String(64)
        )
    with op.batch_alter_table("billing_customers") as batch:
        batch.alter_column(
            "billing_account_id", existing_type=sa.String(200), type_=sa.String(64)
        )
