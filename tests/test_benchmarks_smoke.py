"""The benchmark suite's smoke mode runs end to end and our paths agree with the reference.

Timings are never asserted: a smoke run's numbers mean nothing on a shared machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_smoke_run_writes_its_table_and_our_totals_match(tmp_path: Path) -> None:
    # Run by script path from a scratch cwd: sys.path[0] is then benchmarks/, so the installed
    # wordcount_polars is imported, never the uninstalled source tree at the repository root.
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]

    page = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert "## Throughput" in page
    assert "| ours: polars wc.count |" in page

    results = json.loads((out / "benchmarks.json").read_text(encoding="utf-8"))
    ours = [c for c in results["throughput"] if c["family"] == "ours"]
    # The real-text corpora are read from /usr/share/doc and skipped where it is absent.
    doc = Path("/usr/share/doc")
    real = {"changelog", "doc"} if any(doc.glob("*/changelog*")) else set()
    assert {"short", "long", "unicode"} <= {c["corpus"] for c in ours}
    assert real <= {c["corpus"] for c in ours}
    for corpus in real:
        targets = [t["target"] for t in results["targets"] if t["target"].startswith(corpus)]
        assert len(targets) == 2, targets
    for cell in ours:
        assert cell["total"] == cell["reference_total"], cell
    for section in results["extras"]:
        for row in section["rows"]:
            assert not row["ours"] or row["matches"], (section["title"], row)
