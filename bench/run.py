"""The speed and scale benchmark: run by hand (never as a test), from the project's root.

    .venv/bin/python bench/run.py [--pages 20000] [--small 2000] [--skip html,workers,resume] [--repeat 3]

Builds the corpus from ../shared/bench (all 20,791 real pages by default, as one JSONL file, plus the first
2,000 pages) into bench/.corpus/, then prints, side by side:
- MB/s per stage and end to end on one core, and the floor (reading, JSON decoding and one regex pass);
- trafilatura alone (its library call on pages decoded beforehand) on the HTML suites against the whole
  medclean run on the same pages, on one core each, then on both (two trafilatura processes taking ten pages
  at a time, as its command line does; medclean with --workers 2);
- --workers 1 against --workers 2 on the one-file corpus, and as back-to-back pairs (one, then at once two);
- peak RSS at the small and the full corpus;
- a cold run against an unchanged re-run, and the run that resumes after a kill -9 at 60% of the chunks
  (its records compared with the cold run's);
- `medclean report` over the full corpus's records: build time, peak RSS, the largest file, and the time
  headless Chromium takes to load report.html (when Chromium is installed);
- linearity: seconds per MB of one page through every stage as the page grows tenfold twice, for kinds of
  hostile input (random Unicode, one endless token, NUL runs, one endless line of prose, Chinese without
  punctuation), and of hostile HTML through extraction (deep nesting, unclosed tags); a ratio near 1 is
  linear, 10 would be quadratic.
Every `medclean run` is a child process, timed with its own peak RSS (os.wait4); the in-process measurements
run in a spawned interpreter, so that this process stays small (a child's peak counts its pre-exec fork). The
machine's load is printed first and last: figures taken while other work runs are not comparable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from pipeline.runner import CHUNK_PAGES, STATE_DIR
from pipeline.store import chunks_committed

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "bench" / ".corpus"
HTML_SUITES = [SHARED / "eval" / "html-en" / "pages", SHARED / "eval" / "html-zh" / "pages"]


def build_corpus(pages: int | None, name: str) -> Path:
    folder = CORPUS / name
    if (folder / "manifest.json").is_file():
        return folder
    command = [sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--out", str(folder), "--per-file", "1000000"]
    if pages:
        command += ["--pages", str(pages)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and path.name != "manifest.json"
               ) / 1e6


def medclean(inputs: list[Path], out: Path, *extra: str, kill_at: float | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of `medclean run`; with `kill_at`, killed (-9) once that share of
    its chunks is in the catalog."""
    command = [sys.executable, "-m", "pipeline", "run", *map(str, inputs), "--out", str(out), "-q", *extra]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_at is not None:
        total = expected_chunks(inputs)
        while process.poll() is None and chunks_committed(out / STATE_DIR) < kill_at * total:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, status


def fastest(seconds: float, repeat: int, inputs: list[Path], out: Path, *extra: str) -> float:
    """`seconds`, or the time of a faster one of `repeat - 1` more runs of `medclean run` over `inputs` (each
    into `out`, removed after it)."""
    for _ in range(repeat - 1):
        seconds = min(seconds, medclean(inputs, out, *extra)[0])
        shutil.rmtree(out)
    return seconds


def back_to_back(inputs: Path, out: Path) -> float:
    """`--workers 1` over `inputs`, then at once `--workers 2`: the ratio of their times, both measured under the
    same load (a shared machine's speed drifts between the cold runs and the two-worker runs)."""
    seconds = []
    for workers in ("1", "2"):
        seconds.append(medclean([inputs], out, "--workers", workers)[0])
        shutil.rmtree(out)
    return seconds[0] / seconds[1]


