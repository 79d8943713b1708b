"""The HTML report: the source laid out again from a record, the corpus numbers, escaping of everything scraped,
and the report as a person sees it in a real browser (headless Chromium; skipped, with the reason, where none
can be had)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import medclean, read_records

from pipeline.report import build_report
from pipeline.report.page import page_view, source_items
from pipeline.report.summary import CorpusSummary

HOSTILE = ('<script>document.title="pwned"</script> <img src=x onerror="document.body.dataset.pwned=1"> '
           '<a href="javascript:document.body.dataset.pwned=2">click</a>')


def _record(**fields) -> dict:
    record = {"id": "p.txt", "source": {"path": "raw/p.txt", "url": None}, "lang": {"doc": "en"},
              "mt": {"score": 0.0, "signals": {}}, "meta": {}, "en": {"text": ""}, "zh": {"text": ""},
              "other": {"text": ""}, "segments": [], "terms": [], "edits": [], "removed": [], "pairs": [],
              "duplicate_of": None}
    record.update(fields)
    return record


def test_the_source_is_laid_out_again_with_removed_lines_in_their_gaps_and_edits_undone():
    # source: "Share this\nMethadone helps.\n美沙酮有效。\nWas this page helpful?"; the edit made "helps" of "helps"
    record = _record(
        en={"text": "Methadone helps."}, zh={"text": "美沙酮有效。"},
        segments=[{"lang": "en", "start": 0, "end": 16, "src_start": 11, "src_end": 27},
                  {"lang": "zh", "start": 0, "end": 6, "src_start": 28, "src_end": 34}],
        edits=[{"kind": "glue", "stream": "en", "before": "helps", "after": "helps", "start": 10, "src_start": 21},
               {"kind": "punct", "stream": "zh", "before": ".", "after": "。", "start": 5, "src_start": 33}],
        removed=[{"text": "Share this", "reason": "boilerplate.share"},
                 {"text": "Was this page helpful?", "reason": "boilerplate.feedback"}])
    assert source_items(record) == [
        ("removed", "boilerplate.share", "Share this"), ("break", "", ""),
        ("kept", "en", "Methadone helps."), ("break", "", ""),
        ("kept", "zh", "美沙酮有效."), ("break", "", ""),
        ("removed", "boilerplate.feedback", "Was this page helpful?"), ("break", "", "")]


def test_runs_of_one_line_stay_on_it():
    record = _record(en={"text": "Quitting heroin"}, zh={"text": "可能是非常困难的"},
                     segments=[{"lang": "en", "start": 0, "end": 15, "src_start": 0, "src_end": 15},
                               {"lang": "zh", "start": 0, "end": 8, "src_start": 15, "src_end": 23}])
    assert source_items(record) == [("kept", "en", "Quitting heroin"), ("kept", "zh", "可能是非常困难的")]


def test_removed_lines_stand_where_their_offsets_say_whatever_blank_space_the_page_holds():
    # source: "First paragraph." + 40 line breaks + "Second paragraph.\nShare on Facebook"
    second = 16 + 40
    record = _record(en={"text": "First paragraph.\nSecond paragraph."},
                     segments=[{"lang": "en", "start": 0, "end": 16, "src_start": 0, "src_end": 16},
                               {"lang": "en", "start": 17, "end": 34, "src_start": second, "src_end": second + 17}],
                     removed=[{"text": "Share on Facebook", "reason": "boilerplate.share", "src_start": second + 18}])
    assert source_items(record) == [("kept", "en", "First paragraph."), ("break", "", ""),
                                    ("kept", "en", "Second paragraph."), ("break", "", ""),
                                    ("removed", "boilerplate.share", "Share on Facebook"), ("break", "", "")]


def test_english_and_chinese_of_one_source_line_stay_on_it_and_term_rewrites_are_undone():
    # source line: "Take 美沙酮 daily. 美沙酮是阿片类药物。 Call 555-0100." (the Chinese term was restored in English,
    # the phone number masked)
    record = _record(
        en={"text": "Take methadone daily. Call [PHONE]."}, zh={"text": "美沙酮是阿片类药物。"},
        segments=[{"lang": "en", "start": 0, "end": 21, "src_start": 0, "src_end": 15},
                  {"lang": "zh", "start": 0, "end": 10, "src_start": 16, "src_end": 26},
                  {"lang": "en", "start": 22, "end": 35, "src_start": 27, "src_end": 41}],
        terms=[{"concept": "methadone", "en": "methadone", "zh": "美沙酮", "surface": "美沙酮", "lang": "zh",
                "stream": "en", "action": "restored", "start": 5, "end": 14}],
        edits=[{"kind": "mask", "stream": "en", "before": "555-0100", "after": "[PHONE]", "start": 27,
                "src_start": 32}])
    assert source_items(record) == [("kept", "en", "Take 美沙酮 daily."), ("kept", "zh", " "),
                                    ("kept", "zh", "美沙酮是阿片类药物。"), ("kept", "en", " "),
                                    ("kept", "en", "Call [PHONE].")]
    assert "555-0100" not in page_view(record, 0)


@pytest.mark.parametrize(("content", "message"), [
    (b'[1, 2]\n', "records.jsonl:1: not a medclean record"),
    (b'{"id": "a"}\n{"id": \n', "records.jsonl:2: not JSON"),
    (b'{"id": "\xff"}\n', "records.jsonl:1: not UTF-8"),
])
def test_a_records_file_the_report_cannot_read_is_named_with_its_line(tmp_path, content, message):
    (tmp_path / "records.jsonl").write_bytes(content)
    done = medclean("report", str(tmp_path))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert message in done.stderr
    assert not (tmp_path / "report.html").exists() and not list(tmp_path.glob("*pages*"))


def test_everything_scraped_is_escaped_in_the_page_view():
    record = _record(id=HOSTILE, en={"text": HOSTILE}, source={"path": HOSTILE, "url": "javascript:alert(1)"},
                     segments=[{"lang": "en", "start": 0, "end": len(HOSTILE), "src_start": 0,
                                "src_end": len(HOSTILE)}],
                     removed=[{"text": HOSTILE, "reason": "spam.injected"}], meta={"title": HOSTILE},
                     terms=[{"concept": HOSTILE, "en": HOSTILE, "zh": None, "surface": "script", "lang": "en",
                             "stream": "en", "action": "tagged", "start": 1, "end": 7}])
    markup = page_view(record, 0)
    assert "<script" not in markup and "<img" not in markup and "<a href=\"javascript" not in markup
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in markup
    assert 'href="javascript' not in markup


def test_corpus_summary_counts_what_the_records_hold():
    summary = CorpusSummary()
    summary.add(_record(id="a", source={"path": "x", "url": "https://www.example.org/a"}, mt={"score": 0.7},
                        removed=[{"text": "Share", "reason": "boilerplate.share"}],
                        en={"text": "Methadone " * 5}, zh={"text": "美沙酮" * 20},
                        terms=[{"concept": "methadone", "en": "methadone", "zh": "美沙酮", "surface": "Methadone",
                                "lang": "en", "stream": "en", "action": "restored", "start": 0, "end": 9}]))
    summary.add(_record(id="b", source={"path": "x", "url": "https://example.org/b"}, mt={"score": 0.05},
                        duplicate_of="a", pairs=[{"en": "a", "zh": "b", "score": 0.95, "en_span": [0, 1],
                                                  "zh_span": [0, 1]}]))
    assert summary.pages == 2 and summary.sites == {"example.org": 2}
    assert summary.mt_bins[7] == 1 and summary.mt_bins[0] == 1
    assert [(score, page) for score, page, _ in summary.machine_translated] == [(0.7, "a")]
    assert summary.removed == {"boilerplate.share": 1}
    assert summary.concepts["methadone"] == {"restored": 1}
    assert summary.untranslated == {("methadone", "zh"): 1}  # found in en, never in the zh stream
    assert summary.duplicates == 1 and summary.pairs == 1 and summary.pair_bins[9] == 1


def _chromium() -> str | None:
    found = os.environ.get("MEDCLEAN_CHROMIUM") or next(
        (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome", "chrome")
         if shutil.which(name)), None)
    return found


def _rendered(browser: str, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", *extra,
                           page.as_uri()], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    raw = folder / "raw"
    raw.mkdir()
    pages = [
        {"url": "https://clinic.example.org/methadone", "text":
         "美沙酮(Dolophine or Methadose) is an opioid agonist used to treat opioid addiction.\n"
         "It reduces cravings and withdrawal symptoms.\nWas this page helpful?"},
        {"url": "https://spam.example.net/x", "text": "Opioid withdrawal can be treated.\n" + HOSTILE},
    ]
    (raw / "pages.jsonl").write_text("\n".join(json.dumps(page, ensure_ascii=False) for page in pages) + "\n",
                                     encoding="utf-8")
    done = medclean("run", str(raw), "--out", str(folder / "cleaned"))
    assert done.returncode == 0, done.stderr
    done = medclean("report", str(folder / "cleaned"))
    assert done.returncode == 0, done.stderr
    return folder / "cleaned"


def test_report_command_writes_the_corpus_view_and_page_views(reported):
    records = read_records(reported)
    report = (reported / "report.html").read_text(encoding="utf-8")
    assert re.search(r"<b>2</b>pages", report)
    assert "boilerplate.feedback" in report and "Was this page helpful?" in report
    views = (reported / "report_pages" / "pages-0001.html").read_text(encoding="utf-8")
    assert all(f'id="p{number}"' in views for number in range(len(records)))
    assert 'class="term restored"' in views
    assert "<script" not in views.split("<script>\ndocument.querySelectorAll")[0]


def test_report_of_a_folder_without_records_is_a_clear_error(tmp_path):
    done = medclean("report", str(tmp_path))
    assert done.returncode != 0
    assert "no records.jsonl" in done.stderr and "Traceback" not in done.stderr


def test_the_report_in_a_browser_shows_numbers_removals_terms_and_no_hostile_code(reported, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium; or set MEDCLEAN_CHROMIUM)")
    corpus = _rendered(browser, reported / "report.html", "--dump-dom")
    assert corpus.returncode == 0, corpus.stderr[-2000:]
    assert re.search(r"<b>2</b>pages", corpus.stdout)
    assert re.search(r"<td>boilerplate\.feedback</td><td class=\"n\">1</td><td>Was this page helpful\?</td>",
                     corpus.stdout)
    views = _rendered(browser, reported / "report_pages" / "pages-0001.html", "--dump-dom")
    assert views.returncode == 0, views.stderr[-2000:]
    dom = views.stdout
    assert re.search(r'<mark class="term restored" title="methadone \(restored\)[^"]*">Methadone</mark>', dom)
    assert re.search(r'<del class="removed" title="boilerplate\.feedback">Was this page helpful\?</del>', dom)
    assert "&lt;script&gt;document.title=\"pwned\"&lt;/script&gt;" in dom  # shown as text
    assert "<title>pages from 1</title>" in dom and "data-pwned" not in dom  # and never run
    assert not [line for line in views.stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()]
    screenshot = Path(os.environ.get("MEDCLEAN_SCREENSHOTS", tmp_path)) / "report-page-view.png"
    shot = _rendered(browser, reported / "report_pages" / "pages-0001.html", "--window-size=1280,1400",
                     f"--screenshot={screenshot}")
    assert shot.returncode == 0 and screenshot.stat().st_size > 10_000


def test_report_over_the_mixed_suite_has_a_view_per_page(shared, tmp_path):
    done = medclean("run", str(shared / "eval" / "mixed" / "pages"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    report = build_report(tmp_path / "out")
    records = read_records(tmp_path / "out")
    assert report.pages == len(records) == 160
    views = "".join(path.read_text(encoding="utf-8") for path in sorted(report.folder.glob("pages-*.html")))
    assert views.count("<article id=") == 160
    summary_html = report.path.read_text(encoding="utf-8")
    removed = sum(len(record["removed"]) for record in records)
    assert f"<b>{removed}</b>removed lines" in summary_html
