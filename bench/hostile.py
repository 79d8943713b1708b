"""A hostile crawl in one tree, run once by hand (never as a test), from the project's root:

    .venv/bin/python bench/hostile.py [--keep DIR]

Builds a folder holding every kind of input the hardening issue lists (and those that already passed):
a file name that is not UTF-8, a 1 MB file of NUL bytes, a 100 kB base64 line in a .txt, an ELF binary
named .html, a PNG named .txt, invalid UTF-8 in a text page, 100,000 nested <div>, a 10 MB attribute,
a truncated .warc.gz of four complete records, PDF and Office files, a gzip bomb, a 30 MB line, broken
JSONL lines, a bogus charset, a symlink loop, then good pages beside them. It runs `medclean run` over the
tree and prints the wall time, the peak RSS, the exit code, every stderr line and whether any traceback or
warning was printed, and checks that every good page has a record.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOOD = {"good/en.txt": "Methadone reduces cravings for heroin and is taken once a day at the clinic.\n",
        "good/zh.txt": "美沙酮维持治疗可以减少注射吸毒行为，患者每天在门诊服药一次。\n"}


def warc_gz(records: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in range(records):
        body = f"<html><body><p>Naloxone page {number} reverses an opioid overdose within minutes.</p></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"http://example.org/{number}", "response",
                                                      payload=io.BytesIO(body.encode()), http_headers=headers))
    return buffer.getvalue()


def build(root: Path) -> int:
    """The tree; returns how many good pages it holds."""
    rng = random.Random(5)
    for name, text in GOOD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    bad = root / "bad"
    bad.mkdir()
    with open(os.path.join(os.fsencode(bad), b"caf\xe9 notes.txt"), "wb") as handle:
        handle.write(b"Buprenorphine is a partial agonist used in opioid treatment.\n")  # good, odd name
    (bad / "nul.txt").write_bytes(b"\0" * 1_000_000)
    (bad / "base64.txt").write_text(base64.b64encode(rng.randbytes(75_000)).decode() + "\n", encoding="ascii")
    (bad / "elf.html").write_bytes(b"\x7fELF\x02\x01\x01\x00" + rng.randbytes(20_000))
    (bad / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(5_000))
    (bad / "invalid-utf8.txt").write_bytes(b"Naloxone reverses an overdose. " * 5 + rng.randbytes(2_000))
    (bad / "deep.html").write_text("<html><body>" + "<div>" * 100_000 + "Heroin withdrawal is painful but treatable."
                                   + "</div>" * 100_000 + "</body></html>", encoding="utf-8")  # good
    (bad / "attribute.html").write_text(f'<html><body><p title="{"x" * 10_000_000}">Fentanyl is a synthetic '
                                        "opioid.</p></body></html>", encoding="utf-8")  # good
    (bad / "cut.warc.gz").write_bytes(warc_gz(5)[:-40])  # four complete records, the fifth cut
    (bad / "scan.pdf").write_bytes(b"%PDF-1.4\n" + rng.randbytes(1000))
    (bad / "report.docx").write_bytes(b"PK\x03\x04" + rng.randbytes(1000))
    (bad / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 300_000_000))
    (bad / "long-line.txt").write_text("word " * 6_000_000, encoding="ascii")  # one 30 MB line
    (bad / "broken.jsonl").write_text('{"text": "Naltrexone blocks opioid receptors."}\n{"text": \nnot json\n'
                                      '{"id": 3}\n', encoding="utf-8")  # one good line
    (bad / "charset.html").write_bytes(b'<html><head><meta charset="x-unknown-42"></head><body><p>Codeine is an '
                                       b"opioid used for pain and cough.</p></body></html>")  # good
    os.symlink("..", bad / "loop")
    return len(GOOD) + 1 + 2 + 4 + 1 + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build the tree and the output here and keep them")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="medclean-hostile-"))
    tree, out = scratch / "tree", scratch / "out"
    tree.mkdir(parents=True, exist_ok=True)
    expected = build(tree)
    started = time.perf_counter()
    with open(scratch / "stderr.txt", "w+", encoding="utf-8", errors="replace") as errors:
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(tree), "--out", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read()
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in stderr.splitlines() if line.strip()]
    print(f"medclean run over the hostile tree: {seconds:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB, "
          f"exit {os.waitstatus_to_exitcode(status)}, {len(records)} records (at least {expected} expected)")
    for line in lines:
        print("  " + line)
    print("traceback printed:", any("Traceback" in line for line in lines),
          "| warnings printed:", any("Warning" in line or "\r" in line for line in lines))


if __name__ == "__main__":
    main()