def expected_chunks(inputs: list[Path]) -> int:
    pages = sum(sum(1 for _ in open(path, encoding="utf-8")) for folder in inputs for path in folder.glob("*.jsonl"))
    return -(-pages // CHUNK_PAGES)


def stage_rates(folder: Path) -> dict[str, float]:
    """MB/s of page text through each stage, in this process (models loaded before timing)."""
    from pipeline import config, glossary
    from pipeline.clean import Job
    from pipeline.model import Document, Page
    from pipeline.readers import discover, read
    from pipeline.record import to_record
    from pipeline.runner import fingerprint
    from pipeline.stages import stage_list
    from pipeline.writers import serialise

    settings, terms = config.Config(), glossary.load()
    job = Job(settings, terms, fingerprint(settings, terms))  # the run's key: no start-up cache of other code
    ctx = job.context
    sources, _ = discover([folder])
    pages = [item for source in sources for item in read(source, job.config.ingest) if isinstance(item, Page)]
    megabytes = sum(len(page.text.encode("utf-8")) for page in pages) / 1e6
    seconds: Counter[str] = Counter()
    for page in pages:
        doc = Document(page=page)
        for name, stage in stage_list():
            started = time.perf_counter()
            doc = stage(doc, ctx)
            seconds[name] += time.perf_counter() - started
        started = time.perf_counter()
        serialise(to_record(doc, "bench", "g", "c"))
        seconds["record"] += time.perf_counter() - started
    rates = {name: megabytes / spent for name, spent in seconds.items()}
    rates["all stages"] = megabytes / sum(seconds.values())
    return rates


def floor_rate(folder: Path) -> float:
    """Reading, decoding and one regex pass over the same files."""
    word = re.compile(r"\w+")
    started = time.perf_counter()
    total = 0
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, "rb") as handle:
            for raw in handle:
                total += len(word.findall(json.loads(raw)["text"]))
    return size_mb(folder) / (time.perf_counter() - started)


