"""HTML in, main-content text and metadata out (trafilatura, comments off).

When the extractor finds no main content (tiny or unusual pages), the page's
whole visible text is used instead, so content is never silently lost; the
line-level boilerplate stage then cleans it like any text page.
"""

from __future__ import annotations

import re

import trafilatura

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def extract_main(html: str, url: str | None = None, favor_precision: bool = False) -> tuple[str, dict[str, object]]:
    """(text, metadata) of an HTML page; metadata holds title, date, authors when found."""
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
    if not text.strip():
        text = trafilatura.html2txt(html) if html.strip() else ""
        meta["extractor"] = "whole-page"
    else:
        meta["extractor"] = "trafilatura"
    return text, meta
