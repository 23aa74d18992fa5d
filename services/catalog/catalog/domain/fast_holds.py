"""The hold hot path (PostgreSQL only): concurrent holds on one offering, one statement.

Every hold locks its mission row, then its offering row, and keeps both locks until its
commit, so holds on one hot offering run one after another and each pays a commit
(a WAL flush) while the others wait: on the project machine about 1,000 holds/s, with
the database idle. Group commit removes that ceiling: while a statement for an offering
is in flight, the holds that arrive for it wait, and the next statement takes all of
them (up to :data:`MAX_BATCH`) under one pair of locks and one commit. With no
concurrency a hold runs alone at once, so nothing waits for a batch to fill.

Each hold is still decided on its own: the statement grants requests in arrival order
while the running total fits both budgets (so a batch never oversells), and a request
it does not grant is answered as before: a plain refusal (409) if it could not fit on
the values the statement saw, otherwise ``None`` ("not decided here") and the general,
row-locking path of :mod:`catalog.domain.holds` decides it, reclaiming expired holds if
needed. A retry of a reference that exists is also left to the general path, which
answers with the existing hold. A reference appears at most once per statement.
"""

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import asyncpg
from prometheus_client import Histogram
from sqlalchemy.ext.asyncio import AsyncEngine

from catalog.domain.room import check_sellable_values, no_room
from lpx_common.clock import utcnow
from lpx_common.errors import NotFound
from lpx_common.ids import new_id

log = logging.getLogger("catalog.allocations")

MAX_BATCH = 100

HOLDS_PER_STATEMENT = Histogram(
    "catalog_holds_per_statement",
    "Holds decided by one statement of the hot path (group commit)",
    buckets=(1, 2, 4, 8, 16, 32, 64, MAX_BATCH),
)

# asyncpg errors meaning the connection, not the statement, failed.
_DISCONNECTS = (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.InterfaceError)

