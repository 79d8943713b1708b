"""HTML (`.html`, `.htm`, `.xhtml`): a file's bytes in, one `Page` of its main-content text and metadata out.

`decoding.decode` reads the bytes, a `<meta charset>` in the page counting as a declaration.
trafilatura reads every page once and supplies the metadata. English and other
alphabetic pages keep its text (comments off). On a Chinese page two extractors must
agree: trafilatura in precision mode (which finds the article on modern portals but
keeps the menus and link lists of old table layouts) and jusText with no stop-list
(Chinese has no spaces to count stop words by; blocks judged by length and link density
in characters; it keeps whole page regions around the article on modern portals). The
page keeps jusText's good blocks from the first to the last that trafilatura's text also
holds, then the replies trafilatura read as comments (a forum thread's posts; an article's
comment thread is cut later by the boilerplate stage). Whichever is missing decides: no
running text from trafilatura (nothing, or only table rows) leaves jusText's blocks; no
agreement at all leaves trafilatura's text.
A standfirst (the summary under the headline, which trafilatura drops) is put back as
the first line when the page's description metadata repeats an element just below the h1
and the page marks that element as part of the article body (schema.org articleBody).
When neither finds main content, the page's whole visible text is used, so
content is never silently lost; the line-level boilerplate stage then cleans it
like any text page. A page lxml cannot hold (no tree, or a tree cut short: libxml2 stops
256 elements deep and drops the rest of the page) is read by the streaming pass of
`visible.py` instead, linear in the page's size, as is a page whose tree gives no text.
A page that still gives no text although it is not blank says what it held in
`meta_hints["no_text"]` (its title, else the start of its markup), for its record's
`removed` (`extract.no-text`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import justext
import justext.core
import lxml.html
import trafilatura
import trafilatura.metadata as trafilatura_metadata
from lxml import etree
from trafilatura.utils import load_html as trafilatura_load_html

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers.base import Contents, Reader, Rejection, Source, page_from_bytes
from pipeline.readers.visible import HIDDEN_STYLE, visible_text
from pipeline.scripts import han_count, letters_and_digits, word_count

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
# jusText settings for Chinese blocks: lengths in characters (about 20 Han characters make a clause)
CHINESE_BLOCKS = {"length_low": 20, "length_high": 40, "stopwords_low": 0.0, "stopwords_high": 0.0,
                  "max_link_density": 0.2}


MAX_CELL_CHARS = 60  # a data table's cells are short; a layout table's cells hold whole page regions
MAX_ROW_LINK_SHARE = 0.5


TAG_SHAPED = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
MIN_SOURCE_TAGS = 3  # hidden text with this many tags in it is a copy of HTML that a script renders


def _is_hidden(element: Any) -> bool:
    return isinstance(element.tag, str) and (element.get("hidden") is not None
                                              or bool(HIDDEN_STYLE.search(element.get("style") or "")))


def reveal_or_drop_hidden(tree: Any) -> None:
    """Elements the page does not show (`hidden`, an inline `display: none` or `visibility: hidden`) go with
    their text (a collapsed menu, a template), except an escaped copy of HTML, which a script renders into
    the page (a post kept as source by an editor): it is parsed and shown as that HTML."""
    for element in [element for element in tree.iter() if _is_hidden(element)]:
        if element.getparent() is None:
            continue
        source = element.text_content()
        if len(TAG_SHAPED.findall(source)) < MIN_SOURCE_TAGS:
            element.drop_tree()  # its tail (the text after it) stays
            continue
        try:
            rendered = lxml.html.fragments_fromstring(source)
        except (etree.ParserError, ValueError):
            element.drop_tree()
            continue
        for child in list(element):
            element.remove(child)
        element.text = None
        for attribute in ("hidden", "style"):
            element.attrib.pop(attribute, None)
        for fragment in rendered:
            if isinstance(fragment, str):
                element.text = (element.text or "") + fragment
            else:
                element.append(fragment)


def rows_as_lines(tree: Any) -> None:
    """Data-table rows (2+ short cells, mostly plain text) become one tab-separated paragraph each,
    so a row is judged, kept and read as a line; layout and link tables are left as they are."""
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


def justext_blocks(tree: Any) -> list[Any]:
    """jusText's classified blocks of a page, on a copy of the tree parsed once for every extractor: what the
    page hides goes first (jusText's own clean-up drops style attributes), then jusText's clean-up (scripts,
    styles, forms, head), and table rows become lines."""
    dom = copy.deepcopy(tree)
    reveal_or_drop_hidden(dom)
    dom = justext.core.preprocessor(dom)
    rows_as_lines(dom)
    paragraphs = justext.core.ParagraphMaker.make_paragraphs(dom)
    justext.core.classify_paragraphs(paragraphs, frozenset(), CHINESE_BLOCKS["length_low"],
                                     CHINESE_BLOCKS["length_high"], CHINESE_BLOCKS["stopwords_low"],
                                     CHINESE_BLOCKS["stopwords_high"], CHINESE_BLOCKS["max_link_density"],
                                     no_headings=False)
    justext.core.revise_paragraph_classification(paragraphs, justext.core.MAX_HEADING_DISTANCE_DEFAULT)
    return paragraphs


SENTENCE_END = ("。", "！", "？", "!", "?", "”")
THREAD_SHARE = 0.25  # comments this long beside the text are a thread's replies (a forum), not a comment section
TABLE_ROW = "|"  # trafilatura writes a table row as "| cell | cell |"
TABLE_ONLY_SHARE = 0.8  # trafilatura's text this much table rows: it found a data table, not the article
MIN_CONTAINED_CHARS = 8  # a block this long may match inside one of trafilatura's lines (its lines join blocks)


def chinese_blocks(tree: Any, main_text: str, comments: str = "") -> str:
    """The text of a Chinese page where jusText and trafilatura (precision mode: `main_text`, `comments`)
    agree; see the module's docstring."""
    lines = [line for line in main_text.splitlines() if line.strip()]
    table = sum(len(line) for line in lines if line.lstrip().startswith(TABLE_ROW))
    paragraphs = justext_blocks(tree)
    if not lines or table >= TABLE_ONLY_SHARE * sum(map(len, lines)):
        return "\n".join([p.text for p in paragraphs if not p.is_boilerplate] + [comments] * bool(comments))
    keys = {letters_and_digits(line) for line in lines}
    whole = letters_and_digits(main_text)

    def in_main_text(text: str) -> bool:
        key = letters_and_digits(text)
        return key in keys or (len(key) >= MIN_CONTAINED_CHARS and key in whole)

    # jusText's good blocks, and the sentences trafilatura kept that jusText found too short alone
    blocks = [(p.text, in_main_text(p.text)) for p in paragraphs]
    eligible = [(text, agreed) for (text, agreed), p in zip(blocks, paragraphs, strict=True)
                if not p.is_boilerplate or (agreed and text.rstrip().endswith(SENTENCE_END))]
    agreed_at = [index for index, (_, agreed) in enumerate(eligible) if agreed]
    kept = [text for text, _ in eligible[agreed_at[0]:agreed_at[-1] + 1]] if agreed_at else lines
    return "\n".join(kept + [comments] * bool(comments))


STANDFIRST_REACH = 60  # elements after the h1 within which a standfirst sits (a lead figure may come first)
MIN_STANDFIRST_CHARS = 20


ARTICLE_BODY = "articleBody"  # schema.org: microdata itemprop="articleBody", JSON-LD "articleBody": "…"
JSON_LD_BODY = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.)*)"')


