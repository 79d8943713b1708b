"""Near-duplicate pages: a page's cleaned streams in, a MinHash signature out; signatures in first-seen
order in, for each page the id of the first copy it repeats (or None) out.

The signature is a MinHash of the text's character 5-grams after lower-casing and dropping spaces and
punctuation, so it reads English and Chinese alike and ignores layout; a page re-published with another
header, footer or spacing keeps most of its 5-grams, and two different articles on one drug share few. Each
5-gram is hashed to 32 bits (a polynomial hash, then the MurmurHash3 finalizer), and each of NUM_PERM
permutations is an affine map modulo 2^32 with an odd factor, all in numpy over a block of 5-grams at a time:
datasketch's own `update_batch` calls a Python hash function once per 5-gram and draws its permutations
anew for every page, which cost more than every cleaning stage but three. `DuplicateIndex` is datasketch's
MinHash LSH at the configured Jaccard threshold over these values; the candidates it returns are checked
against the threshold on their estimated Jaccard similarity, and the earliest page wins, so the answer does
not depend on the LSH's banding.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # how datasketch labels 32-bit values; the index only compares signatures made here
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
    shingles = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE):  # a polynomial hash of each 5-gram, all 5-grams at once
        shingles = shingles * MULTIPLIER + codes[offset:offset + count]
    hashes = _mix32(np.unique(shingles))
    factors, offsets = permutations()
    minimum = np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    for start in range(0, len(hashes), BLOCK):  # uint32 arithmetic wraps: modulo 2^32 for free
        block = hashes[start:start + BLOCK, None]
        np.minimum(minimum, (block * factors + offsets).min(axis=0), out=minimum)
    return minimum.astype("<u8").tobytes()


def _minhash(raw: bytes):
    """datasketch's MinHash of a signature, labelled with the maps that made it (so that datasketch does not
    draw permutations of its own for every page)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(raw, dtype="<u8"), scheme=SCHEME,
                   permutations=_permutation_table())


@cache
def _permutation_table() -> np.ndarray:
    return np.array(permutations())


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
