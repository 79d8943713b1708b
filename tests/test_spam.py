"""Injected spam: brand tokens glued to sentences, standalone gambling lines, and what is not spam."""

from __future__ import annotations

import pytest

from pipeline.spam import load_spam


@pytest.fixture(scope="module")
def spam():
    return load_spam()


def test_brand_token_glued_to_a_sentence(spam):
    # made-up brands: three Han characters + 手机官网, Latin letters + 娱乐平台
    lines = ["翠岚湾手机官网Masewell Mind仅使用高质量的来源,包括同行评审的研究。",
             "Zorvex娱乐平台美沙酮维持治疗需要每天服药。", "美沙酮是一种阿片类药物。"]
    assert spam.find(lines) == ["翠岚湾手机官网", "Zorvex娱乐平台", None]


def test_gambling_words_make_a_token_spam_even_when_its_suffix_is_on_topic(spam):
    # 平台 occurs on the page outside the tokens, so only the gambling word 博彩 makes the first token spam
    lines = ["金鳞博彩平台治疗阿片类药物成瘾需要长期随访。", "预约平台每天上午八点开放。", "该平台为患者提供预约服务。"]
    assert spam.find(lines) == ["金鳞博彩平台", None, None]


def test_standalone_gambling_line(spam):
    # a short line holding a gambling word goes whole; a sentence about gambling disorder is not short
    lines = ["时时彩官网入口", "真人视讯百家乐", "病理性赌博是一种行为成瘾，常与物质使用障碍共病。"]
    assert spam.find(lines) == ["时时彩官网入口", "真人视讯百家乐", None]


def test_on_topic_words_are_not_spam(spam):
    # 体育 is what this page is about: a sentence starting with 中国体育 is not a brand token
    lines = ["中国体育代表团在比赛中获得金牌。", "体育锻炼有益于戒断后的康复。"]
    assert spam.find(lines) == [None, None]


def test_a_word_that_merely_starts_like_a_token_is_not_spam(spam):
    assert spam.find(["上海体育馆"]) == [None]
