"""Terms: restored across scripts, corrected mistranslations, tags with offsets into their stream."""

from __future__ import annotations

from conftest import run_stages

from pipeline.stages import language, normalize, terms


def _doc(text, context):
    return run_stages(text, context, language.run, normalize.run, terms.run)


def _changed(doc):
    return [(t.concept, t.surface, t.lang, t.stream, t.action, doc.streams[t.stream][t.start:t.end])
            for t in doc.terms if t.action != "tagged"]


def test_chinese_term_in_an_english_sentence_is_restored(context):
    doc = _doc("美沙酮(Dolophine or Methadose) is an opioid agonist that is taken orally.", context)
    assert doc.streams["en"] == "Methadone (Dolophine or Methadose) is an opioid agonist that is taken orally."
    assert doc.streams["zh"] == ""
    assert _changed(doc) == [("methadone", "美沙酮", "zh", "en", "restored", "Methadone")]
    tagged = {(t.concept, t.surface) for t in doc.terms if t.action == "tagged"}
    assert ("methadone", "Dolophine") in tagged  # brand names are tagged, not rewritten
    assert ("methadone", "Methadose") in tagged


def test_english_term_inside_chinese_is_restored_but_acronyms_stay(context):
    doc = _doc("此研究调查了184位outpatient患者，降低HIV感染的风险。", context)
    assert doc.streams["zh"] == "此研究调查了184位门诊患者，降低HIV感染的风险。"
    assert _changed(doc) == [("outpatient", "outpatient", "en", "zh", "restored", "门诊")]


def test_a_medical_page_outside_the_domain_keeps_its_traditional_medicine_wording(context):
    # from a real bench page (Chinese medical Q&A): general medical concepts and symptoms, no addiction medicine
    text = ("医生：目前宝宝反复发烧的情况，比较适合吃一些中成药的清热解毒药，对于治疗反复发烧，效果好。"
            "有流鼻涕和出汗吗？注意多喝水，观察体温和腹泻。")  # a cold's signs are withdrawal's too
    doc = _doc(text, context)
    assert len(context.matchers.concepts_in(doc.streams)) >= 2
    assert doc.streams["zh"] == text
    assert not [hit for hit in doc.terms if hit.action == "corrected"]


def test_mistranslation_is_corrected_on_a_page_of_the_domain(context):
    doc = _doc("通常，海洛因用户将通过一个解毒计划，然后接受美沙酮维持治疗。", context)
    assert "脱毒计划" in doc.streams["zh"] and "解毒" not in doc.streams["zh"]
    assert ("detoxification", "解毒", "zh", "zh", "corrected", "脱毒") in _changed(doc)


def test_mistranslation_outside_the_domain_is_left_alone(context):
    doc = _doc("这种草药被用来解毒。", context)
    assert doc.streams["zh"] == "这种草药被用来解毒。"
    assert _changed(doc) == []


def test_longer_match_wins_and_nested_concepts_are_tagged(context):
    doc = _doc("Methadone maintenance treatment reduces heroin use.", context)
    spans = [(t.concept, doc.streams["en"][t.start:t.end]) for t in doc.terms]
    assert ("methadone-maintenance-treatment", "Methadone maintenance treatment") in spans
    assert ("methadone", "Methadone") in spans
    assert ("heroin", "heroin") in spans


def test_plurals_and_case_match_on_spacy_tokens(context):
    doc = _doc("Partial agonists activate opioid receptors; E-cadherin and HIV-positive patients.", context)
    spans = {(t.concept, doc.streams["en"][t.start:t.end]) for t in doc.terms}
    assert ("partial-agonist", "Partial agonists") in spans
    assert ("opioid-receptor", "opioid receptors") in spans
    assert ("hiv", "HIV") in spans


def test_matching_handles_paragraph_offsets(context):
    from pipeline.matching import EnglishPhraseMatcher, plural

    assert [plural(w) for w in ("agonist", "therapy", "virus", "day")] == ["agonists", "therapies", "viruses", "days"]
    matcher = context.matchers.english
    assert isinstance(matcher, EnglishPhraseMatcher)
    text = "First line.\nNaloxone reverses overdoses."
    hits = [(text[start:end], concept.id) for start, end, concept in matcher.find(text)]
    assert hits == [("Naloxone", "naloxone"), ("overdoses", "overdose")]


def test_english_matching_reads_only_lines_that_can_match_and_keeps_their_offsets(context):
    matcher = context.matchers.english
    lines = ["Nothing to see.", "Patients on Methadone maintenance treatment.", "None here either.",
             "İİİ then BUPRENORPHINE and naloxone."]  # lower-casing İ makes the line longer
    text = "\n".join(lines)
    hits = [(text[start:end], concept.id) for start, end, concept in matcher.find(text)]
    assert hits == [("Methadone maintenance treatment", "methadone-maintenance-treatment"),
                    ("Methadone maintenance", "methadone-maintenance-treatment"), ("Methadone", "methadone"),
                    ("BUPRENORPHINE", "buprenorphine"), ("naloxone", "naloxone")]
    assert matcher.find("\n".join(lines[0::2])) == []


def test_english_matching_keeps_its_vocabulary_whatever_it_reads(context):
    from pipeline.matching import EnglishPhraseMatcher

    matcher = EnglishPhraseMatcher({concept.en: concept for concept in context.glossary.concepts
                                    if concept.id in ("methadone", "naloxone")})
    matcher.find("Methadone and naloxone.")  # a form's own words in another case are new strings, once
    strings = len(matcher._vocab.strings)
    for number in range(50):
        text = f"Methadone zqx{number}word and naloxone in clinic{number}."
        assert [concept.id for _, _, concept in matcher.find(text)] == ["methadone", "naloxone"]
    assert len(matcher._vocab.strings) == strings


