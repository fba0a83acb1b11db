"""Turns the results dict of ``run.py`` into markdown (docs page, README headline) and charts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
SAMPLE_LABEL = {"full": "full", "native": "native subsample", "python": "Python subsample"}


# --- formatting ------------------------------------------------------------------------------


def mbps(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(value: float) -> str:
    if value >= 10:
        return f"{value:,.0f}x"
    if value >= 1:
        return f"{value:.2f}x"
    return f"{value:.3f}x"


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:,.1f} MB"


def code(text: str) -> str:
    """Inline code that survives | and non-printing characters in markdown tables."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return "`" + shown.replace("|", "\\|") + "`"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return [*lines, ""]


# --- sections --------------------------------------------------------------------------------


def _check_label(cells: list[dict[str, Any]]) -> str:
    if all(c["total"] is None for c in cells):
        return "n/a (not a count)"
    bad = [c["needle_kind"] for c in cells if not c["matches"]]
    if not bad:
        return f"match ({len(cells)}/{len(cells)})"
    return f"**differs** ({', '.join(bad)})"


def throughput_section(results: dict[str, Any]) -> list[str]:
    out = ["## Throughput", ""]
    out += [
        "MB/s is bytes of UTF-8 text in the column divided by the median time (MB = 10^6 bytes); "
        "each cell also gives that speed as a multiple of our Polars path on the same corpus and "
        "needle (`1.00x` is ours, `0.02x` is fifty times slower). *Totals* compares each "
        "method's total with the reference `sum(row.split().count(needle))` over the rows it "
        "ran on; a method that claims other semantics is expected to differ. To keep the whole "
        "run near ten minutes on two cores, the tokenising baselines are timed on the *native "
        "subsample* (the leading quarter of the rows by default) and pure Python on the *Python "
        "subsample* (the leading 1/16); their MB/s is bytes of those rows over their time, an "
        "extrapolation to the whole corpus that holds because their cost is linear in rows "
        "(a smaller working set, if anything, flatters them). Our paths and the memchr scan "
        "always run on the whole corpus.",
        "",
    ]
    for corpus in results["corpora"].values():
        cells = [c for c in results["throughput"] if c["corpus"] == corpus["name"]]
        needles = corpus["needles"]
        out += [f"### {corpus['name']}: {corpus['description']}", ""]
        samples = corpus["samples"]
        out += [
            f"{corpus['rows']:,} rows, {mb(corpus['bytes'])} of text "
            f"({corpus['bytes'] / corpus['rows']:,.0f} bytes/row); native subsample "
            f"{samples['native']['rows']:,} rows, {mb(samples['native']['bytes'])}; Python "
            f"subsample {samples['python']['rows']:,} rows, {mb(samples['python']['bytes'])}. "
            "Reference totals: "
            + ", ".join(
                f"{kind} {code(n)} = {corpus['reference'][kind]:,}" for kind, n in needles.items()
            )
            + ".",
            "",
        ]
        header = ["method", "claims exact"]
        header += [f"{kind} {code(n)}" for kind, n in needles.items()]
        header += ["totals", "timed on"]
        rows = []
        for method in dict.fromkeys(c["method"] for c in cells):
            mine = {c["needle_kind"]: c for c in cells if c["method"] == method}
            first = next(iter(mine.values()))
            row = [method.replace("|", "\\|"), "yes" if first["exact_claim"] else "no"]
            for kind in needles:
                c = mine[kind]
                row.append(f"{mbps(c['mbps'])} MB/s · {ratio(c['vs_ours'])}")
            row.append(_check_label(list(mine.values())))
            row.append(SAMPLE_LABEL[first["sample"]])
            rows.append(row)
        out += table(header, rows)
    out += ["![Throughput per method, common needle](img/throughput.png)", ""]
    return out


def targets_section(targets: list[dict[str, Any]]) -> list[str]:
    rows = [
        [t["target"], t["measured"], "met" if t["met"] else "**not met**", t["how"]]
        for t in targets
    ]
    met = sum(t["met"] for t in targets)
    out = ["## Targets", "", f"{met} of {len(targets)} targets met in this run.", ""]
    return out + table(["target", "measured", "status", "how it is measured"], rows)


