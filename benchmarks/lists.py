"""The split and frequencies sections of the suite on their own, printed as Markdown:
``python benchmarks/lists.py`` from the repository root (``--mb``, ``--repeats``).

``python benchmarks/run.py`` runs the same sections among its extras and writes them into
docs/benchmarks.md; this script measures them without the hour of the full suite.
"""

from __future__ import annotations

import argparse
import sys

import corpora
import extras
import report
from run import MB, feature_targets, prefix_rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=corpora.EXTRAS_MB, help="MB per corpus")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--subsample", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sections = []
    for name in ("short", "long"):
        rows = corpora.generate(name, int(args.mb * MB), args.seed)
        sub_rows = prefix_rows(rows, args.mb * MB / args.subsample)
        sections.append(extras.split_tokens(name, rows, sub_rows, args.repeats))
        sections.append(extras.frequencies(name, rows, sub_rows, args.repeats))
    print(f"Command: `{' '.join(['python', 'benchmarks/lists.py', *argv])}`\n")
    print("\n".join(report.targets_section(feature_targets(sections))))
    print("\n".join(report.extras_section(sections)))
    wrong = [s["title"] for s in sections for r in s["rows"] if r["ours"] and not r["matches"]]
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
