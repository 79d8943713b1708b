"""Runner: input paths and a configuration in, the output folder written, a `RunResult` out.

plan → learn → execute → decide → write, streaming and resumable:
- plan: discover the input files and hash them; a file the catalog holds with the same
  bytes and fingerprint need not be read again;
- learn: read the other files (on the executor), record the lines of their pages in the
  catalog (a line's count is the number of distinct pages that hold it, this run and
  earlier ones) and cut their pages into chunks, parked on disk until cleaned;
- execute: clean every chunk the catalog cannot reuse (new, changed, interrupted, or
  holding a line that has since become repeated, or stopped being) on the executor; each
  chunk's records go to a shard file and the catalog is committed, so a killed run resumes; a parked chunk
  that cannot be read back is read from its file again (or, when the file changed meanwhile, reported and
  left to the next run), never cleaned as empty;
- decide: the records of the live pages in input order, the first of an id winning, each routed by the keep
  policy's verdict (taken per page while cleaning, `pipeline/clean.py`); near-duplicates are found here, in
  the order pages were first seen over every run (`pipeline/duplicates.py`, signatures made while cleaning
  and kept beside each shard), and a near-duplicate's record says which page it repeats (`duplicate_of`); an
  English page and its Chinese counterpart (the same URL but for a language marker, `pipeline/counterparts.py`)
  are aligned, and the English page's record holds their pairs;
- write: `records.jsonl` streamed from the shards in input order (the first of an id wins),
  `dropped.jsonl` when a keep policy is set, and `stats.json`.
Memory holds a window of chunks, never the corpus. One run at a time holds an output folder.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

from pipeline import __version__
from pipeline.clean import (
    ChunkResult,
    ChunkTask,
    FilePart,
    FileRead,
    Job,
    LoadedFile,
    clean_chunk,
    load_context,
    read_file,
)
from pipeline.config import Config
from pipeline.counterparts import counterparts
from pipeline.duplicates import NO_SIGNATURE, SIGNATURE_BYTES, DuplicateIndex
from pipeline.executors import Executor, make_executor
from pipeline.glossary import Glossary
from pipeline.model import Page
from pipeline.pairing import pairs_across
from pipeline.paths import escape, unescape
from pipeline.progress import quiet
from pipeline.readers import Rejection, Source, discover_counting_skipped, load, reader_of
from pipeline.reasons import POLICY_DUPLICATE
from pipeline.repeated import RepeatedLines
from pipeline.store import Catalog, ChunkEntry, FileEntry, RunLock
from pipeline.writers import DROPPED_FILE, dropped_writer, serialise, write_atomic, write_json, write_records
from pipeline.writers.shards import signatures_file, write_shard

STATE_DIR = ".medclean"
SHARDS = "shards"
UNMARKED = b'"duplicate_of":null'  # how `to_record`'s duplicate_of is serialised before pages are compared
PARKED = "parked"
PARK_DIGEST = 16  # bytes of the blake2b digest before each parked pickle
CHUNK_PAGES = 256  # pages per chunk: the unit of parallel work and of resuming
Progress = Callable[[str, int], Callable[[int], None]]  # (phase, total) -> advance(n)


@dataclass
class RunResult:
    records_path: Path
    pages: int
    files: int
    reused_files: int
    rejections: list[Rejection] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)
    changes: dict[str, int] = field(default_factory=dict)  # pages new, changed, unchanged, gone since the last run


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and data files: a changed pipeline re-runs every page even when
    its version number has not moved (as between commits of a checkout)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".txt", ".json"):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(config: Config, glossary: Glossary) -> str:
    blob = "\0".join((__version__, code_fingerprint(), glossary.fingerprint, config.fingerprint()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class State:
    """The output folder's state: the catalog, the shards of cleaned chunks, the chunks parked between reading
    and cleaning."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / STATE_DIR
        self.lock = RunLock(self.dir)
        self.catalog = Catalog(self.dir)
        self.shards = self.dir / SHARDS
        self.parked = self.dir / PARKED
        self.shards.mkdir(exist_ok=True)
        self.parked.mkdir(exist_ok=True)

    @staticmethod
    def chunk_name(path: str, entry: FileEntry, number: int) -> str:
        key = hashlib.sha256(f"{path}\0{entry.sha256}\0{entry.fingerprint}".encode("utf-8", "surrogateescape"))
        return f"{key.hexdigest()[:24]}-{number:05d}"

    def park(self, name: str, pages: list[Page], keys: list[set[str]]) -> None:
        """A chunk's pages and their line keys, pickled behind a digest of the pickle. Not synced to disk: a chunk
        a power loss damaged fails its digest and is read again from its input file (`unparked`)."""
        payload = pickle.dumps((pages, keys), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.parked / name, [hashlib.blake2b(payload, digest_size=PARK_DIGEST).digest(), payload],
                     durable=False)

    def unpark(self, name: str) -> tuple[list[Page], list[set[str]]] | None:
        """A parked chunk, or None when it is gone or damaged (its digest does not match: a pickle changed by a
        failing disk may still load, as other data, or fail with any error)."""
        try:
            stored = (self.parked / name).read_bytes()
        except OSError:
            return None
        digest, payload = stored[:PARK_DIGEST], stored[PARK_DIGEST:]
        if hashlib.blake2b(payload, digest_size=PARK_DIGEST).digest() != digest:
            return None
        return pickle.loads(payload)  # written by this program, and checked above

    def close(self) -> None:
        self.catalog.close()
        self.lock.release()


