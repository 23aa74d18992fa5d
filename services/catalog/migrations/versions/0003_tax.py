"""Consumption tax as data: a tax category per offering and dated rates per category.

Revision ID: 0003_tax
Revises: 0002
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

import lpx_common.db


revision: str = '0003_tax'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rates = op.create_table('tax_rates',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('rate_bps', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rate_bps >= 0 AND rate_bps <= 10000', name=op.f('ck_tax_rates_rate_bps_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tax_rates')),
    sa.UniqueConstraint('category', 'effective_from', name=op.f('uq_tax_rates_category'))
    )
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tax_category', sa.String(length=16), server_default=sa.text("'standard'"), nullable=False))
    # Japan's consumption tax (national + local) since the 2019-10-01 change; the 2014
    # standard rate stays as history. Exempt and zero-rated (export, international
    # transport) supplies carry no tax.
    now = datetime.now(UTC)
    op.bulk_insert(rates, [
        {'category': 'standard', 'rate_bps': 800, 'effective_from': date(2014, 4, 1), 'created_at': now},
        {'category': 'standard', 'rate_bps': 1000, 'effective_from': date(2019, 10, 1), 'created_at': now},
        {'category': 'reduced', 'rate_bps': 800, 'effective_from': date(2019, 10, 1), 'created_at': now},
        {'category': 'exempt', 'rate_bps': 0, 'effective_from': date(1989, 4, 1), 'created_at': now},
        {'category': 'zero_rated', 'rate_bps': 0, 'effective_from': date(1989, 4, 1), 'created_at': now},
    ])


def downgrade() -> None:
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.drop_column('tax_category')
    op.drop_table('tax_rates')
