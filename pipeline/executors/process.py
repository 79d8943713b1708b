"""The process-pool executor: calls spread over N worker processes on this machine, results in item order.

What the calls share is pickled to each worker once per `map` (as the pool's
initializer argument), not with every item; a worker keeps it, and whatever it loads
lazily (the models of a cleaning context), for all the items it is given. Items are
taken from their iterable only a few ahead of the results consumed, so memory holds a
window of items, not all of them. `prepare` starts the workers of a coming `map` ahead,
each loading what its calls will use (the runner: the cleaning context, while it parks
what it has read).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from pipeline.executors.base import Item, Result, Shared

_worker_shared: list[object] = []  # this worker process's copy of what its pool's calls share


PARENT_CHECK_SECONDS = 0.2


def _exit_with(run: int) -> None:
    """End this worker once the run's process `run` is gone, or the process that started this one (the run's
    own, or a start method's server). A pool's workers keep each other's ends of their pipes open, so a worker
    of a killed run never reads an end of input: it would wait for ever, and finish the chunk it was cleaning
    into the output folder of the next run."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and _exists(run):
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-the-run", daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # the number is another user's process now: the run is gone
    return True


def _keep(shared: object, run: int) -> None:
    _exit_with(run)
    _worker_shared[:] = [shared]


def _keep_and_load(shared: object, run: int, load: Callable[[object, object], object]) -> None:
    _keep(shared, run)
    load(shared, None)


def _call(function: Callable[[object, object], object], item: object) -> object:
    return function(_worker_shared[0], item)


def _nothing() -> None:
    return None


class ProcessExecutor:
    sees_local_files = True

    def __init__(self, workers: int, window: int | None = None) -> None:
        self.workers = workers
        self.window = window or 2 * workers + 1  # items in flight: every worker busy, the next ones ready
        self._prepared: tuple[object, ProcessPoolExecutor] | None = None  # a pool started ahead, for its shared

    def prepare(self, load: Callable[[Shared, None], object], shared: Shared) -> None:
        """Start now the workers of the next `map` over `shared`, each running `load(shared, None)` as it starts
        (what every call of theirs will use: a cleaning context), while this process does other work."""
        self.close()
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_keep_and_load,
                                   initargs=(shared, os.getpid(), load))
        pool.submit(_nothing)  # the workers start with the first call
        self._prepared = (shared, pool)

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        if self._prepared is not None and self._prepared[0] is shared:
            yield from self._in_order(self._prepared[1], function, items)  # the pool stays until close()
            return
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_keep,
                                 initargs=(shared, os.getpid())) as pool:
            yield from self._in_order(pool, function, items)

    def _in_order(self, pool: ProcessPoolExecutor, function: Callable[[Shared, Item], Result],
                  items: Iterable[Item]) -> Iterator[Result]:
        pending: deque[Future] = deque()
        for item in items:
            pending.append(pool.submit(_call, function, item))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._prepared is not None:
            self._prepared[1].shutdown(cancel_futures=True)
            self._prepared = None