@dataclass
class Plan:
    sources: list[Source]
    hashes: dict[str, str]  # path -> sha256 of every readable input file
    to_read: list[Source]  # files the catalog does not hold as read by this pipeline
    rejections: list[Rejection]
    skipped: Counter[str] = field(default_factory=Counter)  # files of other formats in the folders, by extension


def make_plan(inputs: list[Path], catalog: Catalog, run_fingerprint: str) -> Plan:
    sources, rejections, skipped = discover_counting_skipped(inputs)
    plan = Plan(sources, {}, [], rejections, skipped)
    for source in sources:
        key = str(source.path)
        try:
            plan.hashes[key] = file_sha256(source.path)
        except OSError as error:
            rejections.append(Rejection(key, f"cannot read: {error.strerror or error}"))
            continue
        entry = catalog.file(key)
        if entry is None or entry.sha256 != plan.hashes[key] or entry.fingerprint != run_fingerprint:
            plan.to_read.append(source)
    return plan


def _chunked(read: FileRead) -> Iterator[tuple[list[Page], list[set[str]]]]:
    for start in range(0, len(read.pages), CHUNK_PAGES):
        yield read.pages[start:start + CHUNK_PAGES], read.line_keys[start:start + CHUNK_PAGES]


def _rejection_rows(rejections: list[Rejection]) -> list[dict[str, object]]:
    return [{"path": escape(item.path), "reason": item.reason, "line": item.line} for item in rejections]


def _rejections_of(rows: list[dict[str, object]]) -> list[Rejection]:
    """The rejections a catalog row list holds (`_rejection_rows` read back)."""
    return [Rejection(unescape(str(row["path"])), str(row["reason"]), row.get("line"))  # type: ignore[arg-type]
            for row in rows]


PART_MIN_BYTES = 1 << 20  # a large file is read by several workers in byte ranges of at least this much
TO_THE_END = 1 << 62  # the last part's end: whatever the file holds by the time it is read


