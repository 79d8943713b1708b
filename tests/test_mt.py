"""Machine-translation score: signals counted on the page, the score they make, and each signal's weight."""

from __future__ import annotations

from conftest import run_stages

from pipeline.stages import language, mt, normalize


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


def test_each_signal_weighs_as_documented(context):
    # three glued words and nothing else: evidence 3 x 0.25, score 0.75 / (0.75 + 2)
    doc = _document("Patients in thewithdrawal phase need therapyor counselling, and Buprenorphine.has helped.",
                    context)
    assert doc.mt["signals"]["glued_words"] == 3
    assert doc.mt["signals"]["switched_sentences"] == 0
    assert doc.mt["score"] == round(0.75 / 2.75, 4)


def test_a_score_of_one_half_reads_as_machine_translated(context):
    doc = _document("Quitting heroin可能是非常困难的。\n戒断治疗needs a long-term treatment program to work.", context)
    assert doc.mt["signals"]["switched_sentences"] == 2
    assert doc.mt["score"] == 0.5
    assert doc.report == {"mt.machine_translated": 1}
