"""Repeated lines: keys that fold what a template varies, and how often a line was seen."""

from __future__ import annotations

from pipeline.repeated import RepeatedLines, Seen, line_key, page_line_keys


def test_keys_fold_case_digits_spaces_and_punctuation():
    assert line_key("Share this: Page 12") == line_key("share this page 34")
    assert line_key("Share this page") != line_key("Share that page")
    assert line_key("—— ！！") == ""
    assert page_line_keys("Home\n\n  home \nAbout us\n") == {line_key("Home"), line_key("About us")}


def test_a_line_is_seen_often_at_the_threshold_and_very_often_at_twice_it():
    repeated = RepeatedLines.from_counts({"a": 4, "b": 5, "c": 9, "d": 10}, min_pages=5)
    assert dict(repeated.seen) == {"b": Seen.OFTEN, "c": Seen.OFTEN, "d": Seen.VERY_OFTEN}
    assert RepeatedLines.from_counts({"a": 100}, min_pages=0).seen == {}


def test_how_often_a_line_was_seen():
    repeated = RepeatedLines.from_counts({line_key("Home | About"): 7}, min_pages=5)
    assert repeated.how_often("home | about") is Seen.OFTEN
    assert repeated.how_often("Methadone reduces cravings.") is Seen.RARELY


def test_the_view_of_one_file_and_its_signature():
    repeated = RepeatedLines.from_counts({"a": 5, "b": 10, "c": 5}, min_pages=5)
    mine = repeated.among({"b", "a", "z"})
    assert mine.signature() == ["a:1", "b:2"]
    assert len(mine) == 2 and not RepeatedLines().among({"a"})


def test_an_empty_view_has_seen_every_line_rarely():
    assert RepeatedLines().how_often("Home | About") is Seen.RARELY
