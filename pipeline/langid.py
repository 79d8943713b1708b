"""Language identification where script cannot decide: English against other Latin-script languages.

A seeded langdetect factory restricted to the profiles in `data/latin_languages.txt`
(no global state: each run builds its own). Chinese, Japanese and Korean are told
apart by script (`pipeline/scripts.py`), never by langdetect, which calls short
Chinese Korean when all profiles are loaded.
"""

from __future__ import annotations

import os
import re

import langdetect
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from pipeline.datafiles import data_path

SAMPLE_CHARS = 1500  # langdetect's cost grows with the text; this much decides a page's language
MIN_CHARS = 40  # below this langdetect guesses; short Latin text is taken as English
# addresses, numbers and masks carry no language and sway langdetect's character n-grams
URL_START = re.compile(r"(?:https?://|www\.)(?=.)")  # with something after it in the token
MASK = re.compile(r"<[A-Z]+>")
FIGURES = re.compile(r"[\d()+./:-]+")


def _figures_out(match: re.Match[str]) -> str:
    return " " if any(char.isdigit() for char in match.group()) else match.group()


def _words_of(token: str) -> str:
    if "@" in token[1:-1] or "{at}" in token[1:-1]:
        return ""  # an e-mail address, written plainly or as name{at}host
    if (url := URL_START.search(token)) is not None:
        token = token[:url.start()]  # a web address runs to the end of its token
    return FIGURES.sub(_figures_out, MASK.sub(" ", token))


def words_only(text: str) -> str:
    """`text` without e-mail and web addresses, masks and figures; token by token, so linear in the text
    (a pattern of \\S+ on both sides of @ tried at every position is quadratic in a long token)."""
    return " ".join(" ".join(_words_of(token) for token in text.split()).split())


class LatinIdentifier:
    def __init__(self, seed: int = 0) -> None:
        codes = [line.strip() for line in data_path("latin_languages.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        folder = os.path.join(os.path.dirname(langdetect.__file__), "profiles")
        profiles = []
        for code in codes:
            with open(os.path.join(folder, code), encoding="utf-8") as handle:
                profiles.append(handle.read())
        self._factory = DetectorFactory()
        self._factory.load_json_profile(profiles)
        self._factory.set_seed(seed)

    def confident_language(self, text: str, min_probability: float) -> str | None:
        """The language of `text` when langdetect gives it at least `min_probability`, else None."""
        text = words_only(text)
        if len(text) < MIN_CHARS:
            return None
        detector = self._factory.create()
        detector.append(text[:SAMPLE_CHARS])
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None
        return best.lang if best.prob >= min_probability else None

    def language(self, text: str) -> str:
        """ISO code of the most probable language of Latin-script `text`; 'en' when too short to tell."""
        return self.confident_language(text, 0.0) or "en"
