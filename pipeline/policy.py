"""Keep policy: a finished document and the `[policy]` settings in, a drop reason (or None) out.

Stages only score and label; this is the one place that decides what leaves the
output (NeMo Curator's score/keep split). By default nothing is dropped; a dropped
page goes to `dropped.jsonl` with its reason instead of `records.jsonl`.
"""

from __future__ import annotations

from pipeline.config import PolicySettings
from pipeline.model import Document
from pipeline.reasons import POLICY_EMPTY, POLICY_LANGUAGE, POLICY_MACHINE_TRANSLATED


def drop_reason(doc: Document, policy: PolicySettings) -> str | None:
    label = (doc.lang or {}).get("doc")
    if policy.drop_empty and label == "empty":
        return POLICY_EMPTY
    if policy.keep_languages and label not in policy.keep_languages:
        return POLICY_LANGUAGE
    score = (doc.mt or {}).get("score")
    if isinstance(score, float | int) and score > policy.max_mt_score:
        return POLICY_MACHINE_TRANSLATED
    return None