JSON_LD = etree.XPath('//script[@type="application/ld+json"]')
MARKED_BODY = etree.XPath(f'//*[@itemprop="{ARTICLE_BODY}"]')


def _names_article_body(tree: Any) -> bool:
    return bool(MARKED_BODY(tree)) or any(ARTICLE_BODY in (script.text or "") for script in JSON_LD(tree))


def _marked_as_body(tree: Any, element: Any, wanted: str) -> bool:
    """The page itself says the element belongs to the article body: it sits inside the element marked
    itemprop="articleBody", or the JSON-LD articleBody holds its text."""
    if any(ancestor.get("itemprop") == ARTICLE_BODY for ancestor in element.iterancestors()):
        return True
    return any(wanted in letters_and_digits(body.group(1))
               for script in JSON_LD(tree) for body in JSON_LD_BODY.finditer(script.text or ""))


def standfirst(tree: Any, description: str | None, text: str) -> str | None:
    """The page's description when an element just below an h1 says exactly it, the page marks that element
    as part of the article body, and the text lacks it. Unmarked, a standfirst is the page's summary of
    itself, which an article's text leaves out as often as it keeps it."""
    wanted = letters_and_digits(description or "")
    if len(wanted) < MIN_STANDFIRST_CHARS or wanted in letters_and_digits(text) or not _names_article_body(tree):
        return None
    heading_at = -STANDFIRST_REACH - 1
    for position, element in enumerate(tree.iter()):
        if element.tag == "h1":
            heading_at = position
        elif position - heading_at <= STANDFIRST_REACH and element.tag in ("p", "h2", "h3", "h4", "div", "span"):
            # its own text too: an unclosed element (<h2>…</h3>) swallows what follows it
            for candidate in (element.text_content(), element.text or ""):
                if letters_and_digits(candidate) == wanted:
                    return " ".join(candidate.split()) if _marked_as_body(tree, element, wanted) else None
    return None


