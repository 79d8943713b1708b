"""The process-pool executor: calls spread over N worker processes on this machine, results in item order.

What the calls share is pickled to each worker once per `map` (as the pool's
initializer argument), not with every item; a worker keeps it, and whatever it loads
lazily (the models of a cleaning context), for all the items it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

_worker_shared: list[object] = []  # this worker process's copy of what its pool's calls share


def _keep(shared: object) -> None:
    _worker_shared[:] = [shared]


def _call(function: Callable[[object, object], object], item: object) -> object:
    return function(_worker_shared[0], item)


class ProcessExecutor:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pools: list[ProcessPoolExecutor] = []

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_keep, initargs=(shared,))
        self._pools.append(pool)
        return pool.map(_call, repeat(function), items)

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown()
        self._pools.clear()