def test_english_matching_tokens_keep_digit_compounds_whole_and_stop_at_line_breaks(context):
    matcher = context.matchers.english
    text = "COVID-19 surges.\nHIV-positive people with opioid\nreceptor tests. See nih.gov/heroin-facts."
    hits = [(text[start:end], concept.id) for start, end, concept in matcher.find(text)]
    assert ("COVID-19", "covid-19") in hits
    assert ("COVID", "covid-19") not in hits  # the acronym alone is not inside COVID-19 a second time
    assert ("HIV", "hiv") in hits  # a hyphen between letters splits
    assert not [hit for hit in hits if hit[1] == "opioid-receptor"]  # a term does not run over a line break
    assert not [hit for hit in hits if hit[1] == "heroin"]  # nor is one read inside a web address


def test_english_matching_joins_no_tokens_a_skipped_word_parted(context):
    matcher = context.matchers.english
    text = "opioid blocking receptor; opioid  receptors, Opioid\treceptor and methadone maintenance"
    hits = [(text[start:end], concept.id) for start, end, concept in matcher.find(text)]
    assert [hit for hit in hits if hit[1] == "opioid-receptor"] == [("opioid  receptors", "opioid-receptor"),
                                                                     ("Opioid\treceptor", "opioid-receptor")]
    assert ("methadone maintenance", "methadone-maintenance-treatment") in hits


def test_bracketed_english_gloss_in_chinese_stays_as_written(context):
    doc = _doc("胃食管反流病（gastroesophageal reflux disease，GERD）与哮喘有关，pain常见。", context)
    assert "（gastroesophageal reflux disease，GERD）" in doc.streams["zh"]
    assert "疼痛常见" in doc.streams["zh"]  # outside brackets the English term is restored


def test_mistranslation_inside_a_longer_glossary_form_is_left_alone(context):
    doc = _doc("海洛因过量时应使用纳洛酮作为解毒剂，然后进入美沙酮维持治疗。", context)
    assert "解毒剂" in doc.streams["zh"]
    assert not [hit for hit in doc.terms if hit.action == "corrected"]


def test_acronyms_match_only_in_capitals(context):
    doc = _doc("AIDS patients who inject drugs. Hearing aids help who?", context)
    aids = [doc.streams["en"][t.start:t.end] for t in doc.terms if t.concept == "aids"]
    assert aids == ["AIDS"]


def test_a_term_inside_a_longer_one_further_on_is_not_tagged(context):
    doc = _doc("Opioids cause respiratory depression at high doses.", context)
    spans = [(t.concept, doc.streams["en"][t.start:t.end]) for t in doc.terms]
    assert ("respiratory-depression", "respiratory depression") in spans
    assert ("depression", "depression") not in spans


def test_alignment_policy_can_be_switched_off(context):
    from dataclasses import replace

    from pipeline.config import parse

    config = parse({"terms": {"restore": False, "correct": False}}, "test")
    doc = _doc("通常，海洛因用户将通过一个解毒计划before beginning treatment, then 美沙酮 is given.",
               replace(context, config=config))
    assert "解毒计划" in doc.streams["zh"] and "美沙酮" in doc.streams["zh"]
    assert {hit.action for hit in doc.terms} == {"tagged"}


def test_a_chinese_form_at_the_end_of_the_text_is_found_once_with_its_own_span(context):
    text = "我去内科看医生"
    hits = context.matchers.chinese.find(text)
    assert [(start, end, concept.id) for start, end, concept in hits] == [
        (2, 4, "internal-medicine"), (5, 7, "physician")]
    assert all(end <= len(text) for _, end, _ in hits)


def test_a_restored_term_is_capitalised_only_where_it_opens_the_sentence(context):
    assert _doc("10 美沙酮 tablets were given to each patient in the trial.", context).streams["en"] == \
        "10 methadone tablets were given to each patient in the trial."
    assert _doc("In practice 美沙酮 is an opioid agonist taken orally.", context).streams["en"] == \
        "In practice methadone is an opioid agonist taken orally."


def test_a_restored_term_joins_its_brackets_without_spaces(context):
    assert _doc("Take the drug (美沙酮) daily with a glass of water.", context).streams["en"] == \
        "Take the drug (methadone) daily with a glass of water."


def test_an_opening_bracket_after_a_chinese_term_goes_with_the_english_it_opens(context):
    doc = _doc("美沙酮（Dolophine or Methadose）is an opioid agonist that is taken orally.", context)
    assert doc.streams["en"] == "Methadone (Dolophine or Methadose) is an opioid agonist that is taken orally."
    assert doc.streams["zh"] == ""


def test_new_drug_names_tag_chinese_pages_and_everyday_phrases_do_not(context):
    doc = _doc("医生开了羟考酮和曲马多止痛，睡前服用阿普唑仑。", context)
    assert [(t.concept, t.surface) for t in doc.terms if t.concept != "physician"] == [
        ("oxycodone", "羟考酮"), ("tramadol", "曲马多"), ("alprazolam", "阿普唑仑")]
    doc = _doc("切勿暴饮暴食，这样风险比较大，有啥药物辅助治疗吗？", context)
    assert [t.concept for t in doc.terms] == []
