"""The medical glossary: reviewable TSV files in, `Glossary` (concepts and match forms) out.

One concept a row, columns (header required, order free):
id, en, zh, zh_hant, en_aliases, zh_aliases, mistranslations, abbreviation,
category, source, note. Lists inside a cell are separated by `|`. A folder is
read file by file (`*.tsv`, sorted). The fingerprint is a hash of the files'
bytes, so any edit to the glossary changes every record's `pipeline.glossary`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("id", "en", "zh", "zh_hant", "en_aliases", "zh_aliases", "mistranslations", "abbreviation",
           "category", "source", "note")
REQUIRED = ("id", "en", "zh", "source")


class GlossaryError(ValueError):
    """A glossary file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Concept:
    id: str
    en: str
    zh: str | None
    zh_hant: str | None
    en_aliases: tuple[str, ...]
    zh_aliases: tuple[str, ...]
    mistranslations: tuple[str, ...]
    abbreviation: str | None
    category: str | None
    source: str
    note: str | None
    origin: str  # file:line of the row


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    fingerprint: str

    def english_forms(self) -> dict[str, Concept]:
        """English surface (canonical, alias, abbreviation) -> concept: lower-cased, except acronyms
        (AIDS, WHO), which keep their capitals so that "aids" and "who" are not taken for them."""
        forms: dict[str, Concept] = {}
        for concept in self.concepts:
            for form in (concept.en, *concept.en_aliases, concept.abbreviation):
                if form:
                    forms.setdefault(form if is_acronym(form) else form.lower(), concept)
        return forms

    def restorable_english_forms(self) -> dict[str, Concept]:
        """English forms that may be rewritten into Chinese: canonical terms and lower-case synonyms,
        not acronyms or brand names (capitalised aliases), and only where a Chinese term exists."""
        forms: dict[str, Concept] = {}
        for concept in self.concepts:
            if not concept.zh:
                continue
            for form in (concept.en, *concept.en_aliases):
                if form and (form == concept.en or form.islower()) and not form.isupper():
                    forms.setdefault(form.lower(), concept)
        return forms

    def chinese_forms(self) -> dict[str, Concept]:
        """Chinese surface (canonical, Traditional, aliases) -> concept."""
        forms: dict[str, Concept] = {}
        for concept in self.concepts:
            for form in (concept.zh, concept.zh_hant, *concept.zh_aliases):
                if form:
                    forms.setdefault(form, concept)
        return forms


def is_acronym(form: str) -> bool:
    """An all-capitals form of two or more letters (HIV, AIDS, NIDA): matched with its case."""
    return len(form) >= 2 and form.isupper()


def default_location() -> Path:
    """The glossary/ folder of the medclean checkout this package runs from."""
    return Path(__file__).resolve().parent.parent / "glossary"


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_file(path: Path) -> list[Concept]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GlossaryError(f"{path}: cannot read: {error}") from error
    lines = text.splitlines()
    if not lines:
        raise GlossaryError(f"{path}:1: empty file, expected a header row")
    header = [cell.strip() for cell in lines[0].split("\t")]
    unknown = [cell for cell in header if cell not in COLUMNS]
    missing = [cell for cell in REQUIRED if cell not in header]
    if unknown or missing:
        raise GlossaryError(f"{path}:1: bad header (unknown columns: {unknown or 'none'}; "
                            f"missing: {missing or 'none'})")
    concepts = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise GlossaryError(f"{path}:{number}: {len(cells)} cells, the header has {len(header)}")
        row = dict(zip(header, [cell.strip() for cell in cells], strict=False))
        for column in ("id", "en", "source"):
            if not row.get(column):
                raise GlossaryError(f"{path}:{number}: empty {column}")
        concepts.append(Concept(
            id=row["id"], en=row["en"], zh=row.get("zh") or None, zh_hant=row.get("zh_hant") or None,
            en_aliases=_split(row.get("en_aliases", "")), zh_aliases=_split(row.get("zh_aliases", "")),
            mistranslations=_split(row.get("mistranslations", "")), abbreviation=row.get("abbreviation") or None,
            category=row.get("category") or None, source=row["source"], note=row.get("note") or None,
            origin=f"{path}:{number}",
        ))
    return concepts


