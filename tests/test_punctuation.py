"""Punctuation by script: exact changes and their offsets, numbers left alone."""

from __future__ import annotations

from pipeline import punctuation


def test_chinese_punctuation():
    text, changes = punctuation.normalize("通常,海洛因用户.", "zh")
    assert text == "通常，海洛因用户。"
    assert [(c.start, c.before, c.after) for c in changes] == [(2, ",", "，"), (8, ".", "。")]
    assert punctuation.normalize("剂量为3.5 mg,每日1,000人(成人)", "zh")[0] == "剂量为3.5 mg,每日1,000人（成人）"


def test_english_punctuation():
    text, changes = punctuation.normalize("Methadone，a synthetic opioid。", "en")
    assert text == "Methadone, a synthetic opioid."
    assert [(c.start, c.before, c.after) for c in changes] == [(9, "，", ", "), (29, "。", ".")]
