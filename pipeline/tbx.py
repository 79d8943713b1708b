"""TBX exchange for the glossary: `Concept`s in, TBX-Basic bytes out; TBX files in, `Concept`s and TSV out.

Export (`to_tbx`) writes TBX-Basic in the ISO 30042:2008 form (`martif` /
`termEntry` / `langSet` / `tig` / `term`), one `termEntry` a concept with
`id` = concept id:

- concept level: `descrip type="subjectField"` (category), `admin type="source"`
  (source), `note` (note);
- `langSet xml:lang="en"`: the canonical form (`administrativeStatus`
  preferredTerm-admn-sts), then each alias (admittedTerm-admn-sts), then the
  abbreviation (admittedTerm-admn-sts, `termType` acronym);
- `langSet xml:lang="zh-Hans"`: zh (preferred), zh_aliases (admitted),
  mistranslations (deprecatedTerm-admn-sts); `langSet xml:lang="zh-Hant"`: zh_hant.

The same glossary always gives the same bytes (no dates, fixed order).

Import (`read_tbx`) reads that form and the ISO 30042:2019 form (`tbx` /
`conceptEntry` / `langSec` / `termSec`, TBX-Basic, DCA or DCT style; namespaces
are ignored). Per language: `en*` is English, `zh-Hant`/`zh-TW`/`zh-HK`/`zh-MO`
Traditional, any other `zh*` Simplified; other languages are skipped with a
warning. The first preferred term is canonical (without one, the first term
with no status); deprecated or superseded Chinese terms are mistranslations;
the first other English term typed acronym/abbreviation/initialism/shortForm is
the abbreviation; every other term is an alias (other Traditional terms are
zh_aliases). Concept-level notes and definitions become the note; a missing
source becomes "imported from FILE"; a missing id is derived from the English.
Whitespace inside values is collapsed so every value fits a TSV cell.
`tsv_text` writes concepts in the glossary's column layout (`glossary.load` reads it back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.glossary import COLUMNS, Concept, Glossary, GlossaryError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
ABBREVIATION_TYPES = {"acronym", "abbreviation", "initialism", "shortform"}
TRADITIONAL_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
LIST_COLUMNS = ("en_aliases", "zh_aliases", "mistranslations")


class TbxError(ValueError):
    """A TBX file that cannot be read or a glossary that cannot be written; one line naming file and line."""


@dataclass(frozen=True)
class Imported:
    concepts: tuple[Concept, ...]
    warnings: tuple[str, ...]  # `file:line: message` for every skipped language, term or entry


# ---------------------------------------------------------------- export

def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for name, value in attributes.items():
        element.set(XML_LANG if name == "lang" else name, value)
    if text is not None:
        element.text = text
    return element


def _tig(lang_set: etree._Element, text: str, status: str, term_type: str | None = None) -> None:
    tig = _sub(lang_set, "tig")
    _sub(tig, "term", text)
    _sub(tig, "termNote", status, type="administrativeStatus")
    if term_type:
        _sub(tig, "termNote", term_type, type="termType")


def _entry(body: etree._Element, concept: Concept) -> None:
    entry = _sub(body, "termEntry", id=concept.id)
    if concept.category:
        _sub(entry, "descrip", concept.category, type="subjectField")
    _sub(entry, "admin", concept.source, type="source")
    if concept.note:
        _sub(entry, "note", concept.note)
    english = _sub(entry, "langSet", lang="en")
    _tig(english, concept.en, PREFERRED)
    for alias in concept.en_aliases:
        _tig(english, alias, ADMITTED)
    if concept.abbreviation:
        _tig(english, concept.abbreviation, ADMITTED, "acronym")
    if concept.zh or concept.zh_aliases or concept.mistranslations:
        simplified = _sub(entry, "langSet", lang="zh-Hans")
        if concept.zh:
            _tig(simplified, concept.zh, PREFERRED)
        for alias in concept.zh_aliases:
            _tig(simplified, alias, ADMITTED)
        for wrong in concept.mistranslations:
            _tig(simplified, wrong, DEPRECATED)
    if concept.zh_hant:
        _tig(_sub(entry, "langSet", lang="zh-Hant"), concept.zh_hant, PREFERRED)


def to_tbx(glossary: Glossary) -> bytes:
    """The glossary as a TBX-Basic (ISO 30042:2008) document, UTF-8, deterministic."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = _sub(root, "martifHeader")
    described = "medclean glossary" + (f", fingerprint sha256:{glossary.fingerprint}" if glossary.fingerprint else "")
    _sub(_sub(_sub(header, "fileDesc"), "sourceDesc"), "p", described)
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary.concepts:
        try:
            _entry(body, concept)
        except ValueError as error:  # lxml refuses control characters XML cannot hold
            raise TbxError(f"{concept.origin}: concept {concept.id!r} cannot be written as XML: {error}") from error
    body_bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n'.encode() + body_bytes


