"""Alembic glue shared by every service: the async ``env.py`` body and DDL helpers."""

import asyncio
import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Column, MetaData, String, inspect, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config

from lpx_common.tables import idempotency_table, outbox_table

# Several pods may start at once, each migrating before it serves (deploy/k8s): on
# PostgreSQL the migration transaction first takes this advisory lock, so one pod
# migrates while the others wait, then find the database at head and do nothing.
MIGRATION_LOCK_KEY = 0x4C50_584D  # "LPXM"


def run_env(metadata: MetaData, url_env_var: str) -> None:
    """The body of a service's ``migrations/env.py``.

    The URL comes from ``url_env_var`` when set, else from ``sqlalchemy.url`` in the
    Alembic config (which :func:`upgrade` sets programmatically).
    """
    config = context.config
    url = os.environ.get(url_env_var) or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError(f"set {url_env_var} to the database to migrate")
    config.set_main_option("sqlalchemy.url", url)

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            context.run_migrations()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    async def run_async() -> None:
        engine = async_engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run_async())


def upgrade(service_dir: Path, url: str, revision: str = "head") -> None:
    """Migrate one service's database, as ``alembic upgrade head`` would."""
    config = Config(str(service_dir / "alembic.ini"))
    config.set_main_option("script_location", str(service_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, revision)


def _infrastructure_metadata() -> MetaData:
    metadata = MetaData()
    idempotency_table(metadata)
    outbox_table(metadata)
    return metadata


def create_infrastructure_tables() -> None:
    """Create the idempotency and outbox tables; call from a migration's ``upgrade()``."""
    from alembic import op  # valid only inside a running migration

    _infrastructure_metadata().create_all(op.get_bind())


def drop_infrastructure_tables() -> None:
    from alembic import op

    _infrastructure_metadata().drop_all(op.get_bind())


def add_outbox_traceparent() -> None:
    """Add ``outbox_messages.traceparent``; call from a migration's ``upgrade()``.

    A database made from scratch already has it: the first migration creates the
    infrastructure tables as :mod:`lpx_common.tables` defines them today."""
    from alembic import op

    columns = {c["name"] for c in inspect(op.get_bind()).get_columns("outbox_messages")}
    if "traceparent" not in columns:
        op.add_column("outbox_messages", Column("traceparent", String(55), nullable=True))


def drop_outbox_traceparent() -> None:
    from alembic import op

    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("traceparent")
