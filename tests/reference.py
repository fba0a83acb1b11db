"""The plain-Python references every test compares against. Nothing here is computed by the
package under test."""

from __future__ import annotations

import sys


def count_ocurrences(contents: str, needle: str) -> int:
    """The talk's function, verbatim in behaviour: the seed of the project."""
    total = 0
    for line in contents.splitlines():
        for word in line.split():
            if word == needle:
                total += 1
    return total


def split_count(text: str | None, needle: str | None) -> int | None:
    """The contract: ``text.split().count(needle)``; null in, null out."""
    if text is None or needle is None:
        return None
    return text.split().count(needle)


# Python's whitespace, read off the interpreter rather than typed in.
PY_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# Characters people mistake for whitespace; Python does not split on them.
LOOK_ALIKES = ["\u200b", "\u180e", "\ufeff", "\u2060"]


# --- references for the features beyond the plain count -------------------------------------


def unicode_words(text: str) -> list[str]:
    """UAX #29 word segments (from `uniseg`, an independent implementation) that contain a
    letter or digit: the definition of Rust's `unicode_words`."""
    from uniseg.wordbreak import words

    return [w for w in words(text) if any(c.isalnum() for c in w)]


def tokens(text: str, mode: str = "whitespace") -> list[str]:
    return text.split() if mode == "whitespace" else unicode_words(text)


def phrase_count(
    text: str | None, needle: str | None, ignore_case: bool = False, mode: str = "whitespace"
) -> int | None:
    """The issue's definition of ``phrase=True``: ``sum(toks[i:i+n] == ph for i in
    range(len(toks) - n + 1))`` with ``toks`` the tokens of ``text`` and ``ph`` those of
    ``needle`` (each token lowercased when ignoring case); no tokens in the needle count 0."""
    if text is None or needle is None:
        return None
    fold = str.lower if ignore_case else str
    toks = [fold(t) for t in tokens(text, mode)]
    ph = [fold(t) for t in tokens(needle, mode)]
    n = len(ph)
    if n == 0:
        return 0
    return sum(toks[i : i + n] == ph for i in range(len(toks) - n + 1))


def count_with(
    text: str | None,
    needle: str | None,
    ignore_case: bool = False,
    mode: str = "whitespace",
    phrase: bool = False,
) -> int | None:
    """Tokens of ``text`` equal to ``needle``, comparing ``str.lower()`` forms when asked; the
    phrase count with ``phrase``."""
    if phrase:
        return phrase_count(text, needle, ignore_case, mode)
    if text is None or needle is None:
        return None
    if ignore_case:
        return sum(t.lower() == needle.lower() for t in tokens(text, mode))
    return tokens(text, mode).count(needle)


def top_words(
    texts: list[str | None],
    k: int | None,
    ignore_case: bool = False,
    mode: str = "whitespace",
    exclude: list[str] = (),  # type: ignore[assignment]
    min_count: int = 1,
) -> list[tuple[str, int]]:
    """``collections.Counter`` over the tokens, without the words of ``exclude`` (compared in
    ``str.lower()`` form under ``ignore_case``, as the tokens are) and the words counted fewer
    than ``min_count`` times, sorted by count descending, then word."""
    from collections import Counter

    counter = Counter(
        t.lower() if ignore_case else t
        for text in texts
        if text is not None
        for t in tokens(text, mode)
    )
    stop = {w.lower() if ignore_case else w for w in exclude}
    kept = [(w, n) for w, n in counter.items() if w not in stop and n >= min_count]
    ranked = sorted(kept, key=lambda item: (-item[1], item[0]))
    return ranked if k is None else ranked[:k]


def split(text: str | None, mode: str = "whitespace") -> list[str] | None:
    """``text.split()`` (or the Unicode words); null in, null out."""
    return None if text is None else tokens(text, mode)


def frequencies(
    text: str | None, ignore_case: bool = False, mode: str = "whitespace"
) -> list[tuple[str, int]] | None:
    """One row's bag of words: ``collections.Counter`` of its tokens (lowercased with
    ``ignore_case``), sorted by count descending, then word; null in, null out."""
    return None if text is None else top_words([text], None, ignore_case, mode)


# The wc family: each measure of one string, by the name the package gives it.
FAMILY = {
    "words": lambda text: len(text.split()),
    "lines": lambda text: len(text.splitlines()),
    "chars": len,
    "bytes": lambda text: len(text.encode()),
}


def family(text: str | None, which: str) -> int | None:
    """``len(text.split())``, ``len(text.splitlines())``, ``len(text)`` or
    ``len(text.encode())``; null in, null out."""
    return None if text is None else FAMILY[which](text)


# What the wrong-type errors say each adapter reads (the message is the contract users see).
POLARS_TEXT = "a String, Categorical or Enum column (or a struct of one such field)"
ARROW_TEXT = (
    "Arrow strings (string, large_string, string_view, a dictionary of them, or a struct of one)"
)
