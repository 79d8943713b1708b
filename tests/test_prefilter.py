"""Necessary literals of a pattern: the strings one of which every match holds (the rule table's prefilter)."""

from __future__ import annotations

import re

import pytest

from pipeline.prefilter import LiteralIndex, max_width, necessary_literals


@pytest.mark.parametrize(("pattern", "literals"), [
    (r"\.(com|net|org)\b", {".com", ".net", ".org"}),  # spelled out across the parts, not "com" alone
    (r"\bby\b", {"by"}),
    (r"ab\b\.com", {"ab.com"}),  # a word boundary matches no character: the run goes on across it
    (r"x(a|)y", {"xay", "xy"}),  # an empty alternative spells the shorter string
    (r"(copyright|©) ?\d{4}", {"copyright", "©"}),
    (r"ab(cd){2}ef", {"ab"}),  # a part repeated is needed but not spelled once: the run stops at it
    (r"(ab.cd|ef)gh", {"gh"}),  # an alternative with a gap is not spelled out either
    (r"[|｜]\s*home", {"home"}),
    (r"(?i:abc)def", {"def"}),  # an inline flag may change how a part is written
])
def test_necessary_literals(pattern, literals):
    assert necessary_literals(pattern) == frozenset(literals)


def test_nothing_is_promised_without_a_literal_or_under_ignorecase():
    assert necessary_literals(r"\d{4}-\d{2}") == frozenset({"-"})  # a sign most lines lack
    assert necessary_literals(r"\d{4}\w+") is None
    assert necessary_literals(r"a?b*") is None
    assert necessary_literals("copyright", re.IGNORECASE) is None


def test_max_width_and_index():
    assert max_width(r"(发表|我要)评论.{0,6}") == 10
    assert LiteralIndex([".com", "评论"]).present("see x.com 评论") == {".com", "评论"}
    assert LiteralIndex([]).holds_any("anything") is False
