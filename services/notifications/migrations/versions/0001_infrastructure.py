"""Infrastructure tables: idempotency keys and the outbox.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

from lpx_common.migrations import create_infrastructure_tables, drop_infrastructure_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_infrastructure_tables()


def downgrade() -> None:
    drop_infrastructure_tables()
