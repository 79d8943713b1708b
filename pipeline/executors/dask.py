"""The Dask executor: calls run on a Dask distributed cluster (`--executor dask --scheduler ADDRESS`),
results in item order.

What the calls share is scattered to every worker once (`broadcast=True`) and each
call refers to it; items are submitted a window ahead of the results consumed. The
workers need not see the input files: each is read by the runner and sent with its call. Needs
the optional extra `medclean[dask]`. The functions are medclean's own, so every worker
needs medclean installed (the same version: the run's fingerprint is checked per record).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pipeline.executors.base import Item, Result, Shared


class DaskExecutor:
    sees_local_files = False  # a cluster's workers may run on machines without the input folders

    def __init__(self, scheduler: str | Any, window: int | None = None) -> None:
        """`scheduler`: the scheduler's address (tcp://host:8786), or a `distributed.Client` or cluster object."""
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise RuntimeError("the dask executor needs the optional extra: pip install 'medclean[dask]'") from error
        self._owns_client = not isinstance(scheduler, Client)
        self._client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.window = window or 2 * self.workers + 1
        self._scattered: tuple[object, Any] | None = None  # what the calls share, and its future on the cluster

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        if self._scattered is None or self._scattered[0] is not shared:
            self._scattered = (shared, self._client.scatter(shared, broadcast=True, hash=False))
        everywhere = self._scattered[1]
        pending: deque[Any] = deque()
        for item in items:
            pending.append(self._client.submit(function, everywhere, item, pure=False))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def prepare(self, load: Callable[[Shared, None], object], shared: Shared) -> None:
        pass  # a cluster's workers load what they need on their first call

    def close(self) -> None:
        if self._owns_client:
            self._client.close()