# ---------------------------------------------------------------- import

def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _text(element: etree._Element) -> str:
    """The element's text with line breaks and tabs (and the indentation around them) made one space."""
    return re.sub(r"\s*[\t\r\n]\s*", " ", "".join(element.itertext())).strip()


def _kind(element: etree._Element) -> str:
    """The data category: the `type` of a termNote/descrip/admin (DCA), else the element name (DCT)."""
    name = _name(element)
    if name in ("termNote", "descrip", "admin"):
        return element.get("type") or name
    return name


def _metadata(container: etree._Element, stop: set[str]) -> list[etree._Element]:
    """Data-category elements under `container`, through *Grp groups, not entering `stop` elements."""
    found = []
    for child in container:
        if not isinstance(child.tag, str):
            continue
        name = _name(child)
        if name in stop:
            continue
        if name.endswith("Grp"):  # a group's first element is its head; the rest qualify the head
            found.extend(_metadata(child, stop)[:1])
        else:
            found.append(child)
    return found


def _status(value: str | None) -> str | None:
    word = (value or "").strip().lower()
    for status in ("preferred", "admitted", "deprecated", "superseded"):
        if word.startswith(status):
            return status
    return word or None


@dataclass(frozen=True)
class _Term:
    text: str
    status: str | None
    abbreviation: bool
    line: int


def _terms(section: etree._Element, structure: dict[str, str], where: str, warnings: list[str]) -> list[_Term]:
    terms = []
    for container in section:
        if not isinstance(container.tag, str) or _name(container) not in (structure["term"], "ntig"):
            continue
        line = container.sourceline or 0
        term = next((el for el in container.iter() if isinstance(el.tag, str) and _name(el) == "term"), None)
        text = _text(term) if term is not None else ""
        if not text:
            warnings.append(f"{where}:{line}: empty term skipped")
            continue
        status = term_type = None
        for element in container.iter():
            if not isinstance(element.tag, str):
                continue
            kind = _kind(element)
            if kind == "administrativeStatus" and status is None:
                status = _status(_text(element))
            elif kind == "termType" and term_type is None:
                term_type = _text(element).lower()
        terms.append(_Term(text, status, term_type in ABBREVIATION_TYPES, line))
    return terms


def _canonical(terms: list[_Term], required: bool) -> _Term | None:
    """The first preferred term, else the first term without a status; when one is `required` (English),
    else the first admitted term, else the first term."""
    tests = [lambda t: t.status == "preferred", lambda t: t.status is None and not t.abbreviation]
    if required:
        tests += [lambda t: t.status == "admitted" and not t.abbreviation, lambda t: True]
    for wanted in tests:
        found = next((term for term in terms if wanted(term)), None)
        if found:
            return found
    return None


def _script(lang: str) -> str | None:
    lang = lang.strip().lower().replace("_", "-")
    if lang == "en" or lang.startswith("en-"):
        return "en"
    if lang.startswith(TRADITIONAL_TAGS):
        return "hant"
    if lang == "zh" or lang.startswith("zh-"):
        return "hans"
    return None


