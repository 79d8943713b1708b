"""Glued English words: exact splits, words and names left alone, offsets of every repair."""

from __future__ import annotations

import pytest

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
