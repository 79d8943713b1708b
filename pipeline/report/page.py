"""The page view: one record in, an HTML `<article>` out: the source as medclean read it beside the cleaned
streams, removed lines struck through with their reason, each language in its colour, term hits marked with
their concept and action, edits as before → after, and the sentence pairs.

The record does not carry the source text; it carries where every kept segment stood in it (`src_start`,
`src_end`), what each edit replaced (`before`) and the removed lines in page order, so the source is laid out
again from them: the segments in source order with their edits undone, and the removed lines in the gaps
between them, as many as each gap holds (any left over at the end).
"""

from __future__ import annotations

from pipeline.report.markup import attribute, table, text

STREAMS = ("en", "zh", "other")


def _undone(stream: str, start: int, end: int, edits: list[dict]) -> str:
    """stream[start:end] with the edits that stand inside it undone (`after` back to `before`)."""
    pieces, position = [], start
    for edit in edits:
        at, length = edit["start"], len(edit["after"])
        if at < position or at + length > end:
            continue
        pieces += [stream[position:at], edit["before"]]
        position = at + length
    return "".join(pieces) + stream[position:end]


def source_items(record: dict) -> list[tuple[str, str, str]]:
    """The source in order, as (kind, label, text): ("kept", language, text), ("removed", reason, line) and
    ("break", "", "")."""
    streams = {lang: (record.get(lang) or {}).get("text", "") for lang in STREAMS}
    edits: dict[str, list[dict]] = {lang: [] for lang in STREAMS}
    for edit in sorted(record.get("edits") or (), key=lambda edit: edit["start"]):
        edits.setdefault(edit["stream"], []).append(edit)
    removed = list(record.get("removed") or ())
    items: list[tuple[str, str, str]] = []

    def fill(gap: int) -> None:
        while removed and len(removed[0]["text"]) <= gap:
            line = removed.pop(0)
            gap -= len(line["text"]) + 1
            if items and items[-1][0] != "break":
                items.append(("break", "", ""))
            items.extend([("removed", line["reason"], line["text"]), ("break", "", "")])

    covered = 0
    for segment in sorted(record.get("segments") or (), key=lambda segment: segment["src_start"]):
        stream = streams.get(segment["lang"], "")
        gap = segment["src_start"] - covered
        fill(gap)
        if gap > 0 and items and items[-1][0] == "kept":
            ends_line = covered and stream[segment["start"] - 1:segment["start"]] in ("\n", "")
            items.append(("break", "", "") if ends_line else ("kept", segment["lang"], " "))
        items.append(("kept", segment["lang"], _undone(stream, segment["start"], segment["end"],
                                                       edits.get(segment["lang"], []))))
        covered = max(covered, segment["src_end"])
    fill(10**12)
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
                          f"{edit['kind']}: {edit['before']} → {edit['after']}"))
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


def page_view(record: dict, number: int) -> str:
    source = record.get("source") or {}
    meta = record.get("meta") or {}
    mt = record.get("mt") or {}
    facts = [("id", record.get("id")), ("record", f"line {number + 1} of records.jsonl"),
             ("file", source.get("path")), ("item", source.get("item")), ("address", source.get("url")),
             ("format / encoding", f"{source.get('format')} / {source.get('encoding')}"),
             ("language", (record.get("lang") or {}).get("doc")), ("mt score", mt.get("score")),
             ("mt signals", ", ".join(f"{key} {value}" for key, value in (mt.get("signals") or {}).items())),
             ("title", meta.get("title")), ("date", meta.get("date")),
             ("authors", "; ".join(meta.get("authors") or ())), ("doi", meta.get("doi")),
             ("duplicate of", record.get("duplicate_of"))]
    parts = [f'<article id="p{number}"><h2>{text(meta.get("title") or record.get("id"))}</h2>',
             table(("", ""), [(label, value) for label, value in facts if value not in (None, "")], sortable=False),
             '<div class="columns"><div><h3>source, as read (removed lines struck through)</h3>'
             f'<div class="box">{_source_markup(record)}</div></div><div>']
    for lang in STREAMS:
        if (record.get(lang) or {}).get("text"):
            parts.append(f'<h3>{lang} stream</h3><div class="box {lang}-stream">{_stream_markup(record, lang)}</div>')
    parts.append("</div></div>")
    edits = record.get("edits") or []
    if edits:
        parts.append("<h3>edits</h3>" + table(("kind", "stream", "before → after", "at"), [
            (edit["kind"], edit["stream"], f"{edit['before']} → {edit['after']}", edit["start"]) for edit in edits],
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
