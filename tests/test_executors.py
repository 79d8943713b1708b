"""Executors: every one gives `function(shared, item)` for each item, in the items' order."""

from __future__ import annotations

import os

import pytest

from pipeline.executors import ProcessExecutor, SerialExecutor, make_executor


def _tagged(shared: str, item: int) -> tuple[str, int, int]:
    return shared, item * item, os.getpid()


@pytest.mark.parametrize("executor", [SerialExecutor(), ProcessExecutor(2)], ids=["serial", "process"])
def test_results_come_in_item_order_with_what_the_calls_share(executor):
    items = list(range(40, 0, -1))
    try:
        results = list(executor.map(_tagged, "shared", items))
    finally:
        executor.close()
    assert [(shared, square) for shared, square, _ in results] == [("shared", item * item) for item in items]


def test_a_pool_runs_the_calls_in_other_processes():
    executor = ProcessExecutor(2)
    try:
        pids = {pid for _, _, pid in executor.map(_tagged, "x", range(8))}
    finally:
        executor.close()
    assert os.getpid() not in pids


def test_one_worker_means_no_pool():
    assert isinstance(make_executor(1), SerialExecutor)
    assert isinstance(make_executor(3), ProcessExecutor) and make_executor(3).workers == 3


class _Loads:
    """What the calls share, with something each worker loads once (as a cleaning context)."""

    def __init__(self) -> None:
        self.loaded: int | None = None


def _load(shared: _Loads, _item: object) -> None:
    shared.loaded = os.getpid()


def _loaded_by(shared: _Loads, _item: int) -> int | None:
    return shared.loaded


def test_a_prepared_pool_keeps_what_its_workers_loaded_for_the_calls_after():
    executor, shared = ProcessExecutor(2), _Loads()
    try:
        executor.prepare(_load, shared)  # every worker loads as it starts
        loaded = set(executor.map(_loaded_by, shared, range(40)))
        other = set(executor.map(_loaded_by, _Loads(), range(4)))  # other shared things: a new pool, nothing loaded
    finally:
        executor.close()
    assert None not in loaded and os.getpid() not in loaded
    assert other == {None}


def test_preparing_a_serial_executor_loads_nothing_ahead():
    shared = _Loads()
    SerialExecutor().prepare(_load, shared)
    assert shared.loaded is None


def _load_nothing(shared: str, item: None) -> None:
    return None


RUN_THAT_DIES = """
import multiprocessing, os, sys, time
from pipeline.executors import ProcessExecutor
import test_executors

multiprocessing.set_start_method({method!r})
executor = ProcessExecutor(2)
executor.prepare(test_executors._load_nothing, "shared")
list(executor.map(test_executors._tagged, "shared", range(8)))
open({out!r}, "w").write(" ".join(map(str, executor._prepared[1]._processes)))  # every worker, busy or idle
time.sleep(60)  # killed here, its pool still open
"""


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_the_workers_of_a_killed_run_end_with_it(tmp_path, method):
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    out = tmp_path / "pids"
    tests = Path(__file__).parent
    run = subprocess.Popen([sys.executable, "-c", RUN_THAT_DIES.format(out=str(out), method=method)], cwd=tests.parent,
                           env={**os.environ, "PYTHONPATH": f"{tests.parent}{os.pathsep}{tests}"})
    deadline = time.monotonic() + 60
    while not (out.is_file() and out.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [int(pid) for pid in out.read_text().split()]
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 5
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in workers if _running(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (a zombie of a dead parent is reaped by init)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
