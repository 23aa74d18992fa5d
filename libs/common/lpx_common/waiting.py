"""Reads that wait for a change: ``If-None-Match`` with ``Prefer: wait=N`` (RFC 7240).

A client that already has a resource (its ETag) and wants to know when it changes asks
once and is answered when it has changed, or after at most N seconds with 304, instead
of asking every second. The change is noticed two ways:

* a commit in this process that changed the subject sets its :class:`ChangeSignals`
  event, so the waiting read answers at once;
* a change made by another replica (or by a path that does not signal) is found by
  reading again every ``recheck_seconds``, which is still one cheap read where a polling
  client would cost a whole request through the gateway.

Waiting reads hold a connection of every proxy in front of them, so there are at most
``max_waiters`` per process; beyond that a read answers at once, without waiting (the
``Preference-Applied`` header says whether it waited).
"""

import asyncio
import hashlib
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager, suppress

_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?(\d{1,6})\"?", re.IGNORECASE)


def prefer_wait(prefer: str | None, most: float) -> float | None:
    """The seconds a ``Prefer`` header asks to wait, capped at ``most``; None when it
    asks for no wait (a malformed preference is ignored, as RFC 7240 says)."""
    if not prefer:
        return None
    found = _WAIT.search(prefer)
    if found is None:
        return None
    return min(float(found.group(1)), most)


def strong_etag(body: bytes) -> str:
    """A strong ETag for a representation: its digest, so it changes exactly when the
    bytes do, however the change was made."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Does ``If-None-Match`` name ``etag`` (or ``*``)? Weak comparison (RFC 9110 §13.1.2)."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


class ChangeSignals:
    """Per-process wake-ups for reads waiting on a subject (a booking, by id)."""

    def __init__(self, max_waiters: int) -> None:
        self.max_waiters = max_waiters
        self._waiting: dict[str, set[asyncio.Event]] = {}
        self._count = 0

    def changed(self, subject_ids: Iterable[str]) -> None:
        """Called after a commit that changed these subjects."""
        for subject_id in subject_ids:
            for event in self._waiting.get(subject_id, ()):
                event.set()

    @contextmanager
    def watch(self, subject_id: str) -> Iterator[asyncio.Event | None]:
        """An event set when ``subject_id`` changes; None when too many reads wait."""
        if self._count >= self.max_waiters:
            yield None
            return
        event = asyncio.Event()
        self._waiting.setdefault(subject_id, set()).add(event)
        self._count += 1
        try:
            yield event
        finally:
            self._count -= 1
            events = self._waiting[subject_id]
            events.discard(event)
            if not events:
                del self._waiting[subject_id]


async def read_when_changed(
    signals: ChangeSignals,
    subject_id: str,
    read: Callable[[], Awaitable[bytes]],
    *,
    seen: str | None,
    wait: float | None,
    recheck_seconds: float,
) -> tuple[bytes, str, bool]:
    """The representation ``read`` gives, its ETag, and whether the read waited: at once
    when it differs from ``seen`` (or nothing asks to wait), else when it changes or
    ``wait`` seconds have passed, whichever is first."""
    if not wait or not seen:
        body = await read()
        return body, strong_etag(body), False
    deadline = time.monotonic() + wait
    with signals.watch(subject_id) as changed:
        while True:
            if changed is not None:
                changed.clear()  # before reading: a change committed from now on wakes us
            body = await read()
            etag = strong_etag(body)
            left = deadline - time.monotonic()
            if changed is None or left <= 0 or not etag_matches(seen, etag):
                return body, etag, changed is not None
            with suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(left, recheck_seconds))