def hostile_page(kind: str, size: int, seed: int = 7) -> str:
    import random

    rng = random.Random(seed)
    if kind == "random unicode":
        return "".join(chr(rng.choice((rng.randrange(32, 0x2FFF), rng.randrange(0x4E00, 0x9FFF), 10)))
                       for _ in range(size))
    if kind == "one endless token":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        return "".join(rng.choice(alphabet) for _ in range(size))
    if kind == "NUL runs":
        return ("\x00" * 97 + "ab\n") * (size // 100)
    if kind == "one line of prose":
        words = "methadone reduces cravings for heroin and the patients take it once a day at the clinic".split()
        return " ".join(rng.choice(words) for _ in range(size // 6))[:size]
    return "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(size))  # Chinese without punctuation


LINEAR_KINDS = ("random unicode", "one endless token", "NUL runs", "one line of prose", "Chinese, no punctuation")
HTML_UNITS = {"HTML: nested <div>": "<div>", "HTML: unclosed <script>": "<script>", "HTML: '</' runs": "</",
              "HTML: '<a x=\"' runs": '<a x="', "HTML: '<![' runs": "<![", "HTML: '&#' runs": "&#"}


def html_linearity(sizes: tuple[int, ...] = (100_000, 1_000_000)) -> dict[str, list[float]]:
    """Seconds per MB of one hostile HTML page through the HTML reader's extraction, per kind and size."""
    from pipeline.readers.html import extract_main

    rates: dict[str, list[float]] = {}
    for kind, unit in HTML_UNITS.items():
        for size in sizes:
            html = "<html><body>" + unit * (size // len(unit)) + "Naloxone reverses an opioid overdose."
            started = time.perf_counter()
            extract_main(html)
            rates.setdefault(kind, []).append((time.perf_counter() - started) / (len(html) / 1e6))
    return rates


def linearity(sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> dict[str, list[float]]:
    """Seconds per MB of one page through every stage, per kind of hostile input and page size."""
    from pipeline import config, glossary
    from pipeline.clean import Job, clean_page
    from pipeline.model import Page

    ctx = Job(config.Config(), glossary.load(), "bench").context
    rates: dict[str, list[float]] = {}
    for kind in LINEAR_KINDS:
        for size in sizes:
            text = hostile_page(kind, size)
            page = Page(path="bench", identity=kind, item=None, sha256="0" * 64, format="txt", encoding="utf-8",
                        url=None, text=text)
            started = time.perf_counter()
            clean_page(page, ctx)
            rates.setdefault(kind, []).append((time.perf_counter() - started) / (len(text.encode()) / 1e6))
    return rates


def html_suite_pages() -> list[Path]:
    return [path for folder in HTML_SUITES for path in sorted(folder.iterdir()) if path.is_file()]


_held_pages: list[str] = []  # a trafilatura process's copy of the HTML suites' pages, decoded


def _hold_pages(ready) -> None:
    import gzip

    import trafilatura  # noqa: F401 - imported before the clock starts

    from pipeline.readers.decoding import decode

    for path in html_suite_pages():
        data = path.read_bytes()
        _held_pages.append(decode(gzip.decompress(data) if path.suffix == ".gz" else data, is_html=True)[0])
    ready.wait()  # every process has its pages before any takes a page to extract


def _extract(index: int) -> None:
    import trafilatura

    trafilatura.extract(_held_pages[index], include_comments=False)


def trafilatura_seconds(processes: int) -> float:
    """Seconds trafilatura alone takes over the HTML suites' pages in `processes` processes, each taking ten pages
    at a time as it frees up, as trafilatura's command line spreads files (`--parallel`, chunks of ten). Its
    library call only: the pages are decoded and trafilatura imported before the clock starts, and nothing is
    written. The processes are spawned, so this one stays small."""
    import multiprocessing

    spawned = multiprocessing.get_context("spawn")
    with spawned.Pool(processes, initializer=_hold_pages, initargs=(spawned.Barrier(processes),)) as pool:
        pool.apply(len, ((),))  # done once every process has passed the barrier
        started = time.perf_counter()
        pool.map(_extract, range(len(html_suite_pages())), chunksize=10)
        return time.perf_counter() - started


def report_figures(cleaned: Path) -> tuple[float, float, float, float | None]:
    """(seconds, peak RSS in MB) of `medclean report`, the largest file it wrote in MB, and the seconds headless
    Chromium takes to load and lay out report.html (None without Chromium)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "report", str(cleaned)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    written = [cleaned / "report.html", *(cleaned / "report_pages").glob("*.html")]
    largest = max(path.stat().st_size for path in written) / 1e6
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    opened = None
    if browser:
        started = time.perf_counter()
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                        (cleaned / "report.html").as_uri()], capture_output=True, timeout=300)
        opened = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, largest, opened


def same_records(one: Path, other: Path) -> bool:
    """Whether two output folders hold the same records.jsonl bytes (hashed as they stream: reading both whole
    would grow this process, and with it the peak RSS counted for every child it starts afterwards)."""
    import hashlib

    def digest(folder: Path) -> bytes:
        with open(folder / "records.jsonl", "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()

    return digest(one) == digest(other)


def apart(function, *args):
    """`function(*args)` in a fresh interpreter: this process stays small, so the children it starts later (whose
    peak RSS, read by os.wait4, counts what a fork copies of this process before exec) are measured alone."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def row(label: str, *cells: str) -> None:
    print(f"  {label:<44}" + "".join(f"{cell:>16}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=None, help="pages of the full corpus (default: all)")
    parser.add_argument("--small", type=int, default=2000, help="pages of the small corpus")
    parser.add_argument("--skip", default="", help="comma-separated: stages, html, workers, resume, report, linear")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time the cold run, the two-worker run and the HTML pairs this many times and keep the"
                             " fastest (a shared machine's noise only ever adds time)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    skip = set(filter(None, args.skip.split(",")))
    if not (SHARED / "bench" / "make_corpus.py").is_file():
        sys.exit(f"{SHARED / 'bench'} is absent")
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)")
    full = build_corpus(args.pages, f"full-{args.pages or 'all'}")
    small = build_corpus(args.small, f"small-{args.small}")
    full_mb, small_mb = size_mb(full), size_mb(small)
    print(f"corpus: {full_mb:.1f} MB in one file ({full.name}), small {small_mb:.1f} MB")
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        print("one core")
        if "stages" not in skip:
            for name, rate in apart(stage_rates, small).items():
                row(f"stage {name} (small corpus, page text)", f"{rate:.2f} MB/s")
        row("floor: read, JSON decode, one regex pass", f"{apart(floor_rate, full):.2f} MB/s")
        cold, cold_rss, _ = medclean([full], scratch / "cold")
        cold = fastest(cold, args.repeat, [full], scratch / "cold-again")
        row("end to end, cold (full corpus)", f"{full_mb / cold:.2f} MB/s", f"{cold:.1f} s")
        small_seconds, small_rss, _ = medclean([small], scratch / "small")
        row("end to end, cold (small corpus)", f"{small_mb / small_seconds:.2f} MB/s", f"{small_seconds:.1f} s")
        print("memory")
        row("peak RSS, small / full corpus", f"{small_rss:.0f} MB", f"{cold_rss:.0f} MB",
            f"x{cold_rss / small_rss:.2f}")
        print("re-runs")
        again, _, _ = medclean([full], scratch / "cold")
        row("unchanged re-run / cold", f"{again:.1f} s", f"{100 * again / cold:.1f}%")
        if "resume" not in skip:
            medclean([full], scratch / "killed", kill_at=0.6)
            resumed, _, _ = medclean([full], scratch / "killed")
            same = same_records(scratch / "killed", scratch / "cold")
            row("resume after kill -9 at 60% / cold", f"{resumed:.1f} s", f"{100 * resumed / cold:.1f}%",
                "same records" if same else "RECORDS DIFFER")
        if "workers" not in skip:
            print("parallel (one file)")
            two, _, _ = medclean([full], scratch / "two", "--workers", "2")
            two = fastest(two, args.repeat, [full], scratch / "two-again", "--workers", "2")
            same = same_records(scratch / "two", scratch / "cold")
            row("--workers 1 / --workers 2", f"{cold:.1f} s", f"{two:.1f} s", f"x{cold / two:.2f}")
            row("", "", "", "same records" if same else "RECORDS DIFFER")
            ratios = [back_to_back(full, scratch / "pair") for _ in range(args.repeat)]
            row("back to back, --workers 1 then 2", *(f"x{ratio:.2f}" for ratio in ratios),
                f"median x{statistics.median(ratios):.2f}")
        if "html" not in skip and all(folder.is_dir() for folder in HTML_SUITES):
            print(f"HTML suites (html-en + html-zh, {len(html_suite_pages())} pages): trafilatura's library call on"
                  " decoded pages against the whole medclean run")
            for cores, label in ((1, "one core: trafilatura call / medclean"),
                                 (2, "both cores: 2 processes / --workers 2")):
                alone = min(trafilatura_seconds(cores) for _ in range(args.repeat))
                workers = ("--workers", str(cores))
                ours, _, _ = medclean(HTML_SUITES, scratch / f"html-{cores}", *workers)
                ours = fastest(ours, args.repeat, HTML_SUITES, scratch / f"html-{cores}-again", *workers)
                row(label, f"{alone:.1f} s", f"{ours:.1f} s", f"x{ours / alone:.2f}")
        if "report" not in skip:
            print("report (medclean report over the full corpus's records)")
            seconds, rss, largest, opened = report_figures(scratch / "cold")
            row("build / peak RSS / largest file", f"{seconds:.1f} s", f"{rss:.0f} MB", f"{largest:.1f} MB")
            row("report.html loaded by Chromium", f"{opened:.1f} s" if opened is not None else "no Chromium")
        if "linear" not in skip:
            print("linearity: seconds per MB of one page, 10 kB / 100 kB / 1 MB (ratio of the last to the first)")
            for kind, per_mb in linearity().items():
                row(kind, *(f"{value:.2f} s/MB" for value in per_mb), f"x{per_mb[-1] / per_mb[0]:.2f}")
            print("linearity of HTML extraction: seconds per MB of one page, 100 kB / 1 MB")
            for kind, per_mb in html_linearity().items():
                row(kind, *(f"{value:.2f} s/MB" for value in per_mb), f"x{per_mb[-1] / per_mb[0]:.2f}")
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
