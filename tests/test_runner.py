"""The runner: streaming shards, resuming after a kill, one run per output folder, and every executor giving
the same records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, medclean

from pipeline import config as config_module
from pipeline import glossary as glossary_module
from pipeline.runner import CHUNK_PAGES, STATE_DIR, run
from pipeline.store import OutputBusy, RunLock, chunks_committed

SENTENCES = ["Methadone reduces cravings for heroin in patients on maintenance treatment.",
             "美沙酮维持治疗可以减少注射吸毒行为。", "Naloxone reverses an opioid overdose within minutes.",
             "丁丙诺啡是一种部分激动剂，用于阿片类药物成瘾的治疗。"]


def _corpus(folder: Path, pages: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for number in range(pages):
        text = f"Case {number}: " + " ".join(SENTENCES[(number + k) % len(SENTENCES)] for k in range(3))
        lines.append(json.dumps({"id": f"page-{number}", "text": text}, ensure_ascii=False))
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_killed_run_resumes_and_ends_as_a_clean_run_would(tmp_path, workers):
    chunks = 6
    corpus = _corpus(tmp_path / "in", chunks * CHUNK_PAGES)
    clean = tmp_path / "clean"
    assert medclean("run", str(corpus), "--out", str(clean), "-q").returncode == 0
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "-q",
                                "--workers", workers], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while chunks_committed(out / STATE_DIR) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = chunks_committed(out / STATE_DIR)
    assert 2 <= done < chunks, "the run was not caught mid-way"
    # at once: the killed run's workers neither hold the output folder nor go on writing into it
    result = medclean("run", str(corpus), "--out", str(out), "-q", "--workers", workers)
    assert result.returncode == 0, result.stderr
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))["counts"]
    assert stats["run.chunks_cleaned"] == chunks - done  # only the unfinished work is redone
    assert (out / "records.jsonl").read_bytes() == (clean / "records.jsonl").read_bytes()
    assert not list((out / ".medclean" / "parked").iterdir())


def test_a_second_run_on_the_same_output_stops_at_once_naming_the_first(tmp_path):
    out = tmp_path / "out"
    lock = RunLock(out / ".medclean")
    try:
        result = medclean("run", "raw", "--out", str(out))
    finally:
        lock.release()
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"medclean: {out}: in use by another medclean run (pid {os.getpid()}, started ")
    with pytest.raises(OutputBusy):
        first = RunLock(out / ".medclean")
        try:
            RunLock(out / ".medclean")
        finally:
            first.release()


def test_records_stream_from_shards_in_input_order_and_shards_of_gone_files_go(tmp_path):
    inputs = tmp_path / "in"
    _corpus(inputs / "a", CHUNK_PAGES + 3)
    _corpus(inputs / "b", 2)
    out = tmp_path / "out"
    config, glossary = config_module.Config(), glossary_module.load()
    result = run([inputs], out, config, glossary)
    ids = [json.loads(line)["id"] for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == [f"page-{n}" for n in range(CHUNK_PAGES + 3)]  # b's pages share a's ids: the first wins
    assert result.stats["records.duplicate_id_skipped"] == 2
    shards = out / ".medclean" / "shards"
    assert sorted(path.suffix for path in shards.iterdir()) == [".jsonl"] * 3 + [".minhash"] * 3  # with signatures
    (inputs / "a" / "corpus.jsonl").unlink()
    result = run([inputs], out, config, glossary)
    assert result.pages == 2 and result.changes["gone"] == CHUNK_PAGES + 1
    assert sorted(path.suffix for path in shards.iterdir()) == [".jsonl", ".minhash"]


def test_a_dask_cluster_gives_the_records_of_a_serial_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    from pipeline.executors.dask import DaskExecutor

    corpus = _corpus(tmp_path / "in", CHUNK_PAGES + 10)
    config, glossary = config_module.Config(), glossary_module.load()
    run([corpus], tmp_path / "serial", config, glossary)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
            as cluster, distributed.Client(cluster) as client:
        run([corpus], tmp_path / "dask", config, glossary, executor=DaskExecutor(client))
    assert (tmp_path / "dask" / "records.jsonl").read_bytes() == (tmp_path / "serial" / "records.jsonl").read_bytes()


def test_stats_count_what_the_records_hold(tmp_path, shared):
    from collections import Counter

    out = tmp_path / "out"
    run([shared / "eval" / "mixed" / "pages"], out, config_module.Config(), glossary_module.load())
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    counts = json.loads((out / "stats.json").read_text(encoding="utf-8"))["counts"]
    removed = Counter(f"removed.{item['reason']}" for record in records for item in record["removed"])
    assert {key: value for key, value in counts.items() if key.startswith("removed.")} == dict(removed)
    labels = Counter(f"language.doc.{record['lang']['doc']}" for record in records)
    assert {key: value for key, value in counts.items() if key.startswith("language.doc.")} == dict(labels)
    actions = Counter(f"terms.{hit['action']}" for record in records for hit in record["terms"])
    assert {key: value for key, value in counts.items() if key.startswith("terms.")} == dict(actions)
    assert counts["pages"] == counts["run.records"] == len(records)


def test_an_unchanged_rerun_cleans_nothing_even_where_lines_repeat(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(12):  # one menu line on every page: a repeated line
        (folder / f"page-{number:02d}.txt").write_text(
            f"Home | Clinics | Contact\nCase {number}: {SENTENCES[number % len(SENTENCES)]}\n", encoding="utf-8")
    out = tmp_path / "out"
    config, glossary = config_module.Config(), glossary_module.load()
    first = run([folder], out, config, glossary)
    assert first.stats["removed.boilerplate.repeated"] == 12
    before = (out / "records.jsonl").read_bytes()
    again = run([folder], out, config, glossary)
    assert again.stats["run.chunks_cleaned"] == 0 and again.reused_files == 12
    assert (out / "records.jsonl").read_bytes() == before
    assert again.changes == {"new": 0, "gone": 0, "changed": 0, "rejected": 0, "unchanged": 12}


def test_an_unchanged_rerun_rewrites_nothing_and_reports_the_same_counts(tmp_path):
    corpus = _corpus(tmp_path / "in", 30)
    out = tmp_path / "out"
    config, glossary = config_module.Config(), glossary_module.load()
    first = run([corpus], out, config, glossary)
    written = (out / "records.jsonl").stat().st_mtime_ns
    again = run([corpus], out, config, glossary)
    assert (out / "records.jsonl").stat().st_mtime_ns == written
    assert again.stats == {**first.stats, "run.chunks_cleaned": 0, "run.files_reused": 1}
    assert again.pages == first.pages == 30
    (out / "records.jsonl").write_text("edited by hand\n", encoding="utf-8")  # not as the run left it: rewritten
    mended = run([corpus], out, config, glossary)
    assert (out / "records.jsonl").read_bytes().startswith(b'{"schema_version"')
    assert mended.stats == again.stats
    corpus.write_text(corpus.read_text(encoding="utf-8").replace("Case 7:", "Case seven:"), encoding="utf-8")
    changed = run([corpus], out, config, glossary)
    assert "Case seven:" in (out / "records.jsonl").read_text(encoding="utf-8")
    assert changed.pages == 30


def test_dropped_pages_keep_their_record_bytes_under_a_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Methadone reduces cravings for heroin.\n", encoding="utf-8")
    (folder / "b.txt").write_text("美沙酮维持治疗可以减少注射吸毒行为。\n", encoding="utf-8")
    glossary = glossary_module.load()
    run([folder], tmp_path / "all", config_module.Config(), glossary)
    keep_zh = config_module.Config(policy=config_module.PolicySettings(keep_languages=("zh",)))
    run([folder], tmp_path / "zh", keep_zh, glossary)
    every = (tmp_path / "all" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    english = json.loads(every[0])
    english["pipeline"]["config"] = keep_zh.fingerprint()
    from pipeline.writers import serialise

    assert (tmp_path / "zh" / "dropped.jsonl").read_text(encoding="utf-8") == serialise(
        {"reason": "policy.language", "record": english}) + "\n"
    assert (tmp_path / "zh" / "records.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_lines_are_repeated_per_site_so_syndicated_text_stays_and_a_site_footer_goes(tmp_path):
    syndicated = "The agency approved a higher dose of buprenorphine for patients who still have cravings."
    pages = []
    for number in range(12):  # one footer on the six pages of one site; the same article on seven sites
        host = "clinic.example.org" if number < 6 else f"news{number}.example.com"
        footer = "\nClinic Network | Contact us" if number < 6 else ""
        article = f"\n{syndicated}" if number >= 5 else ""
        text = f"{SENTENCES[number % len(SENTENCES)]}{article}{footer}"
        pages.append(json.dumps({"id": f"p{number}", "url": f"https://{host}/a/{number}", "text": text}))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crawl.jsonl").write_text("\n".join(pages) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([folder], out, config_module.Config(), glossary_module.load())
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    removed = [(record["id"], item["text"], item["reason"]) for record in records for item in record["removed"]]
    assert removed == [(f"p{n}", "Clinic Network | Contact us", "boilerplate.repeated") for n in range(6)]
    assert [syndicated in record["en"]["text"] for record in records] == [n >= 5 for n in range(12)]


def test_time_budget_interrupts_a_block_that_runs_over_it():
    import time

    from pipeline.clean import PageOverBudget, time_budget

    with pytest.raises(PageOverBudget):
        with time_budget(0.05):
            time.sleep(5)
    with time_budget(5):
        time.sleep(0.01)  # within it: nothing raised, and no alarm left behind
    time.sleep(0.1)


def test_a_page_over_its_time_budget_is_rejected_alone_and_again_on_a_rerun(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "huge.txt").write_text("Methadone reduces cravings for heroin in most patients. " * 100_000,
                                     encoding="utf-8")  # 5.6 MB of text: seconds of cleaning
    (folder / "small.txt").write_text("Naloxone reverses an opioid overdose within minutes.\n", encoding="utf-8")
    config = config_module.parse({"ingest": {"max_page_seconds": 0.5}}, "test")
    out = tmp_path / "out"
    first = run([folder], out, config, glossary_module.load())
    assert [str(rejection) for rejection in first.rejections] == [
        f"{folder / 'huge.txt'}: cleaning took over 0.5 s (max_page_seconds)"]
    assert [json.loads(line)["id"] for line in (out / "records.jsonl").read_text().splitlines()] == ["small.txt"]
    again = run([folder], out, config, glossary_module.load())
    assert again.stats["run.chunks_cleaned"] == 0
    assert [str(rejection) for rejection in again.rejections] == [str(first.rejections[0])]


def test_a_page_that_fails_to_clean_is_rejected_alone_and_its_chunk_goes_on():
    from dataclasses import replace

    from conftest import text_page

    from pipeline.clean import ChunkTask, Job, clean_chunk

    job = Job(config_module.Config(), glossary_module.load(), "test")
    good = text_page("Naloxone reverses an opioid overdose within minutes.")
    broken = replace(good, identity="broken", item="7", text=b"not text")  # type: ignore[arg-type]
    result = clean_chunk(job, ChunkTask("crawl.jsonl", 0, [broken, good]))
    assert not isinstance(result, str)
    assert result.ids == [good.identity]
    [rejection] = result.rejections
    assert str(rejection).startswith(f"{good.path}: page 7: internal error, please report: TypeError")


def test_the_context_cache_keeps_the_contexts_used_last(tmp_path, monkeypatch):
    import os

    from pipeline.clean import KEPT_CONTEXTS, Job

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("MEDCLEAN_CACHE", str(cache))
    old = [cache / f"context-old{number}.pickle" for number in range(KEPT_CONTEXTS + 2)]
    for age, path in enumerate(old):
        path.write_bytes(b"an older build's context")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    os.utime(old[0], (2_000_000, 2_000_000))  # the oldest written, but used since
    (cache / "notes.txt").write_text("not ours")
    assert Job(config_module.Config(), glossary_module.load(), "fingerprint-new").context.config is not None
    left = sorted(path.name for path in cache.glob("context-*.pickle"))
    assert len(left) == KEPT_CONTEXTS
    assert old[0].name in left and old[-1].name in left and old[1].name not in left
    assert (cache / "notes.txt").exists()
    [built] = set(left) - {path.name for path in old}
    os.utime(cache / built, (1_000_000, 1_000_000))
    assert Job(config_module.Config(), glossary_module.load(), "fingerprint-new").context.config is not None
    assert (cache / built).stat().st_mtime > 2_000_000  # read from the cache: marked as used


def test_the_built_context_is_cached_and_a_damaged_cache_is_built_anew(tmp_path, monkeypatch):
    from pipeline.clean import Job

    monkeypatch.setenv("MEDCLEAN_CACHE", str(tmp_path / "cache"))
    config, glossary = config_module.Config(), glossary_module.load()
    first = Job(config, glossary, "fingerprint-a").context
    [cached] = list((tmp_path / "cache").glob("context-*.pickle"))
    again = Job(config, glossary, "fingerprint-a").context  # read from the cache, not built
    assert again.config == first.config and again.glossary.fingerprint == first.glossary.fingerprint
    assert again is not first and again.protected_words == first.protected_words
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == [cached.name]
    assert Job(config, glossary, "fingerprint-b").context.config == config  # another pipeline: its own entry
    assert len(list((tmp_path / "cache").glob("context-*.pickle"))) == 2
    cached.write_bytes(b"not a pickle")
    rebuilt = Job(config, glossary, "fingerprint-a").context
    assert rebuilt.config == first.config and cached.read_bytes() != b"not a pickle"
    monkeypatch.setenv("MEDCLEAN_CACHE", "off")
    assert Job(config, glossary, "fingerprint-c").context.config == config  # built, not cached
    assert len(list((tmp_path / "cache").glob("context-*.pickle"))) == 2


def _flip_a_byte(data: bytes) -> bytes:
    """The pickle with one byte of a page's text changed: it still loads, as other pages."""
    at = data.index(b"Methadone") + 2
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


