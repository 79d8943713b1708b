"""Benchmark: time `medclean run` over a folder of pages and report throughput and peak memory.

Run by hand, never as a test:
    .venv/bin/python bench/bench_run.py ../shared/eval/html-en/pages [--repeat 3]
It runs the pipeline in-process into a fresh temporary folder each time (so nothing is reused
from the catalog) and prints pages/s, MB/s of input and the peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from pipeline import config as config_module
from pipeline import glossary as glossary_module
from pipeline.runner import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    config = config_module.Config()
    glossary = glossary_module.load()
    size = sum(p.stat().st_size for root in args.inputs for p in ([root] if root.is_file() else root.rglob("*"))
               if p.is_file())
    timings = []
    pages = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = run(args.inputs, Path(out), config, glossary, workers=args.workers)
            timings.append(time.perf_counter() - started)
            pages = result.pages
    best = min(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"workers={args.workers}: "
          f"{pages} pages, {size / 1e6:.2f} MB in: best of {args.repeat} {best:.2f}s = {pages / best:.1f} pages/s, "
          f"{size / 1e6 / best:.2f} MB/s; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
