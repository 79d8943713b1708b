"""Decoding: declared charsets that hold a stray byte, undeclared Chinese, BOMs and `<meta charset>` in HTML."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest
from reader_samples import (
    EN_HTML,
    EN_TEXT,
    ZH_SIMPLIFIED,
    ZH_TRADITIONAL,
    only_page,
    run,
    sha,
    write,
    zh_html,
    zh_html_text,
)

from pipeline.readers.decoding import decode

NATIVE_UTF16 = "utf-16-le" if sys.byteorder == "little" else "utf-16-be"

SIMPLIFIED = ("美沙酮维持治疗是一种针对海洛因成瘾的替代治疗方法。患者每天在门诊服用一次美沙酮口服液，"
              "可以减轻戒断症状和渴求。研究表明，维持治疗能够减少注射吸毒行为。")
TRADITIONAL = ("美沙酮維持治療是一種針對海洛因成癮的替代治療方法。患者每天在門診服用一次美沙酮口服液，"
               "可以減輕戒斷症狀和渴求。研究表明，維持治療能夠減少注射吸毒行為。")


def test_declared_charset_with_one_stray_byte_is_kept():
    html = f'<html><head><meta charset="gb2312"></head><body><p>{SIMPLIFIED * 3}</p></body></html>'
    data = html.encode("gbk")
    cut = data.index("。".encode("gbk")) + 2  # at a character boundary
    broken = data[:cut] + b"\xff" + data[cut:]  # a byte no GB character starts with
    text, codec, _ = decode(broken, is_html=True)
    assert codec == "gb18030"
    assert SIMPLIFIED in text


def test_undeclared_gb_and_big5_are_told_apart_by_common_characters():
    gb = (SIMPLIFIED * 2).encode("gbk")
    big5 = (TRADITIONAL * 2).encode("big5")
    assert decode(gb[:50] + b"\xff" + gb[50:])[1] == "gb18030"
    assert decode(big5) == (TRADITIONAL * 2, "cp950", None)


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


def test_multibyte_utf8_wins_over_a_contradicting_declaration_and_both_are_recorded():
    html = f'<html><head><meta charset="gb2312"></head><body><p>{SIMPLIFIED}</p></body></html>'
    decoded = decode(html.encode("utf-8"), is_html=True)
    assert decoded == (html, "utf-8", "gb18030")


def test_a_legacy_page_that_is_not_valid_utf8_keeps_its_declaration():
    html = f'<html><head><meta charset="gb2312"></head><body><p>{SIMPLIFIED}</p></body></html>'
    assert decode(html.encode("gbk"), is_html=True) == (html, "gb18030", "gb18030")


def test_an_ascii_page_is_read_as_declared():
    assert decode(b"plain text", declared="iso-8859-1") == ("plain text", "cp1252", "cp1252")
    assert decode(b"plain text") == ("plain text", "utf-8", None)


def test_the_container_declaration_is_recorded_beside_the_codec_in_the_record(tmp_path):
    from pipeline.config import IngestSettings
    from pipeline.readers import discover, read

    page = tmp_path / "page.html"
    page.write_bytes(f'<html><head><meta charset="GB2312"></head><body><p>{SIMPLIFIED}</p></body></html>'
                     .encode())
    sources, _ = discover([tmp_path])
    [read_page] = list(read(sources[0], IngestSettings()))
    assert (read_page.encoding, read_page.declared_encoding) == ("utf-8", "gb18030")
    assert SIMPLIFIED in read_page.text
