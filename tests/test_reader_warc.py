"""The WARC reader: successful HTML and text records, declared charsets, truncated and foreign files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reader_samples import ZH_SIMPLIFIED, only_page, run, sha, write, zh_html, zh_html_text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.model import Page
from pipeline.readers import Rejection

ZH_WARC_HTML = zh_html(ZH_SIMPLIFIED, "gb2312").replace('<meta charset="gb2312">', "")  # charset only in HTTP
HTML_ID = "<urn:uuid:00000000-0000-0000-0000-000000000001>"
TEXT_ID = "<urn:uuid:00000000-0000-0000-0000-000000000002>"
MOJIBAKE_ID = "<urn:uuid:00000000-0000-0000-0000-000000000003>"
MOJIBAKE_BYTES = "医生".encode()  # valid UTF-8, and also valid GBK for "鍖荤敓"


def response(writer: WARCWriter, uri: str, status: str, content_type: str, payload: bytes,
             record_id: str | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    extra = {"WARC-Record-ID": record_id} if record_id else None
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                  http_headers=headers, warc_headers_dict=extra))


def build_warc(compressed: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    response(writer, "http://example.cn/mmt", "200 OK", "text/html; charset=gb2312", ZH_WARC_HTML.encode("gbk"),
             HTML_ID)
    response(writer, "http://example.cn/missing", "404 Not Found", "text/html; charset=utf-8",
             b"<html><body><p>This page could not be found on the server.</p></body></html>")
    response(writer, "http://example.cn/moved", "301 Moved Permanently", "text/html", b"<p>moved</p>")
    response(writer, "http://example.cn/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    writer.write_record(writer.create_warc_record(
        "http://example.cn/notes.txt", "resource", payload=io.BytesIO(b"Take naloxone."),
        warc_content_type="text/plain; charset=utf-8", warc_headers_dict={"WARC-Record-ID": TEXT_ID}))
    response(writer, "http://example.cn/gbk.txt", "200 OK", "text/plain; charset=GBK", MOJIBAKE_BYTES, MOJIBAKE_ID)
    return buffer.getvalue()


@pytest.mark.parametrize(("compressed", "name"), [(True, "crawl.warc.gz"), (False, "crawl.warc"),
                                                  (True, "crawl.warc")],
                         ids=["warc.gz", "warc", "gzipped-content-named-warc"])
def test_warc_pages(tmp_path: Path, compressed: bool, name: str) -> None:
    path = write(tmp_path / name, build_warc(compressed))
    common = {"path": str(path), "meta_hints": {}}
    html_page, text_page, mojibake_page = run(path)
    assert html_page == Page(
        identity="http://example.cn/mmt", item=HTML_ID, sha256=sha(ZH_WARC_HTML.encode("gbk")), format="warc",
        encoding="gb18030", url="http://example.cn/mmt", text=zh_html_text(ZH_SIMPLIFIED), path=str(path),
        meta_hints={"title": "美沙酮维持治疗", "site": "example.cn", "extractor": "justext-zh"},
        declared_encoding="gb18030")
    assert text_page == Page(identity="http://example.cn/notes.txt", item=TEXT_ID, sha256=sha(b"Take naloxone."),
                             format="warc", encoding="utf-8", url="http://example.cn/notes.txt",
                             text="Take naloxone.", declared_encoding="utf-8", **common)
    # Multi-byte UTF-8 wins over the HTTP charset (GBK would read the bytes as "鍖荤敓"); both are recorded.
    assert mojibake_page == Page(identity="http://example.cn/gbk.txt", item=MOJIBAKE_ID, sha256=sha(MOJIBAKE_BYTES),
                                 format="warc", encoding="utf-8", url="http://example.cn/gbk.txt", text="医生",
                                 declared_encoding="gb18030", **common)


def test_warc_page_over_char_limit_is_rejected_and_others_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.warc", build_warc(False))
    items = run(path, max_page_chars=20)
    limit = Rejection(str(path), "page text longer than the 20-character limit")
    assert [item if isinstance(item, Rejection) else item.text for item in items] == [limit, "Take naloxone.", "医生"]


def test_file_that_is_not_a_warc_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "page.warc", b"<html><body>hi</body></html>")
    assert run(path) == [Rejection(
        str(path), "not a readable WARC file: Unknown archive format, first line: ['<html><body>hi</body></html>']")]


NALOXONE = "Naloxone page {} reverses an opioid overdose within minutes of the dose."


def records(count: int, compressed: bool) -> tuple[bytes, list[int]]:
    """A WARC of `count` HTML response records, and the offset where each record ends (its block, then the
    blank lines that close it)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    ends = []
    for number in range(1, count + 1):
        page = f"<html><body><article><p>{NALOXONE.format(number)}</p></article></body></html>".encode()
        response(writer, f"http://example.org/{number}", "200 OK", "text/html; charset=utf-8", page)
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


