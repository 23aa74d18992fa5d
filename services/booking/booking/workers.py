"""Background loops of the booking service, started and stopped with the app.

Each loop runs one pass, then sleeps its interval; a failing pass (a peer down, a
database blip) is logged and retried on the next tick, never kills the loop.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from lpx_common.errors import ServiceUnavailable

log = logging.getLogger("booking.workers")


class Periodic:
    def __init__(self, name: str, interval: float, step: Callable[[], Awaitable[int]]) -> None:
        self.name = name
        self.interval = interval
        self.step = step
        self._task: asyncio.Task[None] | None = None

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
                done = await self.step()
            except ServiceUnavailable as exc:
                log.warning("%s: a peer is unavailable (%s); retrying", self.name, exc.detail)
                done = 0
            except Exception:
                log.exception("%s pass failed", self.name)
                done = 0
            if not done:  # busy loops drain a backlog without waiting
                await asyncio.sleep(self.interval)
