"""TMX 1.4b: one translation unit per sentence pair, with the page id, the score and the term hits as props."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pipeline import __version__
from pipeline.exports.base import Exporter, ExportOptions, pair_terms, pairs_of, register
from pipeline.writers.atomic import open_atomic

FILE = "pairs.tmx"


def _prop(kind: str, value: str) -> str:
    return f"      <prop type={quoteattr(kind)}>{escape(value)}</prop>\n"


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    target = out / FILE
    with open_atomic(target) as handle:
        handle.write(('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                      f'  <header creationtool="medclean" creationtoolversion="{__version__}" datatype="plaintext" '
                      'segtype="sentence" adminlang="en" srclang="en" o-tmf="medclean-jsonl"/>\n  <body>\n')
                     .encode())
        by_id = {record["id"]: record for record in records}
        for record, pair in pairs_of(records, options):
            concepts = sorted({hit["concept"] for lang in ("en", "zh")
                               for hit in pair_terms(record, pair, lang, by_id)})
            unit = "    <tu>\n" + _prop("x-page", record["id"]) + _prop("x-score", f"{pair['score']:.4f}")
            if pair.get("zh_page"):
                unit += _prop("x-zh-page", pair["zh_page"])
            unit += "".join(_prop("x-concept", concept) for concept in concepts)
            for lang in ("en", "zh"):
                unit += f'      <tuv xml:lang="{lang}"><seg>{escape(pair[lang])}</seg></tuv>\n'
            handle.write((unit + "    </tu>\n").encode("utf-8"))
        handle.write(b"  </body>\n</tmx>\n")
    return [target]


register(Exporter("tmx", "TMX 1.4b translation memory of the sentence pairs (props: page id, score, concepts)",
                  write))