def concept_id(english: str, taken: set[str]) -> str:
    """A glossary-style id from English (lower case, hyphens), made unique against `taken`."""
    base = re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-") or "term"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _concept(entry: etree._Element, structure: dict[str, str], path: Path, taken: set[str],
             warnings: list[str], skipped_languages: dict[str, int]) -> Concept | None:
    where, line = str(path), entry.sourceline or 0
    stop = {structure["lang"]}
    categories, sources, notes = [], [], []
    for element in _metadata(entry, stop):
        kind, text = _kind(element), _text(element)
        if not text:
            continue
        if kind == "subjectField":
            categories.append(text)
        elif kind == "source":
            sources.append(text)
        elif kind == "note":
            notes.append(text)
        elif kind == "definition":
            notes.append(f"definition: {text}")
    by_script: dict[str, list[_Term]] = {"en": [], "hans": [], "hant": []}
    for section in entry:
        if not isinstance(section.tag, str) or _name(section) != structure["lang"]:
            continue
        lang = section.get(XML_LANG) or section.get("lang") or ""
        script = _script(lang)
        if script is None:
            skipped_languages[lang or "(none)"] = skipped_languages.get(lang or "(none)", 0) + 1
            continue
        for element in _metadata(section, {structure["term"], "ntig"}):
            if _kind(element) == "definition" and _text(element):
                notes.append(f"definition ({lang}): {_text(element)}")
        by_script[script].extend(_terms(section, structure, where, warnings))
    english = by_script["en"]
    canonical = _canonical(english, required=True)
    if canonical is None:
        warnings.append(f"{where}:{line}: entry {entry.get('id') or '(no id)'} has no English term, skipped")
        return None
    rest = [term for term in english if term is not canonical]
    abbreviation = next((term for term in rest if term.abbreviation), None)
    en_aliases = [term.text for term in rest if term is not abbreviation]
    zh_term = _canonical(by_script["hans"], required=False)
    hant_term = _canonical(by_script["hant"], required=False)
    zh_aliases, mistranslations = [], []
    for term in by_script["hans"] + by_script["hant"]:
        if term is zh_term or term is hant_term:
            continue
        (mistranslations if term.status in ("deprecated", "superseded") else zh_aliases).append(term.text)
    for term in en_aliases + zh_aliases + mistranslations:
        if "|" in term:
            warnings.append(f"{where}:{line}: term {term!r} contains '|', the glossary's list separator; skipped")
    given = (entry.get("id") or "").strip().lstrip("#")
    identity = given or concept_id(canonical.text, taken)
    taken.add(identity)
    return Concept(
        id=identity, en=canonical.text, zh=zh_term.text if zh_term else None,
        zh_hant=hant_term.text if hant_term else None,
        en_aliases=tuple(term for term in en_aliases if "|" not in term),
        zh_aliases=tuple(term for term in zh_aliases if "|" not in term),
        mistranslations=tuple(term for term in mistranslations if "|" not in term),
        abbreviation=abbreviation.text if abbreviation else None,
        category="; ".join(categories) or None, source="; ".join(sources) or f"imported from {path.name}",
        note="; ".join(notes) or None, origin=f"{path}:{line}",
    )


STRUCTURES = {
    "martif": {"entry": "termEntry", "lang": "langSet", "term": "tig"},  # ISO 30042:2008
    "tbx": {"entry": "conceptEntry", "lang": "langSec", "term": "termSec"},  # ISO 30042:2019
}


def read_tbx(path: Path) -> Imported:
    """The concepts of a TBX file (2008 `martif` or 2019 `tbx`), with warnings for what was skipped."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TbxError(f"{path}: cannot read: {error.strerror or error}") from error
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        message = str(error.msg or error).split(" (line")[0]
        raise TbxError(f"{path}:{line}: not well-formed XML: {message}") from error
    structure = STRUCTURES.get(_name(root))
    if structure is None:
        raise TbxError(f"{path}:{root.sourceline or 1}: root element <{_name(root)}> is neither TBX 2008 "
                       f"<martif> nor TBX 2019 <tbx>")
    warnings: list[str] = []
    skipped_languages: dict[str, int] = {}
    taken = {entry.get("id", "").strip() for entry in root.iter() if isinstance(entry.tag, str)
             and _name(entry) == structure["entry"]}
    concepts = []
    for entry in root.iter():
        if isinstance(entry.tag, str) and _name(entry) == structure["entry"]:
            concept = _concept(entry, structure, path, taken, warnings, skipped_languages)
            if concept is not None:
                concepts.append(concept)
    for lang, count in sorted(skipped_languages.items()):
        entries = "entry" if count == 1 else "entries"
        warnings.append(f"{path}: language {lang} skipped in {count} {entries} (the glossary holds en and zh)")
    if not concepts:
        warnings.append(f"{path}: no {structure['entry']} with an English term")
    return Imported(concepts=tuple(concepts), warnings=tuple(warnings))


# ---------------------------------------------------------------- TSV

def _cell(concept: Concept, column: str) -> str:
    value = getattr(concept, column)
    if column in LIST_COLUMNS:
        for item in value:
            if "|" in item:
                raise GlossaryError(f"{concept.origin}: {column} item {item!r} contains '|', the list separator")
        return "|".join(value)
    return value or ""


def tsv_text(concepts: tuple[Concept, ...] | list[Concept]) -> str:
    """Concepts as glossary TSV (header plus one row each, the glossary's column order)."""
    lines = ["\t".join(COLUMNS)]
    for concept in concepts:
        cells = [_cell(concept, column) for column in COLUMNS]
        for column, cell in zip(COLUMNS, cells, strict=True):
            if "\t" in cell or "\n" in cell or "\r" in cell or cell != cell.strip():
                raise GlossaryError(f"{concept.origin}: {column} {cell!r} cannot be a TSV cell "
                                    f"(tab, line break or edge space)")
        if concept.id.startswith("#"):
            raise GlossaryError(f"{concept.origin}: id {concept.id!r} would be read as a comment")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
