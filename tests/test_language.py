"""Language stage: sentences, script runs, segments, shares and labels."""

from __future__ import annotations

import re

from conftest import kept_lines, text_page
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import Document, Line, Page
from pipeline.scripts import HAN, sentence_spans
from pipeline.stages import language
from pipeline.stages.language import line_segments, sentence_segments


def pieces(sentence: str) -> list[tuple[str, str]]:
    return [(lang, sentence[start:end].strip()) for lang, start, end in sentence_segments(sentence, 2)]


def test_english_clause_glued_to_chinese_is_split():
    sentence = "通常,海洛因用户将通过一个解毒计划before beginning their long-term treatment program."
    assert pieces(sentence) == [("zh", "通常,海洛因用户将通过一个解毒计划"),
                                ("en", "before beginning their long-term treatment program.")]


def test_chinese_clause_inside_english_sentence_is_split():
    sentence = "Although the detoxification process itself is not成瘾治疗,它可能是一个有效的第一步"
    assert pieces(sentence) == [("en", "Although the detoxification process itself is not"),
                                ("zh", "成瘾治疗,它可能是一个有效的第一步")]


def test_parenthetical_gloss_stays_with_its_chinese_sentence():
    sentence = "上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）是肿瘤转移的关键步骤。"
    assert pieces(sentence) == [("zh", sentence)]
    sentence = "目的：研究药物性肝衰竭(drug-induced liver failure，DILF)患者的预后影响因素。"
    assert pieces(sentence) == [("zh", sentence)]


def test_acronyms_units_and_names_stay_chinese():
    for sentence in ("E-cadherin在上皮细胞中高表达。", "降低HIV感染的风险。", "每日服用480 mg美沙酮。",
                     "纳曲酮缓释注射剂Vivitrol每月注射一次。",
                     "国际抗癌联盟Union for International Cancer Control发布了分期标准。"):
        assert pieces(sentence) == [("zh", sentence)], sentence


def test_kana_makes_a_sentence_other():
    assert pieces("これはペンです。") == [("other", "これはペンです。")]
    assert pieces("日本政府、新型コロナ対策を発表") == [("other", "日本政府、新型コロナ対策を発表")]
    assert pieces("김종국은 가수입니다.") == [("other", "김종국은 가수입니다.")]
    for sentence in ("国立感染症研究所の報告", "厚生労働省新型肺炎対策本部の発表",
                     "《나 어릴적 꿈》", "(서울대학교병원)", "“김종국”"):
        assert pieces(sentence) == [("other", sentence)], sentence


def test_a_korean_or_japanese_gloss_stays_with_its_chinese_sentence():
    for sentence in ("金锺国（韩语：김종국，英语：Kim Jong Kook），韩国男艺人。",
                     "2021年6月开设个人YouTube频道“김종국 GYM JONG KOOK”，突破100万人订阅。",
                     "他演唱了《나 어릴적 꿈（我儿时的梦）》正式出道。"):
        assert pieces(sentence) == [("zh", sentence)], sentence


def test_sentence_spans_respect_abbreviations_and_decimals():
    text = "Dr. Smith gave 2.5 mg daily. Patients (n=27) improved. 结果良好。Next sentence"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Dr. Smith gave 2.5 mg daily.", "Patients (n=27) improved.", "结果良好。", "Next sentence"]


def test_list_numbers_stay_with_their_item():
    for text, want in (("1.认识明白神旨意的重要性；", ["1.认识明白神旨意的重要性；"]),
                       ("3.1. 淘宝网物流配送的服务质量差", ["3.1. 淘宝网物流配送的服务质量差"]),
                       ("2. Methadone is an opioid agonist.", ["2. Methadone is an opioid agonist."]),
                       ("剂量为2.5毫克。下一句。", ["剂量为2.5毫克。", "下一句。"]),
                       ("治疗有效.随后停药。", ["治疗有效.", "随后停药。"])):
        assert [text[s:e] for s, e in sentence_spans(text)] == want, text


def test_text_without_letters_follows_its_neighbours(context):
    text = "1.认识明白神旨意的重要性；\n↓ ↓ ↓\n2022-02-13 23:37\n结果良好。"
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert doc.streams["en"] == ""
    assert doc.streams["zh"] == "1.认识明白神旨意的重要性；\n↓ ↓ ↓\n2022-02-13 23:37\n结果良好。"
    text = "Methadone works.\n2022-02-13\n美沙酮有效。"
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert doc.streams["en"] == "Methadone works.\n2022-02-13"


def test_stream_offsets_and_shares(context):
    text = "Quitting heroin is hard,但是有很多治疗方法。\nNaloxone reverses an overdose."
    page = text_page(text)
    kept = kept_lines(text)
    doc = language.run(Document(page=page, kept=kept), context)
    assert doc.streams["en"] == "Quitting heroin is hard,\nNaloxone reverses an overdose."
    assert doc.streams["zh"] == "但是有很多治疗方法。"
    for segment in doc.segments:
        assert doc.streams[segment.lang][segment.start:segment.end] == segment.text
        assert text[segment.src_start:segment.src_end] == segment.text
    # 4 + 4 English words against 9 Han characters (但是有很多治疗方法)
    assert doc.lang == {"doc": "mixed", "en": round(8 / 17, 4), "zh": round(9 / 17, 4), "other": 0.0}


