"""Traditional to Simplified: the converter's own output, skipping texts it would leave unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from pipeline.simplified import SimplifiedConverter


@pytest.fixture(scope="module")
def converter():
    return SimplifiedConverter()


def test_traditional_text_is_converted_and_simplified_text_is_not_even_tried(converter):
    assert converter.convert("海洛英成癮治療需要長期追蹤。") == "海洛英成瘾治疗需要长期追踪。"
    assert converter.convert("一目瞭然") == "一目了然"
    assert not converter.needs_conversion("美沙酮维持治疗需要长期坚持。")
    assert not converter.needs_conversion("Methadone reduces cravings.")


# Simplified, Traditional and shared characters, and the parts of phrase entries (瞭, 著, 乾)
ALPHABET = "海洛英成癮瘾治療疗需要長长期追蹤踪一目瞭了然著着名乾干淨净有序的是不美沙酮維维持A. ，"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=20))
def test_the_same_output_as_opencc_for_any_text(converter, text):
    assert converter.convert(text) == OpenCC("t2s").convert(text)


PIECES = ["維持治療", "海洛因", "戒斷症狀", "醫院", "頭髮", "乾燥", "後來", "。", "，", " ", "一"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=120).map("".join))  # at most 480 characters: every part is short
def test_the_conversion_is_opencc_s_own_wherever_a_part_is_short(converter, text):
    assert converter.convert(text) == OpenCC("t2s").convert(text)


def test_an_endless_run_of_han_characters_is_converted_part_by_part(converter):
    run = "維持治療醫院頭髮" * 500  # 4,000 characters and no separator: quadratic for the converter alone
    assert converter.convert(run) == "维持治疗医院头发" * 500