def texts(items: list[Page | Rejection]) -> list[str]:
    return [item.text for item in items if isinstance(item, Page)]


def test_truncated_gzipped_warc_keeps_its_complete_records_and_reports_the_damage_once(tmp_path: Path) -> None:
    data, ends = records(5, compressed=True)
    path = write(tmp_path / "cut.warc.gz", data[:ends[3] + (ends[4] - ends[3]) // 2])  # inside the fifth record
    items = run(path)
    assert texts(items) == [NALOXONE.format(number) for number in (1, 2, 3, 4)]
    assert items[4:] == [Rejection(str(path), "truncated WARC after 4 records: compressed file ended before the "
                                              "end-of-stream marker was reached")]


def test_plain_warc_cut_inside_a_record_keeps_the_records_before_it(tmp_path: Path) -> None:
    data, ends = records(5, compressed=False)
    path = write(tmp_path / "cut.warc", data[:ends[4] - 40])
    items = run(path)
    header_end = data.index(b"\r\n\r\n", ends[3]) + 4
    block = int(data[ends[3]:header_end].split(b"Content-Length: ")[1].split(b"\r\n")[0])
    assert texts(items) == [NALOXONE.format(number) for number in (1, 2, 3, 4)]
    assert items[4:] == [Rejection(str(path), f"truncated WARC after 4 records: record 5 ends after "
                                              f"{block - 36} of its {block} bytes")]  # 40 cut: 4 were blank lines


def test_gzipped_warc_under_a_plain_name_cut_short_keeps_its_complete_records(tmp_path: Path) -> None:
    data, ends = records(3, compressed=True)
    path = write(tmp_path / "cut.warc", data[:ends[1] + 1])  # one byte into the third record's gzip member
    items = run(path)
    assert texts(items) == [NALOXONE.format(1), NALOXONE.format(2)]
    assert items[2:] == [Rejection(str(path), "truncated WARC after 2 records: compressed file ended before the "
                                              "end-of-stream marker was reached")]


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_a_warc_cut_anywhere_keeps_every_complete_record_says_so_once_and_prints_nothing(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], compressed: bool) -> None:
    data, ends = records(3, compressed)
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    slack = 0 if compressed else 4  # a plain record is whole without the blank lines that close it
    for cut in range(0, len(data) + 1, 5):
        items = run(write(path, data[:cut]))
        kept = texts(items)
        assert kept == [NALOXONE.format(number) for number in range(1, len(kept) + 1)], cut
        complete = sum(end - slack <= cut for end in ends)
        # a gzip member's data can be whole before its 8-byte trailer is: one record more at most
        assert complete <= len(kept) <= complete + compressed, cut
        rejections = [item for item in items if isinstance(item, Rejection)]
        if cut == 0 or any(end - slack <= cut <= end for end in ends):
            assert rejections == [], (cut, rejections)
        else:
            assert len(rejections) == 1 and items[-1] == rejections[0], (cut, items)
            assert rejections[0].reason.startswith(f"truncated WARC after {len(kept)} record"), (cut, rejections)
    assert capfd.readouterr() == ("", "")


def test_a_record_whose_content_length_overruns_the_next_keeps_what_came_before_and_warns_nothing(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    data, ends = records(4, compressed=False)
    damaged = data[:ends[1] - 30] + data[ends[1]:]  # the second record lost its end; the third follows it
    items = run(write(tmp_path / "resumed.warc", damaged))
    assert capfd.readouterr() == ("", "")  # warcio's three-line warning ("Record not followed by newline") is gone
    assert items == [items[0], Rejection(str(tmp_path / "resumed.warc"), "not a readable WARC file after 1 record: "
                                         "record 2 is not followed by a blank line (its Content-Length is wrong)")]
    assert texts(items) == [NALOXONE.format(1)]


def test_a_target_uri_with_spaces_is_escaped_as_warcio_escapes_it_without_a_word_on_stderr(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    response(writer, "http://example.org/first aid.txt", "200 OK", "text/plain; charset=utf-8", b"Call for help.")
    page = only_page(run(write(tmp_path / "spaces.warc", buffer.getvalue())))
    assert (page.identity, page.url, page.text) == ("http://example.org/first%20aid.txt",
                                                    "http://example.org/first%20aid.txt", "Call for help.")
    # warcio logs "Replacing spaces in invalid WARC-Target-URI", which Python prints on stderr when the
    # application configures no logging (pytest's own handler catches it here)
    assert [record.getMessage() for record in caplog.records if record.name.startswith("warcio")] == []
    assert capfd.readouterr() == ("", "")


def test_a_response_record_without_a_target_uri_is_a_rejection_not_an_internal_error(tmp_path: Path) -> None:
    path = write(tmp_path / "no-uri.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
    assert run(path) == [Rejection(str(path), "not a readable WARC file: a record warcio cannot parse "
                                              "('NoneType' object has no attribute 'startswith')")]
