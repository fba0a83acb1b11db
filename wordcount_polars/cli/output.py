"""What the commands print: results as a table (tab-separated), JSON or CSV, and progress
bars on standard error."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Literal, NoReturn

from tqdm import tqdm

Output = Literal["table", "json", "csv"]
OUTPUTS: tuple[Output, ...] = ("table", "json", "csv")
TOTAL_LABEL = "total"


def progress(total: int | None, unit: str, show: bool = True) -> tqdm[NoReturn]:
    """A progress bar on stderr, drawn only for a person watching a terminal."""
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=unit == "B" or total is None,
        unit_divisor=1024 if unit == "B" else 1000,
        file=sys.stderr,
        disable=not (show and sys.stderr.isatty()),
        leave=False,
        dynamic_ncols=True,
    )


def write_csv(header: Sequence[str], records: Sequence[Sequence[object]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)


def print_counts(
    labels: Sequence[str], needles: Sequence[str], totals: Sequence[Sequence[int]], output: Output
) -> None:
    """``totals[i][j]``: how often ``needles[j]`` occurs in input ``labels[i]``.

    table: ``LABEL<TAB>N`` for one needle, ``LABEL<TAB>NEEDLE<TAB>N`` for several, with
    ``total`` lines when there are several inputs; json: one object with the inputs' counts and
    the totals; csv: ``file,needle,count`` records, no totals (a reader adds them up)."""
    overall = [sum(column) for column in zip(*totals)] if totals else [0] * len(needles)
    if output == "json":
        files = [
            {"file": label, "counts": dict(zip(needles, row))} for label, row in zip(labels, totals)
        ]
        document = {"needles": list(needles), "files": files, "total": dict(zip(needles, overall))}
        print(json.dumps(document, ensure_ascii=False))
        return
    records = [
        (label, needle, count)
        for label, row in zip(labels, totals)
        for needle, count in zip(needles, row)
    ]
    if output == "csv":
        write_csv(("file", "needle", "count"), records)
        return
    if len(labels) > 1:
        records += [(TOTAL_LABEL, needle, count) for needle, count in zip(needles, overall)]
    for label, needle, count in records:
        print(f"{label}\t{count}" if len(needles) == 1 else f"{label}\t{needle}\t{count}")


def print_words(ranked: Sequence[tuple[str, int]], output: Output) -> None:
    """table: ``WORD<TAB>COUNT``; json: a list of ``{"word", "count"}``; csv: ``word,count``."""
    if output == "json":
        words = [{"word": word, "count": count} for word, count in ranked]
        print(json.dumps(words, ensure_ascii=False))
    elif output == "csv":
        write_csv(("word", "count"), ranked)
    else:
        for word, count in ranked:
            print(f"{word}\t{count}")
