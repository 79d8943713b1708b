"""The WARC reader: successful HTML and text records, declared charsets, truncated and foreign files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reader_samples import ZH_SIMPLIFIED, run, sha, write, zh_html, zh_html_text
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


def test_truncated_warc_record_is_rejected(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    response(writer, "http://example.org/n.txt", "200 OK", "text/plain; charset=utf-8",
             b"Naloxone rapidly reverses an opioid overdose. " * 10)
    path = write(tmp_path / "cut.warc", buffer.getvalue()[:-200])
    items = run(path)
    assert len(items) == 1 and isinstance(items[0], Rejection), items
    assert items[0].reason.startswith("not a readable WARC file")


def test_truncated_gzipped_warc_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.warc.gz", build_warc(True)[:700])
    assert run(path) == [Rejection(
        str(path), "cannot read: Compressed file ended before the end-of-stream marker was reached")]