# ONE statement, run in autocommit, for a batch of holds on one offering. Top-down:
#   req    the batch, in arrival order (ord);
#   fresh  the requests whose reference is not taken yet;
#   pre    offering and mission WITHOUT locks (the statement's snapshot), and whether the
#          mission has expired holds to reclaim;
#   go     passes only if, on that snapshot, the sale is open and some fresh request
#          fits: a batch with no chance takes no lock at all;
#   m, o   lock the mission row (first, always), then the offering row;
#   valid  fresh requests allowed by the locked rows, with their running total of units;
#   take   the prefix of those whose running total fits both budgets;
#   ins    inserts them (a reference taken meanwhile is skipped: ON CONFLICT);
#   um/uo  add what was inserted to the reserved counters.
# One answer row per request, with the values the decision saw (the locked ones when
# locks were taken), so a refusal is explained without a second trip. No rows: no such
# offering. Parameters: $1 offering id, $2 now, $3 allocation ids, $4 references,
# $5 quantities, $6 expiry times (arrays, in the same order).
BATCH_HOLD = """
    WITH req AS (
        SELECT r.id, r.reference, r.quantity, r.expires_at, r.ord
        FROM unnest(CAST($3 AS varchar[]), CAST($4 AS varchar[]), CAST($5 AS bigint[]),
                    CAST($6 AS timestamptz[]))
             WITH ORDINALITY AS r(id, reference, quantity, expires_at, ord)
    ), fresh AS (
        SELECT req.* FROM req
        WHERE NOT EXISTS (SELECT 1 FROM allocations AS x WHERE x.reference = req.reference)
    ), pre AS (
        SELECT off.mission_id, mis.status AS mission_status, mis.reserved_grams,
               mis.mass_budget_grams, off.reserved_units, off.capacity_units,
               off.unit_mass_grams, off.min_quantity, off.max_quantity,
               off.sale_starts_at, off.sale_ends_at,
               EXISTS (
                   SELECT 1 FROM allocations AS exp
                   WHERE exp.mission_id = off.mission_id AND exp.status = 'held'
                     AND exp.expires_at <= CAST($2 AS timestamptz)
               ) AS has_expired
        FROM offerings AS off JOIN missions AS mis ON mis.id = off.mission_id
        WHERE off.id = $1
    ), go AS (
        SELECT pre.mission_id FROM pre
        WHERE pre.mission_status = 'on_sale'
          AND pre.sale_starts_at <= CAST($2 AS timestamptz)
          AND pre.sale_ends_at > CAST($2 AS timestamptz)
          AND EXISTS (
              SELECT 1 FROM fresh
              WHERE fresh.quantity BETWEEN pre.min_quantity AND pre.max_quantity
                AND pre.reserved_units + fresh.quantity <= pre.capacity_units
                AND pre.reserved_grams + fresh.quantity * pre.unit_mass_grams
                    <= pre.mass_budget_grams
          )
    ), m AS (
        SELECT id, status, reserved_grams, mass_budget_grams
        FROM missions
        WHERE id = (SELECT mission_id FROM go)
        FOR UPDATE
    ), o AS (
        SELECT off.id, off.mission_id, off.unit_mass_grams, off.reserved_units,
               off.capacity_units, off.min_quantity, off.max_quantity,
               off.sale_starts_at, off.sale_ends_at
        FROM offerings AS off JOIN m ON m.id = off.mission_id
        WHERE off.id = $1
        FOR UPDATE OF off
    ), valid AS (
        SELECT fresh.*, sum(fresh.quantity) OVER (ORDER BY fresh.ord) AS running
        FROM fresh, o JOIN m ON m.id = o.mission_id
        WHERE m.status = 'on_sale'
          AND fresh.quantity BETWEEN o.min_quantity AND o.max_quantity
          AND o.sale_starts_at <= CAST($2 AS timestamptz)
          AND o.sale_ends_at > CAST($2 AS timestamptz)
    ), take AS (
        SELECT valid.* FROM valid, o JOIN m ON m.id = o.mission_id
        WHERE o.reserved_units + valid.running <= o.capacity_units
          AND m.reserved_grams + valid.running * o.unit_mass_grams <= m.mass_budget_grams
    ), ins AS (
        INSERT INTO allocations
            (id, reference, offering_id, mission_id, quantity, mass_grams, status,
             expires_at, created_at)
        SELECT take.id, take.reference, o.id, o.mission_id, take.quantity,
               take.quantity * o.unit_mass_grams, 'held', take.expires_at,
               CAST($2 AS timestamptz)
        FROM take, o
        ON CONFLICT (reference) DO NOTHING
        RETURNING reference, offering_id, mission_id, quantity, mass_grams
    ), um AS (
        UPDATE missions SET reserved_grams = missions.reserved_grams + t.grams
        FROM (SELECT mission_id, sum(mass_grams) AS grams FROM ins GROUP BY mission_id) AS t
        WHERE missions.id = t.mission_id
        RETURNING missions.id
    ), uo AS (
        UPDATE offerings SET reserved_units = offerings.reserved_units + t.units
        FROM (SELECT offering_id, sum(quantity) AS units FROM ins GROUP BY offering_id) AS t
        WHERE offerings.id = t.offering_id
        RETURNING offerings.id
    ), seen AS (
        SELECT pre.mission_id, pre.has_expired,
               COALESCE(m.status, pre.mission_status) AS mission_status,
               COALESCE(m.reserved_grams, pre.reserved_grams) AS reserved_grams,
               COALESCE(m.mass_budget_grams, pre.mass_budget_grams) AS mass_budget_grams,
               COALESCE(o.reserved_units, pre.reserved_units) AS reserved_units,
               COALESCE(o.capacity_units, pre.capacity_units) AS capacity_units,
               COALESCE(o.unit_mass_grams, pre.unit_mass_grams) AS unit_mass_grams,
               COALESCE(o.min_quantity, pre.min_quantity) AS min_quantity,
               COALESCE(o.max_quantity, pre.max_quantity) AS max_quantity,
               COALESCE(o.sale_starts_at, pre.sale_starts_at) AS sale_starts_at,
               COALESCE(o.sale_ends_at, pre.sale_ends_at) AS sale_ends_at
        FROM pre LEFT JOIN m ON true LEFT JOIN o ON true
    )
    SELECT req.ord, seen.*, ins.mass_grams AS inserted_grams,
           NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.ord = req.ord) AS existing
    FROM req CROSS JOIN seen LEFT JOIN ins ON ins.reference = req.reference
    ORDER BY req.ord
"""


