"""Idempotency-Key handling (IETF draft ``draft-ietf-httpapi-idempotency-key-header``).

The first response to a key is stored per owner (the calling principal) for 24 hours and
replayed on retry; a retry while the first is still running gets 409; the same key with
a different body gets 422. Responses of 5xx are not stored, so a client may retry after
an outage. An in-flight record older than ``stale_after`` is taken over, so a process
that died mid-request does not block a key for a day.

Services also use this store to deduplicate messages from peers' outboxes: the message
id arrives as the Idempotency-Key.

The answer is best stored in the same transaction as the effect it answers for: a unit
of work that finds an :class:`IdempotencyTicket` (``current_ticket()``) completes it with
``complete_in(session, subject)`` before it commits. Then a crash at any point leaves
either no effect and an in-flight claim (a retry runs the effect, once the claim is
stale) or the effect together with its stored answer (a retry replays it) — never an
effect without its answer. Routes whose work commits nothing fall back to storing the
answer in a transaction of its own.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Table, Update, and_, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database, insert_into
from lpx_common.errors import PROBLEM_JSON, Conflict, Problem, Unprocessable

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Unique key for this operation; a retry with the same key replays "
        "the first response.",
    ),
]

REPLAY_HEADER = "Idempotent-Replayed"


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(jsonable_encoder(body), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


@dataclass
class IdempotencyTicket:
    """The claim of one keyed request, while its call runs."""

    complete_statement: Update
    owner: str
    key: str
    status_code: int
    render: Callable[[Any], Any]
    stored_body: Any = field(default=None, init=False)

    @property
    def completed(self) -> bool:
        return self.stored_body is not None

    async def complete_in(self, session: AsyncSession, subject: Any) -> None:
        """Store ``render(subject)`` as the answer, inside the caller's transaction."""
        body = jsonable_encoder(self.render(subject))
        await session.execute(
            self.complete_statement,
            {"k_owner": self.owner, "k_key": self.key, "status": self.status_code, "body": body},
        )
        self.stored_body = body


_current_ticket: ContextVar[IdempotencyTicket | None] = ContextVar(
    "idempotency_ticket", default=None
)


def current_ticket() -> IdempotencyTicket | None:
    """The ticket of the keyed request being served, if any (see the module's doc)."""
    return _current_ticket.get()


def _identity(result: Any) -> Any:
    return result


class IdempotencyStore:
    def __init__(
        self,
        db: Database,
        table: Table,
        *,
        ttl: timedelta = timedelta(hours=24),
        stale_after: timedelta = timedelta(seconds=60),
    ) -> None:
        self.db = db
        self.table = table
        self.ttl = ttl
        self.stale_after = stale_after
        # Built once, executed with parameters (see lpx_common.db.insert_into).
        t = table
        is_key = and_(t.c.owner == bindparam("k_owner"), t.c.key == bindparam("k_key"))
        # The columns a claim made afresh sets are its parameters' other keys.
        self._claim_again_statement = update(t).where(is_key)
        self._complete_statement = (
            update(t)
            .where(is_key)
            .values(
                state="completed",
                response_status=bindparam("status"),
                response_body=bindparam("body"),
            )
        )
        self._release_statement = delete(t).where(is_key)

    async def run(
        self,
        *,
        owner: str,
        key: str,
        fingerprint: str,
        call: Callable[[], Awaitable[Any]],
        status_code: int = 200,
        render: Callable[[Any], Any] = _identity,
    ) -> JSONResponse:
        """Run ``call`` once per (owner, key); return ``render`` of its result as JSON, or
        the stored answer. ``call`` may complete the claim in its own transaction."""
        replay = await self._claim(owner, key, fingerprint)
        if replay is not None:
            return replay
        ticket = IdempotencyTicket(self._complete_statement, owner, key, status_code, render)
        token = _current_ticket.set(ticket)
        try:
            result = await call()
        except Problem as problem:
            # A problem rolls back the call's transaction, so no effect was committed.
            if problem.status >= 500 or ticket.completed:
                await self._release(owner, key)
                raise
            body = problem.to_body()
            await self._complete(owner, key, problem.status, body)
            return JSONResponse(
                body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
            )
        except BaseException:
            if not ticket.completed:
                await self._release(owner, key)
            raise
        finally:
            _current_ticket.reset(token)
        if ticket.completed:
            return JSONResponse(ticket.stored_body, status_code=status_code)
        body = jsonable_encoder(render(result))
        await self._complete(owner, key, status_code, body)
        return JSONResponse(body, status_code=status_code)

    async def run_request(
        self,
        request: Request,
        principal: Principal,
        key: str | None,
        body: Any,
        call: Callable[[], Awaitable[Any]],
        *,
        status_code: int = 200,
        render: Callable[[Any], Any] = _identity,
    ) -> JSONResponse:
        """:meth:`run` for a route: keys are per principal, the fingerprint is this
        request's method, path and body. Without a key (where a route makes it optional)
        ``call`` simply runs."""
        if key is None:
            return JSONResponse(jsonable_encoder(render(await call())), status_code=status_code)
        return await self.run(
            owner=f"{principal.kind}:{principal.subject}",
            key=key,
            fingerprint=fingerprint(request.method, request.url.path, body),
            call=call,
            status_code=status_code,
            render=render,
        )

    async def _claim(self, owner: str, key: str, fp: str) -> JSONResponse | None:
        now = utcnow()
        row = {
            "owner": owner,
            "key": key,
            "fingerprint": fp,
            "state": "in_flight",
            "created_at": now,
            "expires_at": now + self.ttl,
        }
        try:
            async with self.db.autocommit() as conn:
                await conn.execute(insert_into(self.table), row)
            return None
        except IntegrityError:
            pass
        async with self.db.transaction() as session:
            existing = (
                (
                    await session.execute(
                        select(self.table)
                        .where(self.table.c.owner == owner, self.table.c.key == key)
                        .with_for_update()
                    )
                )
                .mappings()
                .first()
            )
            if existing is None:  # expired and purged meanwhile: claim it afresh
                await session.execute(insert_into(self.table), row)
                return None
            expired = existing["expires_at"] <= now
            stale = (
                existing["state"] == "in_flight"
                and existing["created_at"] <= now - self.stale_after
            )
            if expired or stale:
                await session.execute(
                    self._claim_again_statement, {"k_owner": owner, "k_key": key, **row}
                )
                return None
        if existing["fingerprint"] != fp:
            raise Unprocessable(
                "This Idempotency-Key was already used with a different request.",
                code="idempotency-key-reused",
            )
        if existing["state"] == "in_flight":
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; retry shortly.",
                code="idempotency-key-in-flight",
                headers={"Retry-After": "1"},
            )
        status = existing["response_status"]
        media = PROBLEM_JSON if status >= 400 else "application/json"
        return JSONResponse(
            existing["response_body"],
            status_code=status,
            media_type=media,
            headers={REPLAY_HEADER: "true"},
        )

    async def _complete(self, owner: str, key: str, status: int, body: Any) -> None:
        async with self.db.autocommit() as conn:
            await conn.execute(
                self._complete_statement,
                {"k_owner": owner, "k_key": key, "status": status, "body": body},
            )

    async def _release(self, owner: str, key: str) -> None:
        async with self.db.autocommit() as conn:
            await conn.execute(self._release_statement, {"k_owner": owner, "k_key": key})

    async def purge_expired(self) -> int:
        async with self.db.autocommit() as conn:
            result = await conn.execute(
                delete(self.table).where(self.table.c.expires_at <= utcnow())
            )
        return result.rowcount or 0
