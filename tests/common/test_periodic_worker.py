"""The background loop's pacing rule: drain a backlog without waiting, but after a pass
that took less than a full batch, wait for a wake-up or the interval instead of asking
the database again at once."""

import asyncio

from lpx_common.workers import PeriodicWorker


class Queue:
    def __init__(self, items: int, batch: int) -> None:
        self.items, self.batch, self.passes = items, batch, []
        self.on_pass: list[object] = []

    async def step(self) -> int:
        taken = min(self.items, self.batch)
        self.items -= taken
        self.passes.append(taken)
        for hook in self.on_pass:
            hook()  # type: ignore[operator]
        self.on_pass.clear()
        return taken


def run_for(worker: PeriodicWorker, seconds: float) -> None:
    async def main() -> None:
        worker.start()
        await asyncio.sleep(seconds)
        await worker.stop()

    asyncio.run(main())


def test_a_short_pass_ends_the_drain_without_an_empty_lease() -> None:
    queue = Queue(items=25, batch=10)
    run_for(PeriodicWorker("t", 30, queue.step, batch=10), 0.2)
    assert queue.passes == [10, 10, 5]


def test_without_a_batch_size_the_worker_asks_until_a_pass_finds_nothing() -> None:
    queue = Queue(items=25, batch=10)
    run_for(PeriodicWorker("t", 30, queue.step), 0.2)
    assert queue.passes == [10, 10, 5, 0]


def test_a_wake_up_during_a_short_pass_runs_the_next_pass_at_once() -> None:
    queue = Queue(items=3, batch=10)
    worker = PeriodicWorker("t", 30, queue.step, batch=10)

    def more_work_arrives() -> None:  # committed while the pass ran, and the relay told
        queue.items += 4
        worker.notify()

    queue.on_pass.append(more_work_arrives)
    run_for(worker, 0.2)
    assert queue.passes == [3, 4]


def test_an_idle_worker_looks_again_after_its_interval() -> None:
    queue = Queue(items=0, batch=10)
    run_for(PeriodicWorker("t", 0.05, queue.step, batch=10), 0.28)
    assert 2 <= len(queue.passes) <= 7 and set(queue.passes) == {0}
