"""Idempotency-Key handling (IETF draft ``draft-ietf-httpapi-idempotency-key-header``).

The first response to a key is stored per owner (the calling principal) for 24 hours and
replayed on retry; a retry while the first is still running gets 409; the same key with
a different body gets 422. Responses of 5xx are not stored, so a client may retry after
an outage. An in-flight record older than ``stale_after`` is taken over, so a process
that died mid-request does not block a key for a day.

Services also use this store to deduplicate messages from peers' outboxes: the message
id arrives as the Idempotency-Key.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import Table, delete, select, update
from sqlalchemy.exc import IntegrityError

from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.db import Database
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

    async def run(
        self,
        *,
        owner: str,
        key: str,
        fingerprint: str,
        call: Callable[[], Awaitable[Any]],
        status_code: int = 200,
    ) -> JSONResponse:
        """Run ``call`` once per (owner, key); return its JSON response or the stored one."""
        replay = await self._claim(owner, key, fingerprint)
        if replay is not None:
            return replay
        try:
            result = await call()
        except Problem as problem:
            if problem.status >= 500:
                await self._release(owner, key)
                raise
            body = problem.to_body()
            await self._complete(owner, key, problem.status, body)
            return JSONResponse(
                body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
            )
        except BaseException:
            await self._release(owner, key)
            raise
        body = jsonable_encoder(result)
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
    ) -> JSONResponse:
        """:meth:`run` for a route: keys are per principal, the fingerprint is this
        request's method, path and body. Without a key (where a route makes it optional)
        ``call`` simply runs."""
        if key is None:
            return JSONResponse(jsonable_encoder(await call()), status_code=status_code)
        return await self.run(
            owner=f"{principal.kind}:{principal.subject}",
            key=key,
            fingerprint=fingerprint(request.method, request.url.path, body),
            call=call,
            status_code=status_code,
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
            async with self.db.transaction() as session:
                await session.execute(self.table.insert().values(**row))
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
                await session.execute(self.table.insert().values(**row))
                return None
            expired = existing["expires_at"] <= now
            stale = (
                existing["state"] == "in_flight"
                and existing["created_at"] <= now - self.stale_after
            )
            if expired or stale:
                await session.execute(
                    update(self.table)
                    .where(self.table.c.owner == owner, self.table.c.key == key)
                    .values(**row)
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
        async with self.db.transaction() as session:
            await session.execute(
                update(self.table)
                .where(self.table.c.owner == owner, self.table.c.key == key)
                .values(state="completed", response_status=status, response_body=body)
            )

    async def _release(self, owner: str, key: str) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                delete(self.table).where(self.table.c.owner == owner, self.table.c.key == key)
            )

    async def purge_expired(self) -> int:
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(self.table).where(self.table.c.expires_at <= utcnow())
            )
        return result.rowcount or 0
