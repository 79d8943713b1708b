"""Near-duplicate pages: a page's cleaned streams in, a MinHash signature out; signatures in first-seen
order in, for each page the id of the first copy it repeats (or None) out.

The signature is a MinHash (datasketch) of the text's character 5-grams after lower-casing and dropping
spaces and punctuation, so it reads English and Chinese alike and ignores layout; a page re-published
with another header, footer or spacing keeps most of its 5-grams, and two different articles on one
drug share few. `DuplicateIndex` is datasketch's MinHash LSH at the configured Jaccard threshold; the
candidates it returns are checked against the threshold on their estimated Jaccard similarity, and the
earliest page wins, so the answer does not depend on the LSH's banding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's permutation scheme; signatures of one scheme only compare with their own
SHINGLE = 5  # characters
MIN_CHARACTERS = 100  # a page with less text (after normalising) gets no signature: too little to compare
SIGNATURE_BYTES = NUM_PERM * 8
NO_SIGNATURE = bytes(SIGNATURE_BYTES)
NOT_TEXT = re.compile(r"[\W_]+")
MULTIPLIER = np.uint64(1_000_003)
LOW_32_BITS = np.uint64(0xFFFFFFFF)


def normalised(text: str) -> str:
    return NOT_TEXT.sub("", text.casefold())


def signature(text: str) -> bytes:
    """The MinHash of `text` as NUM_PERM unsigned 64-bit values (little-endian), or NO_SIGNATURE."""
    from datasketch import MinHash

    kept = normalised(text)
    if len(kept) < MIN_CHARACTERS:
        return NO_SIGNATURE
    codes = np.frombuffer(kept.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    shingles = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):  # a polynomial hash of each 5-gram, all 5-grams at once
        shingles = shingles * MULTIPLIER + codes[offset:offset + count]
    minhash = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, scheme=SCHEME)
    minhash.update_batch(np.unique(shingles & LOW_32_BITS))
    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def _minhash(raw: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(raw, dtype="<u8"), scheme=SCHEME)


@dataclass
class DuplicateIndex:
    """Pages added one by one in first-seen order; each is answered with the first earlier page it repeats."""

    threshold: float
    _lsh: object = None
    _order: dict[str, int] = field(default_factory=dict)
    _hashes: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def first_copy(self, page: str, raw_signature: bytes) -> str | None:
        """The earliest page added before whose text this one repeats (estimated Jaccard similarity of their
        5-grams at least the threshold), or None; a page that repeats none is added to the index."""
        if raw_signature == NO_SIGNATURE or page in self._order:
            return None
        minhash = _minhash(raw_signature)
        candidates = sorted(self._lsh.query(minhash), key=self._order.__getitem__)
        for candidate in candidates:
            if minhash.jaccard(self._hashes[candidate]) >= self.threshold:
                return candidate
        self._order[page] = len(self._order)
        self._hashes[page] = minhash
        self._lsh.insert(page, minhash)
        return None
