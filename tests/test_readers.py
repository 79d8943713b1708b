"""Readers: the registry, discovery, gzip, size limits and rejections, on inputs built in `tmp_path`."""

from __future__ import annotations

import gzip
import os
import random
import re
import time
from pathlib import Path

import pytest
from reader_samples import EN_HTML, EN_TEXT, only_page, run, settings, sha, write

from pipeline.model import Page
from pipeline.readers import READERS, SUFFIXES, Rejection, Source, discover, format_of, read
from pipeline.readers.base import CHUNK

README = Path(__file__).resolve().parents[1] / "README.md"
UNSUPPORTED = "unsupported format (expected .txt, .md, .html, .jsonl, .warc, optionally .gz)"


# --- registry ------------------------------------------------------------------------------------------------


def readme_suffixes() -> set[str]:
    """The file suffixes the README's ingest step names (`.txt`, `.html`/`.htm`, …)."""
    text = README.read_text(encoding="utf-8")
    step = re.search(r"^1\. \*\*ingest\*\*.*?(?=^2\. )", text, re.MULTILINE | re.DOTALL)
    assert step, "the README's ingest step"
    return set(re.findall(r"`(\.[a-z]+)`", step.group(0)))


def test_registry_covers_every_suffix_the_readme_lists() -> None:
    listed = readme_suffixes()
    assert {".txt", ".md", ".html", ".htm", ".jsonl", ".warc"} <= listed
    assert listed <= set(SUFFIXES)


def test_registry_is_built_from_the_readers_declarations() -> None:
    assert len({reader.format for reader in READERS}) == len(READERS)
    assert dict(SUFFIXES) == {suffix: reader for reader in READERS for suffix in reader.suffixes}
    assert sum(len(reader.suffixes) for reader in READERS) == len(SUFFIXES)  # no suffix claimed twice
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in SUFFIXES)
    with pytest.raises(TypeError):
        SUFFIXES[".pdf"] = READERS[0]  # read-only


@pytest.mark.parametrize(("name", "expected"), [("a.TXT", ("txt", False)), ("a.htm.gz", ("html", True)),
                                                ("a.warc.GZ", ("warc", True)), ("a.pdf", (None, False)),
                                                ("a.tar.gz", (None, True)), ("README", (None, False))])
def test_format_of(name: str, expected: tuple[str | None, bool]) -> None:
    assert format_of(Path(name)) == expected


def test_unknown_suffix_is_skipped_in_folders_and_rejected_when_named(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for name in ("page.txt", "scan.pdf", "page.docx", "data.csv.gz"):
        write(root / name, b"x")
    assert discover([root]) == ([Source(root / "page.txt", root)], [])
    assert discover([root / "scan.pdf"]) == ([], [Rejection(str(root / "scan.pdf"), UNSUPPORTED)])
    source = Source(root / "scan.pdf", root)
    assert list(read(source, settings())) == [Rejection(str(root / "scan.pdf"), UNSUPPORTED)]


# --- plain formats -------------------------------------------------------------------------------------------


def test_txt_named_directly_gives_every_page_field(tmp_path: Path) -> None:
    data = "Opioid withdrawal is unpleasant but rarely dangerous.\n阿片类药物戒断。\n".encode()
    path = write(tmp_path / "notes.txt", data)
    assert run(path) == [
        Page(path=str(path), identity="notes.txt", item=None, sha256=sha(data), format="txt", encoding="utf-8",
             url=None, text=data.decode("utf-8"), meta_hints={})
    ]


@pytest.mark.parametrize(("name", "fmt"), [("guide.md", "md"), ("guide.markdown", "md"), ("guide.text", "txt"),
                                           ("GUIDE.TXT", "txt")])
def test_text_formats_under_a_folder_use_the_relative_path_as_identity(tmp_path: Path, name: str, fmt: str) -> None:
    data = b"# Methadone\n\nTake it once a day.\n"
    path = write(tmp_path / "in" / "sub" / name, data)
    page = only_page(run(path, tmp_path / "in"))
    text = "Methadone\n\nTake it once a day.\n" if fmt == "md" else data.decode()  # Markdown loses its marks
    assert (page.identity, page.format, page.encoding, page.text, page.sha256, page.item, page.url) == (
        f"sub/{name}", fmt, "utf-8", text, sha(data), None, None)


# --- gzip ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt", "text"), [("notes.txt.gz", "txt", "Methadone.\n美沙酮。\n"),
                                                   ("page.html.gz", "html", EN_TEXT),
                                                   ("page.HTM.GZ", "html", EN_TEXT)])
def test_gzipped_files_are_decompressed(tmp_path: Path, name: str, fmt: str, text: str) -> None:
    plain = (EN_HTML if fmt == "html" else text).encode("utf-8")
    path = write(tmp_path / name, gzip.compress(plain))
    page = only_page(run(path))
    assert (page.identity, page.format, page.encoding, page.text, page.sha256) == (
        name, fmt, "utf-8", text, sha(plain))


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl.gz", gzip.compress(b'{"text": "a"}\n{"text": "b", "id": "b1"}\n'))
    assert [(p.identity, p.item, p.text) for p in run(path)] == [("pages.jsonl.gz#1", "1", "a"), ("b1", "2", "b")]


