"""The page view: one record in, an HTML `<article>` out: the source as medclean read it beside the cleaned
streams, removed lines struck through with their reason, each language in its colour, term hits marked with
their concept and action, edits as before → after, and the sentence pairs.

The record does not carry the source text; it carries where every kept segment and removed line stood in it
(`src_start`), what each edit replaced (`before`) and each restored or corrected term's surface, so the source
is laid out again from them: segments and removed lines in source order, edits and term rewrites undone (a
masked address or number stays masked: the report is a file people share).
"""

from __future__ import annotations

from pipeline.report.markup import attribute, table, text

STREAMS = ("en", "zh", "other")


def _replacements(record: dict) -> dict[str, list[tuple[int, int, str]]]:
    """Per stream, what to put back to read the source: (start, end, source text) for every edit but a mask (a
    masked address or number stays masked in a report people share) and every restored or corrected term."""
    found: dict[str, list[tuple[int, int, str]]] = {lang: [] for lang in STREAMS}
    for edit in record.get("edits") or ():
        if edit["kind"] != "mask":
            found.setdefault(edit["stream"], []).append((edit["start"], edit["start"] + len(edit["after"]),
                                                          edit["before"]))
    for hit in record.get("terms") or ():
        if hit["action"] in ("restored", "corrected"):
            found.setdefault(hit["stream"], []).append((hit["start"], hit["end"], hit["surface"]))
    return {lang: sorted(items) for lang, items in found.items()}


def _undone(stream: str, start: int, end: int, replacements: list[tuple[int, int, str]]) -> str:
    """stream[start:end] with the replacements that stand inside it undone."""
    pieces, position = [], start
    for at, until, before in replacements:
        if at < position or until > end:
            continue
        pieces += [stream[position:at], before]
        position = until
    return "".join(pieces) + stream[position:end]


def _same_line(previous: dict, current: dict, streams: dict[str, str]) -> bool:
    """Whether two segments next to each other in the source stand on one line: a stream joins the segments of
    one line with a space and lines with a line break, so the character after the earlier segment in its
    stream, or before the later one in its stream, tells; where neither stream has one, they do not."""
    after = streams.get(previous["lang"], "")[previous["end"]:previous["end"] + 1]
    before = streams.get(current["lang"], "")[current["start"] - 1:current["start"]] if current["start"] else ""
    if "\n" in (after, before):
        return False
    return bool(after or before)


def source_items(record: dict) -> list[tuple[str, str, str]]:
    """The source in order, as (kind, label, text): ("kept", language, text), ("removed", reason, line) and
    ("break", "", ""). A removed line stands where its `src_start` says; in a record without those offsets, in
    the gaps between the segments, as many as each gap holds."""
    streams = {lang: (record.get(lang) or {}).get("text", "") for lang in STREAMS}
    replacements = _replacements(record)
    removed = list(record.get("removed") or ())
    placed = all("src_start" in line for line in removed)
    entries: list[tuple[int, int, dict | None, dict | None]] = []  # (source offset, order, segment, removed)
    for order, segment in enumerate(record.get("segments") or ()):
        entries.append((segment["src_start"], order, segment, None))
    if placed:
        for order, line in enumerate(removed):
            at = line["src_start"]
            entries.append((10**15 if at is None else at, order, None, line))
        removed = []
    entries.sort(key=lambda entry: (entry[0], entry[2] is not None, entry[1]))
    items: list[tuple[str, str, str]] = []
    previous: dict | None = None
    covered = 0

    def add_removed(line: dict) -> None:
        if items and items[-1][0] != "break":
            items.append(("break", "", ""))
        items.extend([("removed", line["reason"], line["text"]), ("break", "", "")])

    for at, _, segment, line in entries:
        if line is not None:
            add_removed(line)
            previous = None
            continue
        assert segment is not None
        gap = at - covered
        while removed and len(removed[0]["text"]) <= gap:  # a record without offsets: fill the gap
            gap -= len(removed[0]["text"]) + 1
            add_removed(removed.pop(0))
            previous = None
        if previous is not None and items and items[-1][0] == "kept" and at > covered:  # touching: one line
            items.append(("kept", segment["lang"], " ") if _same_line(previous, segment, streams)
                         else ("break", "", ""))
        items.append(("kept", segment["lang"], _undone(streams.get(segment["lang"], ""), segment["start"],
                                                       segment["end"], replacements.get(segment["lang"], []))))
        previous = segment
        covered = max(covered, segment["src_end"])
    for line in removed:
        add_removed(line)
    return items