def memory_section(memory: dict[str, Any]) -> list[str]:
    if not memory:
        return []
    out = ["## Peak memory", ""]
    out += [
        "Each method runs in its own fresh interpreter (`benchmarks/child.py`), and a baseline "
        "child per input builds the same input (the representation the method reads) and runs "
        "nothing. The method child then calls the method once on a one-row copy (the first "
        "call of a library pays once for loading code and starting thread pools), resets its "
        "peak-RSS counter to its current RSS (Linux `/proc/self/clear_refs`, so the transient "
        "memory of loading the data does not hide what the method adds), calls the method on "
        "the whole input and reports its peak RSS (`VmHWM`). `ru_maxrss` of `RUSAGE_SELF` "
        "cannot be used after such a reset: Linux folds the old peak back into it whenever a "
        "thread exits, and the thread pools of Polars, pyarrow and DuckDB do. The children "
        "run with `_RJEM_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0` (Polars' jemalloc, "
        "which our plugin shares) and `ARROW_DEFAULT_MEMORY_POOL=system`, so freed pages go "
        "back to the system at once and RSS follows live memory; otherwise pages the allocator "
        "kept from building the column are reused by the call and its output never shows. "
        "Columns: "
        "*per call* is the peak during the measured call minus the RSS just before it (the "
        "cost of this column); *first call* is what the one-row warm-up left resident; "
        "*vs baseline child* is the method child's peak minus the baseline child's peak "
        "(everything, first call included). Every child that reads a Polars DataFrame, the "
        "baseline's too, first runs one native Polars query on a one-row frame: Polars starts "
        "its own engine on a process's first query (about 8 MB, paid by native expressions "
        "and plugins alike), and that is not the measured method's cost. "
        "MB = 10^6 bytes. Peak reset available: "
        f"{'yes' if memory['peak_reset'] else 'no (figures include loading the data)'}.",
        "",
    ]
    for block in memory["blocks"]:
        out += [f"### {block['title']}", "", block["description"], ""]
        rows = []
        for r in block["rows"]:
            rows.append(
                [
                    r["method"].replace("|", "\\|"),
                    code(r["reads"]),
                    mb(r["baseline_bytes"]),
                    mb(r["in_child_bytes"]),
                    mb(r["first_call_bytes"]),
                    mb(r["extra_bytes"]),
                    f"{r['seconds']:.2f} s",
                ]
            )
        header = [
            "method",
            "input",
            "baseline peak",
            "per call",
            "first call",
            "vs baseline child",
            "time (1 call)",
        ]
        out += table(header, rows)
    out += ["![Peak memory per method](img/memory.png)", ""]
    return out


def threads_section(threads: list[dict[str, Any]]) -> list[str]:
    if not threads:
        return []
    out = ["## Threads", ""]
    out += [
        "Our Polars path (`df.select(pl.col('text').wc.count(needle).sum())`, eager, one chunk) "
        "in fresh processes with `POLARS_MAX_THREADS=1` and `=2` (the plugin sizes its pool "
        "from it), three of each, started in turn so that both see the same load; each figure "
        "is the median of the processes' medians. Two threads can only beat one when no other "
        "job holds the second core: read this next to the load averages under *Machine and "
        "method*.",
        "",
    ]
    rows = [
        [
            t["column"],
            f"{t['one']['median_s'] * 1e3:,.1f} ms ({t['one']['threads']} thread)",
            f"{t['two']['median_s'] * 1e3:,.1f} ms ({t['two']['threads']} threads)",
            ratio(t["ratio"]),
        ]
        for t in threads
    ]
    return out + table(["column", "1 thread", "2 threads", "speed-up"], rows)


def extras_section(extras: list[dict[str, Any]]) -> list[str]:
    out = []
    for section in extras:
        out += [f"## {section['title']}", "", section["description"] + ".", ""]
        if section["missing"]:
            out += [
                "Not in the installed package yet, so not measured: "
                + ", ".join(f"`{m}`" for m in section["missing"])
                + ". The rows below are ready for the comparison.",
                "",
            ]
        base = next((r for r in section["rows"] if r["ours"]), section["rows"][0])
        rows = []
        for r in section["rows"]:
            rows.append(
                [
                    r["method"].replace("|", "\\|"),
                    "yes" if r["exact_claim"] else "no",
                    f"{r['median_s'] * 1e3:,.1f} ms",
                    f"{mbps(r['mbps'])} MB/s",
                    ratio(r["mbps"] / base["mbps"]),
                    "n/a (not a count)"
                    if r["matches"] is None
                    else ("match" if r["matches"] else "**differs**"),
                    "Python subsample" if r["slow"] else "full",
                ]
            )
        header = ["method", "claims exact", "median", "MB/s", "vs first row", "result", "on"]
        out += table(header, rows)
    return out


