"""Executors behind one interface (`base.Executor`): serial, a pool of local processes (`--workers N`), or a
Dask distributed cluster (`--executor dask --scheduler ADDRESS`).

`make_executor` picks one; every executor gives the same results in the same order, so
the output does not depend on it.
"""

from __future__ import annotations

from pipeline.executors.base import Executor
from pipeline.executors.process import ProcessExecutor
from pipeline.executors.serial import SerialExecutor

EXECUTORS = ("local", "dask")


def make_executor(workers: int = 1, kind: str = "local", scheduler: object | None = None) -> Executor:
    if kind == "dask":
        from pipeline.executors.dask import DaskExecutor

        if scheduler is None:
            raise ValueError("the dask executor needs a scheduler address (--scheduler)")
        return DaskExecutor(scheduler)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r} (known: {', '.join(EXECUTORS)})")
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()


__all__ = ["EXECUTORS", "Executor", "ProcessExecutor", "SerialExecutor", "make_executor"]
