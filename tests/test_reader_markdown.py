"""The Markdown reader: markup reduced to its text, line for line."""

from __future__ import annotations

from pathlib import Path

from reader_samples import only_page, run, write


def test_markdown_links_images_and_wiki_markup_keep_their_text(tmp_path: Path) -> None:
    data = ("## Naloxone\nSee [the guide](https://example.org/g) and ![a nasal spray](spray.png), "
            "or [[Opioid overdose|overdose]] and [[Heroin]].\n[1]: https://example.org/ref\n**Carry** it.\n")
    page = only_page(run(write(tmp_path / "n.md", data.encode("utf-8"))))
    assert page.text == ("Naloxone\nSee the guide and a nasal spray, or overdose and Heroin.\n\nCarry it.\n")
