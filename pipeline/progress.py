"""Progress of a run: a phase's name and size in, a function to advance it out.

On a terminal, a bar per phase (click's progress bar) on stderr; elsewhere (cron, a log
file) a plain line now and then, so a scheduled run's log shows it is alive without a
flood; with `--quiet`, nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

import click

LOG_EVERY_SECONDS = 30.0


def quiet(_phase: str, _total: int) -> Callable[[int], None]:
    return lambda _n: None


def for_stream(stream: TextIO, is_quiet: bool) -> Callable[[str, int], Callable[[int], None]]:
    if is_quiet:
        return quiet
    return bars(stream) if stream.isatty() else log_lines(stream)


def bars(stream: TextIO) -> Callable[[str, int], Callable[[int], None]]:
    current: list = []

    def phase(name: str, total: int) -> Callable[[int], None]:
        for bar in current:
            bar.render_finish()
        current.clear()
        if total < 2:
            return lambda _n: None
        bar = click.progressbar(length=total, label=name, file=stream, show_pos=True)
        current.append(bar)

        def advance(count: int) -> None:
            bar.update(count)
            if bar.pos >= total:
                bar.render_finish()

        return advance

    return phase


def log_lines(stream: TextIO, every: float = LOG_EVERY_SECONDS,
              clock: Callable[[], float] = time.monotonic) -> Callable[[str, int], Callable[[int], None]]:
    def phase(name: str, total: int) -> Callable[[int], None]:
        done = [0]
        last = [clock()]

        def advance(count: int) -> None:
            done[0] += count
            now = clock()
            if now - last[0] >= every or done[0] >= total:
                last[0] = now
                print(f"medclean: {name} {min(done[0], total):,}/{total:,}", file=stream, flush=True)

        return advance

    return phase
