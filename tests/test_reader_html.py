"""The HTML reader: main content, metadata, fragments, data tables and the standfirst."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reader_samples import EN_HTML, EN_PARAGRAPHS, EN_TEXT, EN_TITLE, only_page, run, sha, write
from trafilatura.utils import load_html

from pipeline.model import Page
from pipeline.readers.html import extract_main, justext_blocks, standfirst

SIMPLIFIED = ("美沙酮维持治疗是一种针对海洛因成瘾的替代治疗方法。患者每天在门诊服用一次美沙酮口服液，"
              "可以减轻戒断症状和渴求。研究表明，维持治疗能够减少注射吸毒行为。")


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


def test_html_copyright_year_is_not_a_publication_date(tmp_path: Path) -> None:
    html = EN_HTML.replace("</body>", "<footer>Copyright 2024 Health Department</footer></body>")
    page = only_page(run(write(tmp_path / "page.html", html.encode())))
    assert page.text == EN_TEXT
    assert "date" not in page.meta_hints


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


def test_standfirst_is_put_back_first_only_where_the_page_marks_it_as_article_body() -> None:
    dek = "A single nasal dose reversed nine in ten overdoses in the trial, the authors report."
    body = json.dumps({"@type": "NewsArticle", "articleBody": f"{dek} {EN_PARAGRAPHS[0]} {EN_PARAGRAPHS[1]}"})
    html = (f'<html><head><title>{EN_TITLE}</title><meta name="description" content="{dek}">'
            f'<script type="application/ld+json">{body}</script></head><body>'
            '<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>'
            f'<header class="article-header"><h1>{EN_TITLE}</h1><p class="dek">{dek}</p></header>'
            f"<article><p>{EN_PARAGRAPHS[0]}</p><p>{EN_PARAGRAPHS[1]}</p></article></body></html>")
    text, _ = extract_main(html)
    assert text.splitlines()[0] == dek
    assert text.count(dek) == 1
    unmarked = html.replace(body, body.replace(dek, ""))
    assert dek not in extract_main(unmarked)[0]  # the page's summary of itself, not its text
    elsewhere = html.replace(f'<p class="dek">{dek}</p></header>', "</header>").replace(
        "</article>", f'</article><footer>{"<div>x</div>" * 70}<p>{dek}</p></footer>')
    assert extract_main(elsewhere)[0].splitlines()[0] != dek
    unclosed = html.replace(f'<p class="dek">{dek}</p></header>', f'</header><h2 class="excerpt">{dek}</h3>')
    assert extract_main(unclosed)[0].splitlines()[0] == dek
    microdata = (f'<html><body><div itemprop="articleBody"><h1>{EN_TITLE}</h1><p class="dek">{dek}</p>'
                 f"<p>{EN_PARAGRAPHS[0]}</p></div></body></html>")
    assert standfirst(load_html(microdata), dek, EN_PARAGRAPHS[0]) == dek
    assert standfirst(load_html(microdata.replace('itemprop="articleBody"', 'class="body" data-x="articleBody"')),
                      dek, EN_PARAGRAPHS[0]) is None


ARTICLE = ["海洛因成瘾是一种慢性复发性脑病，需要长期的综合治疗和社会支持，单靠意志力很难戒除。",
           "美沙酮维持治疗在社区门诊开展，患者每天按时服药，医生根据戒断症状调整剂量，定期复查尿检。",
           "研究显示，坚持维持治疗一年以上的患者，注射吸毒和感染艾滋病病毒的风险都明显降低。"]
SIDEBAR = ["编辑推荐：春季养生要注意哪些问题，专家教你吃对食物，远离感冒和过敏，保持身体健康。",
           "热门阅读：夏天来了，这些水果千万不能多吃，很多人都不知道，赶快告诉家人朋友们吧。"]


def _portal(article: list[str], *, extra: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in article)
    sidebar = "".join(f"<div class='side-item'><p>{text}</p></div>" for text in SIDEBAR)
    return ("<html><head><meta charset='utf-8'><title>美沙酮维持治疗</title></head><body>"
            "<div class='nav'><a href='/'>首页</a><a href='/news'>新闻</a><a href='/health'>健康</a></div>"
            f"<div class='main'><article><h1>美沙酮维持治疗</h1>{paragraphs}</article>{extra}</div>"
            f"<aside class='sidebar'>{sidebar}</aside><div class='footer'>版权所有</div></body></html>")


def test_a_chinese_page_keeps_the_blocks_both_extractors_agree_on():
    text, meta = extract_main(_portal(ARTICLE))
    assert meta["extractor"] == "justext-zh"
    assert [line for line in text.splitlines() if line.strip()] == ["美沙酮维持治疗", *ARTICLE]  # no sidebar


def test_hidden_copy_of_the_post_as_escaped_html_is_read_as_html_and_a_hidden_menu_goes():
    source = "".join(f"&lt;p&gt;{text}&lt;/p&gt;" for text in ARTICLE)
    hidden = (f"<div class='content-source' style='color: red; display: none'>{source}</div>"
              "<div hidden><p>隐藏的下拉菜单：新闻中心、健康频道、专家门诊、在线咨询、预约挂号、关于我们。</p></div>")
    blocks = [paragraph.text for paragraph in justext_blocks(load_html(_portal([], extra=hidden)))]
    assert [text for text in blocks if text in ARTICLE] == ARTICLE  # three paragraphs, no tags
    assert not [text for text in blocks if "<" in text or "隐藏的下拉菜单" in text]


REPLIES = ["我家里人也在美沙酮门诊服药两年了，现在工作生活都恢复正常，真心感谢门诊的医生和护士们。",
           "请问外地户口可以在本地的美沙酮门诊登记吗？需要带哪些证件，有没有人知道具体流程的？",
           "楼上的，一般需要身份证和居住证明，最好先打电话到门诊咨询一下，各地的要求不太一样。",
           "坚持下去最重要，我戒了五年了，刚开始那半年最难熬，家人的支持真的非常关键，加油！"]


def _with_comments(main: list[str], comments: list[str]) -> str:
    body = "".join(f"<p>{text}</p>" for text in main)
    replies = "".join(f"<div class='comment-item'><p>{text}</p></div>" for text in comments)
    return ("<html><head><meta charset='utf-8'><title>美沙酮</title></head><body><div class='main'>"
            f"<article><h1>美沙酮维持治疗</h1>{body}</article><div id='comments' class='comments'>{replies}</div>"
            "</div></body></html>")


def test_a_thread_keeps_its_replies_and_an_article_drops_its_comment_section():
    thread, _ = extract_main(_with_comments(ARTICLE[:1], REPLIES))
    assert [line for line in REPLIES if line in thread] == REPLIES
    article, _ = extract_main(_with_comments(ARTICLE, ["写得好，支持美沙酮维持治疗！"]))
    assert "写得好" not in article and all(line in article for line in ARTICLE)


SENTENCE = "Naloxone reverses an opioid overdose within minutes."


def nested(depth: int, inner: str = SENTENCE) -> str:
    return "<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"


def test_a_page_nested_past_the_parsers_depth_limit_keeps_its_sentence(tmp_path: Path) -> None:
    data = nested(100_000).encode()
    path = write(tmp_path / "deep.html", data)
    assert run(path) == [Page(path=str(path), identity="deep.html", item=None, sha256=sha(data), format="html",
                              encoding="utf-8", url=None, text=SENTENCE, meta_hints={"extractor": "visible-text"})]


def test_what_stands_before_and_after_a_deep_nest_is_kept_with_the_title() -> None:
    html = ("<html><head><title>Overdose first aid</title></head><body><p>Call for help first.</p>"
            + "<div>" * 300 + SENTENCE + "</div>" * 300 + "<p>Stay until help arrives.</p></body></html>")
    assert extract_main(html) == ("Call for help first.\n" + SENTENCE + "\nStay until help arrives.",
                                  {"title": "Overdose first aid", "extractor": "visible-text"})


def test_a_page_whose_tree_gives_no_text_gives_its_visible_text() -> None:
    # trafilatura leaves asides out, and its whole-page fallback too: the page's only text was lost
    assert extract_main(f"<html><body><aside><p>{SENTENCE}</p></aside></body></html>") == (
        SENTENCE, {"extractor": "visible-text"})


def test_a_megabyte_of_nesting_keeps_its_sentence() -> None:
    # its time, linear in the page, is measured by bench/run.py (linearity), not here
    assert extract_main(nested(1_000_000 // len("<div></div>"))) == (SENTENCE, {"extractor": "visible-text"})


def test_a_ten_megabyte_attribute_does_not_cost_the_sentence_beside_it() -> None:
    html = f'<html><body><p data-state="{"x" * 10_000_000}">{SENTENCE}</p></body></html>'
    assert extract_main(html)[0] == SENTENCE


def test_a_page_that_holds_no_text_says_what_it_held() -> None:
    script_only = '<html><head><title>Dose finder</title></head><body><script>render("app")</script></body></html>'
    assert extract_main(script_only) == ("", {"title": "Dose finder", "extractor": "whole-page",
                                              "no_text": "Dose finder"})
    image_only = '<html><body>\n  <img src="chart.png" alt="Dosing chart"></body></html>'
    assert extract_main(image_only) == ("", {"extractor": "whole-page", "no_text": '<html><body> <img src="chart.png" '
                                                                                  'alt="Dosing chart"></body></html>'})
    long_markup = "<html><body>" + '<img src="a.png">' * 100 + "</body></html>"
    assert len(extract_main(long_markup)[1]["no_text"]) == 200  # type: ignore[arg-type]


@pytest.mark.parametrize("html", ["", "  \n "])
def test_a_blank_page_needs_no_explanation(html: str) -> None:
    assert "no_text" not in extract_main(html)[1]