def machine_section(meta: dict[str, Any]) -> list[str]:
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    return [
        "## Machine and method",
        "",
        f"- Command (from the repository root): `{meta['command']}`",
        f"- Date: {meta['date']}; wall time of the whole run: {meta['wall_s'] / 60:.1f} min",
        f"- CPU: {meta['cpu']}; nproc {meta['nproc']}; memory {meta['memory']}; {meta['os']}",
        f"- Load average (1/5/15 min) at the start: {meta['load_before']}; at the end: "
        f"{meta['load_after']}. The machine is shared: other jobs (compilers, test suites) may "
        "have run at the same time, which mostly hurts the thread scaling and the memchr rate.",
        f"- Versions: {versions}",
        f"- Every time is the median of {meta['repeats']} runs (a first run slower than "
        "0.5 s counts as one of them, a faster one is a discarded warm-up); the repeats go "
        "round-robin over the methods of a cell so that load from other processes on this "
        "shared machine is spread over all of them; the cyclic GC is paused while timing.",
        f"- Corpora are generated by `benchmarks/corpora.py` with seed {meta['seed']}, "
        "except the real short lines (`changelog`, `doc`), which `benchmarks/real_lines.py` "
        "reads from /usr/share/doc in sorted path order (their needles are picked from their "
        "own token counts); "
        f"tokenising baselines run on the first 1/{meta['native_subsample']} of each corpus's "
        f"rows, pure Python methods on the first 1/{meta['subsample']}.",
        "",
    ]


def usage_section(results: dict[str, Any]) -> list[str]:
    unavailable = results.get("unavailable") or []
    lines = [
        "## How to run",
        "",
        "```bash",
        "python benchmarks/run.py           # this page, docs/img/*.png and the README block",
        "python benchmarks/run.py --smoke   # tiny inputs, one repeat, output in a temp dir",
        "```",
        "",
        "Run it from the repository root as a script, not with `python -m`: a script's own "
        "directory goes first on `sys.path`, while `-m` would put the repository root there and "
        "import the uninstalled source package (no compiled extension) instead of the installed "
        "`wordcount_polars`. It needs the installed package with polars, pandas, pyarrow and "
        "numpy; DuckDB's row is skipped without `duckdb` and the charts without `matplotlib`. "
        "Flags: `--mb` (MB of text per corpus), `--big-mb` (the memory and thread column; "
        "`--big-mb 1024` for the issue's ~1 GB), `--extras-mb`, `--repeats`, `--subsample` "
        "(pure Python methods run on 1/N of the rows), `--seed`, `--corpora`, `--throughput-only` "
        "(the throughput tables and their targets alone), `--out` (then "
        "the README is left alone and the raw numbers go to `benchmarks.json` beside the page). "
        "`tests/test_benchmarks_smoke.py` runs the smoke mode and checks our totals against "
        "the reference; it never looks at timings.",
        "",
    ]
    if unavailable:
        lines += ["Not run here (library missing): " + ", ".join(unavailable) + ".", ""]
    return lines


def methods_section(notes: list[dict[str, str]]) -> list[str]:
    lines = ["## The methods", ""]
    for m in notes:
        claim = "claims exact semantics" if m["exact"] else "other semantics"
        if m["sample"] != "full":
            claim += f"; timed on the {SAMPLE_LABEL[m['sample']]}"
        note = f": {m['note']}" if m["note"] else ""
        lines.append(f"- **{m['name']}** ({claim}){note}")
    return [*lines, ""]


BOUNDS = Path(__file__).resolve().parent / "bounds.md"


def bounds_section() -> list[str]:
    """The hand-written, profile-backed explanation of the gaps (``benchmarks/bounds.md``),
    kept beside the generator so that a run never drops it from the page."""
    if not BOUNDS.exists():
        return []
    return [*BOUNDS.read_text(encoding="utf-8").rstrip().splitlines(), ""]


def render_page(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by benchmarks/run.py; edit that, not this file. -->",
        "",
        f"Every figure in the tables on this page was produced by one command, run from the "
        f"repository root: `{meta['command']}`. Times are medians of {meta['repeats']} runs on "
        f"{meta['cpu']} (nproc {meta['nproc']}). The section on what bounds the targets not met "
        f"gives the profiling commands behind its own figures.",
        "",
    ]
    if meta["smoke"]:
        lines += ["**Smoke run: tiny inputs, one repeat. These numbers mean nothing.**", ""]
    lines += targets_section(results["targets"])
    lines += bounds_section()
    lines += throughput_section(results)
    lines += memory_section(results["memory"])
    lines += threads_section(results["threads"])
    lines += extras_section(results["extras"])
    lines += methods_section(results["methods"])
    lines += usage_section(results)
    lines += machine_section(meta)
    return "\n".join(lines).rstrip() + "\n"


