"""Near-duplicate texts: MinHash signatures, LSH banding and families of similar posts.

Each text becomes the set of its words (lower-cased; links, mentions and a
retweet prefix removed, as for co-text). Texts with fewer than
``min_tokens`` words are left out: short texts are similar by chance. The
Jaccard similarity of two sets is estimated by MinHash signatures of
``bands * rows`` values; LSH banding proposes as candidates the texts that
agree on all values of at least one band. A candidate joins the family of
its band's first text when their estimated similarity reaches
``threshold``; families are the connected components of those links.

Everything is vectorised with NumPy (one pass per hash function over all
words), and identical word sets are hashed once, so a million posts take
seconds, where comparing every pair in a time window grows with the square
of the posts in it.

Examples
--------
>>> texts = ["the prime minister launched the hashtag today",
...          "the prime minister launched the hashtag today!!",
...          "a completely different sentence about the weather now"]
>>> near_duplicate_families(texts).tolist()
[0, 0, 1]
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from collections.abc import Sequence

import numpy as np

__all__ = ["near_duplicate_families", "word_set", "minhash_signatures"]

_PRIME = np.uint64((1 << 61) - 1)
_WORD = re.compile(r"\w+")
_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_RETWEET_PREFIX = re.compile(r"^rt\s+@?\w*:?\s*", re.IGNORECASE)


def word_set(text: str) -> tuple[str, ...]:
    """Return the sorted distinct words of ``text`` after removing links and mentions.

    Examples
    --------
    >>> word_set("RT @pm: Proud of KZ, proud! https://t.co/x")
    ('kz', 'of', 'proud')
    """
    return tuple(sorted(_words(text)))


def _words(text: str) -> set[str]:
    text = unicodedata.normalize("NFKC", text)
    text = _MENTION.sub(" ", _URL.sub(" ", _RETWEET_PREFIX.sub("", text.strip())))
    return set(_WORD.findall(text.casefold()))


def minhash_signatures(sets: Sequence[Sequence[str]], n_hashes: int, seed: int) -> np.ndarray:
    """Return a ``(len(sets), n_hashes)`` array of MinHash values of non-empty word sets."""
    vocabulary: dict[str, int] = {}
    ids = [vocabulary.setdefault(word, len(vocabulary)) for words in sets for word in words]
    lengths = np.fromiter((len(words) for words in sets), dtype=np.int64, count=len(sets))
    return _signatures(np.asarray(ids, dtype=np.int64), lengths, list(vocabulary), n_hashes, seed)


def _signatures(
    tokens: np.ndarray, lengths: np.ndarray, vocabulary: list[str], n_hashes: int, seed: int
) -> np.ndarray:
    """Return MinHash signatures of sets given as word ids (``tokens``) and set ``lengths``."""
    if not lengths.size:
        return np.zeros((0, n_hashes), dtype=np.uint64)
    # Hash each distinct word once (crc32 is stable across runs, unlike hash()).
    word_hash = np.fromiter(
        (zlib.crc32(word.encode("utf-8")) for word in vocabulary),
        dtype=np.uint64,
        count=len(vocabulary),
    )
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rng = np.random.default_rng(seed)
    # Universal hashing (a * x + b) mod p with a, x < 2**32 so that a * x fits in 64 bits.
    a = rng.integers(1, 1 << 32, size=n_hashes, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=n_hashes, dtype=np.uint64)
    signatures = np.empty((lengths.size, n_hashes), dtype=np.uint64)
    # Hash the vocabulary, then look each word up: far fewer words than tokens.
    table = np.empty_like(word_hash)
    scratch = np.empty_like(word_hash)
    values = np.empty(tokens.size, dtype=np.uint64)
    for k in range(n_hashes):
        np.multiply(word_hash, a[k], out=table)
        table += b[k]  # a * x + b < 2**64: no wrap
        _mod_prime(table, scratch)
        np.take(table, tokens, out=values)
        signatures[:, k] = np.minimum.reduceat(values, starts)
    return signatures


def _mod_prime(values: np.ndarray, scratch: np.ndarray) -> None:
    """Reduce ``values`` modulo the Mersenne prime ``2**61 - 1`` in place, without division.

    ``x mod (2**61 - 1)`` is ``(x & p) + (x >> 61)``, less ``p`` once if that reaches ``p``.
    """
    np.right_shift(values, np.uint64(61), out=scratch)
    values &= _PRIME
    values += scratch
    np.subtract(values, _PRIME, out=values, where=values >= _PRIME)


def near_duplicate_families(
    texts: Sequence[str],
    *,
    threshold: float = 0.8,
    min_tokens: int = 5,
    bands: int = 16,
    rows: int = 4,
    seed: int = 0,
) -> np.ndarray:
    """Return a family number per text, or -1 for texts too short to compare.

    Parameters
    ----------
    texts : sequence of str
        The texts.
    threshold : float
        Estimated Jaccard similarity of word sets at which two texts are near
        duplicates.
    min_tokens : int
        Texts with fewer distinct words belong to no family.
    bands, rows : int
        LSH banding: ``bands * rows`` hash functions; two texts become
        candidates when one band agrees, with probability
        ``1 - (1 - J**rows)**bands`` at similarity ``J`` (0.9998 at J = 0.8
        with the defaults).
    seed : int
        Seed of the hash functions.
    """
    # Each distinct word set once, as the bytes of its sorted word ids: compact, hashable.
    vocabulary: dict[str, int] = {}
    distinct: dict[bytes, int] = {}
    set_of_text = np.full(len(texts), -1, dtype=np.int64)
    for position, text in enumerate(texts):
        words = _words(text)
        if len(words) >= min_tokens:
            ids = array("i", sorted(vocabulary.setdefault(word, len(vocabulary)) for word in words))
            set_of_text[position] = distinct.setdefault(ids.tobytes(), len(distinct))
    if not distinct:
        return np.full(len(texts), -1, dtype=np.int64)
    lengths = np.fromiter((len(key) // 4 for key in distinct), dtype=np.int64, count=len(distinct))
    tokens = np.frombuffer(b"".join(distinct), dtype=np.int32).astype(np.int64)
    del distinct
    signatures = _signatures(tokens, lengths, list(vocabulary), bands * rows, seed)
    labels = _link_families(signatures, threshold, bands, rows)
    # Number families densely in order of first appearance, for stable output.
    families = np.where(set_of_text >= 0, labels[np.maximum(set_of_text, 0)], -1)
    _, dense = np.unique(families[families >= 0], return_inverse=True)
    order_of_first: dict[int, int] = {}
    renumbered = np.full(len(texts), -1, dtype=np.int64)
    present = np.flatnonzero(families >= 0)
    for position, label in zip(present.tolist(), dense.tolist(), strict=True):
        renumbered[position] = order_of_first.setdefault(label, len(order_of_first))
    return renumbered


def _link_families(signatures: np.ndarray, threshold: float, bands: int, rows: int) -> np.ndarray:
    n = signatures.shape[0]
    labels = np.arange(n, dtype=np.int64)
    if n < 2:
        return labels
    firsts, seconds = [], []
    mix = np.array([0x9E3779B97F4A7C15 >> k for k in range(rows)], dtype=np.uint64)
    for band in range(bands):
        block = signatures[:, band * rows : (band + 1) * rows]
        key = (block * mix).sum(axis=1, dtype=np.uint64)  # wraps: a hash of the band
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        start = np.ones(n, dtype=bool)
        start[1:] = sorted_key[1:] != sorted_key[:-1]
        head = order[np.maximum.accumulate(np.where(start, np.arange(n), 0))]
        candidate = order != head
        firsts.append(head[candidate])
        seconds.append(order[candidate])
    keys = np.unique(np.concatenate(firsts) * n + np.concatenate(seconds))
    first, second = keys // n, keys % n
    similar = np.zeros(first.size, dtype=bool)
    for begin in range(0, first.size, 1 << 14):  # in slices: the comparison is bands*rows wide
        part = slice(begin, begin + (1 << 14))
        agree = signatures[first[part]] == signatures[second[part]]
        similar[part] = agree.mean(axis=1) >= threshold
    return _components(n, first[similar], second[similar])


def _components(n: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Return the smallest member of each node's connected component, by label propagation."""
    labels = np.arange(n, dtype=np.int64)
    while first.size:
        low = np.minimum(labels[first], labels[second])
        before = labels.copy()
        np.minimum.at(labels, first, low)
        np.minimum.at(labels, second, low)
        labels = labels[labels]  # pointer jumping shortens chains
        if np.array_equal(labels, before):
            break
    return labels