def test_french_page_is_other(context):
    text = ("La méthadone est un médicament utilisé dans le traitement de la dépendance aux opioïdes. "
            "Elle réduit les symptômes de sevrage et le besoin de consommer de l'héroïne.")
    page = text_page(text)
    doc = language.run(Document(page=page, kept=(Line(text, 0, len(text)),)), context)
    assert doc.lang["doc"] == "other"
    assert doc.streams["en"] == ""


def test_a_paragraph_in_another_language_on_an_english_page_is_other(context):
    english = ("Methadone is a long-acting opioid agonist that is used to treat opioid use disorder and to "
               "reduce withdrawal symptoms in people who are dependent on heroin or other opioids.")
    german = ("Methadon ist ein synthetisches Opioid, das in der Substitutionstherapie bei Heroinabhängigkeit "
              "eingesetzt wird und die Entzugserscheinungen deutlich lindert.")
    code = "cert = /etc/stunnel/stunnel_cert.pem client = no pid = /var/run/stunnel.pid debug = 7 foreground = yes"
    row = "| Harwich and North Essex | Sir Bernard Jenkin | Kent und Sussex | Frau Maria Bauer |"
    text = "\n".join((english, german, code, row, english))
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert doc.lang["doc"] == "en"
    assert doc.streams["other"] == german
    assert doc.streams["en"] == "\n".join((english, code, row, english))


def test_an_english_paragraph_on_a_german_page_is_english(context):
    german = ("Methadon ist ein synthetisches Opioid, das in der Substitutionstherapie bei Heroinabhängigkeit "
              "eingesetzt wird und die Entzugserscheinungen deutlich lindert. Die Behandlung dauert oft Jahre.")
    quote = ("I am a doctor, and I believe in treatment. What I do not believe in is sending people who are "
             "sick to prison for it.")
    text = "\n".join((german, quote, german, german, quote + " 저는 의사입니다."))
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert doc.lang["doc"] == "other"
    assert doc.streams["en"] == quote + "\n" + quote
    assert "저는 의사입니다." in doc.streams["other"]


def test_an_english_line_with_an_address_and_a_phone_number_is_english(context):
    text = "For questions email help@clinic.com or call 415-555-0199 today."
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert (doc.lang["doc"], doc.streams["en"]) == ("en", text)


def test_chinese_runs_with_english_between_them_are_parted(context):
    text = ("通常，患者会先进入一个脱毒计划before beginning their long-term treatment, which can cause "
            "symptoms比如恶心和腹泻。结果良好。")
    doc = language.run(Document(page=text_page(text), kept=kept_lines(text)), context)
    assert doc.streams["zh"] == "通常，患者会先进入一个脱毒计划 比如恶心和腹泻。结果良好。"
    for segment in doc.segments:
        assert doc.streams[segment.lang][segment.start:segment.end] == segment.text


def test_empty_page_is_empty(context):
    page = Page(path="p.txt", identity="p", item=None, sha256="0" * 64, format="txt", encoding="utf-8",
                url=None, text="")
    doc = language.run(Document(page=page), context)
    assert doc.lang == {"doc": "empty", "en": None, "zh": None, "other": None}


LETTERS_AND_HAN = re.compile(r"[A-Za-z]|" + HAN.pattern)
mixed_text = st.text(
    alphabet=st.sampled_from(list("abcdefghij XYZ.,;:!?()（）。，、0123456789-'\"") + list("海洛因美沙酮治疗的是一个")),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_segments_hold_every_letter_and_han_character_once(text):
    segments = line_segments(text, 0, 0, 2)
    joined = "".join(segment.text for segment in segments)
    assert LETTERS_AND_HAN.findall(joined) == LETTERS_AND_HAN.findall(text)
    for segment in segments:
        assert text[segment.src_start:segment.src_end] == segment.text
    starts = [segment.src_start for segment in segments]
    assert starts == sorted(starts)


def test_japanese_page_is_other(context):
    text = ("メサドンはオピオイド依存症の治療に使われる薬です。毎日一回、診療所で服用します。\n"
            "離脱症状を和らげ、再発の危険を減らします。")
    page = text_page(text)
    kept = kept_lines(text)
    doc = language.run(Document(page=page, kept=kept), context)
    assert doc.lang["doc"] == "other"
    assert doc.streams["zh"] == "" and doc.streams["en"] == ""


def test_shares_count_each_segments_words_and_han_characters_apart():
    from pipeline.model import Segment
    from pipeline.stages.language import shares

    segments = [Segment("en", "Take one", 0, 8, 0), Segment("zh", "戒毒", 8, 10, 0), Segment("en", "daily", 10, 15, 0),
                Segment("other", "täglich", 16, 23, 1)]
    # words of two segments never run together: Take, one, daily are three
    assert shares(segments) == {"doc": "mixed", "en": 0.5, "zh": 0.3333, "other": 0.1667}
