"""Background loops that live as long as the app: outbox relays, sweepers, pollers.

A :class:`PeriodicWorker` runs one pass of ``step`` after another while passes find work,
and otherwise waits ``interval`` seconds or until :meth:`notify` wakes it. A worker that
leases work in batches says how big (``batch``): a pass that took fewer found the queue
drained, and the worker waits instead of asking again at once (one empty lease less per
wake-up; a :meth:`notify` during the pass still runs the next pass at once). A failing pass
(a peer down, a database blip) is logged and retried on the next tick; it never kills
the loop.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from lpx_common.errors import ServiceUnavailable, database_refused

log = logging.getLogger("lpx.workers")


class PeriodicWorker:
    def __init__(
        self,
        name: str,
        interval: float,
        step: Callable[[], Awaitable[int]],
        *,
        batch: int | None = None,
    ) -> None:
        """``step`` returns how much it handled; 0 (or less than ``batch``) means
        "nothing more to do, wait"."""
        self.name = name
        self.interval = interval
        self.step = step
        self.batch = batch
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        """Run the next pass now instead of at the end of the interval."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                handled = await self.step()
            except ServiceUnavailable as exc:
                log.warning("%s: a peer is unavailable (%s); retrying", self.name, exc.detail)
                handled = 0
            except Exception as exc:
                refused = database_refused(exc)
                if refused:
                    log.warning("%s: the database refused a connection (%s)", self.name, refused)
                else:
                    log.exception("%s pass failed", self.name)
                handled = 0
            drained = not handled or (self.batch is not None and handled < self.batch)
            if drained:  # while there is a backlog, drain it without waiting
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.interval)
                self._wake.clear()
