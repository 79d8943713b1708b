"""Where the rule tables and word lists shipped in `pipeline/data/` live."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("pipeline") / "data" / name))
