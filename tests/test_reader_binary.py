"""Binary content and undecodable bytes: magic numbers, NUL and control shares, UTF-16 kept, the share of
characters that stand for undecodable bytes, and what every reader does with them."""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import lzma
import random
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reader_samples import (
    EN_HTML,
    EN_PARAGRAPHS,
    ZH_SIMPLIFIED,
    ZH_TRADITIONAL,
    elf_bytes,
    only_page,
    png_bytes,
    run,
    write,
)
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.datafiles import data_path
from pipeline.model import Page
from pipeline.readers import Rejection
from pipeline.readers.binary import SignatureError, detect, load_signatures, signature
from pipeline.readers.decoding import decode, replaced

NOISE = random.Random(20240301).randbytes(3000)
TEXT = (ZH_SIMPLIFIED + " " + EN_PARAGRAPHS[0] + "\n") * 3  # 738 characters of UTF-8 text, Chinese and English


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>Naloxone</w:p></w:body></w:document>")
    return buffer.getvalue()


def sqlite_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "pages.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("INSERT INTO pages (text) VALUES ('Methadone reduces cravings.')")
    db.close()
    return path.read_bytes()


def with_bad_bytes(text: str, every: int) -> tuple[bytes, int]:
    """`text` as UTF-8 with a lone 0xFF (never valid UTF-8) between every `every` characters; how many."""
    pieces = [text[at:at + every] for at in range(0, len(text), every)]
    return b"\xff".join(piece.encode("utf-8") for piece in pieces), len(pieces) - 1


# --- magic numbers -------------------------------------------------------------------------------------------


HEADERS = {
    "PNG image": png_bytes(),
    "JPEG image": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00" + NOISE,
    "GIF image": b"GIF89a\x10\x00\x10\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" + NOISE,
    "WebP image": b"RIFF\x24\x1a\x00\x00WEBPVP8 \x18\x1a\x00\x00" + NOISE,
    "BMP image": b"BM\x36\x0c\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00" + NOISE,
    "ICO image": b"\x00\x00\x01\x00\x01\x00\x10\x10\x00\x00\x01\x00\x20\x00" + NOISE,
    "TIFF image": b"II*\x00\x08\x00\x00\x00" + NOISE,
    "PDF document": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "ZIP archive (or Office document)": docx_bytes(),
    "OLE2 compound file (old Office document)": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + NOISE,
    "gzip data": gzip.compress(EN_HTML.encode("utf-8")),
    "7z archive": b"7z\xbc\xaf\x27\x1c\x00\x04" + NOISE,
    "RAR archive": b"Rar!\x1a\x07\x01\x00" + NOISE,
    "xz data": lzma.compress(b"Methadone reduces cravings."),
    "bzip2 data": bz2.compress(b"Methadone reduces cravings."),
    "ELF executable": elf_bytes(),
    "Mach-O executable": b"\xcf\xfa\xed\xfe\x07\x00\x00\x01\x03\x00\x00\x00" + NOISE,
    "Java class file": b"\xca\xfe\xba\xbe\x00\x00\x00\x41\x00\x1d\x0a\x00" + NOISE,
    "PE executable (EXE/DLL)": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + NOISE,
    "WebAssembly module": b"\x00asm\x01\x00\x00\x00\x01\x07\x01\x60" + NOISE,
    "MP4/ISO media": b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + NOISE,
    "MP3 audio (ID3)": b"ID3\x04\x00\x00\x00\x00\x0f\x76TIT2" + NOISE,
    "MP3 audio": b"\xff\xfb\x90\x64\x00" + NOISE,
    "Ogg media": b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00" + NOISE,
    "WOFF font": b"wOFF\x00\x01\x00\x00\x00\x00\x5a\x3c\x00\x0d" + NOISE,
    "WOFF2 font": b"wOF2\x00\x01\x00\x00\x00\x00\x3b\x20\x00\x0d" + NOISE,
}


