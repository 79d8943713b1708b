"""spaCy DocBin: `en.spacy` and `zh.spacy`, one Doc per page stream, the glossary term hits as entity spans
labelled with the concept's category (kb_id: the concept id). Read back with
`DocBin().from_disk(path).get_docs(spacy.blank(lang).vocab)`; made with spaCy's blank pipelines, whose Chinese
tokenizer splits into characters, so every term hit falls on token boundaries."""

from __future__ import annotations

from pathlib import Path

from pipeline.exports.base import Exporter, ExportOptions, register, stream_text
from pipeline.writers.atomic import open_atomic

UNKNOWN = "TERM"


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    from pipeline.glossary import load

    categories = {concept.id: (concept.category or UNKNOWN).upper().replace("-", "_") for concept in load().concepts}
    written = []
    for lang in options.languages:
        nlp = spacy.blank(lang)
        docs = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID"], store_user_data=True)
        for record in records:
            text = stream_text(record, lang)
            if not text.strip():
                continue
            doc = nlp.make_doc(text)
            spans = []
            for hit in record.get("terms") or ():
                if hit["stream"] == lang:
                    span = doc.char_span(hit["start"], hit["end"], label=categories.get(hit["concept"], UNKNOWN),
                                         kb_id=hit["concept"], alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            doc.ents = filter_spans(spans)
            doc.user_data["id"] = record["id"]
            docs.add(doc)
        target = out / f"{lang}.spacy"
        with open_atomic(target) as handle:
            handle.write(docs.to_bytes())
        written.append(target)
    return written


register(Exporter("docbin", "spaCy DocBin per language stream, term hits as entities labelled by category",
                  write))
