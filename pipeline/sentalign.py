"""Sentence alignment: two lists of sentence lengths in, the links between them out (Gale and Church 1993).

Lengths are in UTF-8 bytes, where English and Chinese come out of the same order (a Chinese
character is three bytes and stands for about three English letters); the expected ratio of the two
sides is the caller's (the ratio of the two texts' total lengths, as hunalign takes it), 1 by default.
A link joins 0-3 sentences of one side to 0-2 of the other (or 0-2 to 0-3); its cost is the negative
log of the link type's prior and of the probability of the length difference, lowered by the evidence that the
two sides translate each other (the caller's: shared numbers, names and dictionary words), so a link
that keeps a sentence with its translation wins over one that only fits by length. Dynamic
programming over a band around the diagonal keeps long inputs linear.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# link type (sentences of side a, of side b) -> prior probability (Gale and Church's estimates)
# (3-1 and 1-3 added: translators of abstracts often render three English sentences as one Chinese one)
PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2,
          (2, 2): 0.011, (3, 1): 0.01, (1, 3): 0.01}
VARIANCE = 6.8  # of the length difference, per byte of a (Gale and Church's estimate)
BAND = 40  # cells either side of the diagonal the search explores (more on short inputs)


@dataclass(frozen=True)
class Link:
    a: tuple[int, int]  # [start, end) of the sentences of side a
    b: tuple[int, int]
    length_probability: float  # two-sided probability of a length difference this large
    evidence: float  # the caller's evidence that the two sides translate each other, in nats


def _normal_tail(z: float) -> float:
    """P(|Z| >= z) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2))


def length_probability(length_a: int, length_b: int, ratio: float = 1.0) -> float:
    """How usual a length difference this large is when b is expected to be `ratio` times as long as a."""
    if length_a == 0 and length_b == 0:
        return 1.0
    mean = (length_a + length_b / ratio) / 2
    delta = (length_b - length_a * ratio) / math.sqrt(max(mean, 1) * VARIANCE)
    return _normal_tail(delta)


def _cost(prior: float, probability: float, evidence: float) -> float:
    return -math.log(prior) - math.log(max(probability, 1e-12)) - evidence


def align(lengths_a: Sequence[int], lengths_b: Sequence[int],
          evidence: Callable[[tuple[int, int], tuple[int, int]], float] = lambda a, b: 0.0,
          breaks_a: frozenset[int] = frozenset(), breaks_b: frozenset[int] = frozenset(),
          ratio: float = 1.0) -> list[Link]:
    """The least-cost chain of links covering both sides, in order. `evidence(a_range, b_range)` is the
    evidence, in nats, that two candidate ranges translate each other (taken off the link's cost);
    `breaks_a`/`breaks_b` are the sentence indexes that open a new paragraph: no link joins sentences across
    one. `ratio` is the expected length of b per byte of a."""
    n, m = len(lengths_a), len(lengths_b)
    prefix_a = [0]
    for length in lengths_a:
        prefix_a.append(prefix_a[-1] + length)
    prefix_b = [0]
    for length in lengths_b:
        prefix_b.append(prefix_b[-1] + length)
    band = max(BAND, abs(n - m) + 2)

    def inside(i: int, j: int) -> bool:
        expected = i * m / n if n else 0
        return abs(j - expected) <= band

    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, Link | None]] = {(0, 0): (0.0, None, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0) or not inside(i, j):
                continue
            choice: tuple[float, tuple[int, int] | None, Link | None] = (math.inf, None, None)
            for (di, dj), prior in PRIORS.items():
                before = (i - di, j - dj)
                if before not in best:
                    continue
                if any(k in breaks_a for k in range(i - di + 1, i)) or any(k in breaks_b for k in range(j - dj + 1, j)):
                    continue  # a link never joins sentences of two paragraphs
                a, b = (i - di, i), (j - dj, j)
                if di and dj:
                    length_a, length_b = prefix_a[i] - prefix_a[i - di], prefix_b[j] - prefix_b[j - dj]
                    probability, found = length_probability(length_a, length_b, ratio), evidence(a, b)
                else:  # a sentence left without translation costs its prior only
                    probability, found = 1.0, 0.0
                cost = best[before][0] + _cost(prior, probability, found)
                if cost < choice[0]:
                    choice = (cost, before, Link(a, b, probability, found))
            if choice[1] is not None:
                best[(i, j)] = choice
    if (n, m) not in best:
        return []
    links: list[Link] = []
    cell: tuple[int, int] | None = (n, m)
    while cell is not None and cell != (0, 0):
        _, before, link = best[cell]
        if link is not None:
            links.append(link)
        cell = before
    return links[::-1]