@dataclass
class _Ask:
    reference: str
    quantity: int
    ttl_seconds: int
    answer: asyncio.Future[dict[str, Any] | None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class FastHolds:
    """The hot path of one process: a queue per offering, drained one statement at a time."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine  # autocommit: each statement is its own transaction
        self._waiting: dict[str, list[_Ask]] = {}
        self._draining: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def hold(
        self, reference: str, offering_id: str, quantity: int, ttl_seconds: int
    ) -> dict[str, Any] | None:
        """The new hold; ``None`` means "not decided here"; raises a refusal."""
        ask = _Ask(reference, quantity, ttl_seconds)
        self._waiting.setdefault(offering_id, []).append(ask)
        if offering_id not in self._draining:
            self._draining.add(offering_id)
            task = asyncio.create_task(self._drain(offering_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await ask.answer

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def _drain(self, offering_id: str) -> None:
        try:
            while batch := self._next_batch(offering_id):
                try:
                    await self._run(offering_id, batch)
                except Exception as exc:  # a bug here must not leave requests waiting
                    log.exception("hold batch failed")
                    for ask in batch:
                        _settle(ask, error=exc)
        finally:
            self._draining.discard(offering_id)

    def _next_batch(self, offering_id: str) -> list[_Ask]:
        """Up to MAX_BATCH waiting holds, each reference once (a repeat waits its turn)."""
        waiting = self._waiting.pop(offering_id, [])
        batch: list[_Ask] = []
        later: list[_Ask] = []
        references: set[str] = set()
        for ask in waiting:
            if ask.answer.done():  # its request went away (cancelled) before its turn
                continue
            if len(batch) < MAX_BATCH and ask.reference not in references:
                references.add(ask.reference)
                batch.append(ask)
            else:
                later.append(ask)
        if later:
            self._waiting[offering_id] = later
        return batch

    async def _run(self, offering_id: str, batch: list[_Ask]) -> None:
        now = utcnow()
        ids = [new_id("alc") for _ in batch]
        HOLDS_PER_STATEMENT.observe(len(batch))
        try:
            async with self.engine.connect() as conn:
                # To asyncpg directly, which keeps the statement prepared on the
                # connection; SQLAlchemy's per-execution work would cost more.
                driver: Any = (await conn.get_raw_connection()).driver_connection
                rows = await driver.fetch(
                    BATCH_HOLD,
                    offering_id,
                    now,
                    ids,
                    [ask.reference for ask in batch],
                    [ask.quantity for ask in batch],
                    [now + timedelta(seconds=ask.ttl_seconds) for ask in batch],
                )
        except (OSError, *_DISCONNECTS) as exc:
            # A dead pooled connection (database restarted): the general path, on the
            # pre-pinged pool, decides instead. Had the statement committed before the
            # connection died, the general path finds each hold by its reference.
            log.warning("hold fast path lost its connection: %s", type(exc).__name__)
            await self.engine.dispose(close=False)
            rows = None
        except Exception as exc:
            for ask in batch:
                _settle(ask, error=exc)
            return
        if rows is None:
            for ask in batch:
                _settle(ask, None)
            return
        if not rows:
            for ask in batch:
                missing = NotFound(f"No offering {offering_id}.", code="offering-not-found")
                _settle(ask, error=missing)
            return
        # What this statement took, so a request left out is judged on what is left.
        taken = sum(ask.quantity for ask, row in zip(batch, rows, strict=True) if _inserted(row))
        for ask, row, allocation_id in zip(batch, rows, ids, strict=True):
            try:
                _settle(ask, _decide(row, ask, offering_id, allocation_id, now, taken))
            except Exception as refusal:
                _settle(ask, error=refusal)


def _inserted(row: Any) -> bool:
    return row["inserted_grams"] is not None


def _settle(
    ask: _Ask, result: dict[str, Any] | None = None, *, error: Exception | None = None
) -> None:
    if ask.answer.done():  # its request went away meanwhile
        return
    if error is not None:
        ask.answer.set_exception(error)
    else:
        ask.answer.set_result(result)


def _decide(
    row: Any, ask: _Ask, offering_id: str, allocation_id: str, now: datetime, taken: int
) -> dict[str, Any] | None:
    """One request's answer from its row; ``taken``: units the statement granted."""
    if _inserted(row):
        return {
            "id": allocation_id,
            "reference": ask.reference,
            "offering_id": offering_id,
            "mission_id": row["mission_id"],
            "quantity": ask.quantity,
            "mass_grams": row["inserted_grams"],
            "status": "held",
            "expires_at": now + timedelta(seconds=ask.ttl_seconds),
            "created_at": now,
            "committed_at": None,
            "released_at": None,
        }
    if row["existing"]:
        return None  # a retry: the general path answers with the existing hold
    check_sellable_values(row, ask.quantity, now)
    unit_grams = row["unit_mass_grams"]
    reserved_units = row["reserved_units"] + taken
    reserved_grams = row["reserved_grams"] + taken * unit_grams
    grams = ask.quantity * unit_grams
    fits = (
        reserved_units + ask.quantity <= row["capacity_units"]
        and reserved_grams + grams <= row["mass_budget_grams"]
    )
    if fits or row["has_expired"]:
        # Room left (it was not this request's turn in the prefix), or expired holds to
        # reclaim: decide under the general path's locks.
        return None
    raise no_room(
        reserved_units,
        row["capacity_units"],
        reserved_grams,
        row["mass_budget_grams"],
        ask.quantity,
        grams,
    )
