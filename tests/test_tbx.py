"""TBX exchange: exact export, lossless round trips, a reader we did not write, TBX 2019 import, errors, CLI."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import medclean

from pipeline import glossary, tbx
from pipeline.glossary import Concept, Glossary

EMT = Concept(
    id="emt", en="epithelial-mesenchymal transition", zh="上皮-间质转化", zh_hant="上皮-間質轉化",
    en_aliases=("epithelial to mesenchymal transition", "EMT process"), zh_aliases=("上皮间质转化",),
    mistranslations=("上皮间充质过渡",), abbreviation="EMT", category="cell biology",
    source='R&D <notes> "draft"', note="A & B < C > D; 'quoted' ]]>", origin="hand:2")
HIV = Concept(  # the abbreviation is also the canonical form
    id="hiv", en="HIV", zh="人类免疫缺陷病毒", zh_hant=None, en_aliases=("human immunodeficiency virus",),
    zh_aliases=("艾滋病病毒", "愛滋病毒"), mistranslations=(), abbreviation="HIV", category="disease",
    source="hand", note=None, origin="hand:3")
NO_ZH = Concept(  # no canonical Chinese: only a mistranslation, and aliases without a preferred term
    id="contingency-management", en="contingency management", zh=None, zh_hant="權變管理", en_aliases=(),
    zh_aliases=("权变管理", "后效管理"), mistranslations=("应急管理",), abbreviation=None, category=None,
    source="hand", note="no settled Chinese term", origin="hand:4")
HAND = Glossary(concepts=(EMT, HIV, NO_ZH), fingerprint="")

EMT_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader>
    <fileDesc>
      <sourceDesc>
        <p>medclean glossary</p>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <p type="XCSURI">TBXBasicXCSV02.xcs</p>
    </encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="emt">
        <descrip type="subjectField">cell biology</descrip>
        <admin type="source">R&amp;D &lt;notes&gt; "draft"</admin>
        <note>A &amp; B &lt; C &gt; D; 'quoted' ]]&gt;</note>
        <langSet xml:lang="en">
          <tig>
            <term>epithelial-mesenchymal transition</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>epithelial to mesenchymal transition</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>EMT process</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>EMT</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
            <termNote type="termType">acronym</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="zh-Hans">
          <tig>
            <term>上皮-间质转化</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>上皮间质转化</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>上皮间充质过渡</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="zh-Hant">
          <tig>
            <term>上皮-間質轉化</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def without_origin(concepts) -> list[Concept]:
    return [dataclasses.replace(concept, origin="") for concept in concepts]


def round_trip(source: Glossary, tmp_path: Path) -> tbx.Imported:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(tbx.to_tbx(source))
    return tbx.read_tbx(path)


def test_export_of_one_concept_is_exactly_tbx_basic_with_escaping():
    assert tbx.to_tbx(Glossary(concepts=(EMT,), fingerprint="")).decode("utf-8") == EMT_TBX


def test_export_is_deterministic_and_names_the_glossary_fingerprint():
    shipped = glossary.load()
    first, second = tbx.to_tbx(shipped), tbx.to_tbx(glossary.load())
    assert first == second
    assert f"<p>medclean glossary, fingerprint sha256:{shipped.fingerprint}</p>".encode() in first


def test_round_trip_keeps_every_field_of_a_hand_made_glossary(tmp_path):
    imported = round_trip(HAND, tmp_path)
    assert imported.warnings == ()
    assert without_origin(imported.concepts) == without_origin(HAND.concepts)
    path = tmp_path / "glossary.tbx"
    assert [c.origin for c in imported.concepts] == [f"{path}:16", f"{path}:60", f"{path}:93"]


def test_round_trip_keeps_the_shipped_glossary(tmp_path):
    shipped = glossary.load()
    imported = round_trip(shipped, tmp_path)
    assert imported.warnings == ()
    assert len(imported.concepts) == len(shipped.concepts)
    assert without_origin(imported.concepts) == without_origin(shipped.concepts)


def test_imported_tsv_loads_back_as_the_same_glossary(tmp_path):
    for name, source in (("hand", HAND), ("shipped", glossary.load())):
        tsv = tmp_path / f"{name}.tsv"
        tsv.write_text(tbx.tsv_text(round_trip(source, tmp_path).concepts), encoding="utf-8")
        assert without_origin(glossary.load(tsv).concepts) == without_origin(source.concepts)
        assert glossary.load(tsv).concepts[0].origin == f"{tsv}:2"


def test_tsv_text_is_the_glossary_layout():
    assert tbx.tsv_text([HIV, NO_ZH]) == (
        "id\ten\tzh\tzh_hant\ten_aliases\tzh_aliases\tmistranslations\tabbreviation\tcategory\tsource\tnote\n"
        "hiv\tHIV\t人类免疫缺陷病毒\t\thuman immunodeficiency virus\t艾滋病病毒|愛滋病毒\t\tHIV\tdisease\thand\t\n"
        "contingency-management\tcontingency management\t\t權變管理\t\t权变管理|后效管理\t应急管理\t\t\thand\t"
        "no settled Chinese term\n")


def test_values_xml_cannot_hold_are_an_error_naming_the_row():
    broken = dataclasses.replace(HIV, note="bell \x07 character")
    with pytest.raises(tbx.TbxError, match=r"^hand:3: concept 'hiv' cannot be written as XML"):
        tbx.to_tbx(Glossary(concepts=(broken,), fingerprint=""))


# ---------------------------------------------------------------- a reader we did not write

def test_translate_toolkit_reads_one_unit_per_concept():
    # tbxfile.parse makes one tbxunit for every termEntry under the root; the martifHeader is no unit,
    # so the export of N concepts is N units. Its `source` is the first term of the first langSet (en,
    # the canonical form) and its `target` the first term of the second langSet (zh-Hans: zh, or the
    # first alias or mistranslation when a concept has no canonical Chinese).
    from translate.storage.tbx import tbxfile

    for source in (HAND, glossary.load()):
        store = tbxfile.parsestring(tbx.to_tbx(source))
        assert len(store.units) == len(source.concepts)
        assert [unit.getid() for unit in store.units] == [c.id for c in source.concepts]
        assert [unit.source for unit in store.units] == [c.en for c in source.concepts]
        expected = [c.zh or next(iter(c.zh_aliases + c.mistranslations), c.zh_hant) for c in source.concepts]
        assert [unit.target for unit in store.units] == expected
    store = tbxfile.parsestring(tbx.to_tbx(HAND))
    assert [len(unit.getlanguageNodes()) for unit in store.units] == [3, 2, 3]


def test_translate_toolkit_sees_every_term_with_its_status():
    from translate.storage.tbx import tbxunit

    if not hasattr(tbxunit, "get_source_terms"):
        pytest.skip("this translate-toolkit has no per-term API (older releases such as 3.13)")
    from translate.storage.tbx import tbxfile

    (unit, *_) = tbxfile.parsestring(tbx.to_tbx(HAND)).units
    assert [(t.text, t.administrative_status) for t in unit.get_source_terms()] == [
        ("epithelial-mesenchymal transition", "preferredTerm-admn-sts"),
        ("epithelial to mesenchymal transition", "admittedTerm-admn-sts"),
        ("EMT process", "admittedTerm-admn-sts"),
        ("EMT", "admittedTerm-admn-sts")]
    zh = unit.get_target_terms("zh-Hans")
    assert [(t.text, t.deprecated) for t in zh] == [("上皮-间质转化", False), ("上皮间质转化", False),
                                                    ("上皮间充质过渡", True)]
    assert [t.text for t in unit.get_target_terms("zh-Hant")] == ["上皮-間質轉化"]


# ---------------------------------------------------------------- TBX 2019

TBX_2019 = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml"
  schematypens="http://relaxng.org/ns/structure/1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader>
    <fileDesc><sourceDesc><p>hand-written termbase</p></sourceDesc></fileDesc>
  </tbxHeader>
  <text>
    <body>
      <conceptEntry id="c1">
        <descrip type="subjectField">oncology</descrip>
        <admin type="source">WHO &amp; IARC</admin>
        <note>first note</note>
        <langSec xml:lang="en">
          <descripGrp>
            <descrip type="definition">A malignant
               lung tumour.</descrip>
            <admin type="source">the definition's source, not the concept's</admin>
          </descripGrp>
          <termSec>
            <term>non-small cell lung cancer</term>
            <termNote type="partOfSpeech">noun</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>NSCLC</term>
            <termNote type="termType">acronym</termNote>
          </termSec>
          <termSec>
            <term>non-small-cell lung carcinoma</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="zh-CN">
          <termSec>
            <term>非小细胞肺癌</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec><term>非小细胞性肺癌</term></termSec>
          <termSec>
            <term>非小型细胞肺癌</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="zh-TW">
          <termSec>
            <term>非小細胞肺癌</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>非小細胞癌</term>
            <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="fr">
          <termSec><term>cancer du poumon non à petites cellules</term></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry>
        <!-- no id: one is made from the English -->
        <langSec xml:lang="en-GB">
          <termSec><term>tumour &amp; node staging</term></termSec>
        </langSec>
        <langSec xml:lang="zh">
          <termSec><term>TNM分期</term></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="c3">
        <langSec xml:lang="zh-Hans"><termSec><term>只有中文</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""

TBX_2019_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>DCT style</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="mmt">
      <basic:subjectField>treatment</basic:subjectField>
      <langSec xml:lang="en">
        <termSec>
          <term>methadone maintenance treatment</term>
          <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
        </termSec>
        <termSec><term>MMT</term><basic:termType>acronym</basic:termType></termSec>
      </langSec>
      <langSec xml:lang="zh-Hans"><termSec><term>美沙酮维持治疗</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_import_of_a_tbx_2019_concept_entry_document(tmp_path):
    path = tmp_path / "oncology.tbx"
    path.write_text(TBX_2019, encoding="utf-8")
    imported = tbx.read_tbx(path)
    assert imported.concepts == (
        Concept(id="c1", en="non-small cell lung cancer", zh="非小细胞肺癌", zh_hant="非小細胞肺癌",
                en_aliases=("non-small-cell lung carcinoma",), zh_aliases=("非小细胞性肺癌",),
                mistranslations=("非小型细胞肺癌", "非小細胞癌"), abbreviation="NSCLC", category="oncology",
                source="WHO & IARC", note="first note; definition (en): A malignant lung tumour.",
                origin=f"{path}:10"),
        Concept(id="tumour-node-staging", en="tumour & node staging", zh="TNM分期", zh_hant=None, en_aliases=(),
                zh_aliases=(), mistranslations=(), abbreviation=None, category=None,
                source="imported from oncology.tbx", note=None, origin=f"{path}:59"),
    )
    assert imported.warnings == (
        f"{path}:68: entry c3 has no English term, skipped",
        f"{path}: language fr skipped in 1 entry (the glossary holds en and zh)",
    )


def test_import_of_a_tbx_2019_dct_document(tmp_path):
    path = tmp_path / "dct.tbx"
    path.write_text(TBX_2019_DCT, encoding="utf-8")
    assert tbx.read_tbx(path) == tbx.Imported(concepts=(
        Concept(id="mmt", en="methadone maintenance treatment", zh="美沙酮维持治疗", zh_hant=None, en_aliases=(),
                zh_aliases=(), mistranslations=(), abbreviation="MMT", category="treatment",
                source="imported from dct.tbx", note=None, origin=f"{path}:6"),), warnings=())


@pytest.mark.parametrize(("content", "message"), [
    (b"<martif><text><body><termEntry id='a'>\n<langSet xml:lang='en'><tig><term>x</term></tig>\n"
     b"</termEntry></body></text></martif>", ":3: not well-formed XML: "),
    (b"<tmx version='1.4'>\n<body/></tmx>", ":1: root element <tmx> is neither TBX 2008 <martif> nor TBX 2019 <tbx>"),
    (b"", ":1: not well-formed XML: "),
])
def test_bad_tbx_is_one_line_naming_file_and_line(tmp_path, content, message):
    path = tmp_path / "bad.tbx"
    path.write_bytes(content)
    with pytest.raises(tbx.TbxError) as caught:
        tbx.read_tbx(path)
    assert str(caught.value).startswith(f"{path}{message}")
    assert "\n" not in str(caught.value)


def test_missing_tbx_file_is_an_error(tmp_path):
    with pytest.raises(tbx.TbxError, match="cannot read"):
        tbx.read_tbx(tmp_path / "absent.tbx")


# ---------------------------------------------------------------- command line

def test_cli_export_writes_the_shipped_glossary(tmp_path):
    out = tmp_path / "medclean.tbx"
    result = medclean("glossary", "export", "--tbx", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == tbx.to_tbx(glossary.load())
    assert result.stderr == f"{len(glossary.load().concepts)} concepts written to {out}\n"


def test_cli_export_honours_config_and_import_gives_the_tsv_back(tmp_path):
    tsv = tmp_path / "hand.tsv"
    tsv.write_text(tbx.tsv_text(HAND.concepts), encoding="utf-8")
    config = tmp_path / "medclean.toml"
    config.write_text(f'[terms]\nglossary = "{tsv}"\n', encoding="utf-8")
    exported = medclean("glossary", "export", "--tbx", "-", "--config", str(config))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == tbx.to_tbx(glossary.load(tsv)).decode("utf-8")
    (tmp_path / "hand.tbx").write_text(exported.stdout, encoding="utf-8")
    out = tmp_path / "imported.tsv"
    result = medclean("glossary", "import", str(tmp_path / "hand.tbx"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"3 concepts written to {out}\n"
    assert out.read_bytes() == tsv.read_bytes()


def test_cli_export_refuses_to_overwrite_a_glossary_source(tmp_path):
    tsv = tmp_path / "hand.tsv"
    tsv.write_text(tbx.tsv_text(HAND.concepts), encoding="utf-8")
    config = tmp_path / "medclean.toml"
    config.write_text(f'[terms]\nglossary = "{tmp_path}"\n', encoding="utf-8")
    result = medclean("glossary", "export", "--tbx", str(tsv), "--config", str(config))
    assert result.returncode == 2
    assert "is a glossary source file" in result.stderr
    assert tsv.read_text(encoding="utf-8") == tbx.tsv_text(HAND.concepts)


def test_cli_import_refuses_to_overwrite_without_force(tmp_path):
    source = tmp_path / "in.tbx"
    source.write_bytes(tbx.to_tbx(HAND))
    out = tmp_path / "out.tsv"
    out.write_text("keep me\n", encoding="utf-8")
    refused = medclean("glossary", "import", str(source), "--out", str(out))
    assert refused.returncode == 2
    assert refused.stderr == f"medclean: {out}: exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    forced = medclean("glossary", "import", str(source), "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.read_text(encoding="utf-8") == tbx.tsv_text(HAND.concepts)


def test_cli_import_of_bad_tbx_exits_3_and_writes_nothing(tmp_path):
    source = tmp_path / "bad.tbx"
    source.write_bytes(b"<martif>\n<text>\n</martif>")
    out = tmp_path / "out.tsv"
    result = medclean("glossary", "import", str(source), "--out", str(out))
    assert result.returncode == 3
    assert result.stderr.startswith(f"{source}:3: not well-formed XML: ")
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_cli_import_prints_warnings(tmp_path):
    source = tmp_path / "oncology.tbx"
    source.write_text(TBX_2019, encoding="utf-8")
    out = tmp_path / "out.tsv"
    result = medclean("glossary", "import", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {source}:68: entry c3 has no English term, skipped",
        f"warning: {source}: language fr skipped in 1 entry (the glossary holds en and zh)",
        f"2 concepts written to {out}",
    ]
    assert [c.id for c in glossary.load(out).concepts] == ["c1", "tumour-node-staging"]
