"""The visible text of HTML in one streaming pass: markup in, `Visible` (its text and `<title>`) out.

The fallback for what lxml cannot hold: libxml2 stops building the tree 256 elements deep and
drops the rest of the page, and a page it cannot parse at all gives no tree. No tree is built
here: the markup is read token by token, and every character is looked at a bounded number of
times whatever the nesting or the length of an attribute, so the time is linear in the page.

Text inside `script`, `style`, `noscript`, `template`, `iframe`, `textarea` and elements the
page hides (`hidden`, an inline `display: none` or `visibility: hidden`) is left out, as is
everything in comments and declarations; block elements and `<br>` break lines, table cells
are parted by a space; character references are resolved; white space runs are one space and
blank lines go. The first `<title>` is kept apart (`Visible.title`). Where a browser would
drop text, this pass keeps it: an attribute value never closed ends at its tag's `>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

# One token at a "<": a comment (unclosed: to the end), a declaration, processing instruction or
# bogus comment (to the next ">"), or a tag whose quoted attribute values may hold ">". Possessive
# quantifiers: a token never backtracks, so each is read in time linear in its length.
MARKUP = re.compile(r"""
    <!--(?:-?>|.*?--!?>|.*+)
  | <(?:[!?]|/(?![A-Za-z]))[^>]*+>?
  | <(?P<close>/?)(?P<name>[A-Za-z][^\s/>]*+)(?P<attributes>(?:=\s*+"[^"]*+"|=\s*+'[^']*+'|[^>=]++|=)*+)>?
""", re.VERBOSE | re.DOTALL)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]++)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]*+)))?""")
MAY_HIDE = re.compile(r"hidden|style", re.IGNORECASE)
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:;|$|!)", re.IGNORECASE)
SPACES = re.compile(r"\s+")

RAW_TEXT = frozenset({"script", "style", "noscript", "iframe", "noembed", "noframes", "textarea", "title", "xmp"})
RAW_END = {name: re.compile(rf"</{name}(?=[\s/>]|\Z)", re.IGNORECASE) for name in RAW_TEXT}
SHOWN_RAW_TEXT = frozenset({"xmp"})  # raw text a browser shows
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
                  "source", "track", "wbr"})
INERT = frozenset({"template"})  # parsed, never shown
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "tfoot", "thead", "tr", "ul", "xmp"})
CELLS = frozenset({"td", "th"})


@dataclass(frozen=True)
class Visible:
    """What a reader of the page sees: its text (one block a line) and its title (None when it has none)."""

    text: str
    title: str | None


def hides(attributes: str) -> bool:
    """The attributes of an element hide it: `hidden`, or an inline `display: none` / `visibility: hidden`."""
    if not MAY_HIDE.search(attributes):
        return False
    for match in ATTRIBUTE.finditer(attributes):
        name = match.group(1).lower()
        if name == "hidden":
            return True
        if name == "style" and HIDDEN_STYLE.search(next((v for v in match.groups()[1:] if v is not None), "")):
            return True
    return False


def _break(name: str) -> str:
    return "\n" if name in BLOCKS else " " if name in CELLS else ""


def visible_text(markup: str) -> Visible:
    """The visible text and title of `markup`, in one pass linear in its length; see the module's docstring."""
    pieces: list[str] = []
    title: str | None = None
    hidden: str | None = None  # the element being left out (hidden or inert) ...
    depth = 0  # ... and how many of its name are open
    position, end = 0, len(markup)
    while position < end:
        opening = markup.find("<", position)
        if opening < 0:
            opening = end
        if opening > position and hidden is None:
            pieces.append(SPACES.sub(" ", unescape(markup[position:opening])))
        if opening == end:
            break
        token = MARKUP.match(markup, opening)
        if token is None:  # a "<" that opens nothing is text
            if hidden is None:
                pieces.append("<")
            position = opening + 1
            continue
        position = token.end()
        if token.group("name") is None:
            continue  # a comment or declaration
        name = token.group("name").lower()
        if token.group("close"):
            if hidden is None:
                pieces.append(_break(name))
            elif name == hidden:
                depth -= 1
                if depth == 0:
                    hidden = None
                    pieces.append(_break(name))
            continue
        if name in RAW_TEXT:  # its content is text up to its closing tag, never markup
            closing = RAW_END[name].search(markup, position)
            content_end = end if closing is None else closing.start()
            if hidden is None and name == "title" and title is None:
                title = " ".join(unescape(markup[position:content_end]).split()) or None
            elif hidden is None and name in SHOWN_RAW_TEXT:
                pieces.extend(("\n", SPACES.sub(" ", markup[position:content_end])))
            position = content_end  # the closing tag is read next, as a tag
            continue
        if hidden is not None:
            depth += name == hidden
        elif name in VOID:
            pieces.append(_break(name))
        elif name in INERT or hides(token.group("attributes")):
            hidden, depth = name, 1
            pieces.append(_break(name))
        else:
            pieces.append(_break(name))
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return Visible("\n".join(line for line in lines if line), title)
