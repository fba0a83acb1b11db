"""Writes the committed seed corpus of the kernel fuzz target (fuzz/corpus/kernel_differential/).

Each seed is one input in the target's format (see fuzz_targets/kernel_differential.rs):
a control byte (bit 0: structured decoding; bit 1: check top-k, with k = (byte >> 2) % 8), then
- lossy decoding: a needle-region length, the needles separated by 0xFF, and the text bytes;
- structured decoding: a needle-count byte, each needle as a length byte and alphabet indices,
  and the text as alphabet indices (below 128) or needle picks (128 and above).

Run from the repository root: ``python3 fuzz/make_seed_corpus.py``. The output is deterministic.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus" / "kernel_differential"

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


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for old in CORPUS.iterdir():
        old.unlink()
    for seed in seeds():
        # Content-addressed names, as libFuzzer names the inputs it keeps.
        (CORPUS / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"wrote {len(seeds())} seeds to {CORPUS}")


if __name__ == "__main__":
    main()
