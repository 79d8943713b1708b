"""Glossary suggestions: the Chinese span rule, the English gloss rule, exact ranked rows over hand-written pages."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import medclean

from pipeline import glossary
from pipeline.suggest import _english, chinese_span, chinese_words

HEADER = "id\ten\tzh\tzh_hant\ten_aliases\tzh_aliases\tmistranslations\tabbreviation\tcategory\tsource\tnote"


@pytest.fixture(scope="module")
def words() -> frozenset[str]:
    return chinese_words()


@pytest.mark.parametrize(("run", "english", "term"), [
    ("上皮细胞的间质化过程", "epithelial-mesenchymal transition", "上皮细胞的间质化过程"),  # short span keeps 的
    ("临床上广泛使用的血管紧张素转换酶抑制剂", "angiotensin-converting enzyme inhibitor", "血管紧张素转换酶抑制剂"),
    ("使用的脂多糖", "lipopolysaccharide", "脂多糖"),  # a span never starts with 的
    ("本研究采用对照组", "control group", "对照组"),  # 对照 is a word: 对 does not cut it
    ("氧自由基", "oxygen free radical", "氧自由基"),  # nor 由 in 自由
    ("相对危险度", "relative risk", "相对危险度"),
    ("目前临床使用的肺癌分期是国际抗癌联盟", "Union for International Cancer Control", "国际抗癌联盟"),
    ("维生素D及维生素D受体", "vitamin D receptor", "维生素D受体"),
    ("-21对香烟烟雾提取物", "cigarette smoke extract", "香烟烟雾提取物"),
    ("因此国际肺癌研究学会", "International Association for the Study of Lung Cancer", "国际肺癌研究学会"),
    ("探讨微小RNA", "micro RNA", "微小RNA"),  # 研究/探讨 are dropped only at the start
    ("病灶T1加权成像", "T1-weighted image", "T1加权成像"),  # anchored on the English's first word
    ("并构建其logistic回归模型", "logistic regression model", "logistic回归模型"),
    ("B组患者血清白蛋白", "albumin", "血清白蛋白"),
    ("两个sgRNA", "single guide RNA", None),  # one Han character is no Chinese term
    ("患者", "patients", None),
    ("急性呼吸窘迫综合征体外膜肺氧合治疗方案", "some long phrase", None),  # longer than 16 characters
])
def test_chinese_span(words, run, english, term):
    start = chinese_span(run, english, words)
    assert (None if start is None else run[start:]) == term


@pytest.mark.parametrize(("inner", "parsed"), [
    ("epithelial-mesenchymal transition, EMT", ("epithelial-mesenchymal transition", "EMT")),
    ("micro RNA，miR", ("micro RNA", "miR")),
    ("Union for International Cancer Control, UICC", ("Union for International Cancer Control", "UICC")),
    ("albumin", ("albumin", None)),
    ("control group, the usual kind", None),  # the tail is no abbreviation and the English holds a comma
    ("n=11", None),
    ("P<0.05", None),
    ("ICMJE", None),
    ("miRNA", None),
    ("A、E 和C", None),
    ("T1 SM2，≥1 000 μm", None),
])
def test_english_gloss(inner, parsed):
    assert _english(inner) == parsed


def write_pages(folder) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(
        "研究发现，上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）是肿瘤转移的关键步骤。\n"
        "本研究采用对照组(control group)进行比较，样本量(n=11)，差异显著（P<0.05）。\n"
        "病灶T1加权成像(T1-weighted image，T1WI)呈低信号。\n"
        "美沙酮（methadone）维持治疗需要长期随访。\n", encoding="utf-8")
    (folder / "c.txt").write_bytes(
        ("晚期肺癌患者中，非小细胞肺癌（non-small cell lung cancer，NSCLC）最为常见，约占全部肺癌的百分之八十五。"
         "一项多中心研究显示，非小细胞肺癌 (non-small cell lung cancer, NSCLC) 患者的五年生存率仍然较低。\n"
         ).encode("gb18030"))
    lines = [{"text": "上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）与耐药有关。"
                      "本文依据国际医学期刊编辑委员会（ICMJE）的建议。"},
             {"text": "非小細胞肺癌（non-small cell lung cancer, NSCLC）在台灣十分常見。", "url": "https://example.org/tw"}]
    (folder / "d.jsonl").write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                                    encoding="utf-8")
    (folder / "e.txt.gz").write_bytes(gzip.compress(
        "肌酐清除率（creatinine clearance, CrCl）用于评估肾功能。\n".encode()))


ROWS = [
    "non-small-cell-lung-cancer\tnon-small cell lung cancer\t非小细胞肺癌\t非小細胞肺癌\t\t\t\tNSCLC\t\t"
    "suggested from corpus: 2 pages\t"
    "example (c.txt): …晚期肺癌患者中，非小细胞肺癌（non-small cell lung cancer，NSCLC）",
    "epithelial-mesenchymal-transition\tepithelial-mesenchymal transition\t上皮细胞的间质化过程\t\t\t\t\tEMT\t\t"
    "suggested from corpus: 2 pages\t"
    "example (a.txt): …研究发现，上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）",
    "control-group\tcontrol group\t对照组\t\t\t\t\t\t\tsuggested from corpus: 1 page\t"
    "example (a.txt): …的关键步骤。 本研究采用对照组(control group)",
    "creatinine-clearance\tcreatinine clearance\t肌酐清除率\t\t\t\t\tCrCl\t\tsuggested from corpus: 1 page\t"
    "example (e.txt.gz): …肌酐清除率（creatinine clearance, CrCl）",
    "t1-weighted-image\tT1-weighted image\tT1加权成像\t\t\t\t\tT1WI\t\tsuggested from corpus: 1 page\t"
    "example (a.txt): …（P<0.05）。 病灶T1加权成像(T1-weighted image，T1WI)",
]


METHADONE = ("methadone\tmethadone\t美沙酮\t\t\t\t\t\t\tsuggested from corpus: 1 page\t"
             "example (a.txt): …，T1WI)呈低信号。美沙酮（methadone）")


def test_suggest_ranks_pairs_over_every_format_and_skips_glossary_forms(tmp_path):
    # NSCLC: 2 pages (c.txt twice, GB18030; the Traditional JSONL page) and 3 occurrences; EMT: 2 pages, 2
    # occurrences; then one-page pairs by English. 美沙酮 (methadone) is a glossary form; (n=11), (P<0.05)
    # and (ICMJE) are no English glosses.
    write_pages(tmp_path / "pages")
    result = medclean("glossary", "suggest", str(tmp_path / "pages"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [HEADER, *ROWS]
    assert result.stderr == "5 suggestions\n"


def test_suggest_top_and_out_write_loadable_glossary_rows(tmp_path):
    write_pages(tmp_path / "pages")
    out = tmp_path / "suggested.tsv"
    result = medclean("glossary", "suggest", str(tmp_path / "pages" / "a.txt"), str(tmp_path / "pages" / "d.jsonl"),
                      "--top", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"3 suggestions written to {out}\n"
    loaded = glossary.load(out)
    assert [(c.id, c.zh, c.zh_hant, c.source) for c in loaded.concepts] == [
        ("epithelial-mesenchymal-transition", "上皮细胞的间质化过程", None, "suggested from corpus: 2 pages"),
        ("control-group", "对照组", None, "suggested from corpus: 1 page"),
        ("non-small-cell-lung-cancer", "非小细胞肺癌", "非小細胞肺癌", "suggested from corpus: 1 page"),
    ]
    again = medclean("glossary", "suggest", str(tmp_path / "pages"), "--out", str(out))
    assert again.returncode == 2
    assert again.stderr == f"medclean: {out}: exists; use --force to overwrite it\n"


def test_suggest_reports_rejected_inputs_and_mines_the_rest(tmp_path):
    write_pages(tmp_path / "pages")
    missing = tmp_path / "absent"
    result = medclean("glossary", "suggest", str(missing), str(tmp_path / "pages" / "e.txt.gz"))
    assert result.returncode == 3
    assert result.stdout.splitlines() == [HEADER, ROWS[3]]
    assert result.stderr.splitlines() == [f"{missing}: no such file or folder", "1 suggestion; 1 inputs rejected"]


def test_suggest_skips_pairs_the_glossary_holds(tmp_path):
    tsv = tmp_path / "glossary.tsv"
    tsv.write_text(HEADER + "\nnsclc\tnon-small cell lung cancer\t非小细胞肺癌\t\t\t\t\tNSCLC\t\thand\t\n"
                   "other\tsomething else\t对照组\t\t\t\t\t\t\thand\t\n", encoding="utf-8")
    config = tmp_path / "medclean.toml"
    config.write_text(f'[terms]\nglossary = "{tsv}"\n', encoding="utf-8")
    write_pages(tmp_path / "pages")
    result = medclean("glossary", "suggest", str(tmp_path / "pages"), "--config", str(config))
    assert result.returncode == 0, result.stderr
    # methadone is suggested now that this glossary does not hold it; NSCLC and 对照组 are held
    assert result.stdout.splitlines() == [HEADER, ROWS[1], ROWS[3], METHADONE, ROWS[4]]


def test_suggest_on_the_shared_mixed_suite_gives_new_loadable_rows(shared, tmp_path):
    out = tmp_path / "suggested.tsv"
    result = medclean("glossary", "suggest", str(shared / "eval" / "mixed" / "pages"), "--top", "30", "--out",
                      str(out))
    assert result.returncode == 0, result.stderr
    suggested = glossary.load(out).concepts
    assert 20 <= len(suggested) <= 30
    shipped = glossary.load()
    english, chinese = shipped.english_forms(), shipped.chinese_forms()
    assert not [c.id for c in suggested if c.en.lower() in english or c.zh in chinese]
    assert all(c.source.startswith("suggested from corpus: ") and c.note.startswith("example (")
               for c in suggested)
