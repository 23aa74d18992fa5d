"""Mission lifecycle: an explicit table of allowed status transitions, edits, events."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.models import allocations, mission_events, missions, outbox_messages
from lpx_common.clock import utcnow
from lpx_common.db import Database
from lpx_common.errors import Conflict, NotFound, PreconditionFailed, Unprocessable
from lpx_common.ids import new_id
from lpx_common.outbox import enqueue
from lpx_common.states import TransitionTable

# status -> statuses it may move to:
# draft -> on_sale -> sales_closed -> launched -> landed | lost -> completed, and
# cancelled from any status before launch.
MISSION_LIFECYCLE = TransitionTable[str](
    "mission",
    {
        "draft": {"on_sale", "cancelled"},
        "on_sale": {"sales_closed", "cancelled"},
        "sales_closed": {"launched", "cancelled"},
        "launched": {"landed", "lost"},
        # A mission is closed out ("completed") whether it landed or was lost.
        "landed": {"completed"},
        "lost": {"completed"},
        "completed": set(),
        "cancelled": set(),
    },
)
STATUSES = MISSION_LIFECYCLE.states
# Offerings may be added or edited while the mission has not flown.
OPEN_STATUSES = frozenset({"draft", "on_sale", "sales_closed"})

EDITABLE = (
    "code",
    "name",
    "lander",
    "landing_site",
    "launch_window_start",
    "launch_window_end",
    "mass_budget_grams",
)


def _validate_window(start: datetime, end: datetime) -> None:
    if end < start:
        raise Unprocessable(
            "The launch window ends before it starts.",
            code="invalid-launch-window",
            errors=[{"field": "body.launch_window_end", "message": "must not be before the start"}],
        )


def _code_taken(code: str) -> Conflict:
    return Conflict(f"A mission with code {code!r} already exists.", code="mission-code-taken")


async def get_mission(conn: AsyncConnection, mission_id: str) -> dict[str, Any]:
    row = (await conn.execute(select(missions).where(missions.c.id == mission_id))).first()
    if row is None:
        raise NotFound(f"No mission {mission_id}.", code="mission-not-found")
    return dict(row._mapping)


async def create_mission(
    db: Database, data: dict[str, Any], *, status: str = "draft"
) -> dict[str, Any]:
    """A new mission, in ``draft`` unless seeding history (``status`` given)."""
    _validate_window(data["launch_window_start"], data["launch_window_end"])
    now = utcnow()
    row = {
        **{key: data[key] for key in EDITABLE},
        "id": data.get("id") or new_id("msn"),
        "status": status,
        "reserved_grams": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    try:
        async with db.engine.begin() as conn:
            await conn.execute(insert(missions).values(**row))
    except IntegrityError as exc:
        raise _code_taken(data["code"]) from exc
    return row


async def _committed_and_held_grams(conn: AsyncConnection, mission_id: str) -> int:
    a = allocations
    now = utcnow()
    used = (a.c.status == "committed") | ((a.c.status == "held") & (a.c.expires_at > now))
    total = await conn.scalar(
        select(func.coalesce(func.sum(a.c.mass_grams), 0)).where(a.c.mission_id == mission_id, used)
    )
    return int(total or 0)


async def update_mission(
    db: Database, mission_id: str, changes: dict[str, Any], expected_version: int | None
) -> dict[str, Any]:
    """Apply ``changes`` if the mission is still at ``expected_version`` (None = any)."""
    try:
        async with db.engine.begin() as conn:
            current = await _locked(conn, mission_id, expected_version)
            merged = {**current, **changes}
            _validate_window(merged["launch_window_start"], merged["launch_window_end"])
            if "mass_budget_grams" in changes:
                used = await _committed_and_held_grams(conn, mission_id)
                if changes["mass_budget_grams"] < used:
                    raise Conflict(
                        f"{used} g are already held or committed on this mission; the budget "
                        "cannot go below that.",
                        code="budget-in-use",
                    )
            values = {**changes, "version": current["version"] + 1, "updated_at": utcnow()}
            await conn.execute(update(missions).where(missions.c.id == mission_id).values(values))
            return {**current, **values}
    except IntegrityError as exc:
        raise _code_taken(changes.get("code", "")) from exc


async def _locked(
    conn: AsyncConnection, mission_id: str, expected_version: int | None
) -> dict[str, Any]:
    row = (
        await conn.execute(select(missions).where(missions.c.id == mission_id).with_for_update())
    ).first()
    if row is None:
        raise NotFound(f"No mission {mission_id}.", code="mission-not-found")
    current = dict(row._mapping)
    if expected_version is not None and current["version"] != expected_version:
        raise PreconditionFailed(
            "The mission changed since you read it; fetch it again and retry.",
            code="version-mismatch",
            current_version=current["version"],
        )
    return current


# Mission statuses the notifications service is told of (as ``mission.<status>``).
NOTIFIED = frozenset({"launched", "landed", "lost", "cancelled"})


async def change_status(
    db: Database,
    mission_id: str,
    target: str,
    *,
    reason: str | None,
    actor: str | None,
    expected_version: int | None,
) -> dict[str, Any]:
    """Move a mission along the transition table and log the event in the same transaction."""
    async with db.engine.begin() as conn:
        current = await _locked(conn, mission_id, expected_version)
        previous = current["status"]
        if not MISSION_LIFECYCLE.allows(previous, target):
            allowed = sorted(MISSION_LIFECYCLE.targets(previous))
            raise Conflict(
                f"A mission cannot go from {previous} to {target}; "
                f"allowed: {', '.join(allowed) or 'none (final status)'}.",
                code="invalid-transition",
                current_status=previous,
                allowed=allowed,
            )
        now = utcnow()
        values = {"status": target, "version": current["version"] + 1, "updated_at": now}
        await conn.execute(update(missions).where(missions.c.id == mission_id).values(values))
        await conn.execute(
            insert(mission_events).values(
                mission_id=mission_id,
                status=target,
                previous_status=previous,
                reason=reason,
                actor=actor,
                occurred_at=now,
            )
        )
        if target in NOTIFIED:
            # Partners hear of launches, landings, losses and cancellations by webhook;
            # the outbox sends it once this transaction has committed.
            event_id = new_id("evt")
            await enqueue(
                conn,  # type: ignore[arg-type]  # a connection executes like a session
                outbox_messages,
                destination="notifications",
                path="/v1/internal/events",
                message_id=event_id,
                payload={
                    "id": event_id,
                    "type": f"mission.{target}",
                    "occurred_at": now.isoformat(),
                    "subject_id": mission_id,
                    "sequence": values["version"],
                    "data": {
                        "source": "catalog",
                        "mission_id": mission_id,
                        "code": current["code"],
                        "name": current["name"],
                        "status": target,
                        "previous_status": previous,
                        "reason": reason,
                    },
                },
            )
        return {**current, **values}


async def events_after(db: Database, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Events with ``seq > after`` in order, and the ``after`` to ask with next time."""
    async with db.read_connection() as conn:
        rows = (
            await conn.execute(
                select(mission_events)
                .where(mission_events.c.seq > after)
                .order_by(mission_events.c.seq)
                .limit(limit)
            )
        ).all()
    items = [dict(r._mapping) for r in rows]
    return items, (items[-1]["seq"] if items else after)
