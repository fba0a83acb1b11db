"""Seeded corpora for the benchmarks: short log lines, long documents, Unicode-heavy rows; and
:func:`load`, which also reads the real-text corpora of ``real_lines.py`` by name.

Every word list here is made up for this file (function words, log tokens and syllable-built
pseudo-words); no text is copied from anywhere. A corpus is built in batches from
``numpy.random.default_rng([seed, corpus, batch])``, so the same arguments give the same bytes on
every machine and a smaller corpus is a prefix of a larger one.

Generation is vectorised (numpy picks token ids, pyarrow gathers and joins the strings) because
the memory benchmark needs a ~1 GB column and a Python loop would take minutes to build it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import real_lines  # benchmark-local module beside this one

# Needles that the generators never emit except where stated: RARE is injected at a fixed tiny
# rate, ABSENT never (the pseudo-word builder cannot spell it and it is excluded explicitly).
RARE = "quokka"
ABSENT = "wombat"

FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not this are or from at which but "
    "have an they you were one all we their has would when if so no will more can out there "
    "about into than them some could what other then its only two over also after"
).split()

LOG_LEVELS = ("INFO", "WARN", "ERROR", "DEBUG")
LOG_LEVEL_WEIGHTS = (0.6, 0.2, 0.1, 0.1)
LOG_WORDS = (
    "request user GET POST PUT /api/v1/items /api/v1/users /health status=200 status=404 "
    "status=500 ms ok done retry timeout cache miss hit db conn closed opened queue job worker "
    "started finished failed slow query rows=0 rows=1 auth token expired session login logout "
    "upstream 200 404 500 -"
).split()
# A few non-ASCII tokens even in log lines: user names and units in real logs are not all ASCII.
LOG_NON_ASCII = ("größe", "durée", "café", "東京", "µs")

ACCENTED = "café naïve straße größe élève über año señor façade crème déjà überall ñandú".split()
CJK = "東京 数据 日本語 中文 北京 大阪 你好 世界 文字 検索 データ 한국어 서울".split()
EMOJI = ("🙂", "🚀", "🎉", "👍🏽", "🇯🇵", "❤️", "🤖")
OTHER_SCRIPTS = "λόγος данные привет مرحبا שלום नमस्ते".split()

CONSONANTS = "bcdfghklmnprstv"  # no w, q or z: pseudo-words can never spell RARE or ABSENT
VOWELS = "aeiou"


def pseudo_words(n: int, seed: int) -> list[str]:
    """``n`` distinct pronounceable made-up words (2-4 syllables), for a long-tailed vocabulary."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < n:
        syllables = rng.randint(2, 4)
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))
        if word not in (RARE, ABSENT):
            words[word] = None
    return list(words)


def zipf_weights(n: int, offset: float = 2.0) -> list[float]:
    """Weights ~ 1/(rank + offset): the rank-frequency shape of natural text."""
    return [1.0 / (rank + offset) for rank in range(n)]


@dataclass(frozen=True)
class Spec:
    """How to draw one corpus: token and separator distributions and the row length range."""

    name: str
    description: str
    tokens: tuple[str, ...]
    token_weights: tuple[float, ...]
    separators: tuple[str, ...]
    separator_weights: tuple[float, ...]
    tokens_per_row: tuple[int, int]  # inclusive range, drawn uniformly per row
    rows_per_batch: int
    needles: dict[str, str]  # kind -> needle
    # Optional first token of every row (log level), with its own distribution.
    first_tokens: tuple[str, ...] = ()
    first_weights: tuple[float, ...] = ()
    index: int = 0  # mixes into the seed so corpora differ
    notes: str = field(default="")


def _normalised(weights: list[float]) -> tuple[float, ...]:
    total = sum(weights)
    return tuple(w / total for w in weights)


