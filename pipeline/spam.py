"""Injected spam: a line in, the spam string found at its start (or the whole line) out.

Spam on scraped Chinese pages is a gambling or SEO brand token glued to the front of
a real sentence ("<brand>官网" + sentence) or standing alone. A token is spam when
it holds a gambling word from the lexicon, or when it is a brand shape (a few Han
characters or Latin letters plus a suffix such as 官网, 娱乐平台, 体育) whose suffix
is off-topic for the page: the suffix word appears nowhere else on the page.
Word lists live in `data/spam.tsv`.

Spam written to slip past filters spells English words with look-alike Cyrillic
letters ("Yоur соntеnt", with Cyrillic о and е): `disguised_words` counts them. Greek
letters are left out: science writes them inside Latin words (μg, NF-κB, TNFα).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.datafiles import data_path

MAX_STANDALONE_CHARS = 16  # a whole line this short made of spam is removed entirely
MIN_DISGUISED_WORDS = 2  # one mixed-script word may be a typo or a name; two are a disguise
LATIN_LETTER = re.compile(r"[A-Za-z]")
LOOKALIKE_LETTER = re.compile(r"[\u0400-\u04ff]")  # Cyrillic
WORD = re.compile(r"[^\W\d_]+")
MIN_REST_CHARS = 4  # fewer characters after a brand token means the "token" is the start of a word (上海体育馆)


def disguised_words(text: str) -> int:
    """Words that mix Latin letters with Cyrillic look-alikes."""
    if not LOOKALIKE_LETTER.search(text):
        return 0
    return sum(1 for word in WORD.findall(text) if LATIN_LETTER.search(word) and LOOKALIKE_LETTER.search(word))


def is_disguised(text: str) -> bool:
    return disguised_words(text) >= MIN_DISGUISED_WORDS


@dataclass(frozen=True)
class SpamModel:
    token: re.Pattern[str]
    lexicon: tuple[str, ...]
    lexical: re.Pattern[str] | None = None  # any lexicon word, in lower-cased text

    def _lexical(self, text: str) -> bool:
        return self.lexical is not None and self.lexical.search(text.lower()) is not None

    def find(self, lines: list[str]) -> list[str | None]:
        """For each line, the spam string at its start (possibly the whole line), or None."""
        candidates: list[tuple[str, str] | None] = []
        for line in lines:
            match = self.token.match(line)
            rest = line[match.end():] if match else ""
            if match and (not rest or len(rest) >= MIN_REST_CHARS):
                candidates.append((match.group(0), match.group("suffix").lower()))
            else:
                candidates.append(None)
        # the page without the candidate tokens: what the page is about
        remainder = "\n".join(line[len(c[0]):] if c else line for line, c in zip(lines, candidates, strict=True))
        remainder = remainder.lower()
        found: list[str | None] = []
        for line, candidate in zip(lines, candidates, strict=True):
            if candidate is None:
                standalone = len(line) <= MAX_STANDALONE_CHARS and self._lexical(line)
                found.append(line if standalone else None)
                continue
            token, suffix = candidate
            off_topic = suffix not in remainder  # the suffix word occurs only inside such tokens
            found.append(token if self._lexical(token) or off_topic else None)
        return found


def load_spam() -> SpamModel:
    path = data_path("spam.tsv")
    suffixes, lexicon = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, _, word = raw.partition("\t")
        if kind == "suffix":
            suffixes.append(word.strip())
        elif kind == "lexicon":
            lexicon.append(word.strip().lower())
        else:
            raise ValueError(f"{path}:{number}: expected suffix<TAB>WORD or lexicon<TAB>WORD")
    alternation = "|".join(re.escape(word) for word in sorted(suffixes, key=len, reverse=True))
    token = re.compile(rf"(?:[\u4e00-\u9fff]{{2,5}}?|[A-Za-z0-9]{{2,12}})(?P<suffix>{alternation})", re.IGNORECASE)
    lexical = re.compile("|".join(re.escape(word) for word in sorted(lexicon, key=len, reverse=True))) \
        if lexicon else None
    return SpamModel(token, tuple(lexicon), lexical)
