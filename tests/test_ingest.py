"""Ingest and discovery: every format, encoding and rejection, on inputs built in `tmp_path`."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import random
import sys
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.html import extract_main
from pipeline.model import Page
from pipeline.stages.ingest import CHUNK, Rejection, Source, discover, ingest

# Simplified Chinese, GB2312 range only.
ZH_SIMPLIFIED = (
    "美沙酮维持治疗是一种针对阿片类药物依赖的长期治疗方法。患者每天在诊所服用一次口服美沙酮，"
    "可以减轻戒断症状和对药物的渴求。研究表明，这种治疗能够降低复吸率，并减少艾滋病和丙型肝炎的传播风险。"
)
# Traditional Chinese, plain Big5 range only.
ZH_TRADITIONAL = (
    "美沙酮維持治療是一種針對鴉片類藥物依賴的長期治療方法。患者每天在診所服用一次口服美沙酮，"
    "可以減輕戒斷症狀和對藥物的渴求。研究顯示，這種治療能夠降低復吸率，並減少愛滋病和丙型肝炎的傳播風險。"
)
EN_TITLE = "Naloxone saves lives"
EN_PARAGRAPHS = (
    "Naloxone is a medicine that rapidly reverses an opioid overdose. It attaches to opioid receptors "
    "and reverses and blocks the effects of other opioids.",
    "Naloxone can be given as a nasal spray or injected into the muscle, under the skin, or into the veins.",
)
EN_HTML = (
    f"<html><head><title>{EN_TITLE}</title></head><body>"
    '<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>'
    f"<article><h1>{EN_TITLE}</h1><p>{EN_PARAGRAPHS[0]}</p><p>{EN_PARAGRAPHS[1]}</p></article>"
    "</body></html>"
)
EN_TEXT = "\n".join((EN_TITLE, *EN_PARAGRAPHS))
NATIVE_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"
UNSUPPORTED = "unsupported format (expected .txt, .md, .html, .jsonl, .warc, optionally .gz)"


def settings(max_file_bytes: int = 10_000_000, max_page_chars: int = 1_000_000) -> dict[str, object]:
    return {"max_file_bytes": max_file_bytes, "max_page_chars": max_page_chars, "html_favor_precision": False}


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def run(path: Path, root: Path | None = None, **limits: int) -> list[Page | Rejection]:
    return list(ingest(Source(path, root if root is not None else path), settings(**limits)))


def only_page(items: list[Page | Rejection]) -> Page:
    assert len(items) == 1 and isinstance(items[0], Page), items
    return items[0]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zh_html(body_text: str, charset: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>美沙酮维持治疗</title></head><body>'
        '<nav><a href="/">首页</a> | <a href="/about">关于我们</a></nav>'
        f"<article><h1>美沙酮维持治疗</h1><p>{body_text}</p><p>治疗期间应定期复诊，由医生根据情况调整剂量。</p></article>"
        "</body></html>"
    )


def zh_html_text(body_text: str) -> str:
    return f"美沙酮维持治疗\n{body_text}\n治疗期间应定期复诊，由医生根据情况调整剂量。"


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


def test_markdown_links_images_and_wiki_markup_keep_their_text(tmp_path: Path) -> None:
    data = ("## Naloxone\nSee [the guide](https://example.org/g) and ![a nasal spray](spray.png), "
            "or [[Opioid overdose|overdose]] and [[Heroin]].\n[1]: https://example.org/ref\n**Carry** it.\n")
    page = only_page(run(write(tmp_path / "n.md", data.encode("utf-8"))))
    assert page.text == ("Naloxone\nSee the guide and a nasal spray, or overdose and Heroin.\n\nCarry it.\n")


@pytest.mark.parametrize("name", ["article.html", "article.htm", "article.xhtml"])
def test_html_is_reduced_to_its_main_content(tmp_path: Path, name: str) -> None:
    data = EN_HTML.encode("utf-8")
    path = write(tmp_path / name, data)
    assert run(path) == [
        Page(path=str(path), identity=name, item=None, sha256=sha(data), format="html", encoding="utf-8",
             url=None, text=EN_TEXT, meta_hints={"title": EN_TITLE, "extractor": "trafilatura"})
    ]


def test_empty_html_falls_back_to_whole_page_text(tmp_path: Path) -> None:
    page = only_page(run(write(tmp_path / "empty.html", b"")))
    assert (page.text, page.meta_hints) == ("", {"extractor": "whole-page"})


# --- JSONL ---------------------------------------------------------------------------------------------------


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


# --- encodings -----------------------------------------------------------------------------------------------


# 镕 is in GBK but not in GB2312.
GBK_ONLY = "朱镕基总理视察了美沙酮维持治疗门诊，要求加强随访管理。这项工作对于预防艾滋病传播十分重要。"


@pytest.mark.parametrize(("text", "data", "codec"), [
    (ZH_SIMPLIFIED, ZH_SIMPLIFIED.encode("utf-8"), "utf-8"),
    (ZH_SIMPLIFIED, ZH_SIMPLIFIED.encode("utf-8-sig"), "utf-8"),
    (ZH_SIMPLIFIED, ZH_SIMPLIFIED.encode("utf-16"), NATIVE_UTF16),
    (ZH_SIMPLIFIED, codecs.BOM_UTF16_BE + ZH_SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    (ZH_SIMPLIFIED, ZH_SIMPLIFIED.encode("gbk"), "gb18030"),
    (ZH_SIMPLIFIED, ZH_SIMPLIFIED.encode("gb2312"), "gb18030"),
    (GBK_ONLY, GBK_ONLY.encode("gbk"), "gb18030"),
    (ZH_TRADITIONAL, ZH_TRADITIONAL.encode("big5"), "cp950"),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "gbk", "gb2312", "gbk-only-char", "big5"])
def test_undeclared_text_encodings_round_trip(tmp_path: Path, text: str, data: bytes, codec: str) -> None:
    page = only_page(run(write(tmp_path / "page.txt", data)))
    assert (page.encoding, page.text, page.sha256) == (codec, text, sha(data))


def test_html_meta_gb2312_is_read_as_gb18030(tmp_path: Path) -> None:
    body = GBK_ONLY + ZH_SIMPLIFIED
    data = zh_html(body, "gb2312").encode("gbk")
    page = only_page(run(write(tmp_path / "mmt.html", data)))
    assert (page.encoding, page.text, page.sha256) == ("gb18030", zh_html_text(body), sha(data))
    assert page.meta_hints == {"title": "美沙酮维持治疗", "extractor": "justext-zh"}


def test_html_meta_big5_is_read_as_cp950(tmp_path: Path) -> None:
    body = "這裏是美沙酮維持治療門診。" + ZH_TRADITIONAL  # 裏 is a CP950 extension, absent from Big5
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>門診</title>'
            f"</head><body><article><h1>美沙酮門診</h1><p>{body}</p></article></body></html>")
    data = html.encode("cp950")
    page = only_page(run(write(tmp_path / "mmt.htm", data)))
    assert (page.encoding, page.text) == ("cp950", f"美沙酮門診\n{body}")


def test_bom_wins_over_meta_declaration(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + zh_html(ZH_SIMPLIFIED, "gb2312").encode("utf-8")
    page = only_page(run(write(tmp_path / "bom.html", data)))
    assert (page.encoding, page.text) == ("utf-8", zh_html_text(ZH_SIMPLIFIED))


def test_html_meta_utf16le_declaration_is_ignored(tmp_path: Path) -> None:
    html = EN_HTML.replace("<head>", '<head><meta charset="utf-16le">')
    data = html.encode("ascii") + (b" " if len(html) % 2 else b"")
    page = only_page(run(write(tmp_path / "lie.html", data)))
    assert (page.encoding, page.text) == ("utf-8", EN_TEXT)


def test_html_copyright_year_is_not_a_publication_date(tmp_path: Path) -> None:
    html = EN_HTML.replace("</body>", "<footer>Copyright 2024 Health Department</footer></body>")
    page = only_page(run(write(tmp_path / "page.html", html.encode())))
    assert page.text == EN_TEXT
    assert "date" not in page.meta_hints


# --- WARC ----------------------------------------------------------------------------------------------------

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
        meta_hints={"title": "美沙酮维持治疗", "extractor": "justext-zh"})
    assert text_page == Page(identity="http://example.cn/notes.txt", item=TEXT_ID, sha256=sha(b"Take naloxone."),
                             format="warc", encoding="utf-8", url="http://example.cn/notes.txt",
                             text="Take naloxone.", **common)
    # The HTTP charset is honoured even though the bytes are also valid UTF-8.
    assert mojibake_page == Page(identity="http://example.cn/gbk.txt", item=MOJIBAKE_ID, sha256=sha(MOJIBAKE_BYTES),
                                 format="warc", encoding="gb18030", url="http://example.cn/gbk.txt", text="鍖荤敓",
                                 **common)


def test_warc_page_over_char_limit_is_rejected_and_others_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.warc", build_warc(False))
    items = run(path, max_page_chars=20)
    limit = Rejection(str(path), "page text longer than the 20-character limit")
    assert [item if isinstance(item, Rejection) else item.text for item in items] == [limit, "Take naloxone.", "鍖荤敓"]


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
    assert [only_page(list(ingest(s, settings()))).identity for s in sources] == ["x/page.txt"]


def test_standfirst_under_the_headline_is_put_back_first() -> None:
    dek = "A single nasal dose reversed nine in ten overdoses in the trial, the authors report."
    html = (f'<html><head><title>{EN_TITLE}</title><meta name="description" content="{dek}"></head><body>'
            '<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>'
            f'<header class="article-header"><h1>{EN_TITLE}</h1><p class="dek">{dek}</p></header>'
            f"<article><p>{EN_PARAGRAPHS[0]}</p><p>{EN_PARAGRAPHS[1]}</p></article></body></html>")
    text, _ = extract_main(html)
    assert text.splitlines()[0] == dek
    assert text.count(dek) == 1
    elsewhere = html.replace(f'<p class="dek">{dek}</p></header>', "</header>").replace(
        "</article>", f'</article><footer>{"<div>x</div>" * 70}<p>{dek}</p></footer>')
    assert extract_main(elsewhere)[0].splitlines()[0] != dek
    unclosed = html.replace(f'<p class="dek">{dek}</p></header>', f'</header><h2 class="excerpt">{dek}</h3>')
    assert extract_main(unclosed)[0].splitlines()[0] == dek