def _vocabulary(
    head: list[str], tail_size: int, seed: int, extra: dict[str, float]
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Head words then pseudo-words, Zipf-weighted by rank, plus ``extra`` words at fixed
    probabilities (the rest of the mass is scaled to fit)."""
    words = list(dict.fromkeys(head + pseudo_words(tail_size, seed)))
    weights = _normalised(zipf_weights(len(words)))
    fixed = sum(extra.values())
    scaled = [w * (1.0 - fixed) for w in weights]
    return tuple(words) + tuple(extra), tuple(scaled) + tuple(extra.values())


def _short_spec() -> Spec:
    head = ["the", "to", "user", "request", *LOG_WORDS[4:], *FUNCTION_WORDS[1:12]]
    extra = {w: 0.002 for w in LOG_NON_ASCII} | {RARE: 1e-5}
    tokens, weights = _vocabulary(head, 3000, seed=11, extra=extra)
    return Spec(
        name="short",
        description="log lines of ~40 bytes: a level, then 3-8 log words, single spaces "
        "(rarely a tab)",
        tokens=tokens,
        token_weights=weights,
        separators=(" ", "\t", "  "),
        separator_weights=(0.97, 0.02, 0.01),
        tokens_per_row=(4, 8),
        rows_per_batch=200_000,
        needles={"common": "INFO", "rare": RARE, "absent": ABSENT, "non-ASCII": "größe"},
        first_tokens=LOG_LEVELS,
        first_weights=LOG_LEVEL_WEIGHTS,
        index=1,
    )


def _long_spec() -> Spec:
    # Documents: the common words also appear capitalised and with punctuation attached, which
    # are different tokens for str.split() and so near-misses for the needle "the".
    head: list[str] = []
    for word in FUNCTION_WORDS:
        head += [word, word + ",", word + ".", word.capitalize()]
    extra = {w: 0.0005 for w in ACCENTED[:4]} | {RARE: 1e-5}
    tokens, weights = _vocabulary(head, 8000, seed=12, extra=extra)
    return Spec(
        name="long",
        description="documents of ~20 KB: English-like prose with punctuation, spaces and "
        "line breaks",
        tokens=tokens,
        token_weights=weights,
        separators=(" ", "\n", "\n\n", "  "),
        separator_weights=(0.94, 0.03, 0.01, 0.02),
        tokens_per_row=(2800, 4400),
        rows_per_batch=400,
        needles={"common": "the", "rare": RARE, "absent": ABSENT, "non-ASCII": "café"},
        index=2,
    )


def _unicode_spec() -> Spec:
    head = FUNCTION_WORDS[:20] + ACCENTED + CJK + list(EMOJI) + OTHER_SCRIPTS
    extra = {RARE: 1e-5}
    tokens, weights = _vocabulary(head, 2000, seed=13, extra=extra)
    return Spec(
        name="unicode",
        description="rows of ~200 bytes mixing accents, CJK, emoji and other scripts, separated "
        "by non-ASCII whitespace too (U+00A0, U+3000, U+2009, U+202F, tab, U+001F, newline)",
        tokens=tokens,
        token_weights=weights,
        separators=(" ", "\u00a0", "\u3000", "\t", "\u001f", "\n", "\u2009", "\u202f", "  "),
        separator_weights=(0.55, 0.08, 0.08, 0.08, 0.05, 0.06, 0.04, 0.03, 0.03),
        tokens_per_row=(10, 40),
        rows_per_batch=50_000,
        needles={"common": "the", "rare": RARE, "absent": ABSENT, "non-ASCII": "東京"},
        index=3,
    )


SPECS: dict[str, Spec] = {s.name: s for s in (_short_spec(), _long_spec(), _unicode_spec())}


def _draw(rng: np.random.Generator, weights: tuple[float, ...], n: int) -> np.ndarray:
    """``n`` indices drawn with the given probabilities (inverse CDF of uniform floats, which
    stays reproducible across numpy versions)."""
    cdf = np.cumsum(np.asarray(weights, dtype=np.float64))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(weights) - 1)


def _batch(spec: Spec, seed: int, batch: int, pieces: pa.Array) -> pa.Array:
    """One batch of rows as a large_string array.

    ``pieces`` holds every "token + separator" string followed by every bare token, so a row is
    a run of piece ids that pyarrow joins with no separator; the last piece of a row is a bare
    token, so rows neither start nor end with whitespace.
    """
    rng = np.random.default_rng([seed, spec.index, batch])
    lo, hi = spec.tokens_per_row
    lengths = rng.integers(lo, hi + 1, size=spec.rows_per_batch)
    n_tokens = int(lengths.sum())
    token_ids = _draw(rng, spec.token_weights, n_tokens)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    if spec.first_tokens:
        firsts = _draw(rng, spec.first_weights, spec.rows_per_batch) + len(spec.tokens)
        token_ids[starts] = firsts
    sep_ids = _draw(rng, spec.separator_weights, n_tokens)
    n_vocab = len(spec.tokens) + len(spec.first_tokens)
    piece_ids = token_ids * len(spec.separators) + sep_ids
    ends = starts + lengths - 1
    piece_ids[ends] = n_vocab * len(spec.separators) + token_ids[ends]
    offsets = pa.array(np.concatenate(([0], np.cumsum(lengths))), type=pa.int64())
    values = pc.take(pieces, pa.array(piece_ids))
    lists = pa.LargeListArray.from_arrays(offsets, values)
    return pc.binary_join(lists, pa.scalar("", values.type))


def _pieces(spec: Spec) -> pa.Array:
    vocab = list(spec.tokens) + list(spec.first_tokens)
    joined = [t + s for t in vocab for s in spec.separators]
    return pa.array(joined + vocab, type=pa.large_string())


def generate(name: str, target_bytes: int, seed: int = 0) -> pa.ChunkedArray:
    """Rows of corpus ``name`` until their UTF-8 text reaches ``target_bytes`` (the last batch is
    cut at the first row that reaches it). Returns a large_string ChunkedArray, one chunk per
    batch."""
    spec = SPECS[name]
    pieces = _pieces(spec)
    chunks = []
    total = 0
    batch = 0
    while total < target_bytes:
        rows = _batch(spec, seed, batch, pieces)
        sizes = pc.binary_length(rows).to_numpy()
        cumulative = np.cumsum(sizes)
        if total + int(cumulative[-1]) >= target_bytes:
            keep = int(np.searchsorted(cumulative, target_bytes - total)) + 1
            rows = rows.slice(0, keep)
            cumulative = cumulative[:keep]
        chunks.append(rows)
        total += int(cumulative[-1])
        batch += 1
    return pa.chunked_array(chunks, type=pa.large_string())


# Every corpus the suite knows: generated, then real lines (read where the machine has them).
NAMES = (*SPECS, *real_lines.CORPORA)


def load(name: str, target_bytes: int, seed: int = 0) -> pa.ChunkedArray:
    """About ``target_bytes`` of corpus ``name``: generated with ``seed``, or the first lines of
    a real-text corpus (all of them if it holds less; see ``real_lines.missing`` first)."""
    if name in SPECS:
        return generate(name, target_bytes, seed)
    return real_lines.load(name, target_bytes)


def needles(name: str, counts: Counter[str]) -> dict[str, str]:
    """The needles timed on corpus ``name`` (kind -> needle): a generated corpus's own, or for a
    real one picked from ``counts``, its rows' ``str.split()`` token counts."""
    if name in SPECS:
        return SPECS[name].needles
    return real_lines.pick_needles(counts)


def token_counts(rows: pa.ChunkedArray) -> Counter[str]:
    """How often each token occurs, by Python's own ``str.split()``: the reference, since the
    total for a needle is ``sum(row.split().count(needle))``. Chunk by chunk, so that only one
    chunk at a time is held as Python strings."""
    counts: Counter[str] = Counter()
    for chunk in rows.chunks:
        for text in chunk.to_pylist():
            if text is not None:
                counts.update(text.split())
    return counts


# MB of text in the benchmark's extra sections (run.py's --extras-mb): on the short corpus,
# the 430,080 rows of the Many needles section.
EXTRAS_MB = 16.0


def most_common_tokens(texts: Iterable[str], n: int) -> list[str]:
    """The ``n`` most frequent ``str.split()`` tokens of ``texts``, most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text.split())
    return [token for token, _ in counts.most_common(n)]


def text_bytes(rows: pa.ChunkedArray) -> int:
    """UTF-8 bytes of text in ``rows`` (what MB/s figures divide by)."""
    return int(pc.sum(pc.binary_length(rows)).as_py() or 0)


def concatenated_bytes(rows: pa.ChunkedArray) -> bytes:
    """All rows' UTF-8 bytes back to back, as one Python ``bytes`` (the memchr baseline's input).

    Read straight from each chunk's value buffer, so this costs one copy and no decoding.
    """
    parts = []
    for chunk in rows.chunks:
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
        start = int(offsets[chunk.offset])
        stop = int(offsets[chunk.offset + len(chunk)])
        parts.append(chunk.buffers()[2][start:stop].to_pybytes())
    return b"".join(parts)
