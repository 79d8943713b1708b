"""Metadata from lines: dates only when stated, authors from bylines and numbered lists, titles on topic."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline import meta


@pytest.mark.parametrize(("text", "iso"), [
    ("04 July 1998", "1998-07-04"),
    ("July 4, 1998", "1998-07-04"),
    ("Sept. 9 2021", "2021-09-09"),
    ("2017-05-26 14:49", "2017-05-26"),
    ("2017/5/6", "2017-05-06"),
    ("2025年11月3日 星期一", "2025-11-03"),
    ("31 February 1998 and 2020-13-01", None),
    ("no date here", None),
])
def test_iso_date(text, iso):
    assert meta.iso_date(text) == iso


def test_published_date_needs_a_marker():
    assert meta.published_date("BMJ 1998; 317 doi: (Published 04 July 1998) Cite this as: BMJ 1998;317:13") \
        == "1998-07-04"
    assert meta.published_date("发布时间：2020-01-15 来源：健康网") == "2020-01-15"
    assert meta.published_date("Friday, May 26, 2017") is None


def test_doi_and_citation():
    assert meta.doi("https://doi.org/10.1136/bmj.317.7150.13.") == "10.1136/bmj.317.7150.13"
    assert meta.doi("BMJ 1998; 317 doi: (Published 04 July 1998)") is None
    assert meta.citation("Cite this as: BMJ 1998;317:13") == "BMJ 1998;317:13"


@pytest.mark.parametrize(("line", "name"), [
    ("1. Thomas V Perneger, medical epidemiologist (perneger{at},", "Thomas V Perneger"),
    ("3. Miguel del Rio, fellowb,", "Miguel del Rio"),
    ("2. The patients were randomised, then followed", None),
    ("1. Correspondence to: Dr Perneger", None),
])
def test_numbered_author(line, name):
    assert meta.numbered_author(line) == name


def test_byline_authors():
    assert meta.byline_authors("By Jane Doe and John Smith, September 14, 2025") == ["Jane Doe", "John Smith"]
    assert meta.byline_authors("作者：张三 李四") == ["张三", "李四"]
    assert meta.byline_authors("执笔人：闵乐夫 赵兰波 刘韬") == ["闵乐夫", "赵兰波", "刘韬"]
    assert meta.byline_authors("文：眉间尺") == ["眉间尺"]
    assert meta.byline_authors("文化革命是一场运动") is None
    assert meta.byline_authors("By the way, methadone is safe.") is None


def test_title_must_share_the_topic_of_the_body():
    body = "Heroin addiction is treated with methadone and buprenorphine. Treatment reduces relapse."
    topic, chinese_topic = meta.content_words(body), meta.content_words("美沙酮维持治疗是一种替代治疗方法。")
    assert meta.is_title("Heroin Addiction Treatment", topic)
    assert not meta.is_title("Subscribe to email updates", topic)
    assert not meta.is_title("Heroin addiction is treatable.", topic)  # a sentence, not a heading
    assert meta.is_title("美沙酮维持治疗门诊介绍", chinese_topic)
    assert not meta.is_title("哈尔滨新闻网", chinese_topic)


def test_content_and_short_lines():
    assert meta.is_content("Naloxone reverses an opioid overdose within minutes.")
    assert not meta.is_content("Heroin Withdrawal")
    assert meta.is_content("美沙酮维持治疗是一种替代治疗方法。")
    assert meta.is_short("Top 5 Trending Stocks")
    assert not meta.is_short("Russia's Putin sacks chief of staff Sergei Ivanov")


@pytest.mark.parametrize(("line", "title", "same"), [
    ("Coronavirus: New York ramps up mass burials amid outbreak", "New York ramps up mass burials amid virus outbreak",
     True),
    ("How to Care for Hydrangeas to Get the Most Beautiful Blooms", "How to Care for Hydrangeas", True),
    ("美沙酮维持治疗的十年", "美沙酮维持治疗的十年_健康网", True),
    ("Purpose of the Review", "Drug Reaction with Eosinophilia and Systemic Symptoms (DRESS) Syndrome", False),
    ("The country avoided Level 5 last night, but NPHET have warned it may be down the line",
     "Level 3 LIVE news from Cork as county adapts to incoming restrictions", False),
])
def test_same_title(line, title, same):
    assert meta.same_title(line, title) is same


@given(st.text(alphabet="10./23456789ab \"<>", max_size=40))
@example("see doi:10.1056/NEJMoa1234 now")
def test_every_doi_holds_its_marker(text):
    assert meta.DOI.search(text) is None or meta.DOI_MARKER in text
