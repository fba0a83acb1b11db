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
