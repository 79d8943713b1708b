"""Normalize helpers: glued words, punctuation by script; and the machine-translation score."""

from __future__ import annotations

import pytest
from conftest import run_stages

from pipeline import glue, punctuation
from pipeline.stages import language, mt, normalize


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


def test_chinese_punctuation():
    assert punctuation.normalize("通常,海洛因用户.", "zh") == ("通常，海洛因用户。", [(2, ",", "，"), (8, ".", "。")])
    assert punctuation.normalize("剂量为3.5 mg,每日1,000人(成人)", "zh")[0] == "剂量为3.5 mg,每日1,000人（成人）"


def test_english_punctuation():
    assert punctuation.normalize("Methadone，a synthetic opioid。", "en") == (
        "Methadone, a synthetic opioid.", [(9, "，", ", "), (29, "。", ".")])


def _document(text, context):
    return run_stages(text, context, language.run, normalize.run, mt.run)


def test_code_switching_page_scores_as_machine_translated(context):
    doc = _document("Quitting heroin可能是非常困难的,但对于那些有动机的人来说是可能的。\n"
                    "通常,海洛因用户将通过一个解毒计划before beginning their long-term treatment program.\n"
                    "增加就业率,增加就业率,降低犯罪率。", context)
    assert doc.mt["signals"]["switched_sentences"] == 2
    assert doc.mt["signals"]["repeated_phrases"] == 1
    assert doc.mt["signals"]["mistranslations"] == 1  # 解毒 where the field says 脱毒
    assert doc.mt["score"] == round(4 / 6, 4)


def test_human_bilingual_page_with_glosses_scores_low(context):
    doc = _document("上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）是肿瘤转移的关键步骤。\n"
                    "Epithelial-mesenchymal transition is a key step in tumour metastasis.", context)
    assert doc.mt["score"] == 0.0
