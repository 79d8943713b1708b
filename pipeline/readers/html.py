"""HTML (`.html`, `.htm`, `.xhtml`): a file's bytes in, one `Page` of its main-content text and metadata out.

`decoding.decode` reads the bytes, a `<meta charset>` in the page counting as a declaration.
Two extractors, each where it is strongest: trafilatura (comments off) reads
English and other alphabetic pages and supplies the metadata; Chinese pages, mostly
old table layouts where trafilatura keeps menus and link lists, are cut into
blocks by jusText with no stop-list (Chinese has no spaces to count stop words
by), judging blocks by length and link density with thresholds in characters.
A standfirst (the summary under the headline, which trafilatura drops) is put back as
the first line when the page's description metadata repeats an element just below the h1.
When neither finds main content, the page's whole visible text is used, so
content is never silently lost; the line-level boilerplate stage then cleans it
like any text page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import justext
import lxml.html
import trafilatura
from lxml import etree

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers.base import Reader, Rejection, Source, page_from_bytes
from pipeline.scripts import han_count, letters_and_digits, word_count

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
# jusText settings for Chinese blocks: lengths in characters (about 20 Han characters make a clause)
CHINESE_BLOCKS = {"length_low": 20, "length_high": 40, "stopwords_low": 0.0, "stopwords_high": 0.0,
                  "max_link_density": 0.2}


SENTENCE_END = ("。", "！", "？", "!", "?", "”")


MAX_CELL_CHARS = 60  # a data table's cells are short; a layout table's cells hold whole page regions
MAX_ROW_LINK_SHARE = 0.5


def rows_as_lines(html: str) -> str:
    """Data-table rows (2+ short cells, mostly plain text) become one tab-separated paragraph each,
    so a row is judged, kept and read as a line; layout and link tables are left as they are."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    changed = False
    for row in list(tree.iter("tr")):
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        texts = [" ".join(cell.text_content().split()) for cell in cells]
        if len(cells) < 2 or any(len(text) > MAX_CELL_CHARS or cell.find(".//table") is not None
                                 for text, cell in zip(texts, cells, strict=True)):
            continue
        total = sum(len(text) for text in texts)
        linked = sum(len(" ".join(link.text_content().split())) for link in row.iter("a"))
        if total == 0 or linked > MAX_ROW_LINK_SHARE * total:
            continue
        for cell in cells[1:]:
            row.remove(cell)
        first = cells[0]
        first.clear()
        paragraph = etree.SubElement(first, "p")
        paragraph.text = "\t".join(text for text in texts if text)
        changed = True
    return lxml.html.tostring(tree, encoding="unicode") if changed else html


def chinese_blocks(html: str, main_text: str) -> str:
    """jusText's good blocks, plus the blocks trafilatura also kept that end as sentences: a page of
    short sentences (each too short for jusText alone) keeps them."""
    paragraphs = justext.justext(rows_as_lines(html).encode("utf-8"), frozenset(), encoding="utf-8",
                                 **CHINESE_BLOCKS)
    main_lines = {line.strip() for line in main_text.splitlines() if line.strip()}
    kept = [p.text for p in paragraphs
            if not p.is_boilerplate or (p.text.strip() in main_lines and p.text.rstrip().endswith(SENTENCE_END))]
    return "\n".join(kept)


STANDFIRST_REACH = 60  # elements after the h1 within which a standfirst sits (a lead figure may come first)
MIN_STANDFIRST_CHARS = 20


def standfirst(html: str, description: str | None, text: str) -> str | None:
    """The page's description when an element just below an h1 says exactly it and the text lacks it."""
    wanted = letters_and_digits(description or "")
    if len(wanted) < MIN_STANDFIRST_CHARS or wanted in letters_and_digits(text):
        return None
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    heading_at = -STANDFIRST_REACH - 1
    for position, element in enumerate(tree.iter()):
        if element.tag == "h1":
            heading_at = position
        elif position - heading_at <= STANDFIRST_REACH and element.tag in ("p", "h2", "h3", "h4", "div", "span"):
            # its own text too: an unclosed element (<h2>…</h3>) swallows what follows it
            for candidate in (element.text_content(), element.text or ""):
                if letters_and_digits(candidate) == wanted:
                    return " ".join(candidate.split())
    return None


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
        if (summary := standfirst(html, document.description, text)) is not None:
            text = summary + "\n" + text
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


def _page_text(text: str, url: str | None, settings: IngestSettings) -> tuple[str, dict[str, object]]:
    return extract_main(text, url=url, favor_precision=settings.html_favor_precision)


def page(source: Source, data: bytes, settings: IngestSettings, *, item: str | None = None,
         url: str | None = None, declared: str | None = None) -> Page:
    """One HTML document's bytes as a `Page` (also used for a WARC record of an HTML type)."""
    return page_from_bytes(source, data, "html", settings, to_text=_page_text, is_html=True, item=item, url=url,
                           declared=declared)


def read(source: Source, data: bytes, settings: IngestSettings) -> Iterator[Page | Rejection]:
    yield page(source, data, settings)


READER = Reader(format="html", suffixes=(".html", ".htm", ".xhtml"), read=read)
