"""English word frequencies (wordfreq): a word in, how common it is out.

`zipf` is wordfreq's Zipf frequency (log10 of occurrences per billion words, "the"
is 7.7); `most_frequent_words` are the words at MOST_FREQUENT_ZIPF or above (the, of,
and, our, in… about 300), the mark of English prose that the language stage counts.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import get_frequency_list, top_n_list, zipf_frequency

COMMON_WORD_ZIPF = 3.0  # an ordinary word of the language
MOST_FREQUENT_ZIPF = 5.5  # the function words and a few others


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


@lru_cache(maxsize=1)
def most_frequent_words() -> frozenset[str]:
    """wordfreq's English words at MOST_FREQUENT_ZIPF or above (every one is among its 2,000 most frequent)."""
    return frozenset(word for word in top_n_list("en", 2000) if zipf(word) >= MOST_FREQUENT_ZIPF)


def is_most_frequent(word: str) -> bool:
    return word.lower() in most_frequent_words()


def count_most_frequent(words: list[str]) -> int:
    """How many of `words` are among the most frequent (one pass in C: the language stage counts every word)."""
    return sum(map(most_frequent_words().__contains__, map(str.lower, words)))


ZIPF_BANDS_PER_UNIT = 100  # wordfreq keeps its words in bands of 0.01 Zipf, the first at 9.0
BAND_MARGIN = 5  # bands of rounding margin: every word kept is surely at the frequency asked


@lru_cache(maxsize=4)
def words_at_least(min_zipf: float) -> frozenset[str]:
    """Lower-case alphabetic ASCII words whose `zipf` is at least `min_zipf`, read off wordfreq's bands (a few
    words just above `min_zipf` may be missing, none below it is held): one set look-up instead of one
    frequency look-up a word."""
    bands = get_frequency_list("en")[:round((9.0 - min_zipf) * ZIPF_BANDS_PER_UNIT) - BAND_MARGIN + 1]
    return frozenset(word for band in bands for word in band if word.isascii() and word.isalpha() and word.islower())
