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
NOT_WORDS = re.compile(r"\S+@\S+|\S+\{at\}\S+|https?://\S+|www\.\S+|<[A-Z]+>|[\d()+./:-]*\d[\d()+./:-]*")


def words_only(text: str) -> str:
    return " ".join(NOT_WORDS.sub(" ", text).split())


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
