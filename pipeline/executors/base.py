"""The executor interface: a function, what every call shares and a list of items in; results in item order out.

`shared` is what every call needs and no call changes (the configuration, the glossary,
the models they load): an executor hands it to each worker once, not with every item.
An executor never reorders results, so the output does not depend on which one ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")


class Executor(Protocol):
    # whether the calls run where this process's files are (this machine): else a file is read here and its
    # bytes go with the call
    sees_local_files: bool
    workers: int  # calls that run at once

    def map(self, function: Callable[[Shared, Item], Result], shared: Shared,
            items: Iterable[Item]) -> Iterator[Result]:
        """`function(shared, item)` for every item, in the items' order."""
        ...

    def prepare(self, load: Callable[[Shared, None], object], shared: Shared) -> None:
        """Start the workers of the next `map` over `shared` now, each running `load(shared, None)` first (what
        its calls will use), where that can overlap with this process's work; else nothing."""
        ...

    def close(self) -> None:
        ...
