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

    return build_context(config.Config(values=config.default_values()), glossary.load())