@pytest.mark.parametrize(("kind", "data"), HEADERS.items(), ids=list(HEADERS))
def test_each_kind_of_file_is_named_by_its_magic_number(kind: str, data: bytes) -> None:
    assert signature(data) == detect(data) == kind


def test_a_sqlite_database_is_named(tmp_path: Path) -> None:
    assert detect(sqlite_bytes(tmp_path)) == "SQLite database"


def test_a_universal_mach_o_and_a_java_class_are_told_apart() -> None:
    assert detect(b"\xca\xfe\xba\xbe\x00\x00\x00\x02\x01\x00\x00\x07" + NOISE) == "Mach-O executable"
    assert detect(b"\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x1d" + NOISE) == "Java class file"


@pytest.mark.parametrize("text", ["GIF is a picture format.", "MZ Health, a clinic.", "BMI over 30", "ID3 tags",
                                  "RIFF is a container.", "wOFF", "OggS", "%PDF is how a PDF opens", "漱壕", ""])
def test_text_that_opens_like_a_signature_is_text(text: str) -> None:
    for codec in ("utf-8", "gb18030"):
        assert detect(text.encode(codec)) is None, codec


def test_a_bad_signature_row_names_file_and_line(tmp_path: Path) -> None:
    table = write(tmp_path / "signatures.tsv", b"# signature\tname\n89504e47\tPNG image\n8950zz\tbroken\n")
    with pytest.raises(SignatureError, match=f"^{tmp_path / 'signatures.tsv'}:3: expected hex bytes"):
        load_signatures(table)


def test_the_shipped_signature_table_loads_every_row() -> None:
    pattern, names = load_signatures(data_path("binary_signatures.tsv"))
    assert len(names) == pattern.groups >= 40
    assert {"PNG image", "ZIP archive (or Office document)", "MP4/ISO media", "WOFF2 font"} <= set(names)


# --- NUL and control bytes -----------------------------------------------------------------------------------


def test_nul_and_control_shares() -> None:
    text = b"Methadone reduces cravings for heroin.\n" * 100  # 3,900 bytes
    assert detect(b"\0" * 500) == "NUL bytes"
    assert detect(NOISE) == "control characters"  # random bytes: about 10% are control bytes
    assert detect(text[:3900] + b"\0" * 39) is None  # 39 / 3,939 is 0.99%: under 1%
    assert detect(text[:3900] + b"\0" * 41) == "NUL bytes"  # 41 / 3,941 is 1.04%
    assert detect(text[:3800] + b"\x01\x02\x03\x04" * 50) is None  # 200 / 4,000 is 5%: not over
    assert detect(text[:3800] + b"\x01\x02\x03\x04" * 51) == "control characters"  # 204 / 4,004
    assert detect(b"\t\f\r\n\x1b$B" * 500) is None  # tab, FF, CR, LF and the ESC of ISO-2022 are text


def test_only_the_first_bytes_are_sampled() -> None:
    assert detect(b"Methadone reduces cravings.\n" * 400 + b"\0" * 5000) is None  # 11,200 bytes of text first


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_not_binary(codec: str) -> None:
    data = ("Methadone reduces cravings.\n" + ZH_SIMPLIFIED).encode(codec)  # with a BOM, or none (-le, -be)
    assert data.count(0) > 0.1 * len(data)  # far over the share of NULs a binary is told by
    assert detect(data) is None


def test_nul_bytes_after_a_utf16_bom_are_not_measured_but_a_binary_without_one_is() -> None:
    assert detect(codecs.BOM_UTF16_LE + b"\0" * 500) is None
    assert detect(b"\x01\0\x02\0" + b"\0" * 500) == "NUL bytes"  # U+0000 is no UTF-16 text either


# --- any text in any of the charsets medclean reads is text ---------------------------------------------------


BIG5 = [char for char in map(chr, range(0x4E00, 0xA000)) if char.encode("big5", "ignore")]
TEXT_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters=[
    chr(code) for code in range(32) if code not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B)])
FRAGMENTS = [ZH_SIMPLIFIED, ZH_TRADITIONAL, *EN_PARAGRAPHS, "<p>", "\n", "\t", "\x1b$B", "美沙酮", "維持治療"]


