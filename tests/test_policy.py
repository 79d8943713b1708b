"""Keep policy: the exact drop reason for each setting, and the boundaries (a score equal to the limit stays)."""

from __future__ import annotations

import pytest
from conftest import text_page

from pipeline.config import PolicySettings
from pipeline.model import Document
from pipeline.policy import drop_reason


def _doc(label: str, score: float | None) -> Document:
    return Document(page=text_page(""), lang={"doc": label}, mt={"score": score, "signals": {}})


def test_default_policy_drops_nothing():
    policy = PolicySettings()
    assert not policy.active
    assert [drop_reason(_doc(label, 1.0), policy) for label in ("en", "zh", "mixed", "other", "empty")] == [None] * 5


@pytest.mark.parametrize(("score", "reason"), [(0.49, None), (0.5, None), (0.5001, "policy.machine-translated"),
                                               (1.0, "policy.machine-translated")])
def test_a_score_above_the_limit_is_dropped_and_one_equal_to_it_kept(score, reason):
    policy = PolicySettings(max_mt_score=0.5)
    assert policy.active
    assert drop_reason(_doc("en", score), policy) == reason


def test_empty_pages_are_dropped_only_when_asked():
    assert drop_reason(_doc("empty", 0.0), PolicySettings(drop_empty=True)) == "policy.empty"
    assert PolicySettings(drop_empty=True).active
    assert drop_reason(_doc("empty", 0.0), PolicySettings(drop_empty=False)) is None
    assert drop_reason(_doc("en", 0.0), PolicySettings(drop_empty=True)) is None


def test_languages_not_kept_are_dropped():
    policy = PolicySettings(keep_languages=("zh", "mixed"))
    assert [drop_reason(_doc(label, 0.0), policy) for label in ("zh", "mixed", "en")] == [
        None, None, "policy.language"]


def test_a_page_without_a_score_is_not_dropped_for_its_score():
    assert drop_reason(_doc("en", None), PolicySettings(max_mt_score=0.0)) is None
