"""Short rows of real text: the lines of the Debian changelogs and documentation files that the
machine itself holds under ``/usr/share/doc``, one row per line.

The generated corpora (``corpora.py``) control every byte; these do not, which is their point:
real log-like and prose lines, with their blank lines, indentation, tabs, punctuation and the
odd non-ASCII name. Files are read in sorted path order (a ``.gz`` file decompressed), a file
that is not UTF-8 or holds a NUL byte is left out, and lines are taken until the requested
number of bytes, so the same machine gives the same rows on every run. A corpus whose files
hold fewer bytes than requested is read again from its first file (the documentation files
hold about 30 MB here, the suite asks for 64): a smaller column would sit in the CPU's cache,
and the memchr scan it is compared with would run at cache speed rather than memory speed.
The rows are what ``str.split("\\n")`` gives (without the empty string after a final
newline), so a row may still hold ``\\r`` or other Python whitespace.

Where the files are absent (a container without ``/usr/share/doc``), :func:`missing` says why
and the suite skips the corpus.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

DOC_ROOT = Path("/usr/share/doc")
ROWS_PER_CHUNK = 200_000  # as the generated short corpus's batches

# The documentation files of a package that are prose meant to be read: licence texts, read-me
# files, release notes. Changelogs are the other corpus; manuals in HTML are markup, not lines.
DOC_NAMES = re.compile(
    r"^(copyright|readme|news|authors|todo|thanks|bugs|history|changes|faq)", re.IGNORECASE
)

# The rare needle occurs about once per this many tokens, as ``corpora.RARE`` does in the
# generated corpora (it is injected at a rate of 1e-5).
RARE_RATE = 1e-5
# The absent needle: the generated corpora's, unless the text holds it after all.
ABSENT_CANDIDATES = ("wombat", "wombats", "quokkawombat")


@dataclass(frozen=True)
class RealCorpus:
    name: str
    description: str
    wanted: Callable[[Path], bool]  # which files under DOC_ROOT it reads


def _is_changelog(path: Path) -> bool:
    return path.name.lower().startswith("changelog")


def _is_doc(path: Path) -> bool:
    return not _is_changelog(path) and bool(DOC_NAMES.match(path.name))


CORPORA: dict[str, RealCorpus] = {
    c.name: c
    for c in (
        RealCorpus(
            "changelog",
            "real log-like lines: the Debian and upstream changelogs under /usr/share/doc "
            "(`changelog*`), one row per line, blank lines included",
            _is_changelog,
        ),
        RealCorpus(
            "doc",
            "real documentation lines: the copyright, README, NEWS, AUTHORS, TODO, THANKS, BUGS, "
            "HISTORY, CHANGES and FAQ files under /usr/share/doc, one row per line, blank lines "
            "included; read again from the first file when they hold less than asked for",
            _is_doc,
        ),
    )
}


def paths(name: str) -> list[Path]:
    """The corpus's files, in sorted order."""
    wanted = CORPORA[name].wanted
    if not DOC_ROOT.is_dir():
        return []
    return sorted(p for p in DOC_ROOT.rglob("*") if p.is_file() and wanted(p))


def missing(name: str) -> str | None:
    """Why the corpus cannot be read here, or None when it can."""
    if not DOC_ROOT.is_dir():
        return f"{DOC_ROOT} does not exist on this machine"
    if not paths(name):
        return f"no {name} files under {DOC_ROOT}"
    return None


def _text(path: Path) -> str | None:
    """The file's text, or None when it is unreadable, not UTF-8 or holds a NUL byte."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError):
        return None
    return None if "\0" in text else text


def _lines(name: str) -> Iterator[str]:
    for path in paths(name):
        text = _text(path)
        if text is None:
            continue
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        yield from lines


def load(name: str, target_bytes: int) -> pa.ChunkedArray:
    """The corpus's lines until their UTF-8 text reaches ``target_bytes``, read again from the
    first file as often as needed; a large_string ChunkedArray, as ``corpora.generate``
    returns. Raises
    FileNotFoundError, saying why, where the corpus cannot be read (see :func:`missing`)."""
    reason = missing(name)
    if reason is not None:
        raise FileNotFoundError(reason)
    chunks: list[pa.Array] = []
    batch: list[str] = []
    total = 0
    while total < target_bytes:
        before = total
        for line in _lines(name):
            batch.append(line)
            total += len(line.encode("utf-8"))
            if len(batch) == ROWS_PER_CHUNK:
                chunks.append(pa.array(batch, type=pa.large_string()))
                batch = []
            if total >= target_bytes:
                break
        if total == before:
            break  # the files hold no text at all
    if batch or not chunks:
        chunks.append(pa.array(batch, type=pa.large_string()))
    return pa.chunked_array(chunks, type=pa.large_string())


def pick_needles(counts: Counter[str]) -> dict[str, str]:
    """Needles of the four kinds the suite times, picked from the corpus's own ``str.split()``
    token counts, ties broken by the token so that the pick is deterministic. Only tokens with
    a letter in them are candidates: a word, as the generated corpora's needles are.

    - common: the most frequent word (what ``INFO`` is to the generated log lines);
    - rare: the ASCII word of five letters or more whose count is closest to one per
      ``1/RARE_RATE`` tokens (what the injected ``quokka`` is);
    - absent: ``wombat``, unless the text holds it;
    - non-ASCII: the most frequent word with a non-ASCII character.
    """
    words = sorted(
        ((token, n) for token, n in counts.items() if any(c.isalpha() for c in token)),
        key=lambda item: (-item[1], item[0]),
    )
    if not words:
        raise ValueError("the corpus holds no words")
    want = max(1, round(sum(counts.values()) * RARE_RATE))
    plain = [(t, n) for t, n in words if t.isascii() and t.isalpha() and len(t) >= 5] or words
    rare = min(plain, key=lambda item: (abs(item[1] - want), item[0]))[0]
    absent = next(w for w in ABSENT_CANDIDATES if w not in counts)
    needles = {"common": words[0][0], "rare": rare, "absent": absent}
    non_ascii = next((t for t, _ in words if not t.isascii()), None)
    if non_ascii is not None:
        needles["non-ASCII"] = non_ascii
    return needles
