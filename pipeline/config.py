"""Configuration: `medclean.toml` (or `--config FILE`) in, a validated, typed `Config` out.

One frozen dataclass per section; each field carries its default, its help text (the
README's configuration table mirrors them, a test keeps the two equal) and, for numbers,
the closed range it accepts. An unknown section or key, a value of the wrong type or out
of its range is an error naming the file. The fingerprint is a hash of the effective
configuration, so a changed setting re-runs every page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE_NAME = "medclean.toml"
DOC_LABELS = frozenset({"en", "zh", "mixed", "other", "empty"})


def setting(default: object, help_text: str, low: float | None = None, high: float | None = None) -> object:
    """A configuration field: its default, its help text and, for a number, the range it accepts."""
    return field(default=default, metadata={"help": help_text, "range": (low, high)})


@dataclass(frozen=True)
class IngestSettings:
    max_page_chars: int = setting(20_000_000, "largest page, in characters of decoded text; a larger page is "
                                              "rejected", low=1)
    max_file_bytes: int = setting(200_000_000, "largest file, in bytes after decompression; a larger file is "
                                               "rejected", low=1)
    max_page_seconds: float = setting(60.0, "time budget for cleaning one page, in seconds; a page over it is "
                                            "rejected and the run goes on (a last guard: enforced in serial and "
                                            "process runs, not on Dask's worker threads)", low=0.001)
    max_undecodable_share: float = setting(0.05, "largest share of a page's decoded characters that stand for "
                                                 "undecodable bytes (U+FFFD); a page above it is rejected, one at "
                                                 "or under it keeps the share in source.undecodable",
                                           low=0.0, high=1.0)
    html_favor_precision: bool = setting(False, "ask the HTML main-content extractor to prefer precision over "
                                                "recall")


@dataclass(frozen=True)
class BoilerplateSettings:
    patterns: bool = setting(True, "remove lines matched by the curated EN+ZH pattern library")
    repeated_min_pages: int = setting(5, "a line one site repeats on this many of its pages (this run and earlier "
                                         "ones; the site is the URL's host, else the file's folder) is "
                                         "boilerplate; 0 turns the signal off", low=0)


@dataclass(frozen=True)
class LanguageSettings:
    min_clause_words: int = setting(2, "fewest English words for a Latin run inside a Chinese sentence to count "
                                       "as English", low=1)


@dataclass(frozen=True)
class NormalizeSettings:
    traditional_to_simplified: bool = setting(True, "convert Traditional Chinese runs of the zh stream to "
                                                    "Simplified")
    mask_personal_data: bool = setting(True, "replace e-mail addresses and phone numbers with <EMAIL> and <PHONE>")
    punctuation: bool = setting(True, "give each segment the punctuation of its script (full-width Chinese, "
                                      "ASCII English)")
    glued_words: bool = setting(True, "split glued English words (thewithdrawal, therapyor, Buprenorphine.has)")


@dataclass(frozen=True)
class TermsSettings:
    glossary: str = setting("", "glossary TSV file or folder; empty means the glossary/ folder shipped with "
                                "medclean")
    restore: bool = setting(True, "rewrite a term written in the other script in the stream's language")
    correct: bool = setting(True, "correct known mistranslations on pages of the glossary's domain")


@dataclass(frozen=True)
class PolicySettings:
    keep_languages: tuple[str, ...] = setting((), "page labels to keep (en, zh, mixed, other, empty); empty keeps "
                                                  "every page")
    max_mt_score: float = setting(1.0, "drop pages whose mt.score is above this (1.0 keeps every page)",
                                  low=0.0, high=1.0)
    drop_empty: bool = setting(False, "drop pages with nothing left after cleaning")
    drop_duplicates: bool = setting(False, "drop pages that repeat an earlier page (duplicate_of is set)")

    @property
    def active(self) -> bool:
        """Whether this policy can drop a page at all."""
        return bool(self.keep_languages) or self.max_mt_score < 1.0 or self.drop_empty or self.drop_duplicates


@dataclass(frozen=True)
class DuplicateSettings:
    threshold: float = setting(0.85, "estimated Jaccard similarity of two pages' character 5-grams at which the "
                                    "later one is a near-duplicate of the earlier (duplicate_of)", low=0.0, high=1.0)


@dataclass(frozen=True)
class OutputSettings:
    compress: bool = setting(False, "write records.jsonl.gz instead of records.jsonl")


SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "boilerplate": BoilerplateSettings,
    "language": LanguageSettings,
    "normalize": NormalizeSettings,
    "terms": TermsSettings,
    "policy": PolicySettings,
    "duplicates": DuplicateSettings,
    "output": OutputSettings,
}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Config:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    boilerplate: BoilerplateSettings = field(default_factory=BoilerplateSettings)
    language: LanguageSettings = field(default_factory=LanguageSettings)
    normalize: NormalizeSettings = field(default_factory=NormalizeSettings)
    terms: TermsSettings = field(default_factory=TermsSettings)
    policy: PolicySettings = field(default_factory=PolicySettings)
    duplicates: DuplicateSettings = field(default_factory=DuplicateSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    source: str | None = field(default=None, compare=False)

    def values(self) -> dict[str, dict[str, object]]:
        """The effective settings as plain data, section by section (lists for tuples)."""
        return {name: {key: list(value) if isinstance(value, tuple) else value
                       for key, value in dataclasses.asdict(getattr(self, name)).items()}
                for name in SECTIONS}

    def fingerprint(self) -> str:
        blob = json.dumps(self.values(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def documented() -> list[tuple[str, str, object, str]]:
    """(section, key, default, help) for every setting, in order: the README's configuration table."""
    return [(name, item.name, item.default, item.metadata["help"])
            for name, section in SECTIONS.items() for item in dataclasses.fields(section)]