CODE_OPENING = re.compile(r"<(script|style)\b", re.IGNORECASE)
TAG = re.compile(r"<[^<>]*>")  # stops at the next "<": an unclosed "<" costs one step, not a scan to the end


def markup_text(html: str) -> str:
    """The page's text with scripts, styles and tags blanked out, in one pass linear in the page (a lazy
    `<script>.*?</script>` pattern scans to the end of the page from every unclosed opening tag)."""
    lowered = html.lower()
    kept: list[str] = []
    position = 0
    while match := CODE_OPENING.search(html, position):
        closing = lowered.find(f"</{match.group(1).lower()}", match.end())
        if closing < 0:
            break  # no closing tag anywhere after it: neither has any later opening tag
        kept.append(html[position:match.start()])
        end = lowered.find(">", closing)
        position = len(html) if end < 0 else end + 1
    kept.append(html[position:])
    return TAG.sub(" ", " ".join(kept))


def reads_as_chinese(text: str) -> bool:
    return han_count(text) > word_count(text)


def page_metadata(tree: Any, url: str | None) -> Any:
    """Title, author, date, address and description of a page (a trafilatura `Document`): trafilatura's own
    metadata steps, less those medclean never reads (site name, categories, tags, licence), which cost as much
    as the rest. No date is guessed from copyright lines or URLs: a date must be stated as one."""
    about = trafilatura_metadata.examine_meta(tree)
    if about.author and " " not in about.author:
        about.author = None  # a single word is a handle or a site name, as trafilatura judges it
    try:
        about = trafilatura_metadata.extract_meta_json(tree, about)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):  # malformed JSON-LD
        pass
    about.title = about.title or trafilatura_metadata.extract_title(tree)
    about.author = about.author or trafilatura_metadata.extract_author(tree)
    about.url = about.url or trafilatura_metadata.extract_url(tree, url)
    if about.url:
        about.hostname = trafilatura_metadata.extract_domain(about.url, fast=True)
    about.date = trafilatura_metadata.find_date(tree, extensive_search=False, original_date=True, url=about.url)
    about.clean_and_trim()
    return about


LIBXML_MAX_DEPTH = 256  # libxml2 builds no element deeper than this, and drops the rest of the page
CUT_SHORT = etree.XPath("/*" * LIBXML_MAX_DEPTH)  # the elements at that depth: one pass over the tree, in C
NO_TEXT_NOTE_CHARS = 200


