"""Charts as inline SVG: labelled values in, an `<svg>` element out (no script, nothing fetched)."""

from __future__ import annotations

from pipeline.report.markup import attribute, text

BAR_HEIGHT = 18
LABEL_WIDTH = 230
PLOT_WIDTH = 420


def bars(items: list[tuple[str, float]], *, unit: str = "") -> str:
    """A horizontal bar per (label, value), longest value full width, the value written after the bar."""
    if not items:
        return '<p class="muted">nothing to show</p>'
    top = max(value for _, value in items) or 1
    height = BAR_HEIGHT * len(items) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL_WIDTH + PLOT_WIDTH + 90}" height="{height}" '
             f'role="img" font-size="12" font-family="sans-serif">']
    for row, (label, value) in enumerate(items):
        y = row * BAR_HEIGHT + 2
        width = max(1.0, PLOT_WIDTH * value / top) if value else 0.0
        shown = f"{value:,}{unit}" if float(value).is_integer() else f"{value:,.3g}{unit}"
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{text(label[:40])}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 5}" '
                     'fill="#4a7bd0">'
                     f"<title>{attribute(label)}: {text(shown)}</title></rect>"
                     f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + 13}">{text(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(counts: list[int], edges: list[float], *, label: str) -> str:
    """Columns for `counts` between consecutive `edges` (len(edges) == len(counts) + 1)."""
    if not counts or not any(counts):
        return '<p class="muted">nothing to show</p>'
    top, width, height = max(counts), 40, 140
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * len(counts) + 60}" height="{height + 50}" '
             f'role="img" font-size="11" font-family="sans-serif"><title>{text(label)}</title>']
    for column, count in enumerate(counts):
        tall = height * count / top
        x = 40 + column * width
        parts.append(f'<rect x="{x + 2}" y="{height - tall + 20:.1f}" width="{width - 4}" height="{tall:.1f}" '
                     f'fill="#4a7bd0"><title>{edges[column]:g} to {edges[column + 1]:g}: {count}</title></rect>'
                     f'<text x="{x + width / 2}" y="{height - tall + 16:.1f}" text-anchor="middle">{count}</text>'
                     f'<text x="{x}" y="{height + 34}" text-anchor="middle">{edges[column]:g}</text>')
    parts.append(f'<text x="{40 + len(counts) * width}" y="{height + 34}" text-anchor="middle">{edges[-1]:g}</text>'
                 "</svg>")
    return "".join(parts)
