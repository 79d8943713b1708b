"""Repeated lines: keys that fold what a template varies and hold the site, and which lines a site repeats."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.meta import is_long_paragraph
from pipeline.model import Page
from pipeline.repeated import RepeatedLines, line_key, page_line_keys
from pipeline.scripts import split_lines


def test_keys_fold_case_digits_spaces_and_punctuation():
    assert line_key("Share this: Page 12") == line_key("share this page 34")
    assert line_key("Share this page") != line_key("Share that page")
    assert line_key("—— ！！") == ""
    assert page_line_keys("Home\n\n  home \nAbout us\n") == {line_key("Home"), line_key("About us")}


def test_the_same_line_on_two_sites_has_two_keys():
    assert line_key("Ingredients", "bettycrocker.com") != line_key("Ingredients", "elavegan.com")
    assert page_line_keys("Home\n", "nih.gov") == {line_key("home", "nih.gov")}


def test_a_line_is_repeated_from_the_threshold_on():
    repeated = RepeatedLines.from_counts({"a": 4, "b": 5, "c": 10}, min_pages=5)
    assert repeated.keys == {"b", "c"}
    assert RepeatedLines.from_counts({"a": 100}, min_pages=0).keys == frozenset()


def test_whether_a_line_is_repeated_on_its_site():
    repeated = RepeatedLines.from_counts({line_key("Home | About", "nih.gov"): 7}, min_pages=5)
    assert repeated.is_repeated("home | about", "nih.gov")
    assert not repeated.is_repeated("home | about", "cdc.gov")
    assert not repeated.is_repeated("Methadone reduces cravings.", "nih.gov")


def test_the_view_of_one_file_and_its_signature():
    repeated = RepeatedLines.from_counts({"a": 5, "b": 10, "c": 5}, min_pages=5)
    mine = repeated.among({"b", "a", "z"})
    assert mine.signature() == ["a", "b"]
    assert len(mine) == 2 and not RepeatedLines().among({"a"})


def test_an_empty_view_holds_no_line():
    assert not RepeatedLines().is_repeated("Home | About")


def test_a_page_site_is_its_host_else_the_host_its_html_names_else_its_folder():
    def page(url: str | None, hints: dict[str, object]) -> Page:
        return Page(path="/crawl/a/page.html", identity="x", item=None, sha256="0" * 64, format="html",
                    encoding="utf-8", url=url, text="", meta_hints=hints)

    assert page("https://www.NIH.gov/a?b=1", {"site": "other.org"}).site == "nih.gov"
    assert page(None, {"site": "www.bettycrocker.com"}).site == "bettycrocker.com"
    assert page(None, {}).site == "/crawl/a"


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("aB é9_-中。\n\r\u2028\x85\u0301İﬁ①Ⅻ \t")), max_size=40),
                 st.text(max_size=40)))
def test_a_page_folded_at_once_gives_the_keys_of_its_lines(text):
    by_line = {key for line in split_lines(text)
               if (key := line_key(line.text, "nih.gov")) and not is_long_paragraph(line.text)}
    assert page_line_keys(text, "nih.gov") == by_line


def test_a_long_paragraph_gets_no_key_as_it_is_never_repeated_boilerplate():
    paragraph = "Methadone maintenance treatment reduces illicit opioid use and the spread of HIV. " * 3
    assert page_line_keys(f"Home | About\n{paragraph}\n") == {line_key("Home | About")}
    assert page_line_keys(paragraph[:-1] + " and") == {line_key(paragraph[:-1] + " and")}  # no sentence end
