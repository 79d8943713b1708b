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
