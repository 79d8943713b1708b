"""Near-duplicate pages: a page's cleaned streams in, a MinHash signature out; signatures in first-seen
order in, for each page the id of the first copy it repeats (or None) out.

The signature is a MinHash of the text's character 5-grams after lower-casing and dropping spaces and
punctuation, so it reads English and Chinese alike and ignores layout; a page re-published with another
header, footer or spacing keeps most of its 5-grams, and two different articles on one drug share few. Each
5-gram is hashed to 32 bits (a polynomial hash, then the MurmurHash3 finalizer), and each of NUM_PERM
permutations is an affine map modulo 2^32 with an odd factor, all in numpy over a block of 5-grams at a time:
datasketch's own `update_batch` calls a Python hash function once per 5-gram and draws its permutations
anew for every page, which cost more than every cleaning stage but three. `DuplicateIndex` is MinHash LSH at
the configured Jaccard threshold over these values: the bands and rows are chosen as datasketch's `MinHashLSH`
chooses them (the same pairs for every threshold), without its import of SciPy (0.7 s a run) or an object per
page; the candidates are checked against the threshold on their estimated Jaccard similarity, and the earliest
page wins, so the answer does not depend on the banding.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

NUM_PERM = 128
SHINGLE = 5  # characters
MIN_CHARACTERS = 100  # a page with less text (after normalising) gets no signature: too little to compare
SIGNATURE_BYTES = NUM_PERM * 8
NO_SIGNATURE = bytes(SIGNATURE_BYTES)
NOT_TEXT = re.compile(r"[\W_]+")
MULTIPLIER = np.uint64(1_000_003)
LOW_32_BITS = np.uint64(0xFFFFFFFF)
BLOCK = 4096  # 5-grams permuted at once (a block takes BLOCK x NUM_PERM x 4 bytes)


def normalised(text: str) -> str:
    return NOT_TEXT.sub("", text.casefold())


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine maps (a odd, b) modulo 2^32, drawn from SHA-256 so that every process and every
    numpy version has the same ones."""
    words = np.frombuffer(b"".join(hashlib.sha256(f"medclean-minhash-{n}".encode()).digest()[:8]
                                   for n in range(NUM_PERM)), dtype="<u4").astype(np.uint64).reshape(NUM_PERM, 2)
    return (words[:, 0] | np.uint64(1)).astype(np.uint32), words[:, 1].astype(np.uint32)


def _mix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer, then the high 32 bits: every bit of a 5-gram's hash reaches the result."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    values = values ^ (values >> np.uint64(33))
    return (values >> np.uint64(32)).astype(np.uint32)


def signature(text: str) -> bytes:
    """The MinHash of `text` as NUM_PERM unsigned 64-bit values (little-endian), or NO_SIGNATURE."""
    kept = normalised(text)
    if len(kept) < MIN_CHARACTERS:
        return NO_SIGNATURE
    codes = np.frombuffer(kept.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    shingles = codes[:count].copy()
    for offset in range(1, SHINGLE):  # a polynomial hash of each 5-gram, all 5-grams at once
        shingles *= MULTIPLIER
        shingles += codes[offset:offset + count]
    hashes = _mix32(shingles)  # a repeated 5-gram repeats its values: the minimum is the same without sorting
    factors, offsets = permutations()
    minimum = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    permuted = np.empty((min(BLOCK, len(hashes)), NUM_PERM), dtype=np.uint32)
    for start in range(0, len(hashes), BLOCK):  # uint32 arithmetic wraps: modulo 2^32 for free
        block = hashes[start:start + BLOCK, None]
        out = permuted[:len(block)]
        np.multiply(block, factors, out=out)
        out += offsets
        np.minimum(minimum, out.min(axis=0), out=minimum)
    return minimum.astype("<u8").tobytes()


FALSE_POSITIVE_WEIGHT = 0.5  # of the error the bands are chosen to minimise (the rest: false negatives)
GRID = 4001  # points of the numeric integration


@cache
def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) for NUM_PERM values that minimise the weighted chance of a false candidate below
    the threshold and of a missed page above it (the integrals of 1 - (1 - s^r)^b over [0, t] and of
    (1 - s^r)^b over [t, 1]), as the MinHash LSH of Leskovec, Rajaraman and Ullman chooses them."""
    below, above = np.linspace(0.0, threshold, GRID), np.linspace(threshold, 1.0, GRID)
    best = (float("inf"), 1, NUM_PERM)
    for band_count in range(1, NUM_PERM + 1):
        for rows in range(1, NUM_PERM // band_count + 1):
            false_positive = np.trapezoid(1 - (1 - below ** rows) ** band_count, below)
            false_negative = np.trapezoid((1 - above ** rows) ** band_count, above)
            error = FALSE_POSITIVE_WEIGHT * false_positive + (1 - FALSE_POSITIVE_WEIGHT) * false_negative
            if error < best[0]:
                best = (error, band_count, rows)
    return best[1], best[2]


def similarity(one: bytes, other: bytes) -> float:
    """The estimated Jaccard similarity of two signatures: the share of their values that agree."""
    return float(np.count_nonzero(np.frombuffer(one, "<u8") == np.frombuffer(other, "<u8"))) / NUM_PERM


@dataclass
class DuplicateIndex:
    """Pages added one by one in first-seen order; each is answered with the first earlier page it repeats.
    Candidates come from the LSH bands (two pages whose values agree on every row of some band); a candidate
    counts when its estimated similarity reaches the threshold."""

    threshold: float
    _order: dict[str, int] = field(default_factory=dict)
    _signatures: dict[str, bytes] = field(default_factory=dict)
    _buckets: list[dict[int, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._bands, self._rows = bands(self.threshold)
        self._buckets = [{} for _ in range(self._bands)]

    def _keys(self, raw_signature: bytes) -> list[int]:
        """Each band's values as a 64-bit digest: a bucket key of 8 bytes, not a copy of the band (20,000 pages
        held 25 MB of band copies)."""
        width = self._rows * 8
        return [int.from_bytes(hashlib.blake2b(raw_signature[band * width:(band + 1) * width], digest_size=8).digest(),
                               "little") for band in range(self._bands)]

    def first_copy(self, page: str, raw_signature: bytes) -> str | None:
        """The earliest page added before whose text this one repeats (estimated Jaccard similarity of their
        5-grams at least the threshold), or None; a page that repeats none is added to the index."""
        if raw_signature == NO_SIGNATURE or page in self._order:
            return None
        keys = self._keys(raw_signature)
        candidates = {candidate for bucket, key in zip(self._buckets, keys, strict=True)
                      for candidate in bucket.get(key, ())}
        for candidate in sorted(candidates, key=self._order.__getitem__):
            if similarity(raw_signature, self._signatures[candidate]) >= self.threshold:
                return candidate
        self._order[page] = len(self._order)
        self._signatures[page] = raw_signature
        for bucket, key in zip(self._buckets, keys, strict=True):
            bucket.setdefault(key, []).append(page)
        return None
