"""Inputs and helpers the reader tests share: sample pages, binary files, settings, and `run` (a file through
`read`)."""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from pathlib import Path

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers import Rejection, Source, read

# Simplified Chinese, GB2312 range only.
ZH_SIMPLIFIED = (
    "美沙酮维持治疗是一种针对阿片类药物依赖的长期治疗方法。患者每天在诊所服用一次口服美沙酮，"
    "可以减轻戒断症状和对药物的渴求。研究表明，这种治疗能够降低复吸率，并减少艾滋病和丙型肝炎的传播风险。"
)
# Traditional Chinese, plain Big5 range only.
ZH_TRADITIONAL = (
    "美沙酮維持治療是一種針對鴉片類藥物依賴的長期治療方法。患者每天在診所服用一次口服美沙酮，"
    "可以減輕戒斷症狀和對藥物的渴求。研究顯示，這種治療能夠降低復吸率，並減少愛滋病和丙型肝炎的傳播風險。"
)
EN_TITLE = "Naloxone saves lives"
EN_PARAGRAPHS = (
    "Naloxone is a medicine that rapidly reverses an opioid overdose. It attaches to opioid receptors "
    "and reverses and blocks the effects of other opioids.",
    "Naloxone can be given as a nasal spray or injected into the muscle, under the skin, or into the veins.",
)
EN_HTML = (
    f"<html><head><title>{EN_TITLE}</title></head><body>"
    '<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>'
    f"<article><h1>{EN_TITLE}</h1><p>{EN_PARAGRAPHS[0]}</p><p>{EN_PARAGRAPHS[1]}</p></article>"
    "</body></html>"
)
EN_TEXT = "\n".join((EN_TITLE, *EN_PARAGRAPHS))


def settings(max_file_bytes: int = 10_000_000, max_page_chars: int = 1_000_000,
             max_undecodable_share: float = 0.05) -> IngestSettings:
    return IngestSettings(max_file_bytes=max_file_bytes, max_page_chars=max_page_chars,
                          max_undecodable_share=max_undecodable_share, html_favor_precision=False)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def run(path: Path, root: Path | None = None, **limits: float) -> list[Page | Rejection]:
    return list(read(Source(path, root if root is not None else path), settings(**limits)))


def only_page(items: list[Page | Rejection]) -> Page:
    assert len(items) == 1 and isinstance(items[0], Page), items
    return items[0]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zh_html(body_text: str, charset: str) -> str:
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>美沙酮维持治疗</title></head><body>'
        '<nav><a href="/">首页</a> | <a href="/about">关于我们</a></nav>'
        f"<article><h1>美沙酮维持治疗</h1><p>{body_text}</p><p>治疗期间应定期复诊，由医生根据情况调整剂量。</p></article>"
        "</body></html>"
    )


def zh_html_text(body_text: str) -> str:
    return f"美沙酮维持治疗\n{body_text}\n治疗期间应定期复诊，由医生根据情况调整剂量。"


def png_bytes(width: int = 32, height: int = 32) -> bytes:
    """A valid PNG image of random pixels (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rng = random.Random(7)
    rows = b"".join(b"\0" + bytes(rng.getrandbits(8) for _ in range(width * 3)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def elf_bytes(code_size: int = 12_000) -> bytes:
    """An x86-64 ELF executable's first bytes: the ELF and program headers, machine code, a string table."""
    rng = random.Random(11)
    ident = b"\x7fELF\x02\x01\x01\x00" + bytes(8)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    program = struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, code_size, code_size, 0x1000)
    code = bytes(rng.getrandbits(8) for _ in range(code_size))
    strings = b"\0".join([b"", b".text", b".data", b".bss", b"main", b"printf", b"GLIBC_2.2.5", b""])
    return header + program + bytes(4096 - 120) + code + strings
