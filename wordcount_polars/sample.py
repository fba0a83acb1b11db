"""A small built-in corpus, generated deterministically so demos and benchmarks need no files.

The vocabulary is made up here: ordinary English function words, a few log-like tokens,
accented and CJK words and an emoji, joined by mostly spaces but also the rarer Python
whitespace (tabs, NBSP, ideographic space, U+001F) that naive splitters get wrong.
"""

from __future__ import annotations

import random

WORDS = (
    "the",
    "the",
    "the",
    "a",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "it",
    "that",
    "was",
    "for",
    "on",
    "with",
    "as",
    "at",
    "by",
    "from",
    "this",
    "data",
    "row",
    "column",
    "error",
    "warn",
    "info",
    "request",
    "user",
    "id=42",
    "status=200",
    "latency",
    "ms",
    "the.",
    "The",
    "(the)",
    "café",
    "naïve",
    "straße",
    "東京",
    "数据",
    "🙂",
    "ok",
    "done",
)
SEPARATORS = (" ",) * 20 + ("\t", "\u00a0", "\u3000", "\u001f", "  ")


def sample_rows(n_rows: int = 1_000, words_per_row: int = 8, seed: int = 0) -> list[str]:
    """``n_rows`` rows of about ``words_per_row`` words each; the same arguments give the same
    rows on every machine."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n_rows):
        n_words = rng.randint(max(1, words_per_row // 2), words_per_row * 3 // 2)
        parts = []
        for i in range(n_words):
            if i:
                parts.append(rng.choice(SEPARATORS))
            parts.append(rng.choice(WORDS))
        rows.append("".join(parts))
    return rows