def _source_markup(record: dict) -> str:
    out = []
    for kind, label, value in source_items(record):
        if kind == "break":
            out.append("\n")
        elif kind == "removed":
            out.append(f'<del class="removed" title="{attribute(label)}">{text(value)}</del>'
                       f'<span class="reason">{text(label)}</span>')
        else:
            out.append(f'<span class="{text(label)}">{text(value)}</span>')
    return "".join(out)


def _stream_markup(record: dict, lang: str) -> str:
    """The stream with its term hits marked (concept and action) and its edits outlined (before → after)."""
    stream = (record.get(lang) or {}).get("text", "")
    marks: list[tuple[int, int, str, str]] = []
    for hit in record.get("terms") or ():
        if hit["stream"] == lang:
            marks.append((hit["start"], hit["end"], f"term {hit['action']}",
                          f"{hit['concept']} ({hit['action']}): {hit['en']} / {hit['zh'] or '—'}"))
    for edit in record.get("edits") or ():
        if edit["stream"] == lang and edit["after"]:
            marks.append((edit["start"], edit["start"] + len(edit["after"]), "edit",
                          f"{edit['kind']}: {_before(edit)} → {edit['after']}"))
    bounds = sorted({0, len(stream), *(start for start, *_ in marks), *(end for _, end, *_ in marks)})
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if start >= end:
            continue
        over = [(classes, title) for mark_start, mark_end, classes, title in marks
                if mark_start <= start and end <= mark_end]
        piece = text(stream[start:end])
        if not over:
            out.append(piece)
            continue
        terms = [(classes, title) for classes, title in over if classes.startswith("term")]
        classes, titles = (terms[0][0] if terms else "edit"), "; ".join(title for _, title in over)
        if terms and len(over) > len(terms):
            classes += " edit"
        out.append(f'<mark class="{text(classes)}" title="{attribute(titles)}">{piece}</mark>')
    return "".join(out)


def _before(edit: dict) -> str:
    return "(masked)" if edit["kind"] == "mask" else edit["before"]


def page_view(record: dict, number: int, records_name: str = "records.jsonl") -> str:
    source = record.get("source") or {}
    meta = record.get("meta") or {}
    mt = record.get("mt") or {}
    facts = [("id", record.get("id")), ("record", f"line {number + 1} of {records_name}"),
             ("file", source.get("path")), ("item", source.get("item")), ("address", source.get("url")),
             ("format / encoding", f"{source.get('format')} / {source.get('encoding')}"),
             ("language", (record.get("lang") or {}).get("doc")), ("mt score", mt.get("score")),
             ("mt signals", ", ".join(f"{key} {value}" for key, value in (mt.get("signals") or {}).items())),
             ("title", meta.get("title")), ("date", meta.get("date")),
             ("authors", "; ".join(meta.get("authors") or ())), ("doi", meta.get("doi")),
             ("duplicate of", record.get("duplicate_of"))]
    parts = [f'<article id="p{number}"><h2>{text(meta.get("title") or record.get("id"))}</h2>',
             table(("field", "value"), [(label, value) for label, value in facts if value not in (None, "")],
                   sortable=False),
             '<div class="columns"><div><h3>source, as read (removed lines struck through)</h3>'
             f'<div class="box">{_source_markup(record)}</div></div><div>']
    for lang in STREAMS:
        if (record.get(lang) or {}).get("text"):
            parts.append(f'<h3>{lang} stream</h3><div class="box {lang}">{_stream_markup(record, lang)}</div>')
    parts.append("</div></div>")
    edits = record.get("edits") or []
    if edits:
        parts.append("<h3>edits</h3>" + table(("kind", "stream", "before → after", "at"), [
            (edit["kind"], edit["stream"], f"{_before(edit)} → {edit['after']}", edit["start"]) for edit in edits],
            numeric=(3,), sortable=False))
    terms = record.get("terms") or []
    if terms:
        parts.append("<h3>terms</h3>" + table(("concept", "surface", "stream", "action", "en", "zh"), [
            (hit["concept"], hit["surface"], hit["stream"], hit["action"], hit["en"], hit["zh"]) for hit in terms],
            sortable=False))
    pairs = record.get("pairs") or []
    if pairs:
        parts.append("<h3>sentence pairs</h3>" + table(("en", "zh", "score"), [
            (pair["en"], pair["zh"] + (f"  [{pair['zh_page']}]" if pair.get("zh_page") else ""), pair["score"])
            for pair in pairs], numeric=(2,), sortable=False))
    parts.append("</article>")
    return "\n".join(parts)
