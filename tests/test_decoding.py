"""Decoding: declared charsets that hold a stray byte, undeclared Chinese, fragments without a body."""

from __future__ import annotations

from pipeline.decoding import decode
from pipeline.html import extract_main

SIMPLIFIED = ("美沙酮维持治疗是一种针对海洛因成瘾的替代治疗方法。患者每天在门诊服用一次美沙酮口服液，"
              "可以减轻戒断症状和渴求。研究表明，维持治疗能够减少注射吸毒行为。")
TRADITIONAL = ("美沙酮維持治療是一種針對海洛因成癮的替代治療方法。患者每天在門診服用一次美沙酮口服液，"
               "可以減輕戒斷症狀和渴求。研究表明，維持治療能夠減少注射吸毒行為。")


def test_declared_charset_with_one_stray_byte_is_kept():
    html = f'<html><head><meta charset="gb2312"></head><body><p>{SIMPLIFIED * 3}</p></body></html>'
    data = html.encode("gbk")
    cut = data.index("。".encode("gbk")) + 2  # at a character boundary
    broken = data[:cut] + b"\xff" + data[cut:]  # a byte no GB character starts with
    text, codec = decode(broken, is_html=True)
    assert codec == "gb18030"
    assert SIMPLIFIED in text


def test_undeclared_gb_and_big5_are_told_apart_by_common_characters():
    gb = (SIMPLIFIED * 2).encode("gbk")
    big5 = (TRADITIONAL * 2).encode("big5")
    assert decode(gb[:50] + b"\xff" + gb[50:])[1] == "gb18030"
    assert decode(big5) == (TRADITIONAL * 2, "cp950")


def test_html_fragment_without_body_is_extracted():
    fragment = ("<div><h1>美沙酮维持治疗</h1>" + "".join(f"<p>{SIMPLIFIED}</p>" for _ in range(3)) + "</div>")
    text, meta = extract_main(fragment)
    assert SIMPLIFIED in text


def test_data_table_rows_are_kept_as_lines():
    rows = "".join(f"<tr><td>{day}日</td><td>美沙酮</td><td>{dose} mg</td><td>门诊</td></tr>"
                   for day, dose in ((1, 20), (2, 30), (3, 40)))
    html = (f"<html><head><meta charset='utf-8'></head><body><p>{SIMPLIFIED}</p><table>{rows}</table>"
            f"<p>{SIMPLIFIED}</p></body></html>")
    text, meta = extract_main(html)
    assert meta["extractor"] == "justext-zh"
    assert "1日 美沙酮 20 mg 门诊" in text.splitlines()  # one line per row (jusText folds the tabs)
