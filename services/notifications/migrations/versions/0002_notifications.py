"""Notifications tables: events received, emails, webhook endpoints, deliveries and
their attempts (the delivery log).

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
    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=60), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.BigInteger(), nullable=False),
    sa.Column('occurred_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('partner_id', sa.String(length=128), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('received_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('webhook_endpoints',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('partner_id', sa.String(length=128), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('event_types', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('disabled_reason', sa.Text(), nullable=True),
    sa.Column('secret', sa.String(length=80), nullable=False),
    sa.Column('previous_secret', sa.String(length=80), nullable=True),
    sa.Column('previous_secret_expires_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failing_since', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_endpoints_partner_id'), ['partner_id'], unique=False)

    op.create_table('emails',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('provider_message_id', sa.String(length=255), nullable=True),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_emails_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emails')),
    sa.UniqueConstraint('event_id', 'template', name=op.f('uq_emails_event_id_template'))
    )
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.create_index('ix_emails_due', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
        batch_op.create_index(batch_op.f('ix_emails_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_emails_failed_at'), ['failed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_emails_status'), ['status'], unique=False)

    op.create_table('webhook_deliveries',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('endpoint_id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('partner_id', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('retry_until', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failed_at', lpx_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'], name=op.f('fk_webhook_deliveries_endpoint_id_webhook_endpoints')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_webhook_deliveries_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
    sa.UniqueConstraint('endpoint_id', 'event_id', name=op.f('uq_webhook_deliveries_endpoint_id_event_id'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_due', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_endpoint_id'), ['endpoint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_failed_at'), ['failed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_partner_id'), ['partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_status'), ['status'], unique=False)

    op.create_table('webhook_attempts',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('delivery_id', sa.String(length=40), nullable=False),
    sa.Column('endpoint_id', sa.String(length=40), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', lpx_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('request_bytes', sa.Integer(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('latency_ms', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['webhook_deliveries.id'], name=op.f('fk_webhook_attempts_delivery_id_webhook_deliveries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_attempts'))
    )
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_attempts_delivery_id'), ['delivery_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_attempts_endpoint_id'), ['endpoint_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('webhook_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_endpoint_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_delivery_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_attempts_at'))

    op.drop_table('webhook_attempts')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_status'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_partner_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_failed_at'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_event_id'))
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_endpoint_id'))
        batch_op.drop_index('ix_webhook_deliveries_due', postgresql_where=sa.text("status = 'pending'"))

    op.drop_table('webhook_deliveries')
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emails_status'))
        batch_op.drop_index(batch_op.f('ix_emails_failed_at'))
        batch_op.drop_index(batch_op.f('ix_emails_event_id'))
        batch_op.drop_index('ix_emails_due', postgresql_where=sa.text("status = 'pending'"))

    op.drop_table('emails')
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_endpoints_partner_id'))

    op.drop_table('webhook_endpoints')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_subject_id'))
        batch_op.drop_index(batch_op.f('ix_events_received_at'))
        batch_op.drop_index(batch_op.f('ix_events_partner_id'))

    op.drop_table('events')
