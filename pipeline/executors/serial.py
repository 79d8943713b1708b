"""The serial executor: every call in this process, one after another."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from pipeline.executors.base import Item, Result, Shared


class SerialExecutor:
    sees_local_files = True
    workers = 1

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        return (function(shared, item) for item in items)

    def prepare(self, load: Callable[[Shared, None], object], shared: Shared) -> None:
        pass  # the calls run here, loading what they need on the first one

    def close(self) -> None:
        pass
