"""Personal data: the exact spans masked, and the numbers that are not phones."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline import pii


@pytest.mark.parametrize(("text", "masked"), [
    ("write to jane.doe@clinic.org today", "write to <EMAIL> today"),
    ("jane [at] clinic [dot] org", "<EMAIL>"),
    ("call +1 555 123 4567 or (555) 123-4567", "call <PHONE> or <PHONE>"),
    ("手机13812345678，座机0432-62099222", "手机<PHONE>，座机<PHONE>"),
])
def test_addresses_and_phones_are_masked(text, masked):
    assert pii.mask(text)[0] == masked


@pytest.mark.parametrize("text", [
    "on 2016-03-25 at 12:30", "BMJ 1998;317:13", "from 1,000 to 2,500 patients", "rates of 82.54%", "ISBN 12345",
])
def test_dates_references_and_figures_are_not_phones(text):
    assert pii.mask(text) == (text, [])


def test_each_masking_records_the_original_and_its_offset():
    text, changes = pii.mask("a@b.cn, 555-123-4567")
    assert text == "<EMAIL>, <PHONE>"
    assert [(c.kind, c.before, c.after, c.start, c.src_start) for c in changes] == [
        ("mask", "a@b.cn", "<EMAIL>", 0, 0), ("mask", "555-123-4567", "<PHONE>", 9, 8)]


EMAIL_MARKERS_AS_ONE_SEARCH = re.compile(r"@|[\[({]\s?at\s?[\])}]|dot", re.IGNORECASE)


@given(st.text(alphabet="aAtTdDoOİıKſ@[](){} \t.x", max_size=40))
@example("jane (AT) clinic")
@example("anecDOTe")
def test_the_email_test_in_c_says_what_one_search_under_ignorecase_says(text):
    assert pii.NEEDS["<EMAIL>"](text) == bool(EMAIL_MARKERS_AS_ONE_SEARCH.search(text))
