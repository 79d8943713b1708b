"""Boilerplate: a page's text in, kept lines, removed lines (each with a reason) and metadata out.

Lines are cut at line breaks; blank lines are layout and vanish without a record.
Signals, in order, each with its own reason code:
1. the pattern library (`pipeline/data/boilerplate.tsv`): `boilerplate.<kind>`;
2. lines their site repeats on many distinct pages (`pipeline/repeated.py`, counted per site over
   this run and earlier ones): `boilerplate.repeated`; a long sentence (template or syndicated
   prose) and a turn of a dialogue ("医生：你好" opens a thousand consultations) stay;
3. injected spam (`pipeline/spam.py`): the spam token is removed as `spam.injected`
   and the rest of the line kept when it has content of its own; a line spelling its
   words with look-alike Cyrillic letters goes as `spam.disguised`;
4. everything after a reference-list heading: `boilerplate.references`; everything from the
   first comment header on, when a page has two or more after some running text (`#re: title`,
   `name[1.2.3.*] 认为：`, a forum post line with its time and poster): `boilerplate.comments`;
5. metadata: the title line (`meta.title`) and author lines before or after the running
   text (`meta.authors`) move to `meta`, as do a stated publication date, a DOI and a citation;
6. position and shape: short lines off the page's topic, before the first or after
   the last line that reads as running text, are `boilerplate.edge`; items of a numbered
   list (three or more lines numbered in sequence) and turns of a dialogue (lines opened by
   the speaker labels of four or more lines of the page) are content wherever they sit.
Metadata the format already gave (HTML title/date/author, a JSONL `date`) wins.
A page that gave its reader no text although its source was not blank (an HTML page of
only a script or an image: the reader's `meta_hints["no_text"]` describes it) gets one
removed entry saying so (`extract.no-text`), so its empty record says why.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline import meta as meta_module
from pipeline import spam as spam_module
from pipeline.model import Document, Line, Removal
from pipeline.reasons import (
    COMMENTS,
    EDGE,
    EXTRACT_NO_TEXT,
    META_AUTHORS,
    META_TITLE,
    REFERENCES,
    REPEATED,
    SPAM_DISGUISED,
    SPAM_INJECTED,
)
from pipeline.scripts import han_count, split_lines, word_count
from pipeline.stages import Context

META_FIELDS = ("title", "date", "authors", "doi", "citation")
MIN_COMMENT_HEADERS = 2  # one header-like line may be a quoted post; two start a comment thread
MIN_SPAM_REST = 4  # words or Han characters left after a spam token for the rest of its line to stay


LIST_NUMBER = re.compile(r"^\(?(\d{1,4})[.)、]\s*\S")
MIN_LIST_ITEMS = 3
SPEAKER = re.compile(r"^([^\s:：]{1,12})[ \t]*[:：]\s*\S")  # "医生：", "Q:", "Interviewer:"
MIN_DIALOGUE_TURNS = 4  # lines opened by labels that open two lines or more: a dialogue, not a label list


def dialogue_turns(texts: list[str]) -> set[int]:
    """Indexes of the turns of a dialogue: lines opened by a speaker label that opens another line too,
    when such lines number MIN_DIALOGUE_TURNS or more."""
    labels = [match.group(1) if (match := SPEAKER.match(text)) else None for text in texts]
    counts = Counter(label for label in labels if label)
    turns = {index for index, label in enumerate(labels) if label and counts[label] >= 2}
    return turns if len(turns) >= MIN_DIALOGUE_TURNS else set()


def numbered_list_lines(texts: list[str]) -> set[int]:
    """Indexes of lines in runs of MIN_LIST_ITEMS or more lines numbered n, n+1, n+2…"""
    members: set[int] = set()
    run: list[int] = []
    previous: int | None = None
    for index, text in enumerate(texts + [""]):
        match = LIST_NUMBER.match(text)
        number = int(match.group(1)) if match else None
        if number is not None and previous is not None and number == previous + 1:
            run.append(index)
        else:
            if len(run) >= MIN_LIST_ITEMS:
                members.update(run)
            run = [index] if number is not None else []
        previous = number
    return members


def run(doc: Document, ctx: Context) -> Document:
    lines = split_lines(doc.page.text)
    use_patterns = ctx.config.boilerplate.patterns
    turns = dialogue_turns([line.text for line in lines])
    site = doc.page.site
    reasons: list[str | None] = []
    for index, line in enumerate(lines):
        reason = ctx.boilerplate.reason_for(line.text) if use_patterns else None
        if reason is None and ctx.repeated_lines and index not in turns \
                and ctx.repeated_lines.is_repeated(line.text, site) and not meta_module.is_paragraph(line.text):
            reason = REPEATED
        if reason is None and spam_module.is_disguised(line.text):
            reason = SPAM_DISGUISED
        reasons.append(reason)

    spam_removed: dict[int, Removal] = {}
    for index, spam in enumerate(ctx.spam.find([line.text for line in lines])):
        if not spam or reasons[index]:
            continue
        line = lines[index]
        rest = line.text[len(spam):]
        if spam == line.text or word_count(rest) + han_count(rest) < MIN_SPAM_REST:
            reasons[index] = SPAM_INJECTED
            continue
        spam_removed[index] = Removal(spam, SPAM_INJECTED, line.start)
        offset = len(spam) + len(rest) - len(rest.lstrip())
        lines[index] = Line(rest.strip(), line.start + offset, line.end)

    heading = next((i for i, reason in enumerate(reasons) if reason == REFERENCES), None)
    if heading is not None:
        for index in range(heading + 1, len(lines)):
            reasons[index] = reasons[index] or REFERENCES

    headers = [i for i, reason in enumerate(reasons) if reason == COMMENTS]
    article_before = bool(headers) and any(reasons[i] is None and meta_module.is_content(lines[i].text)
                                           for i in range(headers[0]))
    if len(headers) >= MIN_COMMENT_HEADERS and article_before:
        for index in range(headers[0] + 1, len(lines)):
            reasons[index] = reasons[index] or COMMENTS

    texts = [line.text for line in lines]
    found: dict[str, object] = dict(meta_module.stated_metadata(texts, [reason != COMMENTS for reason in reasons]))
    content = [reasons[i] is None and meta_module.is_content(text) for i, text in enumerate(texts)]
    if any(content):
        first = content.index(True)
        last = len(content) - 1 - content[::-1].index(True)
        body = " ".join(text for i, text in enumerate(texts) if content[i])
        authors: list[str] = []
        edge = [*range(first), *range(last + 1, len(texts))]  # a byline or title heads or closes an article
        topic = meta_module.content_words(body) if edge else set()  # what a title or an edge line shares
        hint = doc.page.meta_hints.get("title")
        hinted_title = str(hint) if hint else None  # a title the format gave: only a line saying it goes
        for index in edge:
            if reasons[index]:
                continue
            text = texts[index]
            names = meta_module.byline_authors(text) or ([name] if (name := meta_module.numbered_author(text)) else [])
            if names:
                authors.extend(names)
                reasons[index] = META_AUTHORS
            elif index < first and "title" not in found and meta_module.is_title(text, topic) \
                    and (hinted_title is None or meta_module.same_title(text, hinted_title)):
                found["title"] = text
                reasons[index] = META_TITLE
        if authors:
            found["authors"] = authors
        listed = numbered_list_lines(texts)
        for index, text in enumerate(texts):
            if reasons[index] is not None or first <= index <= last or index in listed or index in turns:
                continue  # only unjudged lines at the edge may go as off-topic
            short = meta_module.is_short(text) and not meta_module.ends_sentence(text)
            if not (short or meta_module.is_headline(text)):
                continue
            if not meta_module.shares_topic(text, topic):
                reasons[index] = EDGE

    kept: list[Line] = []
    removed: list[Removal] = []
    counts: Counter[str] = Counter()
    for index, (line, reason) in enumerate(zip(lines, reasons, strict=True)):
        if index in spam_removed:
            removed.append(spam_removed[index])
        if reason:
            removed.append(Removal(line.text, reason, line.start))
        else:
            kept.append(line)
    no_text = doc.page.meta_hints.get("no_text")
    if no_text is not None and not doc.page.text.strip():
        removed.append(Removal(str(no_text), EXTRACT_NO_TEXT))
    for removal in removed:
        counts[f"removed.{removal.reason}"] += 1
    counts["boilerplate.kept_lines"] += len(kept)
    hints = doc.page.meta_hints
    meta = {name: hints.get(name) if hints.get(name) is not None else found.get(name) for name in META_FIELDS}
    return doc.evolve(kept=tuple(kept), removed=tuple(removed), meta=meta, report=counts)
