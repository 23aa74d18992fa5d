"""Catalog domain tables: missions, offerings, allocations (holds) and mission events.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lpx_common.db


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('missions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('lander', sa.String(length=200), nullable=False),
    sa.Column('landing_site', sa.String(length=200), nullable=False),
    sa.Column('launch_window_start', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('launch_window_end', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('mass_budget_grams', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reserved_grams', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('mass_budget_grams >= 0', name=op.f('ck_missions_mass_budget_non_negative')),
    sa.CheckConstraint('reserved_grams >= 0', name=op.f('ck_missions_reserved_grams_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_missions')),
    sa.UniqueConstraint('code', name=op.f('uq_missions_code'))
    )
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_missions_updated_at'), ['updated_at'], unique=False)

    op.create_table('mission_events',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('mission_id', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('previous_status', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=True),
    sa.Column('occurred_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_mission_events_mission_id_missions')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_mission_events'))
    )
    with op.batch_alter_table('mission_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mission_events_mission_id'), ['mission_id'], unique=False)

    op.create_table('offerings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('mission_id', sa.String(length=40), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.Column('unit_mass_grams', sa.BigInteger(), nullable=False),
    sa.Column('capacity_units', sa.BigInteger(), nullable=False),
    sa.Column('reserved_units', sa.BigInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('prices', sa.JSON(), nullable=False),
    sa.Column('min_quantity', sa.Integer(), nullable=False),
    sa.Column('max_quantity', sa.Integer(), nullable=False),
    sa.Column('sale_starts_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sale_ends_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('review_required', sa.Boolean(), nullable=False),
    sa.Column('review_hold_days', sa.Integer(), nullable=False),
    sa.Column('cancellation_cutoff_days', sa.Integer(), nullable=False),
    sa.Column('cancellation_fee_bps', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity_units >= 0', name=op.f('ck_offerings_capacity_non_negative')),
    sa.CheckConstraint('min_quantity >= 1 AND max_quantity >= min_quantity', name=op.f('ck_offerings_quantity')),
    sa.CheckConstraint('reserved_units >= 0', name=op.f('ck_offerings_reserved_units_non_negative')),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_offerings_mission_id_missions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offerings')),
    sa.UniqueConstraint('sku', name=op.f('uq_offerings_sku'))
    )
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offerings_mission_id'), ['mission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_updated_at'), ['updated_at'], unique=False)

    op.create_table('allocations',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('offering_id', sa.String(length=40), nullable=False),
    sa.Column('mission_id', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('mass_grams', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('expires_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('committed_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('released_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_allocations_quantity_positive')),
    sa.ForeignKeyConstraint(['mission_id'], ['missions.id'], name=op.f('fk_allocations_mission_id_missions')),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_allocations_offering_id_offerings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations')),
    sa.UniqueConstraint('reference', name=op.f('uq_allocations_reference'))
    )
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index('ix_allocations_mission_status_expires', ['mission_id', 'status', 'expires_at'], unique=False)
        batch_op.create_index('ix_allocations_offering_status_expires', ['offering_id', 'status', 'expires_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.drop_index('ix_allocations_offering_status_expires')
        batch_op.drop_index('ix_allocations_mission_status_expires')

    op.drop_table('allocations')
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offerings_updated_at'))
        batch_op.drop_index(batch_op.f('ix_offerings_mission_id'))

    op.drop_table('offerings')
    with op.batch_alter_table('mission_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mission_events_mission_id'))

    op.drop_table('mission_events')
    with op.batch_alter_table('missions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_missions_updated_at'))

    op.drop_table('missions')
