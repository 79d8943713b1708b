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