# --- size limits ---------------------------------------------------------------------------------------------


def test_file_over_byte_limit_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"a" * 101)
    assert run(path, max_file_bytes=100) == [Rejection(str(path), "larger than the 100-byte limit")]
    assert str(run(path, max_file_bytes=100)[0]) == f"{path}: larger than the 100-byte limit"


def test_file_at_byte_limit_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "exact.txt", b"a" * 100)
    assert only_page(run(path, max_file_bytes=100)).text == "a" * 100


def test_jsonl_over_byte_limit_is_one_rejection(tmp_path: Path) -> None:
    path = write(tmp_path / "big.jsonl", b'{"text": "a"}\n' * 10)
    assert run(path, max_file_bytes=100) == [Rejection(str(path), "larger than the 100-byte limit")]


@pytest.mark.parametrize(("size", "limit", "shown"), [(1_000_000, 100_000, "100,000"),
                                                      (2 * CHUNK, 1_500_000, "1,500,000")],
                         ids=["bomb-1MB-zeros", "two-chunks"])
def test_gzip_over_limit_once_decompressed_is_rejected(tmp_path: Path, size: int, limit: int, shown: str) -> None:
    path = write(tmp_path / "bomb.txt.gz", gzip.compress(b"\0" * size))
    items = run(path, max_file_bytes=limit, max_page_chars=10 * size)
    assert items == [Rejection(str(path), f"larger than the {shown}-byte limit once decompressed")]
    assert "decompressed" in items[0].reason


def test_gzip_over_limit_at_chunk_boundary_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt.gz", gzip.compress(b"a" * (CHUNK + 1)))
    assert run(path, max_file_bytes=CHUNK) == [
        Rejection(str(path), f"larger than the {CHUNK:,}-byte limit once decompressed")]


def test_gzip_under_limit_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "small.txt.gz", gzip.compress(b"b" * 99_999))
    assert only_page(run(path, max_file_bytes=100_000)).text == "b" * 99_999


def test_page_over_char_limit_is_rejected(tmp_path: Path) -> None:
    text = "阿" * 1_001  # 3,003 bytes, 1,001 characters
    path = write(tmp_path / "long.txt", text.encode())
    assert run(path, max_page_chars=1_000) == [
        Rejection(str(path), "page text longer than the 1,000-character limit")]
    assert only_page(run(path, max_page_chars=1_001)).text == text


def test_jsonl_page_over_char_limit_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl", b'{"text": "short"}\n{"text": "' + b"x" * 11 + b'"}\n')
    items = run(path, max_page_chars=10)
    assert [type(item) for item in items] == [Page, Rejection]
    assert items[1] == Rejection(str(path), "page text longer than the 10-character limit", line=2)
    assert str(items[1]) == f"{path}:2: page text longer than the 10-character limit"


def test_html_char_limit_applies_to_extracted_text(tmp_path: Path) -> None:
    path = write(tmp_path / "article.html", EN_HTML.encode())
    assert only_page(run(path, max_page_chars=len(EN_TEXT))).text == EN_TEXT
    assert run(path, max_page_chars=len(EN_TEXT) - 1) == [
        Rejection(str(path), f"page text longer than the {len(EN_TEXT) - 1}-character limit")]


# --- unreadable inputs ---------------------------------------------------------------------------------------


def test_corrupt_gzip_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt.gz", b"this is not gzip at all")
    assert run(path) == [Rejection(str(path), "cannot read: Not a gzipped file (b'th')")]
    assert str(run(path)[0]).startswith(f"{path}: cannot read")


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt.gz", gzip.compress(b"methadone " * 200)[:30])
    assert run(path) == [Rejection(
        str(path), "cannot read: Compressed file ended before the end-of-stream marker was reached")]


def test_missing_file_given_to_ingest_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert run(path) == [Rejection(str(path), "cannot read: No such file or directory")]


def bad_inputs(tmp_path: Path) -> list[Path]:
    rng = random.Random(20240301)
    noise = bytes(rng.getrandbits(8) for _ in range(3000))
    files = {
        "a.txt.gz": b"this is not gzip at all",
        "b.html.gz": b"\x1f\x8b\x08\x00garbage",
        "c.jsonl": b'{"text": "ok"}\n{oops\n[1]\n\xff\n{"text": 1}\n',
        "d.warc": b"<html><body>hi</body></html>",
        "e.warc.gz": gzip.compress(b"WARC/1.0\r\nContent-Length: 99999\r\n\r\nshort"),
        "f.warc": noise,
        "g.html": noise,
        "h.txt": noise,
        "i.html": b"<html><body><p>" + noise + b"</p></body></html>",
        "j.jsonl.gz": gzip.compress(noise),
        "k.warc.gz": noise,
        "l.html": b"\0" * 500,
    }
    return [write(tmp_path / name, data) for name, data in files.items()] + [tmp_path / "missing.html"]