def load(location: Path | None = None) -> Glossary:
    location = location or default_location()
    if location.is_dir():
        files = sorted(location.glob("*.tsv"))
        if not files:
            raise GlossaryError(f"{location}: no *.tsv glossary files")
    elif location.is_file():
        files = [location]
    else:
        raise GlossaryError(f"{location}: no such glossary file or folder")
    digest = hashlib.sha256()
    concepts: list[Concept] = []
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        concepts.extend(_read_file(path))
    return Glossary(concepts=tuple(concepts), fingerprint=digest.hexdigest())


@dataclass(frozen=True)
class FileCoverage:
    """How much of one glossary file is bilingual: the concepts with both an English and a Chinese form."""
    file: str
    concepts: int
    english_only: tuple[Concept, ...]

    @property
    def bilingual(self) -> int:
        return self.concepts - len(self.english_only)

    @property
    def share(self) -> float:
        return self.bilingual / self.concepts if self.concepts else 0.0


def coverage(glossary: Glossary) -> list[FileCoverage]:
    """Per file, in reading order: concept count and the concepts that have no Chinese form."""
    files: dict[str, list[Concept]] = {}
    for concept in glossary.concepts:
        files.setdefault(concept.origin.rsplit(":", 1)[0], []).append(concept)
    return [FileCoverage(file=file, concepts=len(concepts), english_only=tuple(c for c in concepts if not c.zh))
            for file, concepts in files.items()]


def check(glossary: Glossary) -> list[str]:
    """Problems as `file:line: message`: duplicate ids or forms, conflicting mappings,
    Traditional/Simplified inconsistencies (OpenCC) and missing sides."""
    return [message for _, message in _problems(glossary)]


def misaligning(glossary: Glossary) -> list[str]:
    """The problems that would tag terms with the wrong concept (a duplicate id, a form of two concepts, a form
    also listed as a mistranslation): a run refuses to start on them."""
    return [message for misaligns, message in _problems(glossary) if misaligns]


def _problems(glossary: Glossary) -> list[tuple[bool, str]]:
    """(misaligns terms, `file:line: message`) for every problem, in glossary order."""
    from opencc import OpenCC

    t2s = OpenCC("t2s")
    problems: list[tuple[bool, str]] = []
    ids: dict[str, Concept] = {}
    english: dict[str, Concept] = {}
    chinese: dict[str, Concept] = {}
    for concept in glossary.concepts:
        if concept.id in ids:
            first = ids[concept.id].origin
            problems.append((True, f"{concept.origin}: duplicate id {concept.id!r} (first at {first})"))
        ids.setdefault(concept.id, concept)
        for form in (concept.en, *concept.en_aliases, concept.abbreviation):
            if not form:
                continue
            other = english.setdefault(form.lower(), concept)
            if other is not concept and other.id != concept.id:
                problems.append((True, f"{concept.origin}: English form {form!r} also maps to {other.id!r} "
                                       f"({other.origin})"))
        for form in (concept.zh, concept.zh_hant, *concept.zh_aliases):
            if not form:
                continue
            other = chinese.setdefault(form, concept)
            if other is not concept and other.id != concept.id:
                problems.append((True, f"{concept.origin}: Chinese form {form!r} also maps to {other.id!r} "
                                       f"({other.origin})"))
        if not concept.zh and not concept.note:
            problems.append((False, f"{concept.origin}: no Chinese canonical form and no note saying why"))
        if concept.zh and t2s.convert(concept.zh) != concept.zh:
            problems.append((False, f"{concept.origin}: zh {concept.zh!r} is not Simplified (OpenCC gives "
                                    f"{t2s.convert(concept.zh)!r})"))
        if concept.zh and concept.zh_hant and t2s.convert(concept.zh_hant) != concept.zh:
            problems.append((False, f"{concept.origin}: zh_hant {concept.zh_hant!r} does not convert to zh "
                                    f"{concept.zh!r}"))
        for wrong in concept.mistranslations:
            if wrong in (concept.zh, *concept.zh_aliases):
                problems.append((True, f"{concept.origin}: {wrong!r} is listed both as a form and as a mistranslation"))
    return problems


def lookup(glossary: Glossary, term: str) -> list[Concept]:
    wanted = term.strip().lower()
    found = []
    for concept in glossary.concepts:
        forms = {f.lower() for f in (concept.id, concept.en, concept.zh, concept.zh_hant, concept.abbreviation,
                                     *concept.en_aliases, *concept.zh_aliases) if f}
        if wanted in forms:
            found.append(concept)
    return found
