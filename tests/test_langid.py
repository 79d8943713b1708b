"""Language identification helpers: what langdetect is shown of a text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.langid import words_only

# the plain pattern words_only stands for (quadratic on a long token, so not used on pages)
REFERENCE = re.compile(r"\S+@\S+|\S+\{at\}\S+|https?://\S+|www\.\S+|<[A-Z]+>|[\d()+./:-]*\d[\d()+./:-]*")
PIECES = ["a", "B", "1", "@", "{at}", "http://", "https://", "www.", "<EMAIL>", "<PHONE>", "(", ")", ".", "-", ":",
          "/", "+", " ", "\n", "\u3000", "é", "w", "h", "{", "<", ">", "word"]


def test_addresses_masks_and_figures_go_and_words_stay():
    text = "Call <PHONE> or write to jane@clinic.org, see https://example.org/x and www.nida.gov in 2019 (p. 12)."
    assert words_only(text) == "Call or write to see and in (p."


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_same_as_the_plain_pattern_for_any_text(text):
    assert words_only(text) == " ".join(REFERENCE.sub(" ", text).split())
