"""File names that are not UTF-8: escaped reversibly where they leave the program, and read end to end."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import medclean, read_records
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.paths import escape, to_bytes, unescape


def test_escapes_are_exact_and_plain_names_unchanged():
    assert escape(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert escape("a\\b") == "a\\\\b"
    assert escape("\ud800") == "\\ud800"
    assert escape("中文/page 1.html") == "中文/page 1.html"
    assert to_bytes("dir/caf\\xe9.txt") == b"dir/caf\xe9.txt"


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=30))
def test_escaping_is_reversible_and_gives_text_any_encoder_takes(text):
    escaped = escape(text)
    assert unescape(escaped) == text
    escaped.encode("utf-8")  # no lone surrogate left
    assert escaped == text or "\\" in escaped


def test_a_file_name_that_is_not_utf8_is_read_recorded_and_reused(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"caf\xe9 \\ notes.txt")
    with open(odd, "wb") as handle:
        handle.write(b"Methadone reduces cravings for heroin and is taken once a day.\n")
    (folder / "plain.txt").write_text("Naloxone reverses an opioid overdose within minutes.\n", encoding="utf-8")
    out = tmp_path / "out"
    first = medclean("run", str(folder), "--out", str(out))
    assert first.returncode == 0 and "Traceback" not in first.stderr, first.stderr
    records = read_records(out)
    assert sorted(record["id"] for record in records) == ["caf\\xe9 \\\\ notes.txt", "plain.txt"]
    escaped = next(record["source"]["path"] for record in records if record["id"].startswith("caf"))
    assert to_bytes(escaped) == odd  # the record leads back to the file
    again = medclean("run", str(folder), "--out", str(out))
    assert again.returncode == 0 and "2 unchanged" in again.stderr, again.stderr
