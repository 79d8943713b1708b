"""Configuration: `medclean.toml` (or `--config FILE`) in, a validated `Config` out.

Every key has a documented default (see `DEFAULTS` and the README); an unknown
key, a value of the wrong type or out of its range is an error naming the file. The fingerprint is
a hash of the effective configuration, so a changed setting re-runs every page.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

CONFIG_FILE_NAME = "medclean.toml"
DOC_LABELS = frozenset({"en", "zh", "mixed", "other", "empty"})

# section -> key -> (default, help). The README's configuration table mirrors this.
DEFAULTS: dict[str, dict[str, tuple[object, str]]] = {
    "ingest": {
        "max_page_chars": (20_000_000, "largest page, in characters of decoded text; a larger page is rejected"),
        "max_file_bytes": (200_000_000, "largest file, in bytes after decompression; a larger file is rejected"),
        "html_favor_precision": (False, "ask the HTML main-content extractor to prefer precision over recall"),
    },
    "boilerplate": {
        "patterns": (True, "remove lines matched by the curated EN+ZH pattern library"),
        "repeated_min_pages": (5, "a line found on this many distinct pages (this run and earlier ones) is "
                                  "boilerplate; 0 turns the signal off"),
    },
    "language": {
        "min_clause_words": (2, "fewest English words for a Latin run inside a Chinese sentence to count as English"),
    },
    "normalize": {
        "traditional_to_simplified": (True, "convert Traditional Chinese runs of the zh stream to Simplified"),
        "mask_personal_data": (True, "replace e-mail addresses and phone numbers with <EMAIL> and <PHONE>"),
        "punctuation": (True, "give each segment the punctuation of its script (full-width Chinese, ASCII English)"),
        "glued_words": (True, "split glued English words (thewithdrawal, therapyor, Buprenorphine.has)"),
    },
    "terms": {
        "glossary": ("", "glossary TSV file or folder; empty means the glossary/ folder shipped with medclean"),
        "restore": (True, "rewrite a term written in the other script in the stream's language"),
        "correct": (True, "correct known mistranslations on pages of the glossary's domain"),
    },
    "policy": {
        "keep_languages": ([], "page labels to keep (en, zh, mixed, other, empty); empty keeps every page"),
        "max_mt_score": (1.0, "drop pages whose mt.score is above this (1.0 keeps every page)"),
        "drop_empty": (False, "drop pages with nothing left after cleaning"),
    },
    "output": {
        "compress": (False, "write records.jsonl.gz instead of records.jsonl"),
    },
}


# numeric keys and the closed range of values they accept (None: unbounded on that side)
RANGES: dict[tuple[str, str], tuple[float | None, float | None]] = {
    ("ingest", "max_page_chars"): (1, None),
    ("ingest", "max_file_bytes"): (1, None),
    ("boilerplate", "repeated_min_pages"): (0, None),
    ("language", "min_clause_words"): (1, None),
    ("policy", "max_mt_score"): (0.0, 1.0),
}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class IngestSettings:
    """The [ingest] section, typed: what the readers need."""

    max_page_chars: int
    max_file_bytes: int
    html_favor_precision: bool


@dataclass(frozen=True)
class Config:
    values: dict[str, dict[str, object]]
    source: str | None = None

    def get(self, section: str, key: str) -> object:
        return self.values[section][key]

    @property
    def ingest(self) -> IngestSettings:
        section = self.values["ingest"]
        return IngestSettings(max_page_chars=int(section["max_page_chars"]),
                              max_file_bytes=int(section["max_file_bytes"]),
                              html_favor_precision=bool(section["html_favor_precision"]))

    def fingerprint(self) -> str:
        blob = json.dumps(self.values, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def default_values() -> dict[str, dict[str, object]]:
    return {section: {key: spec[0] for key, spec in keys.items()} for section, keys in DEFAULTS.items()}


def parse(data: dict[str, object], origin: str) -> Config:
    values = copy.deepcopy(default_values())
    for section, keys in data.items():
        if section not in DEFAULTS:
            raise ConfigError(f"{origin}: unknown section [{section}] (known: {', '.join(DEFAULTS)})")
        if not isinstance(keys, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        for key, value in keys.items():
            if key not in DEFAULTS[section]:
                known = ", ".join(DEFAULTS[section])
                raise ConfigError(f"{origin}: unknown key {section}.{key} (known: {known})")
            default = DEFAULTS[section][key][0]
            if isinstance(default, float) and type(value) is int:
                value = float(value)
            if type(value) is not type(default):
                raise ConfigError(
                    f"{origin}: {section}.{key} must be {type(default).__name__}, got {type(value).__name__}"
                )
            low, high = RANGES.get((section, key), (None, None))
            if (low is not None and value < low) or (high is not None and value > high):
                allowed = f"at least {low}" if high is None else f"between {low} and {high}"
                raise ConfigError(f"{origin}: {section}.{key} must be {allowed}, got {value}")
            if isinstance(value, list) and not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{origin}: {section}.{key} must be a list of strings")
            if (section, key) == ("policy", "keep_languages") and set(value) - DOC_LABELS:
                raise ConfigError(f"{origin}: policy.keep_languages holds unknown labels "
                                  f"{sorted(set(value) - DOC_LABELS)} (known: {', '.join(sorted(DOC_LABELS))})")
            values[section][key] = value
    return Config(values=values, source=origin)


def load(path: Path | None) -> Config:
    """Read `path`, or `medclean.toml` in the working folder when present, else the defaults."""
    if path is None:
        candidate = Path(CONFIG_FILE_NAME)
        if not candidate.is_file():
            return Config(values=default_values())
        path = candidate
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    return parse(data, str(path))