def test_no_exception_escapes_ingest_for_bad_inputs(tmp_path: Path) -> None:
    for path in bad_inputs(tmp_path):
        items = run(path, max_file_bytes=100_000, max_page_chars=100_000)
        assert all(isinstance(item, Page | Rejection) for item in items), path
        assert all(item.path == str(path) for item in items), path


def test_every_unreadable_file_yields_a_rejection(tmp_path: Path) -> None:
    names = ["a.txt.gz", "b.html.gz", "d.warc", "k.warc.gz", "missing.html"]
    for path in (p for p in bad_inputs(tmp_path) if p.name in names):
        items = run(path)
        assert len(items) == 1 and isinstance(items[0], Rejection), (path, items)


# --- discover ------------------------------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    for rel in ["b.txt", "A.txt", "c.warc.gz", "a/z.md", "a/c.html", "a/x.txt.gz", "a/b/deep.jsonl", "Z/q.htm",
                ".hidden.txt", ".git/x.txt", "a/.secret/s.md", "a/notes.pdf", "a/README", "a/y.tar.gz",
                "a/data.json"]:
        write(root / rel, b"x")


def test_discover_walks_folders_recursively_in_sorted_order(tmp_path: Path) -> None:
    root = tmp_path / "root"
    make_tree(root)
    sources, rejections = discover([root])
    assert rejections == []
    assert [s.relative for s in sources] == [
        "A.txt", "b.txt", "c.warc.gz", "Z/q.htm", "a/c.html", "a/x.txt.gz", "a/z.md", "a/b/deep.jsonl"]
    assert all(s.root == root and s.path == root / s.relative for s in sources)


def test_discover_named_files_and_rejections(tmp_path: Path) -> None:
    root = tmp_path / "root"
    make_tree(root)
    given = [root / "a" / "notes.pdf", root / ".hidden.txt", tmp_path / "nowhere", root / "a" / "z.md",
             tmp_path / "nowhere.txt", root / "a" / "README"]
    sources, rejections = discover(given)
    hidden, markdown = root / ".hidden.txt", root / "a" / "z.md"
    assert sources == [Source(hidden, hidden), Source(markdown, markdown)]  # hidden is skipped only inside folders
    assert sources[1].relative == "z.md"
    assert rejections == [
        Rejection(str(root / "a" / "notes.pdf"), UNSUPPORTED),
        Rejection(str(tmp_path / "nowhere"), "no such file or folder"),
        Rejection(str(tmp_path / "nowhere.txt"), "no such file or folder"),
        Rejection(str(root / "a" / "README"), UNSUPPORTED),
    ]
    assert str(rejections[1]) == f"{tmp_path / 'nowhere'}: no such file or folder"


def test_discover_symlink_loop_is_walked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "root"
    write(root / "top.txt", b"x")
    write(root / "a" / "inner.txt", b"x")
    os.symlink("..", root / "a" / "loop")
    real_walk = os.walk
    walked: list[str] = []

    def spy(*args: object, **kwargs: object):
        for entry in real_walk(*args, **kwargs):
            walked.append(entry[0])
            yield entry

    monkeypatch.setattr(os, "walk", spy)
    started = time.monotonic()
    sources, rejections = discover([root])
    assert time.monotonic() - started < 5
    assert (sources, rejections) == ([Source(root / "top.txt", root), Source(root / "a" / "inner.txt", root)], [])
    assert walked == [str(root), str(root / "a"), str(root / "a" / "loop")]  # the loop is entered once, then pruned


def test_discover_through_the_loop_itself(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "a" / "inner.txt", b"x")
    os.symlink("..", root / "a" / "loop")
    sources, _ = discover([root / "a" / "loop"])
    assert [s.relative for s in sources] == ["a/inner.txt"]


def test_discover_never_returns_the_same_real_file_twice(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "b.txt", b"x")
    write(root / "sub" / "c.md", b"x")
    os.symlink(root / "b.txt", root / "sub" / "alias.txt")
    os.symlink(root / "sub", root / "mirror")
    os.symlink(root / "missing.txt", root / "broken.txt")
    sources, rejections = discover([root / "b.txt", root, root / "sub" / "alias.txt", root, root / "sub"])
    assert rejections == []
    assert sources == [Source(root / "b.txt", root / "b.txt"), Source(root / "mirror" / "c.md", root)]
    assert len({os.path.realpath(s.path) for s in sources}) == len(sources)


def test_discovered_sources_ingest_with_relative_identity(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "x" / "page.txt", b"Methadone.")
    sources, _ = discover([root])
    assert [only_page(list(read(s, settings()))).identity for s in sources] == ["x/page.txt"]
