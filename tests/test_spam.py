"""Injected spam: brand tokens glued to sentences, standalone gambling lines, and what is not spam."""

from __future__ import annotations

import pytest

from pipeline.spam import load_spam


@pytest.fixture(scope="module")
def spam():
    return load_spam()


def test_brand_token_glued_to_a_sentence(spam):
    lines = ["万博手机官网Masewell Mind仅使用高质量的来源,包括同行评审的研究。", "美沙酮是一种阿片类药物。"]
    assert spam.find(lines) == ["万博手机官网", None]


def test_gambling_words_make_a_token_spam_even_when_its_suffix_is_on_topic(spam):
    lines = ["澳门金沙娱乐平台治疗阿片类药物成瘾需要长期随访。", "该平台为患者提供预约服务。"]
    assert spam.find(lines) == ["澳门金沙娱乐平台", None]


def test_standalone_gambling_line(spam):
    assert spam.find(["博彩网站推荐", "体育投注平台"]) == ["博彩网站推荐", "体育投注平台"]


def test_on_topic_words_are_not_spam(spam):
    # 体育 is what this page is about: a sentence starting with 中国体育 is not a brand token
    lines = ["中国体育代表团在比赛中获得金牌。", "体育锻炼有益于戒断后的康复。"]
    assert spam.find(lines) == [None, None]


def test_a_word_that_merely_starts_like_a_token_is_not_spam(spam):
    assert spam.find(["上海体育馆"]) == [None]