def cut_short(tree: Any) -> bool:
    """The tree reaches libxml2's depth limit, so the parser stopped there: what the page held below and after
    it is missing."""
    return bool(CUT_SHORT(tree.getroottree()))


def no_text_note(html: str, title: str | None) -> str:
    """A short description of a page that gave no text: its title, else the start of its markup."""
    return title or " ".join(html.lstrip()[:4 * NO_TEXT_NOTE_CHARS].split())[:NO_TEXT_NOTE_CHARS]


def extract_main(html: str, url: str | None = None, favor_precision: bool = False) -> tuple[str, dict[str, object]]:
    """(text, metadata) of an HTML page; metadata holds title, date, authors when found. The page is parsed
    once: trafilatura, its metadata steps, jusText and the standfirst read the same tree. A page lxml cannot
    hold, or whose tree gives no text, is read by the streaming pass (`visible_text`)."""
    given = html
    if not BODY.search(html):
        html = f"<html><body>{html}</body></html>"  # a fragment: extractors look for a body
    chinese_markup = reads_as_chinese(markup_text(html))  # trafilatura's settings depend on it
    tree = trafilatura_load_html(html) if html.strip() else None
    held = tree is not None and not cut_short(tree)
    meta: dict[str, object] = {}
    text = comments = ""
    if tree is not None:
        if held:
            try:
                document = trafilatura.bare_extraction(
                    tree, url=url, include_comments=chinese_markup, include_tables=True, with_metadata=False,
                    favor_precision=favor_precision or chinese_markup, deduplicate=False)
            except (ValueError, TypeError, AttributeError):  # trafilatura raises these on malformed trees
                document = None
            if document is not None:
                text, comments = document.text or "", document.comments or ""
                if len(comments) < THREAD_SHARE * len(text):
                    comments = ""  # a few comments under an article: its comment section, not a thread
        about = page_metadata(tree, url)  # the head comes first: a tree cut short still holds it
        if held and (summary := standfirst(tree, about.description, text)) is not None:
            text = summary + "\n" + text
        if about.title:
            meta["title"] = about.title.strip()
        if about.date and ISO_DATE.match(about.date):
            meta["date"] = about.date
        if about.author:
            meta["authors"] = [name.strip() for name in about.author.split(";") if name.strip()]
        if about.hostname:
            meta["site"] = about.hostname  # from the page's own canonical or og:url link
    if held:
        whole = text if text.strip() else trafilatura.html2txt(html)
        if reads_as_chinese(whole):
            text = chinese_blocks(tree, text, comments)
            meta["extractor"] = "justext-zh"
        else:
            meta["extractor"] = "trafilatura"
        if not text.strip():
            text = whole
            meta["extractor"] = "whole-page"
    if not held or (not text.strip() and given.strip()):  # no tree, a tree cut short, or a tree that gave no text
        seen = visible_text(html)
        if seen.text or not held:
            text = seen.text
            meta["extractor"] = "visible-text"
        if not text.strip() and given.strip():
            title = meta.get("title")
            meta["no_text"] = no_text_note(given, title if isinstance(title, str) else seen.title)
    return text, meta


def _page_text(text: str, url: str | None, settings: IngestSettings) -> tuple[str, dict[str, object]]:
    return extract_main(text, url=url, favor_precision=settings.html_favor_precision)


def page(source: Source, data: bytes, settings: IngestSettings, *, item: str | None = None,
         url: str | None = None, declared: str | None = None) -> Page | Rejection:
    """One HTML document's bytes as a `Page` (also used for a WARC record of an HTML type), or its `Rejection`."""
    return page_from_bytes(source, data, "html", settings, to_text=_page_text, is_html=True, item=item, url=url,
                           declared=declared)


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    yield page(source, contents.data, settings)


READER = Reader(format="html", suffixes=(".html", ".htm", ".xhtml"), read=read)