def _checked(section: str, item: dataclasses.Field, value: object, origin: str) -> object:
    default = item.default
    key = f"{section}.{item.name}"
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
            raise ConfigError(f"{origin}: {key} must be a list of strings")
        value = tuple(value)
        if key == "policy.keep_languages" and set(value) - DOC_LABELS:
            raise ConfigError(f"{origin}: policy.keep_languages holds unknown labels "
                              f"{sorted(set(value) - DOC_LABELS)} (known: {', '.join(sorted(DOC_LABELS))})")
        return value
    if isinstance(default, float) and type(value) is int:
        value = float(value)
    if type(value) is not type(default):
        raise ConfigError(f"{origin}: {key} must be {type(default).__name__}, got {type(value).__name__}")
    low, high = item.metadata["range"]
    if (low is not None and value < low) or (high is not None and value > high):
        allowed = f"at least {low}" if high is None else f"between {low} and {high}"
        raise ConfigError(f"{origin}: {key} must be {allowed}, got {value}")
    return value


def parse(data: dict[str, object], origin: str) -> Config:
    sections: dict[str, object] = {}
    for name, keys in data.items():
        if name not in SECTIONS:
            raise ConfigError(f"{origin}: unknown section [{name}] (known: {', '.join(SECTIONS)})")
        if not isinstance(keys, dict):
            raise ConfigError(f"{origin}: [{name}] must be a table")
        fields = {item.name: item for item in dataclasses.fields(SECTIONS[name])}
        values = {}
        for key, value in keys.items():
            if key not in fields:
                raise ConfigError(f"{origin}: unknown key {name}.{key} (known: {', '.join(fields)})")
            values[key] = _checked(name, fields[key], value, origin)
        sections[name] = SECTIONS[name](**values)
    return Config(**sections, source=origin)


def load(path: Path | None) -> Config:
    """Read `path`, or `medclean.toml` in the working folder when present, else the defaults."""
    if path is None:
        candidate = Path(CONFIG_FILE_NAME)
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    return parse(data, str(path))