DAMAGES = {"garbage": lambda data: b"\x80\x05 not a pickle",
           "not UTF-8": lambda data: b"\x80\x05X\x02\x00\x00\x00\xff\xfe.",  # unpickling raises UnicodeDecodeError
           "cut short": lambda data: data[:len(data) // 2],
           "one byte flipped": _flip_a_byte}


def _damage_first_parked_chunk(monkeypatch, damage=DAMAGES["garbage"]):
    """Parked chunks are written as the run parks them, the first one damaged (as a failing disk leaves it)."""
    from pipeline import runner

    real_park = runner.State.park
    damaged: list[str] = []

    def park(self, name, pages, keys):
        real_park(self, name, pages, keys)
        if not damaged:
            damaged.append(name)
            path = self.parked / name
            path.write_bytes(damage(path.read_bytes()))

    monkeypatch.setattr(runner.State, "park", park)
    return damaged


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_parked_chunk_is_read_again_from_its_file(tmp_path, monkeypatch, damage):
    corpus = _corpus(tmp_path / "in", 2 * CHUNK_PAGES)
    settings, terms = config_module.Config(), glossary_module.load()
    clean = run([corpus.parent], tmp_path / "clean", settings, terms)
    damaged = _damage_first_parked_chunk(monkeypatch, DAMAGES[damage])
    result = run([corpus.parent], tmp_path / "out", settings, terms)
    assert damaged and result.rejections == []
    assert result.pages == clean.pages == 2 * CHUNK_PAGES
    assert (tmp_path / "out" / "records.jsonl").read_bytes() == (tmp_path / "clean" / "records.jsonl").read_bytes()


def test_a_damaged_parked_chunk_whose_file_changed_is_reported_and_cleaned_on_the_next_run(tmp_path, monkeypatch):
    from pipeline import runner
    from pipeline.clean import ChunkTask

    corpus = _corpus(tmp_path / "in", 2 * CHUNK_PAGES)
    settings, terms = config_module.Config(), glossary_module.load()
    _damage_first_parked_chunk(monkeypatch)
    real_execute = runner.execute

    def execute(*args, **kwargs):  # the file changes between reading and cleaning
        _corpus(tmp_path / "in", 2 * CHUNK_PAGES + 1)
        return real_execute(*args, **kwargs)

    monkeypatch.setattr(runner, "execute", execute)
    workers = _RecordingWorkers(1)
    result = run([corpus.parent], tmp_path / "out", settings, terms, executor=workers)
    # the chunk goes to no worker with a shard to write (a shard it had from an earlier run stays as it was)
    assert [(item.number, len(item.pages), item.shard is None) for item in workers.items
            if isinstance(item, ChunkTask)] == [(0, 0, True), (1, CHUNK_PAGES, False)]
    assert [(rejection.path, rejection.reason) for rejection in result.rejections] == [
        (str(corpus), "chunk 0: its parked pages could not be read back and the file changed since it was read;"
                      " it is read again on the next run")]
    assert result.pages == CHUNK_PAGES  # the other chunk, cleaned as read
    monkeypatch.undo()
    again = run([corpus.parent], tmp_path / "out", settings, terms)
    assert again.rejections == [] and again.pages == 2 * CHUNK_PAGES + 1


class _FarAwayWorkers:
    """An executor whose calls run where the input folder cannot be seen (as on a cluster's other machines):
    the folder is moved away while each call runs."""

    workers = 1

    def __init__(self, inputs: Path, sees_local_files: bool) -> None:
        self.inputs, self.sees_local_files = inputs, sees_local_files

    def map(self, function, shared, items):
        hidden = self.inputs.with_name(self.inputs.name + "-hidden")
        for item in items:
            self.inputs.rename(hidden)
            try:
                yield function(shared, item)
            finally:
                hidden.rename(self.inputs)

    def prepare(self, load, shared):
        pass

    def close(self):
        pass


def test_workers_that_cannot_see_the_input_files_are_sent_their_bytes(tmp_path):
    corpus = _corpus(tmp_path / "in", 10)
    settings, terms = config_module.Config(), glossary_module.load()
    serial = run([corpus.parent], tmp_path / "serial", settings, terms)
    far = run([corpus.parent], tmp_path / "far", settings, terms, executor=_FarAwayWorkers(corpus.parent, False))
    assert far.rejections == [] and far.pages == serial.pages == 10
    assert (tmp_path / "far" / "records.jsonl").read_bytes() == (tmp_path / "serial" / "records.jsonl").read_bytes()
    # an executor whose workers do see the files is given paths, which these workers cannot open
    near = run([corpus.parent], tmp_path / "near", settings, terms, executor=_FarAwayWorkers(corpus.parent, True))
    assert [rejection.reason.split(":")[0] for rejection in near.rejections] == ["cannot read"]


class _RecordingWorkers:
    """An executor of `workers` workers that runs the calls here and keeps what it was given."""

    sees_local_files = True

    def __init__(self, workers: int) -> None:
        self.workers, self.items = workers, []

    def map(self, function, shared, items):
        for item in items:
            self.items.append(item)
            yield function(shared, item)

    def prepare(self, load, shared):
        pass

    def close(self):
        pass


def test_a_large_jsonl_file_is_read_by_every_worker_a_byte_range_each(tmp_path, monkeypatch):
    from pipeline import runner
    from pipeline.clean import FilePart

    corpus = _corpus(tmp_path / "in", 2 * CHUNK_PAGES + 7)
    lines = corpus.read_bytes().split(b"\n")
    lines[5] = b'{"text": 3}'  # a bad line: rejected once, naming its line, whichever part holds it
    corpus.write_bytes(b"\n".join(lines))
    monkeypatch.setattr(runner, "PART_MIN_BYTES", corpus.stat().st_size // 3)
    settings, terms = config_module.Config(), glossary_module.load()
    serial = run([corpus.parent], tmp_path / "serial", settings, terms)
    three = _RecordingWorkers(3)
    parted = run([corpus.parent], tmp_path / "parted", settings, terms, executor=three)
    reads = [item for item in three.items if isinstance(item, FilePart)]
    size = corpus.stat().st_size
    assert [(part.start, part.end) for part in reads] == [(0, size // 3), (size // 3, 2 * size // 3),
                                                           (2 * size // 3, runner.TO_THE_END)]
    assert [(rejection.line, rejection.reason) for rejection in parted.rejections] == [
        (6, 'expected an object with a string "text"')]
    assert parted.rejections == serial.rejections and parted.pages == serial.pages == 2 * CHUNK_PAGES + 6
    assert (tmp_path / "parted" / "records.jsonl").read_bytes() == (tmp_path / "serial" / "records.jsonl").read_bytes()


def test_a_catalog_drops_the_index_by_line_an_older_version_kept_and_counts_lines_the_same(tmp_path):
    import sqlite3

    from pipeline.store import Catalog

    catalog = Catalog(tmp_path)
    catalog.set_pages_lines([("a", {"x", "y"}), ("b", {"x"}), ("c", {"x", "y", "z"})])
    catalog.commit()
    catalog.close()
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:  # as catalogs written before this version were
        db.execute("CREATE INDEX page_lines_by_line ON page_lines (line)")
    catalog = Catalog(tmp_path)
    assert catalog.lines_on_pages(2) == {"x": 3, "y": 2}
    catalog.close()
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        indexes = db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    assert indexes == []


def test_a_parked_chunk_is_not_synced_to_disk_a_shard_is(tmp_path, monkeypatch):
    from pipeline.runner import PARKED, SHARDS
    from pipeline.writers import atomic

    synced: list[Path] = []  # the folders of the files synced

    def sync(handle: int) -> None:
        synced.append(Path(os.readlink(f"/proc/self/fd/{handle}")).parent)

    monkeypatch.setattr(atomic.os, "fsync", sync)
    run([_corpus(tmp_path / "in", 3)], tmp_path / "out", config_module.Config(), glossary_module.load())
    state = tmp_path / "out" / STATE_DIR
    assert (state / PARKED).is_dir() and state / PARKED not in synced
    assert synced.count(state / SHARDS) == 2  # the one chunk's shard and its signatures


class _KeepingResults(_RecordingWorkers):
    """An executor that runs the calls here and keeps what they return."""

    def __init__(self, sees_local_files: bool) -> None:
        super().__init__(1)
        self.sees_local_files, self.results = sees_local_files, []

    def map(self, function, shared, items):
        for result in super().map(function, shared, items):
            self.results.append(result)
            yield result


def test_workers_on_this_machine_write_their_shards_and_send_back_no_records(tmp_path):
    from pipeline.clean import ChunkResult

    corpus = _corpus(tmp_path / "in", CHUNK_PAGES + 5)
    settings, terms = config_module.Config(), glossary_module.load()
    near, far = _KeepingResults(True), _KeepingResults(False)
    run([corpus], tmp_path / "near", settings, terms, executor=near)
    run([corpus], tmp_path / "far", settings, terms, executor=far)
    near_chunks = [result for result in near.results if isinstance(result, ChunkResult)]
    far_chunks = [result for result in far.results if isinstance(result, ChunkResult)]
    assert [(len(chunk.records), len(chunk.signatures), chunk.written) for chunk in near_chunks] == [(0, 0, True)] * 2
    assert [(len(chunk.records), chunk.written) for chunk in far_chunks] == [(CHUNK_PAGES, False), (5, False)]
    assert (tmp_path / "near" / "records.jsonl").read_bytes() == (tmp_path / "far" / "records.jsonl").read_bytes()
    for folder in ("near", "far"):
        shards = sorted(path.name for path in (tmp_path / folder / STATE_DIR / "shards").iterdir())
        assert [name.rsplit(".", 1)[1] for name in shards] == ["jsonl", "minhash"] * 2


HOLDER_THAT_DIES = """
import os, sys, time
from pathlib import Path
from pipeline.store import RunLock

lock = RunLock(Path(sys.argv[1]))
child = os.fork()
if child == 0:  # a worker: outlives its run
    os.close(1), os.close(2)  # the test reads the run's output to its end
    time.sleep(30)
    os._exit(0)
print(child, flush=True)
os._exit(0)  # the run ends (as when killed) without releasing the lock
"""


def test_a_process_forked_from_a_run_does_not_keep_the_folder_locked_after_the_run(tmp_path):
    result = subprocess.run([sys.executable, "-c", HOLDER_THAT_DIES, str(tmp_path / "state")], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    child = int(result.stdout)
    try:
        RunLock(tmp_path / "state").release()  # free, with the forked child still alive
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_chunk_cleaned_again_leaves_the_shard_the_catalog_holds_whole_until_its_own_is_committed(tmp_path,
                                                                                                   monkeypatch):
    import shutil

    from pipeline import runner
    from pipeline.store import Catalog

    footer = "Clinic Network | Contact us"

    def site_file(name: str, first: int) -> None:  # three pages of one site, each with the footer
        pages = [json.dumps({"id": f"p{number}", "url": f"https://clinic.example.org/a/{number}",
                             "text": f"{SENTENCES[number % len(SENTENCES)]}\n{footer}"})
                 for number in range(first, first + 3)]
        (tmp_path / "in" / name).write_text("\n".join(pages) + "\n", encoding="utf-8")

    (tmp_path / "in").mkdir()
    site_file("a.jsonl", 0)
    settings, terms = config_module.Config(), glossary_module.load()
    real_park, kept = runner.State.park, tmp_path / "kept"

    def park(self, name, pages, keys):  # a copy of the parked chunk is kept aside
        real_park(self, name, pages, keys)
        shutil.copytree(self.parked, kept, dirs_exist_ok=True)

    monkeypatch.setattr(runner.State, "park", park)
    run([tmp_path / "in"], tmp_path / "out", settings, terms)  # the footer on 3 pages: not yet repeated
    monkeypatch.undo()
    state = tmp_path / "out" / STATE_DIR
    # as a run killed after committing the chunk and before removing its parked pages leaves them
    shutil.copytree(kept, state / "parked", dirs_exist_ok=True)
    catalog = Catalog(state)
    [(key, entry)] = [(key, entry) for key in (str(tmp_path / "in" / "a.jsonl"),)
                      for entry in catalog.chunks(key).values()]
    catalog.close()
    held = (state / "shards" / entry.shard).read_bytes()
    assert footer.encode() in held
    site_file("b.jsonl", 3)  # now on 6 pages: repeated, so a.jsonl's chunk is cleaned again

    def killed(*args, **kwargs):  # the run dies once the chunk is cleaned, before the catalog takes it
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "store_chunk", killed)
    with pytest.raises(KeyboardInterrupt):
        run([tmp_path / "in"], tmp_path / "out", settings, terms)
    catalog = Catalog(state)
    assert catalog.chunks(key)[0].shard == entry.shard
    catalog.close()
    assert (state / "shards" / entry.shard).read_bytes() == held
    monkeypatch.undo()
    again = run([tmp_path / "in"], tmp_path / "out", settings, terms)
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text("utf-8").splitlines()]
    assert again.pages == 6 and all(footer not in record["en"]["text"] for record in records)


def test_a_file_whose_parked_chunks_are_all_damaged_is_read_again_once(tmp_path, monkeypatch):
    from pipeline import runner

    corpus = _corpus(tmp_path / "in", 3 * CHUNK_PAGES)
    settings, terms = config_module.Config(), glossary_module.load()
    clean = run([corpus.parent], tmp_path / "clean", settings, terms)
    real_park, real_read = runner.State.park, runner.read_file
    reads: list[object] = []

    def park(self, name, pages, keys):  # as a power loss leaves files not yet synced: empty
        real_park(self, name, pages, keys)
        (self.parked / name).write_bytes(b"")

    def read_file(job, file):
        reads.append(file)
        return real_read(job, file)

    monkeypatch.setattr(runner.State, "park", park)
    monkeypatch.setattr(runner, "read_file", read_file)
    result = run([corpus.parent], tmp_path / "out", settings, terms)
    assert result.rejections == [] and result.pages == clean.pages == 3 * CHUNK_PAGES
    assert len(reads) == 2  # read, then read again once for its three chunks
    assert (tmp_path / "out" / "records.jsonl").read_bytes() == (tmp_path / "clean" / "records.jsonl").read_bytes()
