"""The contract in plain Python, for the rows the Arrow kernel cannot be handed.

A Python ``str`` may hold lone surrogates (``"\\ud800"``, often left by ``surrogateescape``
decoding); UTF-8, and so Arrow, cannot, which means a pandas ``object`` or ``string[python]``
Series can hold rows the kernel never sees. Those rows alone are computed here, by the very
definitions the kernel implements (``text.split().count(needle)``, comparing ``str.lower()``
forms with ``ignore_case``), so every other row keeps the kernel's fast path.

``mode="words"`` (UAX #29 words as the Rust crate segments them) has no exact equal in the
standard library, so it is not offered here: callers raise for such rows instead.
"""

from __future__ import annotations

from collections import Counter


def tokens(text: str, ignore_case: bool) -> list[str]:
    """The whitespace tokens of ``text`` (``str.split()``), lowercased with ``ignore_case``."""
    split = text.split()
    return [token.lower() for token in split] if ignore_case else split


def rank(
    tally: Counter[str], k: int | None, exclude: list[str], min_count: int, ignore_case: bool
) -> list[tuple[str, int]]:
    """``top_words``' ranking of a tally: the words seen at least ``min_count`` times and not in
    ``exclude`` (compared in ``str.lower()`` form with ``ignore_case``), by count descending,
    then word in code point order, cut to ``k``."""
    stop = {word.lower() for word in exclude} if ignore_case else set(exclude)
    kept = [(w, n) for w, n in tally.items() if n >= min_count and w not in stop]
    return sorted(kept, key=lambda pair: (-pair[1], pair[0]))[:k]


def count(text: str, needle: str, ignore_case: bool, phrase: bool = False) -> int:
    """``text.split().count(needle)``, comparing ``str.lower()`` forms with ``ignore_case``;
    with ``phrase``, the occurrences of ``needle.split()`` as a run of tokens."""
    if phrase:
        row, words = tokens(text, ignore_case), tokens(needle, ignore_case)
        n = len(words)
        return sum(row[i : i + n] == words for i in range(len(row) - n + 1)) if n else 0
    if ignore_case:
        return tokens(text, ignore_case=True).count(needle.lower())
    return text.split().count(needle)


def frequencies(text: str, ignore_case: bool) -> list[tuple[str, int]]:
    """The bag of words of ``text``: ``(token, count)`` pairs by count descending, then token."""
    counted = Counter(tokens(text, ignore_case))
    return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))


def family(text: str, which: str) -> int:
    """``words``, ``lines`` or ``chars`` of ``text``. (``bytes``, ``len(text.encode())``, has no
    value for a lone surrogate: Python raises, and so do the callers.)"""
    if which == "words":
        return len(text.split())
    if which == "lines":
        return len(text.splitlines())
    if which == "chars":
        return len(text)
    raise ValueError(f"no Python fallback for {which!r}")