def file_shares(source: Source, workers: int) -> list[Source | FilePart]:
    """The reading calls for one file: the whole file, or, for a large uncompressed file of a format read in
    parts (JSONL), one byte range per worker."""
    reader, gzipped = reader_of(source.path)
    if workers < 2 or reader is None or gzipped or not reader.reads_parts:
        return [source]
    try:
        size = source.path.stat().st_size
    except OSError:
        return [source]  # its read says why
    parts = min(workers, size // PART_MIN_BYTES)
    if parts < 2:
        return [source]
    bounds = [size * number // parts for number in range(parts)] + [TO_THE_END]
    return [FilePart(source, bounds[number], bounds[number + 1]) for number in range(parts)]


def merged(parts: list[FileRead]) -> FileRead:
    """The reads of a file's parts, in order, as one."""
    return FileRead([page for part in parts for page in part.pages],
                    [keys for part in parts for keys in part.line_keys],
                    [rejection for part in parts for rejection in part.rejections])


def learn(plan: Plan, executor: Executor, job: Job, state: State, totals: Counter, advance: Callable[[int], None],
          ) -> None:
    """Read the files to read, learn their lines, park their chunks and record them in the catalog. A large JSONL
    file is read by every worker, a byte range each; workers that may not see the input files (a cluster's) are
    sent each file's bytes, loaded here one window at a time."""
    if executor.sees_local_files:
        shares = [file_shares(source, executor.workers) for source in plan.to_read]
        calls: Iterable[Source | LoadedFile | FilePart] = [share for of_file in shares for share in of_file]
    else:
        shares = [[source] for source in plan.to_read]
        calls = (LoadedFile(source, load(source, job.config.ingest)) for source in plan.to_read)
    results = executor.map(read_file, job, calls)
    for number, (source, of_file) in enumerate(zip(plan.to_read, shares, strict=True), 1):
        outcomes = list(islice(results, len(of_file)))
        if number == len(plan.to_read):
            for _ in results:  # none is left: the reading pool closes (no thread of it lives on into a fork)
                pass
            executor.prepare(load_context, job)  # the cleaning workers load their context while this parks
        advance(1)
        key = str(source.path)
        failed = next((outcome for outcome in outcomes if isinstance(outcome, str)), None)
        if failed is not None:
            plan.rejections.append(Rejection(key, failed))
            totals["run.internal_errors"] += 1
            continue
        park_file(key, plan.hashes[key], merged(outcomes), job, state)  # type: ignore[arg-type]


def park_file(key: str, sha256: str, outcome: FileRead, job: Job, state: State) -> FileEntry:
    state.catalog.set_pages_lines((page.identity, keys) for page, keys in zip(outcome.pages, outcome.line_keys,
                                                                              strict=True))
    entry = FileEntry(sha256, job.fingerprint, len(outcome.pages), -(-len(outcome.pages) // CHUNK_PAGES),
                      _rejection_rows(outcome.rejections))
    for number, (pages, keys) in enumerate(_chunked(outcome)):
        state.park(state.chunk_name(key, entry, number), pages, keys)
    state.catalog.put_file(key, entry)  # its earlier shards, now held by no chunk, go at the end of the run
    state.catalog.commit()
    return entry


@dataclass
class Work:
    """A chunk to clean, found lazily: its pages are unparked only when the executor asks for them."""

    path: str
    number: int
    name: str
    pages: int


def chunks_to_clean(plan: Plan, repeated: RepeatedLines, job: Job, state: State, totals: Counter) -> list[Work]:
    """The chunks the catalog cannot reuse, in input order. A cleaned chunk stays valid while the repeated lines
    among its pages are the ones it was cleaned with."""
    work: list[Work] = []
    for source in plan.sources:
        key = str(source.path)
        entry = state.catalog.file(key)
        if entry is None or key not in plan.hashes:
            continue
        done = state.catalog.chunks(key)
        stale = [number for number, chunk in done.items()
                 if repeated.among(state.catalog.lines_of_pages(chunk.ids)).signature() != chunk.repeated]
        missing = [number for number in range(entry.chunks) if number not in done or number in stale]
        if not missing:
            continue
        if any(not (state.parked / state.chunk_name(key, entry, number)).is_file() for number in missing):
            outcome = read_file(job, source)  # parked chunks are gone (an earlier run finished or was cleaned up)
            if isinstance(outcome, str):
                plan.rejections.append(Rejection(key, outcome))
                totals["run.internal_errors"] += 1
                continue
            entry = park_file(key, plan.hashes[key], outcome, job, state)
            missing = list(range(entry.chunks))
        work.extend(Work(key, number, state.chunk_name(key, entry, number),
                         min(CHUNK_PAGES, entry.pages - number * CHUNK_PAGES)) for number in missing)
    return work


def execute(work: list[Work], executor: Executor, job: Job, state: State, repeated: RepeatedLines,
            plan: Plan, totals: Counter, advance: Callable[[int], None]) -> None:
    """Clean the chunks; write each one's shard and commit it to the catalog as soon as it is done."""

    unreadable: dict[str, str] = {}  # chunk name -> why its pages could not be had: it is not cleaned this time
    shards: dict[str, str] = {}  # chunk name -> the shard its cleaning writes
    read_again: dict[str, FileRead | str] = {}

    def tasks() -> Iterator[ChunkTask]:
        for item in work:
            parked = unparked(item, plan, job, state, read_again)
            if isinstance(parked, str):
                unreadable[item.name] = parked
                yield ChunkTask(item.path, item.number, [])  # and no shard: one cleaned before must stay as it is
                continue
            pages, keys = parked
            among = repeated.among(set().union(*keys))
            holding = frozenset(index for index, page_keys in enumerate(keys) if not among.keys.isdisjoint(page_keys))
            shards[item.name] = shard_name(item, among)
            yield ChunkTask(item.path, item.number, pages, among, holding,
                            state.shards / shards[item.name] if executor.sees_local_files else None)

    for item, outcome in zip(work, executor.map(clean_chunk, job, tasks()), strict=True):
        shard = shards.pop(item.name, "")  # none for a chunk whose pages could not be had
        if item.name in unreadable:
            plan.rejections.append(Rejection(item.path, f"chunk {item.number}: {unreadable[item.name]}"))
            continue
        if isinstance(outcome, str):
            plan.rejections.append(Rejection(item.path, outcome))
            totals["run.internal_errors"] += 1
            continue
        store_chunk(item, shard, outcome, state, repeated)
        advance(len(outcome.ids))


def unparked(item: Work, plan: Plan, job: Job, state: State, read_again: dict[str, FileRead | str],
             ) -> tuple[list[Page], list[set[str]]] | str:
    """A chunk's pages and their line keys, from its parked file; when that cannot be read back (damaged on
    disk), from its input file read again, or the message saying why the chunk cannot be cleaned this time.
    `read_again` keeps the last file read again (a power loss damages every parked chunk of a file: it is
    read once for all of them, which come one after another)."""
    if item.path not in read_again:
        read_again.clear()  # a file's chunks come one after another: the one read again before is done with
    parked = state.unpark(item.name)
    if parked is not None:
        return parked
    if item.path not in read_again:
        read_again[item.path] = _read_again(item.path, plan, job, state)
    outcome = read_again[item.path]
    if isinstance(outcome, str):
        return outcome
    start = item.number * CHUNK_PAGES
    return outcome.pages[start:start + CHUNK_PAGES], outcome.line_keys[start:start + CHUNK_PAGES]


def _read_again(path: str, plan: Plan, job: Job, state: State) -> FileRead | str:
    source = next(source for source in plan.sources if str(source.path) == path)
    entry = state.catalog.file(path)  # the file as the chunk was cut from it
    try:
        changed = entry is None or file_sha256(source.path) != entry.sha256
    except OSError:
        changed = True
    if changed:
        return "its parked pages could not be read back and the file changed since it was read; it is read again" \
               " on the next run"
    outcome = read_file(job, source)
    if isinstance(outcome, str):
        return f"its parked pages could not be read back, nor its file: {outcome}"
    return outcome


def shard_name(item: Work, repeated: RepeatedLines) -> str:
    """A chunk's shard, named for what its records follow from: the chunk (its file's path and bytes, the
    pipeline) and the repeated lines among its pages. Cleaning a chunk again under other repeated lines
    writes another shard, so the one the catalog points to stays whole until the new one is committed."""
    lines = hashlib.sha256("\n".join(repeated.signature()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"{item.name}-{lines[:16]}.jsonl"


def store_chunk(item: Work, shard: str, outcome: ChunkResult, state: State, repeated: RepeatedLines) -> None:
    if not outcome.written:
        write_shard(state.shards / shard, outcome.records, outcome.signatures)
    signature = repeated.among(state.catalog.lines_of_pages(outcome.ids)).signature()
    state.catalog.put_chunk(item.path, ChunkEntry(item.number, shard, outcome.ids, outcome.dropped, outcome.stats,
                                                  signature, _rejection_rows(outcome.rejections),
                                                  outcome.counterparts))
    state.catalog.commit()
    (state.parked / item.name).unlink(missing_ok=True)


@dataclass
class Output:
    records: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def live_chunks(plan: Plan, state: State, totals: Counter, output: Output) -> Iterator[ChunkEntry]:
    """The chunks of the live files in input order; each file's and chunk's rejections reported on the way."""
    for source in plan.sources:
        key = str(source.path)
        entry = state.catalog.file(key)
        if entry is None or key not in plan.hashes:
            continue
        output.rejections.extend(_rejections_of(entry.rejections))
        totals["ingest.rejected"] += len(entry.rejections)
        chunks = state.catalog.chunks(key)
        for number in range(entry.chunks):
            chunk = chunks.get(number)
            if chunk is None:
                continue  # could not be cleaned this time: its error is among the rejections
            output.rejections.extend(_rejections_of(chunk.rejections))  # reported on every run, like a file's
            totals["clean.rejected"] += len(chunk.rejections)
            totals.update(chunk.stats)
            yield chunk


@dataclass
class LivePages:
    """The live pages (the first of an id) in input order: where each record is, its MinHash signature and its
    counterpart key."""

    ids: list[str] = field(default_factory=list)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (shard, line number)
    signatures: dict[str, bytes] = field(default_factory=dict)
    keys: dict[str, str | None] = field(default_factory=dict)


def live_pages(plan: Plan, state: State) -> LivePages:
    live = LivePages()
    for chunk in live_chunks(plan, state, Counter(), Output()):
        path = state.shards / signatures_file(chunk.shard)
        raw = path.read_bytes() if path.is_file() else b""
        keys = chunk.counterparts or [None] * len(chunk.ids)
        for number, (record_id, key) in enumerate(zip(chunk.ids, keys, strict=True)):
            if record_id not in live.where:
                live.ids.append(record_id)
                live.where[record_id] = (chunk.shard, number)
                own = raw[number * SIGNATURE_BYTES:(number + 1) * SIGNATURE_BYTES]
                live.signatures[record_id] = own or NO_SIGNATURE
                live.keys[record_id] = key
    return live


def first_copies(live: LivePages, state: State, config: Config) -> dict[str, str]:
    """Page id -> the id of the earlier page it repeats, for the near-duplicates among the live pages; earlier
    means first seen earlier, over every run (the catalog keeps that order)."""
    order = state.catalog.first_seen(live.ids)
    index = DuplicateIndex(config.duplicates.threshold)
    found = {}
    for record_id in sorted(live.ids, key=order.__getitem__):
        first = index.first_copy(record_id, live.signatures[record_id])
        if first is not None:
            found[record_id] = first
    return found


def _records_at(state: State, places: set[tuple[str, int]]) -> dict[tuple[str, int], dict[str, object]]:
    records = {}
    for shard in sorted({shard for shard, _ in places}):
        with open(state.shards / shard, encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if (shard, number) in places:
                    records[shard, number] = json.loads(line)
    return records


def counterpart_pairs(live: LivePages, state: State, job: Job) -> dict[str, list[dict[str, object]]]:
    """English page id -> its sentence pairs with the Chinese page that translates it (`pipeline/counterparts.py`
    finds the two by their URLs, `pipeline/pairing.py` aligns them), each pair naming that page (`zh_page`)."""
    found = counterparts((record_id, live.keys[record_id]) for record_id in live.ids)
    if not found:
        return {}
    records = _records_at(state, {live.where[page] for pair in found for page in pair})
    lexicon = job.context.lexicon
    pairs = {}
    for english_id, chinese_id in found:
        english, chinese = records[live.where[english_id]], records[live.where[chinese_id]]
        terms = {lang: [(hit["start"], hit["end"], hit["concept"]) for hit in record["terms"] or []
                        if hit["stream"] == lang] for lang, record in (("en", english), ("zh", chinese))}
        aligned = pairs_across(english["en"]["text"], chinese["zh"]["text"], terms, lexicon)
        if aligned:
            pairs[english_id] = [dict(pair, zh_page=chinese_id) for pair in aligned]
    return pairs


def decide(plan: Plan, state: State, totals: Counter, written: Counter, output: Output, duplicates: dict[str, str],
           cross_pairs: dict[str, list[dict[str, object]]], drop_duplicates: bool,
           ) -> Iterator[tuple[bytes, str | None]]:
    """Every record line of the live pages in input order (the first of an id wins), encoded with its line
    break, with its drop reason; a near-duplicate's line says which page it repeats, an English page's line
    holds its pairs with its Chinese counterpart. A shard none of whose lines changes, none repeated and none
    dropped, comes as one block of all its lines. The chunks' counts go to `totals`, what is counted here to
    `written`."""
    seen_ids: set[str] = set()
    for chunk in live_chunks(plan, state, totals, output):
        shard = (state.shards / chunk.shard).read_bytes()
        if shard.count(b"\n") == len(chunk.ids) and not any(chunk.dropped) and not any(
                record_id in seen_ids or record_id in cross_pairs or record_id in duplicates
                for record_id in chunk.ids) and len(set(chunk.ids)) == len(chunk.ids):
            seen_ids.update(chunk.ids)
            yield shard, None
            continue
        for record_id, line, reason in zip(chunk.ids, shard.splitlines(keepends=True), chunk.dropped, strict=True):
            if record_id in seen_ids:
                written["records.duplicate_id_skipped"] += 1
                continue
            seen_ids.add(record_id)
            if record_id in cross_pairs:
                record = json.loads(line)
                record["pairs"] = (record["pairs"] or []) + cross_pairs[record_id]
                line = (serialise(record) + "\n").encode("utf-8")
                written["pairs.counterpart_pages"] += 1
                written["pairs.counterpart_pairs"] += len(cross_pairs[record_id])
            first = duplicates.get(record_id)
            if first is not None:
                written["duplicates.pages"] += 1
                # the key is written by `to_record`; inside text a quote is escaped, so this is the key
                marked = f'"duplicate_of":{json.dumps(first, ensure_ascii=False)}'.encode()
                line = line.replace(UNMARKED, marked, 1)
                reason = reason or (POLICY_DUPLICATE if drop_duplicates else None)
            yield line, reason


def output_key(plan: Plan, state: State, job: Job) -> str:
    """What the written files follow from: the pipeline's fingerprint (code, glossary, configuration) and every
    live chunk (its shard as it stands on disk, its ids and verdicts)."""
    digest = hashlib.sha256(job.fingerprint.encode())
    for chunk in live_chunks(plan, state, Counter(), Output()):  # a shard's name holds its file, bytes, pipeline
        shard = state.shards / chunk.shard
        stat = shard.stat() if shard.is_file() else None
        digest.update(json.dumps([chunk.shard, stat and stat.st_size, stat and stat.st_mtime_ns, chunk.ids,
                                  chunk.dropped]).encode("utf-8"))
    return digest.hexdigest()


def _as_written(paths: list[Path]) -> list[list[object]]:
    return [[path.name, path.stat().st_size, path.stat().st_mtime_ns] if path.is_file() else [path.name, None, None]
            for path in paths]


def write(plan: Plan, state: State, out_dir: Path, job: Job, totals: Counter) -> tuple[Path, Output]:
    """`records.jsonl` and, with a keep policy, `dropped.jsonl`, both streamed in one pass over the shards; or,
    when the live chunks and the pipeline are those the files were last written from and the files are as
    that run left them, nothing is rewritten (the counts are the ones kept then)."""
    config = job.config
    output = Output()
    key = output_key(plan, state, job)
    records_path = out_dir / f"records.jsonl{'.gz' if config.output.compress else ''}"
    files = [records_path] + ([out_dir / f"{DROPPED_FILE}.jsonl"] if config.policy.active else [])
    last = state.catalog.last_written()
    if last is not None and last["key"] == key and last["files"] == _as_written(files):
        for _ in live_chunks(plan, state, totals, output):
            pass  # the chunks' counts and rejections, as a full write reports them
        totals.update(last["totals"])
        output.records = int(last["records"])
        return records_path, output
    written: Counter = Counter()
    live = live_pages(plan, state)
    duplicates = first_copies(live, state, config)
    cross_pairs = counterpart_pairs(live, state, job)
    state.catalog.commit()
    with dropped_writer(out_dir, config.policy.active) as drop:

        def kept() -> Iterator[bytes]:
            for block, reason in decide(plan, state, totals, written, output, duplicates, cross_pairs,
                                        config.policy.drop_duplicates):
                if reason and drop is not None:
                    drop(reason, block.decode("utf-8").removesuffix("\n"))
                    written[f"dropped.{reason}"] += 1
                else:
                    output.records += block.count(b"\n")
                    yield block

        records_path = write_records(out_dir, kept(), config.output.compress)
    totals.update(written)
    state.catalog.put_written({"key": key, "files": _as_written(files), "records": output.records,
                               "totals": dict(written)})
    state.catalog.commit()
    return records_path, output


def run(inputs: list[Path], out_dir: Path, config: Config, glossary: Glossary,
        progress: Progress | None = None, workers: int = 1, executor: Executor | None = None) -> RunResult:
    """Clean `inputs` into `out_dir` (one run at a time: `OutputBusy` when another holds it). With `workers` > 1
    (or an executor given) reading and cleaning run in parallel; results are taken in input order, so the
    output is the same."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = State(out_dir)
    job = Job(config, glossary, fingerprint(config, glossary))
    executor = executor or make_executor(workers)
    progress = progress or quiet
    totals: Counter = Counter()
    try:
        before = _pages_known(state.catalog)
        plan = make_plan(inputs, state.catalog, job.fingerprint)
        learn(plan, executor, job, state, totals, progress("reading", len(plan.to_read)))
        min_pages = config.boilerplate.repeated_min_pages
        repeated = RepeatedLines.from_counts(state.catalog.lines_on_pages(min_pages) if min_pages > 0 else {},
                                             min_pages)
        work = chunks_to_clean(plan, repeated, job, state, totals)
        cleaned_files = {item.path for item in work}
        cleaning = progress("cleaning", sum(item.pages for item in work))
        execute(work, executor, job, state, repeated, plan, totals, cleaning)
        state.catalog.forget_all_but(set(plan.hashes))
        state.catalog.commit()
        _remove_orphans(state)  # the shards of files no longer among the inputs go with the others no chunk holds
        records_path, output = write(plan, state, out_dir, job, totals)
        rejections = plan.rejections + output.rejections
        after = _pages_known(state.catalog)
        changes = {"new": len(after.keys() - before.keys()), "gone": len(before.keys() - after.keys()),
                   "changed": sum(1 for page in after.keys() & before.keys() if after[page] != before[page]),
                   "rejected": len(rejections)}
        changes["unchanged"] = len(after) - changes["new"] - changes["changed"]
        reused = len(plan.hashes.keys() - cleaned_files - {str(source.path) for source in plan.to_read})
        totals["run.files"] = len(plan.sources)
        totals["run.files_reused"] = reused
        totals["run.chunks_cleaned"] = len(work)
        totals["run.records"] = output.records
        totals["run.rejections"] = len(rejections)
        totals["run.repeated_lines_known"] = len(repeated)
        for kind, count in plan.skipped.items():
            totals[f"skipped.{kind}"] = count
        write_json(out_dir / "stats.json", {
            "version": __version__, "fingerprint": job.fingerprint, "counts": dict(sorted(totals.items())),
            "changes": changes,
            "rejections": [{"path": escape(rejection.path), "line": rejection.line, "reason": rejection.reason}
                           for rejection in rejections],
        })
    finally:
        executor.close()
        state.close()
    return RunResult(records_path, output.records, len(plan.sources), reused, rejections, totals, changes)


def _pages_known(catalog: Catalog) -> dict[str, str]:
    """Every page the catalog holds records for, with the sha256 of the file it came from."""
    known: dict[str, str] = {}
    for path, sha in catalog.file_hashes():
        for chunk in catalog.chunks(path).values():
            for record_id in chunk.ids:
                known.setdefault(record_id, sha)
    return known


def _remove_orphans(state: State) -> None:
    """After a finished run: the shards no chunk holds (replaced, or of files no longer among the inputs) and
    every parked chunk (a chunk whose cleaning failed is read again next time)."""
    live = state.catalog.shards()
    live |= {signatures_file(shard) for shard in live}
    for path in state.shards.iterdir():
        if path.name not in live:
            path.unlink(missing_ok=True)
    for path in state.parked.iterdir():
        path.unlink(missing_ok=True)


__all__ = ["RunResult", "STATE_DIR", "run"]
