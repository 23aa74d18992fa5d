"""Async SQLAlchemy engine, sessions and column types shared by every service.

PostgreSQL (asyncpg) in production and tests; SQLite (aiosqlite) as the embedded
default for the one-command local run. On SQLite every transaction starts with
``BEGIN IMMEDIATE`` so check-then-write sequences serialise instead of failing late.

Round trips to PostgreSQL are most of a request's CPU (each is a send, a wake-up and a
read on both sides), so the pool pings only connections that sat idle (see
:data:`PING_AFTER_IDLE_SECONDS`), reads run without BEGIN/ROLLBACK (:meth:`Database.read`)
and one-statement writes without BEGIN/COMMIT (:meth:`Database.autocommit`).
"""

import asyncio
import contextlib
import functools
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    DateTime,
    Insert,
    Select,
    Table,
    Update,
    bindparam,
    event,
    exc,
    insert,
    literal,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator

from lpx_common.clock import as_utc

# Deterministic constraint names, so Alembic migrations can drop and alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        # TypeDecorator reports ``object``; keyset cursors need to know these are datetimes.
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def constant(value: Any) -> BindParameter[Any]:
    """A fixed value of a periodic sweep (a status, a zero) written into its SQL instead
    of sent as a parameter. After five runs PostgreSQL may plan a prepared statement
    once for any parameter values: it can then neither use a partial index nor tell, by
    the column's statistics, that 'held' is rare and 'confirmed' is most rows, and a
    sweep that should read what is due reads every row of history."""
    return literal(value, literal_execute=True)


def constants(values: Iterable[Any]) -> BindParameter[Any]:
    """:func:`constant` for ``IN``: ``column.in_(constants(...))``."""
    return bindparam(None, list(values), expanding=True, literal_execute=True)


@functools.cache
def insert_into(table: Table) -> Insert:
    """``INSERT INTO table``, built once: execute it with the row as parameters
    (``session.execute(insert_into(t), row)``). ``t.insert().values(**row)`` builds a new
    statement on every call (each value made a bound parameter, the whole keyed for the
    compiled cache), about half of a small insert's Python time."""
    return insert(table)


def lease_due(
    dialect: str,
    target: Any,
    due: Select[Any],
    *,
    key: Any,
    lease_column: str,
    returning: Iterable[Any],
) -> Update:
    """A worker's lease of the rows ``due`` selects (by ``key``), in one statement that
    also returns them: ``UPDATE target SET <lease_column> = :leased_until WHERE key IN
    (due) RETURNING ...``, so an idle poll is one round trip. On PostgreSQL the due rows
    are locked SKIP LOCKED: two workers never lease the same row. Build it once and
    execute it with ``leased_until`` and whatever ``due`` binds."""
    if dialect == "postgresql":
        due = due.with_for_update(skip_locked=True)
    return (
        update(target)
        .where(key.in_(due.scalar_subquery()))
        .values({lease_column: bindparam("leased_until")})
        .returning(*returning)
    )


def insert_on_conflict(dialect: str, table: Any) -> postgresql.Insert | sqlite.Insert:
    """An INSERT of ``dialect`` that takes ``on_conflict_do_nothing``/``_do_update``
    (PostgreSQL and SQLite spell them alike; SQLAlchemy's generic insert has neither)."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


# A pooled connection unused for longer than this is pinged before it is handed out, and
# replaced if dead (a database restart, an idle timeout on the way). A ping on every
# checkout, as ``pool_pre_ping`` does, costs three round trips (BEGIN, a query, ROLLBACK
# on asyncpg): more than most statements it guards. A connection that died while in
# steady use fails its next statement instead, and that disconnect makes the pool
# replace every connection it had made (SQLAlchemy's pool-wide invalidation).
PING_AFTER_IDLE_SECONDS = 5.0
_RETURNED_AT = "lpx_returned_at"

# Chunks of a COPY waiting for a slow reader (asyncpg hands over what one read brought).
COPY_QUEUE_CHUNKS = 8


def _ping_idle_connections(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(sync_engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < PING_AFTER_IDLE_SECONDS:
            return  # new, or in steady use
        try:
            sync_engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out another (a fresh one).
            raise exc.DisconnectionError(f"idle connection is dead: {error}") from error


def make_engine(
    url: str, *, pool_size: int = 12, max_overflow: int = 0, echo: bool = False
) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # Last returned, first reused: the connections in use stay warm (no ping), the
        # rest wait (and are pinged if they are needed again).
        pool_use_lifo=True,
        pool_recycle=1800,
    )
    _ping_idle_connections(engine)
    return engine


class Database:
    """Owns the engine of one service's database and hands out sessions."""

    def __init__(
        self, url: str, *, pool_size: int = 12, max_overflow: int = 0, echo: bool = False
    ) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size, max_overflow=max_overflow, echo=echo)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # The same pool, each statement committing on its own (no BEGIN/COMMIT round
        # trips). Not on SQLite, whose transactions are opened by hand (BEGIN IMMEDIATE).
        self._autocommit_engine: AsyncEngine | None = None
        self._read_sessions = self.sessions
        if not is_sqlite(url):
            self._autocommit_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
            self._read_sessions = async_sessionmaker(
                self._autocommit_engine, expire_on_commit=False
            )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits when the block ends, rolls back if it raises."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading. On PostgreSQL it runs outside a transaction: at READ
        COMMITTED each statement sees its own snapshot either way, so a BEGIN and a
        ROLLBACK around the reads would only add two round trips. Write nothing here, and
        take no row locks (they would end with their statement): use
        :meth:`transaction`."""
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def read_connection(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection for reading, outside a transaction on PostgreSQL as
        :meth:`read` is: one round trip per statement instead of BEGIN, the statement
        and ROLLBACK. The same rules: write nothing, take no row locks."""
        engine = self._autocommit_engine or self.engine
        async with engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection for one self-contained statement (an insert, an update, an
        ``UPDATE ... RETURNING``), which commits on its own: atomic as any statement, and
        two round trips cheaper than a transaction around it. On SQLite: a transaction."""
        if self._autocommit_engine is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self._autocommit_engine.connect() as conn:
            yield conn

    async def copy_csv(self, stmt: Select[Any]) -> AsyncIterator[bytes]:
        """PostgreSQL only: the rows of ``stmt`` as CSV (header from its labels, NULL as
        an empty field, ``\\n`` line ends) from ``COPY (...) TO STDOUT``. The server
        formats every value, so the service only forwards bytes; a few chunks queue
        between the two, which bounds memory when the reader is slower than the database.

        ``stmt`` is rendered with its values inline (COPY takes no parameters): give it
        values the code made, never raw client text."""
        sql = str(stmt.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True}))
        chunks: asyncio.Queue[bytes | Exception | None] = asyncio.Queue(maxsize=COPY_QUEUE_CHUNKS)
        async with self.engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None

            async def put(data: bytearray) -> None:
                await chunks.put(bytes(data))  # asyncpg's buffer; ASGI wants bytes

            async def copy() -> None:
                try:
                    await driver.copy_from_query(sql, output=put, format="csv", header=True)
                except Exception as error:  # handed to the reader, who raises it
                    await chunks.put(error)
                else:
                    await chunks.put(None)

            task = asyncio.create_task(copy())
            try:
                while (chunk := await chunks.get()) is not None:
                    if isinstance(chunk, Exception):
                        raise chunk
                    yield chunk
            finally:
                if not task.done():  # the reader left early (a client gone): stop the COPY
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                    # asyncpg cannot reuse a connection cut off mid-COPY: the pool drops it.
                    await conn.invalidate()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