def pages(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(chars, max_size=200)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(pages(TEXT_CHARS), st.sampled_from(["utf-8", "utf-16", "utf-16-be-bom", "gb18030"]))
def test_any_text_in_utf8_utf16_or_gb18030_is_never_binary(text: str, codec: str) -> None:
    data = (codecs.BOM_UTF16_BE + text.encode("utf-16-be") if codec == "utf-16-be-bom" else text.encode(codec))
    assert detect(data) is None


@settings(max_examples=300, deadline=None)
@given(pages(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E), st.sampled_from(BIG5))))
def test_any_text_in_big5_is_never_binary(text: str) -> None:
    data = text.encode("big5", "ignore")  # the fragments' few characters Big5 lacks are left out
    assert detect(data) is None


# --- the undecodable share -----------------------------------------------------------------------------------


def test_replaced_counts_only_what_the_decoding_put_in() -> None:
    data, bad = with_bad_bytes(TEXT, 40)
    decoded = decode(data)
    assert (decoded.codec, bad, replaced(data, decoded)) == ("utf-8", 18, 18)
    held = ("\ufffd marks a character the scraper lost. " * 5).encode("utf-8")  # the proper UTF-8 of U+FFFD
    assert replaced(held, decode(held)) == 0
    both = codecs.BOM_UTF8 + held + b"\xff\xfe"
    decoded = decode(both)
    assert (decoded.text.count("\ufffd"), replaced(both, decoded)) == (7, 2)


def test_an_odd_byte_after_utf16_text_is_one_replacement() -> None:
    data = "美沙酮".encode("utf-16") + b"\x00"
    decoded = decode(data)
    assert (decoded.text, replaced(data, decoded)) == ("美沙酮\ufffd", 1)


def test_a_page_with_a_few_undecodable_bytes_keeps_its_record_and_records_the_share(tmp_path: Path) -> None:
    data, bad = with_bad_bytes(TEXT, 40)  # 18 bad bytes in 756 characters: 2.38%
    page = only_page(run(write(tmp_path / "notes.txt", data)))
    assert (page.encoding, page.undecodable, page.text.count("\ufffd")) == ("utf-8", 0.0238, 18)
    assert round(bad / (len(TEXT) + bad), 4) == 0.0238


def test_a_page_over_the_undecodable_share_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", with_bad_bytes(TEXT, 10)[0])  # 73 bad bytes in 811 characters
    assert run(path) == [Rejection(str(path), "undecodable bytes (9.0% of characters)")]
    assert str(run(path)[0]) == f"{path}: undecodable bytes (9.0% of characters)"
    assert run(path, max_undecodable_share=0.09) == [Rejection(str(path), "undecodable bytes (9.0% of characters)")]
    assert only_page(run(path, max_undecodable_share=0.0901)).undecodable == 0.09  # 0.090012 is under 0.0901


