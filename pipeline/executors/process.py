"""The process-pool executor: calls spread over N worker processes on this machine, results in item order.

What the calls share is pickled to each worker once per `map` (as the pool's
initializer argument), not with every item; a worker keeps it, and whatever it loads
lazily (the models of a cleaning context), for all the items it is given. Items are
taken from their iterable only a few ahead of the results consumed, so memory holds a
window of items, not all of them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from pipeline.executors.base import Item, Result, Shared

_worker_shared: list[object] = []  # this worker process's copy of what its pool's calls share


def _keep(shared: object) -> None:
    _worker_shared[:] = [shared]


def _call(function: Callable[[object, object], object], item: object) -> object:
    return function(_worker_shared[0], item)


class ProcessExecutor:
    sees_local_files = True

    def __init__(self, workers: int, window: int | None = None) -> None:
        self.workers = workers
        self.window = window or 2 * workers + 1  # items in flight: every worker busy, the next ones ready

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_keep, initargs=(shared,)) as pool:
            pending: deque[Future] = deque()
            for item in items:
                pending.append(pool.submit(_call, function, item))
                if len(pending) >= self.window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def close(self) -> None:
        pass
