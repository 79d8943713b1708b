"""Glued English words: exact splits, words and names left alone, offsets of every repair."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline import glue


@pytest.mark.parametrize(("text", "repaired"), [
    ("to lessen thewithdrawal symptoms", "to lessen the withdrawal symptoms"),
    ("behavioral therapyor pharmacological treatment", "behavioral therapy or pharmacological treatment"),
    ("Buprenorphine.has been approved", "Buprenorphine has been approved"),
    ("a child withcontractural arachnodactyly", "a child with contractural arachnodactyly"),
    ("Thewithdrawal starts early", "The withdrawal starts early"),
    # glued forms common enough on the web to have a frequency of their own, far rarer than their parts
    ("in thefuture, ofthese patients", "in the future, of these patients"),
    ("forexample, theother arm", "for example, the other arm"),
    ("during the hospitalization andfollow-up", "during the hospitalization and follow-up"),
    ("hypertension forerectile dysfunction", "hypertension for erectile dysfunction"),
])
def test_glued_words_are_split(text, repaired):
    assert glue.repair(text)[0] == repaired


@pytest.mark.parametrize("text", [
    "another together therefore whereas nonetheless antibody anaplastic arachnodactyly antimonite",
    "micropolitics superminds Kandelia obovata Hasset Caymanas Spinat",
    "see www.example.com, array.map(f), city.name and requirements.in",
    "naltrexone Vivitrol methadose Dolophine E-cadherin COVID iPhone",
    "write to jane@example.org",
    "bone ingrowth into the implant; the clinic forgoes fees and makes inroads",
    "intracochlear electrodes, interobserver agreement and Themen der Woche",
    "bone ingrowth-related loss, intracochlear-implant, self-report and well-being",
])
def test_real_words_names_and_code_are_left_alone(text):
    assert glue.repair(text) == (text, [])


def test_glossary_forms_are_protected():
    assert glue.repair("the orasure test", protected=["orasure"]) == ("the orasure test", [])


def test_repairs_record_offsets_in_the_result():
    text, repairs = glue.repair("thecause and therapyor")
    assert text == "the cause and therapy or"
    assert [(r.start, r.before, r.after) for r in repairs] == [(0, "thecause", "the cause"),
                                                               (14, "therapyor", "therapy or")]
    for repair in repairs:
        assert text[repair.start:repair.start + len(repair.after)] == repair.after


def _find_with_the_patterns_alone(text: str) -> list:
    """`glue.find` as written before its prefilters: every pattern run over the whole text."""
    found, taken = [], set()
    for match in glue.PERIOD_GLUE.finditer(text):
        fixed = glue._period_glued(match)
        if fixed:
            found.append(glue.Replacement(match.start(), match.end(), fixed, "glue"))
            taken.update(range(match.start(), match.end()))
    for match in glue.TOKEN.finditer(text):
        split = None if match.start() in taken else glue._cached_split(match.group(1), frozenset())
        if split:
            found.append(glue.Replacement(match.start(), match.end(), f"{split[0]} {split[1]}", "glue"))
    return found


PIECES = ["the", "withdrawal", "therapyor", "thewithdrawal", "Thecause", "Buprenorphine", ".has", ".", ".com/",
          "andfollow", "-up", "-", "é", "_", "7", "@", "/", ":", "://", " ", "\n", "www", "ofthese", "Themen", "x"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("Buprenorphine.has thewithdrawal")
@example("éthewithdrawal and thewithdrawal7 and 7thewithdrawal")
def test_the_prefilters_change_nothing_the_patterns_find(text):
    assert glue.find(text) == _find_with_the_patterns_alone(text)
