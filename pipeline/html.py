"""HTML in, main-content text and metadata out.

Two extractors, each where it is strongest: trafilatura (comments off) reads
English and other alphabetic pages and supplies the metadata; Chinese pages, mostly
old table layouts where trafilatura keeps menus and link lists, are cut into
blocks by jusText with no stop-list (Chinese has no spaces to count stop words
by), judging blocks by length and link density with thresholds in characters.
When neither finds main content, the page's whole visible text is used, so
content is never silently lost; the line-level boilerplate stage then cleans it
like any text page.
"""

from __future__ import annotations

import re

import justext
import trafilatura

from pipeline.scripts import han_count, word_count

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
# jusText settings for Chinese blocks: lengths in characters (about 20 Han characters make a clause)
CHINESE_BLOCKS = {"length_low": 20, "length_high": 40, "stopwords_low": 0.0, "stopwords_high": 0.0,
                  "max_link_density": 0.2}


SENTENCE_END = ("。", "！", "？", "!", "?", "”")


def chinese_blocks(html: str, main_text: str) -> str:
    """jusText's good blocks, plus the blocks trafilatura also kept that end as sentences: a page of
    short sentences (each too short for jusText alone) keeps them."""
    paragraphs = justext.justext(html.encode("utf-8"), frozenset(), encoding="utf-8", **CHINESE_BLOCKS)
    main_lines = {line.strip() for line in main_text.splitlines() if line.strip()}
    kept = [p.text for p in paragraphs
            if not p.is_boilerplate or (p.text.strip() in main_lines and p.text.rstrip().endswith(SENTENCE_END))]
    return "\n".join(kept)


def extract_main(html: str, url: str | None = None, favor_precision: bool = False) -> tuple[str, dict[str, object]]:
    """(text, metadata) of an HTML page; metadata holds title, date, authors when found."""
    if not BODY.search(html):
        html = f"<html><body>{html}</body></html>"  # a fragment: extractors look for a body
    document = None
    if html.strip():
        try:
            document = trafilatura.bare_extraction(
                html, url=url, include_comments=False, include_tables=True, with_metadata=True,
                favor_precision=favor_precision, deduplicate=False,
                # no guessing from copyright lines or URLs: a date must be stated as one
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError, AttributeError):  # trafilatura raises these on malformed trees
            document = None
    meta: dict[str, object] = {}
    text = ""
    if document is not None:
        text = document.text or ""
        if document.title:
            meta["title"] = document.title.strip()
        if document.date and ISO_DATE.match(document.date):
            meta["date"] = document.date
        if document.author:
            meta["authors"] = [name.strip() for name in document.author.split(";") if name.strip()]
    whole = text if text.strip() else (trafilatura.html2txt(html) if html.strip() else "")
    if han_count(whole) > word_count(whole):
        text = chinese_blocks(html, whole)
        meta["extractor"] = "justext-zh"
    else:
        meta["extractor"] = "trafilatura"
    if not text.strip():
        text = whole
        meta["extractor"] = "whole-page"
    return text, meta
