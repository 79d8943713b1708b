"""Sentence pairs: which pages get pairs, which sentences pair up, and where they stand in the streams."""

from conftest import run_stages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.stages import language, mt, normalize, pairs, terms


def _doc(text, context):
    return run_stages(text, context, language.run, normalize.run, terms.run, mt.run, pairs.run)


def _pairs(doc):
    return [(pair["en"], pair["zh"]) for pair in doc.pairs]


ALTERNATING = ("Methadone is an opioid agonist used to treat heroin addiction.\n"
               "美沙酮是一种阿片类激动剂，用于治疗海洛因成瘾。\n"
               "Patients take it once a day at a clinic. The dose is adjusted by a doctor.\n"
               "患者每天在诊所服用一次。剂量由医生调整。\n"
               "Withdrawal symptoms include anxiety and insomnia.\n"
               "戒断症状包括焦虑和失眠。\n")


def test_a_page_that_alternates_line_by_line_pairs_its_lines(context):
    doc = _doc(ALTERNATING, context)
    assert _pairs(doc) == [
        ("Methadone is an opioid agonist used to treat heroin addiction.",
         "美沙酮是一种阿片类激动剂，用于治疗海洛因成瘾。"),
        ("Patients take it once a day at a clinic. The dose is adjusted by a doctor.",
         "患者每天在诊所服用一次。剂量由医生调整。"),
        ("Withdrawal symptoms include anxiety and insomnia.", "戒断症状包括焦虑和失眠。"),
    ]
    assert doc.report == {"pairs.pairs": 3, "pairs.pages": 1}


def test_spans_point_at_the_pair_in_the_streams(context):
    doc = _doc(ALTERNATING, context)
    for pair in doc.pairs:
        assert doc.streams["en"][slice(*pair["en_span"])] == pair["en"]
        assert doc.streams["zh"][slice(*pair["zh_span"])] == pair["zh"]
        assert 0 <= pair["score"] <= 1


def test_a_paragraph_and_its_translation_are_aligned_sentence_by_sentence(context):
    doc = _doc("Heroin is a highly addictive opioid drug. Methadone reduces cravings for heroin. "
               "Naloxone reverses an overdose within minutes.\n"
               "海洛因是一种极易成瘾的阿片类药物。美沙酮可以减少对海洛因的渴求。纳洛酮能在几分钟内逆转过量。\n",
               context)
    assert _pairs(doc) == [("Heroin is a highly addictive opioid drug.", "海洛因是一种极易成瘾的阿片类药物。"),
                           ("Methadone reduces cravings for heroin.", "美沙酮可以减少对海洛因的渴求。"),
                           ("Naloxone reverses an overdose within minutes.", "纳洛酮能在几分钟内逆转过量。")]


def test_a_line_the_other_side_does_not_translate_is_left_out(context):
    doc = _doc(ALTERNATING + "扫码关注我们的公众号获取更多资讯\n", context)
    assert len(doc.pairs) == 3
    assert all("公众号" not in pair["zh"] for pair in doc.pairs)


def test_unrelated_lines_in_two_languages_make_no_pair(context):
    doc = _doc("The weather in the mountains was cold and wet all week.\n"
               "美沙酮是一种阿片类激动剂，用于治疗海洛因成瘾。\n"
               "Our football team won the regional championship yesterday.\n"
               "患者每天在诊所服用一次，剂量由医生调整。\n", context)
    assert doc.pairs == ()


def test_sentences_that_switch_language_inside_make_no_pair(context):
    doc = _doc("Quitting heroin可能是非常困难的，但是methadone可以帮助患者。\n"
               "美沙酮(Dolophine or Methadose) is an opioid agonist，它被用于治疗。\n", context)
    assert doc.pairs == ()


def test_a_page_mostly_of_switching_sentences_is_not_bilingual_even_where_two_lines_match(context):
    doc = _doc("Quitting heroin can be very hard for a patient，但是美沙酮可以帮助患者 return to normal life.\n"
               "很多患者在戒断期间会出现焦虑，the doctor should watch them closely and treat them.\n"
               "Methadone is an opioid agonist used to treat heroin addiction.\n"
               "美沙酮是一种阿片类激动剂，用于治疗海洛因成瘾。\n", context)
    assert doc.pairs == ()


def test_a_page_in_one_language_makes_no_pair(context):
    assert _doc("Methadone is an opioid agonist.\nIt is taken once a day.\n", context).pairs == ()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ALTERNATING.splitlines() + ["", "Yes.", "好。", "1 2 3", "美沙酮 methadone"]),
                max_size=12))
def test_pairs_always_stand_in_order_inside_the_streams(context, lines):
    doc = _doc("\n".join(lines), context)
    previous = (-1, -1)
    for pair in doc.pairs:
        en_start, en_end = pair["en_span"]
        zh_start, zh_end = pair["zh_span"]
        assert 0 <= en_start < en_end <= len(doc.streams["en"]) and 0 <= zh_start < zh_end <= len(doc.streams["zh"])
        assert (en_start, zh_start) > previous
        previous = (en_end - 1, zh_end - 1)
        assert 0 <= pair["score"] <= 1
