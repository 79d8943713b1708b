"""Counterpart pages: page ids with their URLs and languages in, (English page, Chinese page) pairs out.

Bilingual sites publish a text and its translation as two pages whose URLs differ only by a language
marker (`/en/methadone.html` and `/zh/methadone.html`, `about_en.html` and `about_cn.html`,
`en.example.org/x` and `cn.example.org/x`, `?lang=en` and `?lang=zh`; `data/language_markers.tsv`). Two
pages are counterparts when their URLs are the same with the marker taken out, the English-marked page
reads as English and the Chinese-marked page as Chinese, and no third page of either language shares that key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.datafiles import data_path

LANGUAGE_PARAMETERS = ("lang", "language", "locale", "hl")
SUFFIX = re.compile(r"^(?P<stem>.+?)[._-](?P<marker>[A-Za-z_-]{2,8})(?P<extension>\.[A-Za-z0-9]{1,5})?$")


@cache
def markers() -> dict[str, str]:
    found = {}
    for line in data_path("language_markers.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            marker, lang = line.split("\t")
            found[marker.strip().lower()] = lang.strip()
    return found


def language_free(url: str) -> tuple[str, str] | None:
    """(the URL with its language marker replaced by `{lang}`, the marker's language), or None when the URL
    names no language."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    known = markers()
    query = parse_qsl(parts.query, keep_blank_values=True)
    for number, (key, value) in enumerate(query):
        if key.lower() in LANGUAGE_PARAMETERS and value.lower() in known:
            rest = query[:number] + [(key, "{lang}")] + query[number + 1:]
            return urlunsplit(("", host, parts.path, urlencode(rest, safe="{}"), "")), known[value.lower()]
    segments = parts.path.split("/")
    for number, segment in enumerate(segments):
        if segment.lower() in known:
            path = "/".join(segments[:number] + ["{lang}"] + segments[number + 1:])
            return urlunsplit(("", host, path, parts.query, "")), known[segment.lower()]
    if segments and (match := SUFFIX.match(segments[-1])) and match["marker"].lower() in known:
        name = f"{match['stem']}.{{lang}}{match['extension'] or ''}"
        return urlunsplit(("", host, "/".join(segments[:-1] + [name]), parts.query, "")), known[match["marker"].lower()]
    label, _, domain = host.partition(".")
    if domain and label in known:
        return urlunsplit(("", "{lang}." + domain, parts.path, parts.query, "")), known[label]
    return None


def counterpart_key(url: str | None, doc_lang: str | None) -> str | None:
    """The key a page shares with its counterpart (its URL without the language marker, then the marker's
    language), when its URL names a language and the page reads as that language; else None."""
    found = language_free(url) if url else None
    if found is None or found[1] != doc_lang:
        return None
    return f"{found[0]}\t{found[1]}"


def counterparts(keyed_pages: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """(English page id, Chinese page id) for every two pages that share a key (`counterpart_key`), one English
    and one Chinese and no third, given as (page id, key) in page order, in the order of the English pages."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    order: dict[str, int] = {}
    for page, key in keyed_pages:
        order.setdefault(page, len(order))
        if key:
            template, _, lang = key.rpartition("\t")
            groups[template][lang].append(page)
    found = [(by_lang["en"][0], by_lang["zh"][0]) for by_lang in groups.values()
             if set(by_lang) == {"en", "zh"} and len(by_lang["en"]) == len(by_lang["zh"]) == 1]
    return sorted(found, key=lambda pair: order[pair[0]])