def test_with_no_undecodable_bytes_allowed_one_is_too_many(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"a" * 4000 + b"\xff"  # one replacement in 4,001 characters: 0.025%
    path = write(tmp_path / "notes.txt", data)
    assert only_page(run(path)).undecodable == 0.0002
    assert run(path, max_undecodable_share=0.0) == [
        Rejection(str(path), "undecodable bytes (under 0.1% of characters)")]


@pytest.mark.parametrize(("limit", "kept"), [(0.0, False), (0.049, False), (0.05, True), (1.0, True)])
def test_the_share_is_rejected_only_above_the_setting(tmp_path: Path, limit: float, kept: bool) -> None:
    data = codecs.BOM_UTF8 + (b"a" * 19 + b"\xff") * 50  # 50 replacements in 1,000 characters: 5%
    path = write(tmp_path / "notes.txt", data)
    items = run(path, max_undecodable_share=limit)
    if kept:
        assert only_page(items).undecodable == 0.05
    else:
        assert items == [Rejection(str(path), "undecodable bytes (5.0% of characters)")]


def test_a_declared_page_with_one_stray_byte_records_its_share(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="gb2312"></head><body><p>{ZH_SIMPLIFIED * 3}</p></body></html>'
    data = html.encode("gbk")
    cut = data.index("。".encode("gbk")) + 2
    page = only_page(run(write(tmp_path / "page.html", data[:cut] + b"\xff" + data[cut:])))
    assert (page.encoding, page.undecodable) == ("gb18030", round(1 / (len(html) + 1), 4))


def test_clean_pages_and_pages_holding_u_fffd_have_no_undecodable_share(tmp_path: Path) -> None:
    clean = only_page(run(write(tmp_path / "clean.txt", TEXT.encode("gb18030"))))
    held = only_page(run(write(tmp_path / "held.txt", ("Lost: \ufffd. " * 20).encode("utf-8"))))
    assert (clean.undecodable, held.undecodable, held.text.count("\ufffd")) == (0.0, 0.0, 20)


# --- every reader ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("logo.txt", png_bytes(), "PNG image"),
    ("index.html", elf_bytes(), "ELF executable"),
    ("notes.md", b"# Notes\n" + b"\0" * 200, "NUL bytes"),
    ("scan.htm", HEADERS["PDF document"], "PDF document"),
    ("report.html.gz", gzip.compress(docx_bytes()), "ZIP archive (or Office document)"),
    ("twice.html.gz", gzip.compress(gzip.compress(EN_HTML.encode("utf-8"))), "gzip data"),
    ("noise.txt", NOISE, "control characters"),
], ids=["png-as-txt", "elf-as-html", "nul-md", "pdf-as-htm", "docx-gzipped", "gzip-in-gzip", "noise"])
def test_a_binary_file_of_any_text_format_is_one_rejection(tmp_path: Path, name: str, data: bytes,
                                                           kind: str) -> None:
    path = write(tmp_path / name, data)
    assert run(path) == [Rejection(str(path), f"binary content ({kind})")]
    assert str(run(path)[0]) == f"{path}: binary content ({kind})"


def test_a_utf16_page_is_still_read(tmp_path: Path) -> None:
    text = "Methadone reduces cravings.\n" + ZH_SIMPLIFIED
    page = only_page(run(write(tmp_path / "page.txt", text.encode("utf-16"))))
    assert (page.text, page.undecodable) == (text, 0.0)


def test_a_binary_file_named_jsonl_is_one_rejection(tmp_path: Path) -> None:
    path = write(tmp_path / "pages.jsonl", png_bytes())
    assert run(path) == [Rejection(str(path), "binary content (PNG image)")]


def test_jsonl_lines_that_are_binary_are_rejected_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "Naloxone reverses an overdose."}).encode(),
             json.dumps({"text": "\u0000" * 40 + "IHDR"}).encode(),  # a scraper's text of an image
             b"\x00\x00\x00\rIHDR\x00\x00\x00 \x00\x00\x00 \x08\x02\x00\x00\x00\xfc\x18\xed\xa3",
             json.dumps({"text": "Methadone reduces cravings."}).encode()]
    path = write(tmp_path / "pages.jsonl", b"\n".join(lines) + b"\n")
    items = run(path)
    assert [item.text if isinstance(item, Page) else str(item) for item in items] == [
        "Naloxone reverses an overdose.", f"{path}:2: binary content (NUL bytes)",
        f"{path}:3: binary content (NUL bytes)", "Methadone reduces cravings."]
    assert all(item.undecodable == 0.0 for item in items if isinstance(item, Page))


def test_a_binary_warc_payload_is_rejected_and_the_other_records_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, payload in (("http://example.org/a", b"<html><body><p>Naloxone saves lives.</p></body></html>"),
                         ("http://example.org/logo", png_bytes()),
                         ("http://example.org/b", "美沙酮维持治疗。".encode())):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    path = write(tmp_path / "crawl.warc", buffer.getvalue())
    items = run(path)
    assert [item.url if isinstance(item, Page) else item for item in items] == [
        "http://example.org/a", Rejection(str(path), "binary content (PNG image)"), "http://example.org/b"]
