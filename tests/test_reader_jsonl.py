"""The JSONL reader: one page per line, identities, dates, and a rejection per bad line."""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from pathlib import Path

import pytest
from reader_samples import run, sha, write

from pipeline.model import Page
from pipeline.readers import Rejection


def test_jsonl_items_identity_and_date(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First page.", "url": "https://example.org/1", "date": "2024-03-01"}),
        json.dumps({"text": "第二页。", "id": 42, "url": "https://example.org/2"}, ensure_ascii=False),
        json.dumps({"text": "Third page.", "date": 20240301}),
    ]
    raw = [line.encode("utf-8") for line in lines]
    path = write(tmp_path / "in" / "pages.jsonl", b"\n".join(raw) + b"\n")
    common = {"path": str(path), "format": "jsonl", "encoding": "utf-8"}
    assert run(path, tmp_path / "in") == [
        Page(identity="https://example.org/1", item="1", sha256=sha(raw[0]), url="https://example.org/1",
             text="First page.", meta_hints={"date": "2024-03-01"}, **common),
        Page(identity="42", item="2", sha256=sha(raw[1]), url="https://example.org/2", text="第二页。",
             meta_hints={}, **common),
        Page(identity="pages.jsonl#3", item="3", sha256=sha(raw[2]), url=None, text="Third page.",
             meta_hints={}, **common),
    ]


def test_jsonl_blank_lines_keep_line_numbers_and_bom_crlf_are_accepted(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b'{"text": "one"}\r\n\n   \n{"text": "four"}\r\n'
    pages = run(write(tmp_path / "p.jsonl", data))
    assert [(p.item, p.identity, p.text) for p in pages] == [("1", "p.jsonl#1", "one"), ("4", "p.jsonl#4", "four")]


def test_jsonl_bad_line_between_good_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl", b'{"text": "good one"}\n{not json\n{"text": "good two"}\n')
    items = run(path)
    assert [type(item) for item in items] == [Page, Rejection, Page]
    assert [items[0].text, items[2].text] == ["good one", "good two"]
    assert [items[0].item, items[2].item] == ["1", "3"]
    rejection = items[1]
    assert rejection == Rejection(
        str(path), "not a JSON object: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        line=2)
    assert str(rejection).startswith(f"{path}:2: ")


@pytest.mark.parametrize("line", ['{"url": "https://example.org/x"}', '{"text": 5}', '{"text": null}', '["text"]',
                                  '"just text"', "null"])
def test_jsonl_line_without_string_text_is_rejected(tmp_path: Path, line: str) -> None:
    path = write(tmp_path / "pages.jsonl", f'{{"text": "ok"}}\n{line}\n'.encode())
    items = run(path)
    assert [type(item) for item in items] == [Page, Rejection]
    assert items[1] == Rejection(str(path), 'expected an object with a string "text"', line=2)
    assert str(items[1]) == f'{path}:2: expected an object with a string "text"'


def test_jsonl_line_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl", b'{"text": "\xff\xfe"}\n')
    assert run(path) == [Rejection(
        str(path), "not a JSON object: 'utf-8' codec can't decode byte 0xff in position 10: invalid start byte",
        line=1)]


def test_lone_surrogates_escaped_in_json_become_replacement_characters(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Methadone \\ud800 reduces cravings.", "id": "a\\udc00", "url": "http://x.org/\\udfff"}\n',
                    encoding="utf-8")
    [page] = run(path)
    assert (page.text, page.url, page.identity) == ("Methadone \ufffd reduces cravings.", "http://x.org/\ufffd",
                                                    "a\udc00")


def _lines(count: int) -> list[bytes]:
    return [json.dumps({"text": f"Page {number} on naloxone."}).encode() + b"\n" for number in range(1, count + 1)]


def _decompressed_prefix(data: bytes) -> bytes:
    return zlib.decompressobj(wbits=31).decompress(data)


def test_gzipped_jsonl_cut_mid_line_keeps_its_complete_lines_and_reports_the_damage_once(tmp_path: Path) -> None:
    lines = _lines(5)
    whole = gzip.compress(b"".join(lines))
    four_and_a_bit = len(b"".join(lines[:4])) + 10
    cut = next(size for size in range(len(whole)) if len(_decompressed_prefix(whole[:size])) > four_and_a_bit)
    assert len(_decompressed_prefix(whole[:cut])) < len(b"".join(lines))  # the cut falls inside the fifth line
    path = write(tmp_path / "pages.jsonl.gz", whole[:cut])
    items = run(path)
    assert [item.text for item in items if isinstance(item, Page)] == [f"Page {n} on naloxone." for n in range(1, 5)]
    assert [item.item for item in items if isinstance(item, Page)] == ["1", "2", "3", "4"]
    assert items[4:] == [Rejection(str(path), "truncated JSONL after 4 lines: compressed file ended before the "
                                              "end-of-stream marker was reached")]
    assert str(items[4]).startswith(f"{path}: truncated JSONL after 4 lines: ")


def test_a_jsonl_of_gzip_members_cut_inside_the_next_members_magic_keeps_every_member(tmp_path: Path) -> None:
    lines = _lines(3)
    data = b"".join(gzip.compress(line) for line in lines) + b"\x1f"  # one byte of a fourth member
    path = write(tmp_path / "pages.jsonl.gz", data)
    items = run(path)
    assert [item.text for item in items if isinstance(item, Page)] == [f"Page {n} on naloxone." for n in (1, 2, 3)]
    assert items[3:] == [Rejection(str(path), "truncated JSONL after 3 lines: compressed file ended before the "
                                              "end-of-stream marker was reached")]


def test_a_gzipped_jsonl_with_zero_padding_after_its_members_is_whole(tmp_path: Path) -> None:
    data = b"".join(gzip.compress(line) for line in _lines(2)) + b"\0" * 1000
    items = run(write(tmp_path / "pages.jsonl.gz", data))
    assert [item.text for item in items if isinstance(item, Page)] == ["Page 1 on naloxone.", "Page 2 on naloxone."]
    assert len(items) == 2


def _read_part(tmp_path, data: bytes, part: tuple[int, int]) -> list[Page | Rejection]:
    from pipeline.config import IngestSettings
    from pipeline.readers import Source, jsonl
    from pipeline.readers.base import Contents

    path = tmp_path / "big.jsonl"
    path.write_bytes(data)
    return list(jsonl.read(Source(path=path, root=tmp_path), Contents(data, part=part), IngestSettings()))


def test_parts_of_a_file_read_each_line_once_numbered_as_in_the_whole_file(tmp_path):
    lines = [b'{"text": "one"}', b'{"text": "two"}', b"", b'{"text": 3}', b'{"text": "five"}']
    data = b"\n".join(lines) + b"\n"
    third = len(lines[0]) + 1  # the second part starts exactly where the second line starts
    cuts = [(0, third), (third, third + len(lines[1]) + 2), (third + len(lines[1]) + 2, 1 << 62)]
    read = [[(item.item, item.text) if isinstance(item, Page) else (item.line, item.reason)
             for item in _read_part(tmp_path, data, cut)] for cut in cuts]
    assert read == [[("1", "one")], [("2", "two")], [(4, 'expected an object with a string "text"'), ("5", "five")]]


def test_a_binary_file_is_rejected_once_by_the_part_at_its_start(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"\n" + b"x" * 64
    assert [item.reason for item in _read_part(tmp_path, data, (0, 40))] == ["binary content (PNG image)"]
    assert _read_part(tmp_path, data, (40, 1 << 62)) == []
