"""Shared fixtures: the repository paths, the shared evaluation suites (skipped when absent), a CLI runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA_PATH = ROOT / "pipeline" / "data" / "record.schema.json"


def medclean(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (`python -m pipeline ...`)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600)


def read_records(out_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (out_dir / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def text_page(text: str):
    """A plain-text page as ingest would give it."""
    from pipeline.model import Page

    return Page(path="p.txt", identity="p.txt", item=None, sha256="0" * 64, format="txt", encoding="utf-8",
                url=None, text=text)


def kept_lines(text: str) -> tuple:
    """Every line of `text` kept, with its offsets (what the boilerplate stage gives for a clean page)."""
    from pipeline.model import Line

    lines, position = [], 0
    for raw in text.split("\n"):
        lines.append(Line(raw, position, position + len(raw)))
        position += len(raw) + 1
    return tuple(lines)


def run_stages(text: str, context, *stages):
    """A document of `text` with every line kept, through `stages` in order."""
    from pipeline.model import Document

    doc = Document(page=text_page(text), kept=kept_lines(text))
    for stage in stages:
        doc = stage(doc, context)
    return doc


@pytest.fixture(scope="session", autouse=True)
def start_up_cache(tmp_path_factory) -> Path:
    """The tests' own start-up cache, so that they never read or fill the user's (~/.cache/medclean)."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    os.environ["MEDCLEAN_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="session")
def context():
    """The stage context with the default configuration and the shipped glossary."""
    from pipeline import config, glossary
    from pipeline.stages import build_context

    return build_context(config.Config(), glossary.load())
