"""Writes the committed seed corpora of the fuzz targets (fuzz/corpus/<target>/).

Each kernel_differential seed is one input in that target's format (see
fuzz_targets/kernel_differential.rs):
a control byte (bit 0: structured decoding; bit 1: check top-k, with k = (byte >> 2) % 8), then
- lossy decoding: a needle-region length, the needles separated by 0xFF, and the text bytes;
- structured decoding: a needle-count byte, each needle as a length byte and alphabet indices,
  and the text as alphabet indices (below 128) or needle picks (128 and above).

Each intake_differential seed is a layout header, a needle, a dictionary's keys and rows of raw
bytes (see ``decode`` in fuzz_targets/intake_differential.rs).

Run from the repository root: ``python3 fuzz/make_seed_corpus.py``. The output is deterministic.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus" / "kernel_differential"
INTAKE_CORPUS = Path(__file__).parent / "corpus" / "intake_differential"

PY_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
LOOK_ALIKES = ["\u200b", "\u180e", "\ufeff", "\u2060"]

# (needles, text): the contract's edge cases, one theme each.
LOSSY_CASES: list[tuple[list[str], str | bytes]] = [
    (["a"], "a a a"),
    (["a"], "b-a a. (a)"),
    (["a"], "a\x1ca\x1da\x1ea\x1fa"),
    (["a"], "".join(f"a{ws}" for ws in PY_WHITESPACE)),
    (["a"], "".join(f"a{c}a " for c in LOOK_ALIKES)),
    (["a"], ""),
    ([""], "a  a"),
    (["a b", "a"], "a b a\u3000b"),
    (["aa", "aaa", "a"], "a aa aaa aaaa a"),
    (["ß"], "x\u3000ß\u00a0ß ẞ SS ss"),
    (["straße"], "Straße STRASSE straße STRAẞE"),
    (["οδος", "ΟΔΟΣ"], "ΟΔΟΣ οδος Οδος ΟΔΟΣΣ σς"),
    (["i\u0307", "i"], "İ i\u0307 I i \u0131"),
    (["k"], "K \u212a k"),
    (["ǆ"], "Ǆ ǅ ǆ"),
    (["don't", "the"], "(the) the, THE don't don t"),
    (["e", "mail", "e_mail"], "e-mail e_mail e.mail 3.14 3,14"),
    (["x"], "x\r\ny\rz\n\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\x1f\r"),
    (["a"], b"a \xff\xfe a \xc3 a\xc3\xa9"),
    (["😀"], "😀 😀😀 中😀 😀\u200d😀"),
    (["中文"], "中文 中文中文 中 文"),
    (["a\u202fb"], "a\u202fb a b a\u00a0b"),
    (["a", "b", "c"], "c b a b c c\n\nc b"),
]


def lossy_seed(control: int, needles: list[str], text: str | bytes) -> bytes:
    region = b"\xff".join(n.encode() for n in needles)
    body = text if isinstance(text, bytes) else text.encode()
    return bytes([control & ~1, len(region)]) + region + body


def structured_seed(control: int, needle_indices: list[list[int]], text: list[int]) -> bytes:
    out = bytearray([control | 1, len(needle_indices) - 1])
    for indices in needle_indices:
        out += bytes([len(indices), *indices])
    return bytes(out + bytes(text))


def seeds() -> list[bytes]:
    found = [lossy_seed(0, needles, text) for needles, text in LOSSY_CASES]
    # The same texts with top-k checked, for k = 0, 1, 2 and 7.
    found += [
        lossy_seed(0b10 | (k << 2), needles, text)
        for k, (needles, text) in zip([0, 1, 2, 7], LOSSY_CASES[8:12])
    ]
    # Structured: needle alphabet indices (0 'a', 2 'A', 7..9 the three sigmas, 12 U+4E2D,
    # 16 ' ', 17 U+001C, 22 U+212A), text alphabet indices (0..28 whitespace, 29..32 look-alikes,
    # 33.. letters) and needle picks (even >= 128: a whole needle, odd: one of its characters).
    found += [
        structured_seed(0, [[0]], [128, 9, 128, 5, 128, 29, 128]),
        structured_seed(0, [[0, 0], [0]], [128, 9, 130, 27, 129, 129, 9, 128]),
        structured_seed(0b110, [[2], [0]], [128, 28, 130, 11, 128, 130, 128]),
        structured_seed(0, [[7, 9], [8, 8]], [130, 9, 128, 9, 129, 131, 133]),
        structured_seed(0, [[12, 0]], [128, 12, 128, 128, 30, 128, 131]),
        structured_seed(0, [[0, 16, 0], [17], []], [0, 128, 9, 130, 132, 133]),
        structured_seed(0b1010, [[22], [0]], [128, 9, 130, 9, 52, 9, 128, 10, 1]),
        structured_seed(0, [[0]], [128, 4, 3, 128, 13, 128, 19, 10, 128, 14]),
    ]
    return found


# intake_differential: layout bits (string type in bits 0-1: 0 string, 1 large_string,
# 2 string_view), and the rows' null bit.
DICTIONARY, STRUCT, SLICED, SPLIT, STRUCTURED = 0x04, 0x08, 0x10, 0x20, 0x40
NULL = 0x80
Row = tuple[bytes, bool]  # (stored bytes, null)


def intake_seed(
    layout: int,
    rows: list[Row],
    *,
    needle: bytes = b"a",
    ops: int = 0,
    key: int = 0,
    slice_: int = 0,
    split: int = 0,
    mask: int = 0xFFFF,
    keys: list[int] | None = None,
) -> bytes:
    out = bytearray([layout, ops, key, slice_, split, mask & 0xFF, mask >> 8, len(needle)])
    out += needle
    if keys is not None:
        out += bytes([len(keys), *keys])
    for stored, null in rows:
        out += bytes([len(stored) | (NULL if null else 0)]) + stored
    return bytes(out)


def valid(text: str) -> Row:
    return (text.encode(), False)


GOOD_ROWS = [
    valid("a a b"),
    valid("a\x1ca\u3000a"),
    valid(""),
    (b"a", True),
    valid("a b a\u2029a \u00e9\u4e2d a a"),  # longer than a view's 12 inline bytes
]
BAD_ROWS = [valid("a"), (b"b \xff a", False), valid("a\u00a0a")]


def intake_seeds() -> list[bytes]:
    found = []
    for base in (0, 1, 2):
        found += [
            intake_seed(base, GOOD_ROWS, ops=0b10100),  # top_words, k = 5
            intake_seed(base, BAD_ROWS),
            # Bad bytes under a null are still refused.
            intake_seed(base, [valid("a"), (b"\xc3", True)]),
            # A multi-byte character cut across two rows.
            intake_seed(base, [valid("a"), (b"\xc3", False), (b"\xa9", False)]),
            # Bad bytes sliced off are never read; the rest is cut into two chunks.
            intake_seed(
                base | SLICED | SPLIT, [(b"\xff", False), *GOOD_ROWS], slice_=0x01, split=2
            ),
            intake_seed(base | STRUCT, GOOD_ROWS, mask=0b10110),
            # Keys: a null key, and a row of the bad value (refused at row 4), or the bad
            # value unused (refused all the same), or a key outside the dictionary.
            intake_seed(
                base | DICTIONARY,
                [valid("a b"), valid("a"), (b"\xff", False)],
                key=base,
                keys=[0, 1, 0, 0xFF, 2],
            ),
            intake_seed(
                base | DICTIONARY,
                [valid("a b"), valid("a"), (b"\xff", False)],
                key=4 + base,
                keys=[0, 1],
            ),
            intake_seed(
                base | DICTIONARY | STRUCT | SPLIT,
                [valid("a"), (b"a", True)],
                key=base,
                keys=[1, 0, 0xF9, 0],
                split=1,
                mask=0b1101,
            ),
            # Structured: whitespace (0..28), valid pieces (29..42), broken ones (43..51) and
            # the needle (0xC0 and above).
            intake_seed(
                base | STRUCTURED,
                [(bytes([0xC0, 9, 0xC0, 5, 29, 0xC0]), False), (bytes([0xC0, 43, 0xC0]), False)],
                needle=b"\x00",
            ),
        ]
    return found


def write(corpus: Path, found: list[bytes]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.iterdir():
        old.unlink()
    for seed in found:
        # Content-addressed names, as libFuzzer names the inputs it keeps.
        (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"wrote {len(found)} seeds to {corpus}")


def main() -> None:
    write(CORPUS, seeds())
    write(INTAKE_CORPUS, intake_seeds())


if __name__ == "__main__":
    main()
