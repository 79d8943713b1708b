"""The streaming pass over HTML: what a reader sees, the title apart, in time linear in the page."""

from __future__ import annotations

import pytest

from pipeline.readers.visible import Visible, hides, visible_text

SENTENCE = "Naloxone reverses an opioid overdose within minutes."


def test_text_outside_code_comments_and_hidden_elements_with_blocks_as_lines() -> None:
    html = ("<!DOCTYPE html><html><head><title> First  aid &amp; naloxone </title><style>p { color: red }</style>"
            "<script>var s = '</div><p>not text</p>';</script></head><body>"
            "<h1>First aid</h1><p>Call for help,\n   then <b>give</b> naloxone.</p><!-- a comment <p>no</p> -->"
            "<div hidden><p>a collapsed menu</p><div>still hidden</div></div>"
            "<div style='color: red; display: none'>hidden too</div><div style='display:block'>shown</div>"
            "<table><tr><td>Dose</td><td>4 mg</td></tr></table>Wait<br>two minutes &lt;then&gt; repeat."
            "<noscript>enable scripts</noscript><template><p>inert</p></template><textarea>a form field</textarea>"
            '<p title="a > b">After the title attribute.</p><p>1 < 2 and a lone &amp</p></body></html>')
    assert visible_text(html) == Visible(
        "First aid\nCall for help, then give naloxone.\nshown\nDose 4 mg\nWait\ntwo minutes <then> repeat.\n"
        "After the title attribute.\n1 < 2 and a lone &", "First aid & naloxone")


def test_an_unclosed_element_or_comment_runs_to_the_end() -> None:
    assert visible_text(f"<p>{SENTENCE}<script>var x = 1;") == Visible(SENTENCE, None)
    assert visible_text(f"<div hidden><p>menu</p>{SENTENCE}") == Visible("", None)
    assert visible_text(f"<!-- unclosed comment {SENTENCE}") == Visible("", None)
    # an attribute value never closed ends with its tag: the text after it is kept (a browser would drop it)
    assert visible_text(f"<p title='unclosed>{SENTENCE}") == Visible(SENTENCE, None)


def test_nesting_depth_makes_no_difference() -> None:
    html = "<html><body>" + "<div><span>" * 50_000 + SENTENCE + "</span></div>" * 50_000 + "</body></html>"
    assert visible_text(html) == Visible(SENTENCE, None)


@pytest.mark.parametrize("attributes", ["hidden", "HIDDEN", 'hidden=""', 'style="display:none"',
                                        "style='Visibility: Hidden !important'", 'class="x" style="display: none;"'])
def test_attributes_that_hide_an_element(attributes: str) -> None:
    assert hides(f" {attributes}")


@pytest.mark.parametrize("attributes", ["", 'class="hidden"', 'title="hidden gems"', 'style="display: block"',
                                        'data-style="display:none"', 'style="overflow: hidden"'])
def test_attributes_that_do_not_hide_an_element(attributes: str) -> None:
    assert not hides(f" {attributes}")


# Inputs that cost the standard library's html.parser (Python 3.11) quadratic time or an exception.
HOSTILE = ["</", "<!", "<![", "<?", "<!--", "< ", "<a", '<a x="', "</a ", "<script>", "&#", "<a =", "<p style='",
           "<div hidden>", "<a\n"]


@pytest.mark.parametrize("unit", HOSTILE)
def test_hostile_markup_is_read_without_an_error(unit: str) -> None:
    # its time, linear in the page, is measured by bench/run.py (linearity), not here
    assert isinstance(visible_text("<html><body>" + unit * 2_000 + SENTENCE), Visible)
