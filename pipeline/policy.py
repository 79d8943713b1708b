"""Keep policy: a finished record and the `[policy]` settings in, a drop reason (or None) out.

Stages only score and label; this is the one place that decides what leaves the
output (NeMo Curator's score/keep split). By default nothing is dropped; a dropped
page goes to `dropped.jsonl` with its reason instead of `records.jsonl`.
"""

from __future__ import annotations


def is_active(policy: dict[str, object]) -> bool:
    return bool(policy["keep_languages"]) or float(policy["max_mt_score"]) < 1.0 or bool(policy["drop_empty"])


def drop_reason(record: dict, policy: dict[str, object]) -> str | None:
    label = (record.get("lang") or {}).get("doc")
    if policy["drop_empty"] and label == "empty":
        return "policy.empty"
    languages = policy["keep_languages"]
    if languages and label not in languages:
        return "policy.language"
    score = (record.get("mt") or {}).get("score")
    if score is not None and score > float(policy["max_mt_score"]):
        return "policy.machine-translated"
    return None
