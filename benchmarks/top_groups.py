"""The per-group ``top_words`` sections of ``run.py`` alone, printed as Markdown:

    python benchmarks/top_groups.py [--repeats 5]

``group_by(g).agg(pl.col("text").wc.top_words(3))`` over 1,000 and 100,000 groups of 10 short
rows against Polars' explode/len/sort/head pipeline, with the target (at most half the time of
the ``extract_all(r"\\S+")`` pipeline) met or not. ``run.py`` runs the same sections.
"""

from __future__ import annotations

import argparse

import corpora
import extras
import report
from run import TOP_GROUPS, feature_targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = corpora.generate("short", max(TOP_GROUPS) * extras.GROUP_ROWS * 60, args.seed)
    sections = [extras.top_words_per_group(rows, g, args.repeats) for g in TOP_GROUPS]
    print("\n".join(report.extras_section(sections)))
    print()
    print("\n".join(report.targets_section(feature_targets(sections))))


if __name__ == "__main__":
    main()
