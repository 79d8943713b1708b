"""Executors behind one interface (`base.Executor`): serial, or a pool of local processes (`--workers N`).

`make_executor(workers)` picks one; every executor gives the same results in the same
order, so the output does not depend on it.
"""

from __future__ import annotations

from pipeline.executors.base import Executor
from pipeline.executors.process import ProcessExecutor
from pipeline.executors.serial import SerialExecutor


def make_executor(workers: int = 1) -> Executor:
    return ProcessExecutor(workers) if workers > 1 else SerialExecutor()


__all__ = ["Executor", "ProcessExecutor", "SerialExecutor", "make_executor"]
