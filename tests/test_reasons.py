"""One registry of reason codes: the pattern library, the code and the record schema use it and nothing else."""

from __future__ import annotations

import json

import pytest
from conftest import SCHEMA_PATH

from pipeline import reasons
from pipeline.rules import RuleError, load_boilerplate


def test_every_code_the_code_gives_is_registered():
    for code in reasons.IN_CODE:
        applies_to = reasons.DROPPED if code.startswith("policy.") else reasons.REMOVED
        assert reasons.checked(code, applies_to) == code


def test_every_registered_code_is_given_by_the_pattern_library_or_the_code():
    used = {rule.reason for rule in load_boilerplate().rules} | set(reasons.IN_CODE)
    assert set(reasons.registry()) == used


def test_the_schema_lists_exactly_the_registered_removal_codes():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    listed = schema["properties"]["removed"]["items"]["properties"]["reason"]["enum"]
    assert sorted(listed) == sorted(code for code, reason in reasons.registry().items()
                                    if reason.applies_to == reasons.REMOVED)


def test_a_pattern_row_with_an_unregistered_reason_is_an_error_naming_its_line(tmp_path):
    table = tmp_path / "rules.tsv"
    table.write_text("# reason\tscope\tpattern\nboilerplate.share\tline\tshare\nboilerplate.shares\tline\tx\n",
                     encoding="utf-8")
    with pytest.raises(RuleError, match=r"rules.tsv:3: boilerplate.shares: not a registered reason"):
        load_boilerplate(table)


def test_a_code_registered_for_lines_is_not_a_drop_reason():
    with pytest.raises(reasons.UnknownReason):
        reasons.checked("boilerplate.share", reasons.DROPPED)


def test_a_registry_row_given_twice_is_an_error_naming_its_line(tmp_path):
    table = tmp_path / "reasons.tsv"
    table.write_text("spam.injected\tremoved\tspam\nspam.injected\tremoved\tagain\n", encoding="utf-8")
    with pytest.raises(reasons.UnknownReason, match=r"reasons.tsv:2: "):
        reasons.load_registry(table)