def render_readme(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        README_START,
        "## Benchmarks",
        "",
        f"Medians of {meta['repeats']} runs of `{meta['command']}` on {meta['cpu']} "
        f"(nproc {meta['nproc']}); our Polars path `pl.col('text').wc.count(needle).sum()` "
        "against the talk's Python function, the fastest Polars-native expression with the "
        "same totals, and one memchr scan of the same bytes. Worst needle of four per corpus; "
        "details, memory, threads and every other method in "
        "[docs/benchmarks.md](docs/benchmarks.md).",
        "",
    ]
    rows = []
    for h in results["headline"]:
        rows.append(
            [
                h["corpus"],
                f"{mbps(h['ours_mbps_min'])}-{mbps(h['ours_mbps_max'])} MB/s",
                ratio(h["vs_reference"]),
                ratio(h["vs_native"]),
                f"{h['of_memchr'] * 100:.0f}%",
            ]
        )
    header = ["corpus", "ours", "vs Python", "vs Polars-native", "of memchr"]
    lines += table(header, rows)
    met = [t for t in results["targets"] if t["met"]]
    missed = [t for t in results["targets"] if not t["met"]]
    lines.append(f"Targets met: {len(met)} of {len(results['targets'])}.")
    if missed:
        lines.append("Not met: " + "; ".join(f"{t['target']} ({t['value']})" for t in missed) + ".")
    lines.append(README_END)
    return "\n".join(lines)


def update_readme(readme: Path, block: str) -> None:
    """Replaces the text between the bench markers (appending the markers if absent)."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


# --- charts ----------------------------------------------------------------------------------


def write_charts(results: dict[str, Any], img_dir: Path) -> list[Path]:
    """PNG charts; skipped (with an empty list) where matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display on a benchmark box
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    img_dir.mkdir(parents=True, exist_ok=True)
    written = []

    corpora = list(results["corpora"].values())
    fig, axes = plt.subplots(len(corpora), 1, figsize=(12, 4.4 * len(corpora)), squeeze=False)
    for ax, corpus in zip(axes[:, 0], corpora):
        cells = [
            c
            for c in results["throughput"]
            if c["corpus"] == corpus["name"] and c["needle_kind"] == "common"
        ]
        cells.sort(key=lambda c: c["mbps"])
        labels = []
        for c in cells:
            label = c["method"]
            if c["total"] is not None and not c["matches"]:
                label += "  [differs]"
            if c["sample"] != "full":
                label += f"  [{SAMPLE_LABEL[c['sample']]}]"
            labels.append(label)
        ax.barh(range(len(cells)), [c["mbps"] for c in cells], color=[_color(c) for c in cells])
        ax.set_yticks(range(len(cells)))
        ax.set_yticklabels(labels, fontsize=7)
        ax.set_xscale("log")
        ax.set_xlim(right=max(c["mbps"] for c in cells) * 4)  # room for the value labels
        ax.set_xlabel("MB/s (log scale)")
        needle = corpus["needles"]["common"]
        ax.set_title(f"{corpus['name']} rows, needle {needle!r}", fontsize=10)
        for i, c in enumerate(cells):
            ax.text(c["mbps"], i, f" {mbps(c['mbps'])}", va="center", fontsize=7)
    fig.suptitle(
        f"Throughput, median of {results['meta']['repeats']} runs "
        "(red: ours, green: one memchr scan, pale: totals differ)",
        fontsize=11,
    )
    fig.subplots_adjust(left=0.4, right=0.98, top=0.95, bottom=0.04, hspace=0.3)
    path = img_dir / "throughput.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    if results["memory"]:
        block = results["memory"]["blocks"][0]
        rows = sorted(block["rows"], key=lambda r: r["in_child_bytes"])
        per_call = [max(r["in_child_bytes"], 0) / 1e6 for r in rows]
        first = [max(r["first_call_bytes"], 0) / 1e6 for r in rows]
        fig, ax = plt.subplots(figsize=(12, 0.35 * len(rows) + 1.5))
        y = range(len(rows))
        ax.barh(y, per_call, color="#1f77b4", label="per call (warm)")
        ax.barh(y, first, left=per_call, color="#c7c7c7", label="first call (one-time)")
        ax.set_yticks(list(y))
        ax.set_yticklabels([r["method"] for r in rows], fontsize=7)
        for i, value in enumerate(per_call):
            ax.text(value + first[i], i, f" {value:,.1f}", va="center", fontsize=7)
        ax.set_xlabel("extra peak RSS, MB")
        ax.set_title(block["title"], fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
        fig.subplots_adjust(left=0.4, right=0.95)
        path = img_dir / "memory.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def _color(cell: dict[str, Any]) -> str:
    if cell["family"] == "ours":
        return "#d62728"
    if cell["family"] == "limit":
        return "#2ca02c"
    return "#1f77b4" if cell["matches"] else "#aec7e8"
