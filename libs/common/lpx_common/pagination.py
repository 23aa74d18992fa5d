"""Cursor (keyset) pagination: ``?limit=&cursor=`` -> ``{"items": [...], "next_cursor": ...}``.

Cursors are opaque to clients: base64url JSON of the last row's sort key. Keyset
pagination stays fast on deep pages and never skips or repeats rows when new ones arrive.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from lpx_common.errors import Unprocessable

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=200, description="Page size (1-200).")]
Cursor = Annotated[
    str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise Unprocessable("The cursor is not one this API gave out.", code="bad-cursor") from exc
    if not isinstance(values, list) or len(values) != arity:
        raise Unprocessable("The cursor is not one this API gave out.", code="bad-cursor")
    return values


def _cursor_value(value: Any, python_type: type) -> Any:
    """A cursor's value as its column's type; anything else (``[1]`` for a text id, a
    bool, a null) is a cursor this API never gave out, refused before the database sees
    it."""
    bad = Unprocessable("The cursor is not one this API gave out.", code="bad-cursor")
    if issubclass(python_type, datetime):
        if not isinstance(value, str):
            raise bad
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise bad from exc
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if not isinstance(value, python_type):
        raise bad
    return value


async def keyset_page(
    session: AsyncSession,
    stmt: Select[Any],
    order_by: Sequence[InstrumentedAttribute[Any]],
    *,
    limit: int,
    cursor: str | None,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """Run ``stmt`` ordered by ``order_by`` (last column unique) after ``cursor``:
    ascending, or newest first with ``descending``."""
    if cursor:
        values = decode_cursor(cursor, len(order_by))
        for i, column in enumerate(order_by):
            values[i] = _cursor_value(values[i], column.type.python_type)
        key = order_by[0] if len(order_by) == 1 else tuple_(*order_by)
        after = values[0] if len(order_by) == 1 else tuple_(*values)
        stmt = stmt.where(key < after if descending else key > after)
    ordering = [c.desc() for c in order_by] if descending else list(order_by)
    rows = list((await session.scalars(stmt.order_by(*ordering).limit(limit + 1))).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, c.key) for c in order_by])
    return rows, next_cursor
