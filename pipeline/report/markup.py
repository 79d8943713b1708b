"""HTML pieces the report pages share: text in, escaped markup out.

Everything scraped passes through `text()` (or `attribute()`), so a page holding `<script>`, `onerror=` or a
`javascript:` address shows it as text. The report links only to its own files; no address read from a page
becomes a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#1d1d1f}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.2em .5em;vertical-align:top}
th{background:#f4f4f6;text-align:left}th[data-sort]{cursor:pointer}td.n{text-align:right}
.numbers{display:flex;flex-wrap:wrap;gap:.6em}.number{border:1px solid #ddd;border-radius:6px;padding:.4em .8em}
.number b{display:block;font-size:1.4em}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:1em}.box{border:1px solid #ddd;padding:.5em;
white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:13px}
.en{background:#e6f0ff}.zh{background:#fff1dc}.other{background:#eee}
del.removed{color:#a33;text-decoration:line-through}.reason{font-size:11px;color:#fff;background:#a33;
border-radius:3px;padding:0 .3em;margin-left:.4em;text-decoration:none;display:inline-block}
mark.term{background:#c8f0c8;border-bottom:2px solid #2a2}mark.restored{background:#b8e0ff;border-bottom:2px
solid #06c}mark.corrected{background:#ffd3a8;border-bottom:2px solid #c60}
.edit{outline:1px dashed #888}.muted{color:#777}.legend span{padding:0 .4em;margin-right:.4em}
"""

SORT_SCRIPT = """
document.querySelectorAll('th[data-sort]').forEach(function (th) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0], column = th.cellIndex;
    var down = th.getAttribute('data-down') !== '1';
    th.setAttribute('data-down', down ? '1' : '0');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute('data-v') || a.cells[column].textContent;
      var y = b.cells[column].getAttribute('data-v') || b.cells[column].textContent;
      var p = parseFloat(x), q = parseFloat(y);
      var order = (!isNaN(p) && !isNaN(q)) ? p - q : x.localeCompare(y);
      return down ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def text(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def attribute(value: object) -> str:
    return text(value).replace("\n", "&#10;")


def document(title: str, body: str, *, sortable: bool = False) -> str:
    script = f"<script>{SORT_SCRIPT}</script>" if sortable else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{text(title)}</title>'
            f"<style>{STYLE}</style></head><body>\n{body}\n{script}</body></html>\n")


def table(headers: Iterable[str], rows: Iterable[Iterable[object]], *, numeric: Iterable[int] = (),
          sortable: bool = True, raw: Iterable[int] = ()) -> str:
    """A table of escaped cells; the columns in `raw` hold markup made here, those in `numeric` align right."""
    numeric, raw = set(numeric), set(raw)
    head = "".join(f"<th{' data-sort' if sortable else ''}>{text(name)}</th>" for name in headers)
    lines = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            content = str(cell) if index in raw else text(cell)
            cells.append(f'<td class="n">{content}</td>' if index in numeric else f"<td>{content}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(lines) + "\n</tbody></table>"


LEGEND = ('<p class="legend">colours: <span class="en">English</span><span class="zh">Chinese</span>'
          '<span class="other">other</span><mark class="term tagged">term tagged</mark> '
          '<mark class="term restored">term restored</mark> <mark class="term corrected">term corrected</mark> '
          '<mark class="edit">edit (hover: before → after)</mark> <del class="removed">removed line</del>'
          '<span class="reason">reason</span></p>')


def numbers(items: Iterable[tuple[str, object]]) -> str:
    return '<div class="numbers">' + "".join(
        f'<div class="number"><b>{text(value)}</b>{text(label)}</div>' for label, value in items) + "</div>"
