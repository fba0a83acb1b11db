"""The ``wordcount-polars`` command line, on files generated here in every supported format.

Totals, per-row counts and top words are checked against the plain-Python references in
reference.py, computed from the same rows the files were written from. Most runs call
``main()`` in this process (quick); the ones about the process itself (``python -m``, the
console script, standard input, no traceback, the progress bar) start a subprocess, with a
temporary working directory so it imports the installed package, not the source tree.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from reference import count_ocurrences, count_with, phrase_count, split_count, top_words

from wordcount_polars import cli
from wordcount_polars.cli import sources
from wordcount_polars.sample import sample_rows

# Words and separators for the generated rows: the needles and their look-alikes, CSV-special
# characters, non-ASCII words, and whitespace beyond the space (including the line separators
# that str.splitlines() splits on but a text file's rows keep).
VOCABULARY = [
    *["the"] * 6,
    "The",
    "THE",
    "the.",
    "(the)",
    "them",
    "café",
    "Café",
    "東京",
    "🙂",
    "a,b",
    '"quoted"',
    "it's",
    "x=1",
    "\u200bthe",
]
SEPARATORS = [
    *[" "] * 12,
    "  ",
    "\t",
    "\u00a0",
    "\u3000",
    "\x1f",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\u2028",
    "\r",
]


def generate_rows(n_rows: int, seed: int) -> list[str]:
    """Rows of text with no ``\\n``, some empty or all whitespace."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n_rows):
        shape = rng.random()
        if shape < 0.05:
            rows.append("")
            continue
        if shape < 0.1:
            rows.append(rng.choice([" ", "\t \u3000"]))
            continue
        parts = [rng.choice([" ", "\t", ""])]
        for _ in range(rng.randint(1, 12)):
            parts += [rng.choice(VOCABULARY), rng.choice(SEPARATORS)]
        # A row may end in whitespace, but not in "\r": a text file's row drops one "\r"
        # before its "\n" (tested separately in test_text_line_semantics).
        rows.append("".join(parts).rstrip("\r"))
    return rows


def write_text(path: Path, rows: Sequence[str], seed: int) -> None:
    """One row per line, ending lines with "\\n" or "\\r\\n" at random."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as file:
        for row in rows:
            file.write(row + rng.choice(["\n", "\r\n"]))


def write_delimited(path: Path, rows: Sequence[str], delimiter: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(["id", "text", "score"])
        for i, row in enumerate(rows):
            writer.writerow([i, row, i * 0.5])


def write_ndjson(path: Path, rows: Sequence[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as file:
        for i, row in enumerate(rows):
            file.write(json.dumps({"id": i, "text": row}, ensure_ascii=i % 2 == 0) + "\n")


def write_parquet(path: Path, rows: Sequence[str]) -> None:
    table = pa.table({"id": pa.array(range(len(rows)), pa.int64()), "text": pa.array(rows)})
    pq.write_table(table, path)


def write_input(directory: Path, suffix: str, rows: Sequence[str], seed: int) -> Path:
    path = directory / f"input{seed}{suffix}"
    if suffix == ".txt":
        write_text(path, rows, seed)
    elif suffix in (".csv", ".tsv"):
        write_delimited(path, rows, "," if suffix == ".csv" else "\t")
    elif suffix in (".ndjson", ".jsonl"):
        write_ndjson(path, rows)
    else:
        write_parquet(path, rows)
    return path


SUFFIXES = [".txt", ".csv", ".tsv", ".parquet", ".ndjson", ".jsonl"]
# (needle, options, ignore_case, mode)
MATCHES = [
    ("the", [], False, "whitespace"),
    ("café", [], False, "whitespace"),
    ("THE", ["--ignore-case"], True, "whitespace"),
    ("the", ["--mode", "words"], False, "words"),
    ("the", ["--mode", "words", "--ignore-case"], True, "words"),
    # Phrases: the common word twice, across multi-byte words, folded, and in words mode.
    ("the the", ["--phrase"], False, "whitespace"),
    ("the\tcafé", ["--phrase"], False, "whitespace"),
    ("THE the", ["--phrase", "--ignore-case"], True, "whitespace"),
    ("the them", ["--phrase", "--mode", "words"], False, "words"),
]
MATCH_IDS = [
    "the",
    "cafe",
    "ignore-case",
    "words",
    "words-ignore-case",
    "phrase",
    "phrase-cafe",
    "phrase-ignore-case",
    "phrase-words",
]


def run_main(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_process(
    args: Sequence[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "wordcount_polars", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
    )


def parse_pairs(out: str) -> list[tuple[str, int]]:
    pairs = []
    for line in out.splitlines():
        name, value = line.split("\t")
        pairs.append((name, int(value)))
    return pairs


def assert_one_line_error(status: int, out: str, err: str, *fragments: str) -> None:
    assert status != 0
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("wordcount-polars: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


# --- count ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("needle", "options", "ignore_case", "mode"), MATCHES, ids=MATCH_IDS)
@pytest.mark.parametrize("suffix", SUFFIXES, ids=[s[1:] for s in SUFFIXES])
def test_count_total_matches_reference(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
    needle: str,
    options: list[str],
    ignore_case: bool,
    mode: str,
) -> None:
    rows = generate_rows(300, seed=len(suffix))
    path = write_input(tmp_path, suffix, rows, seed=1)
    status, out, err = run_main(["count", needle, str(path), *options], capsys)
    phrase = "--phrase" in options
    expected = sum(count_with(row, needle, ignore_case, mode, phrase) or 0 for row in rows)
    assert expected > 0, "the rows hold the needle"
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), expected)]


def test_count_several_files_prints_each_and_the_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = []
    for seed, suffix in enumerate(SUFFIXES):
        rows = generate_rows(50 + seed, seed)
        inputs.append((write_input(tmp_path, suffix, rows, seed), rows))
    status, out, err = run_main(["count", "the", *(str(p) for p, _ in inputs)], capsys)
    expected = [(str(p), sum(split_count(row, "the") or 0 for row in rows)) for p, rows in inputs]
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [*expected, ("total", sum(total for _, total in expected))]


def test_count_text_file_agrees_with_the_talks_function(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_input(tmp_path, ".txt", generate_rows(400, seed=7), seed=7)
    contents = path.read_text(encoding="utf-8")
    status, out, _ = run_main(["count", "the", str(path)], capsys)
    assert status == 0
    assert parse_pairs(out) == [(str(path), count_ocurrences(contents, "the"))]


def test_count_chosen_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles, bodies = generate_rows(80, seed=1), generate_rows(80, seed=2)
    path = tmp_path / "two.parquet"
    pq.write_table(pa.table({"title": titles, "body": bodies}), path)
    for column, rows in (("title", titles), ("body", bodies)):
        status, out, _ = run_main(["count", "the", str(path), "--column", column], capsys)
        assert status == 0
        assert parse_pairs(out) == [(str(path), sum(split_count(r, "the") or 0 for r in rows))]


def test_count_csv_column_that_looks_numeric_is_read_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = ["7", "7 7", "8", "07"]
    path = tmp_path / "codes.csv"
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["code", "text"], *([code, "x"] for code in codes)])
    status, out, _ = run_main(["count", "7", str(path), "--column", "code"], capsys)
    assert status == 0
    assert parse_pairs(out) == [(str(path), sum(split_count(code, "7") or 0 for code in codes))]


def test_empty_text_file_has_no_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), 0)]


def test_count_stdin(tmp_path: Path) -> None:
    rows = generate_rows(200, seed=3)
    data = "".join(row + "\r\n" for row in rows).encode("utf-8")
    csv_path = write_input(tmp_path, ".csv", rows[:50], seed=3)
    completed = run_process(["count", "the", "-", csv_path.name], tmp_path, stdin=data)
    from_stdin = sum(split_count(row, "the") or 0 for row in rows)
    from_csv = sum(split_count(row, "the") or 0 for row in rows[:50])
    assert (completed.returncode, completed.stderr) == (0, "")
    assert parse_pairs(completed.stdout) == [
        ("-", from_stdin),
        (csv_path.name, from_csv),
        ("total", from_stdin + from_csv),
    ]


# --- text rows -----------------------------------------------------------------------------------

TRICKY_TEXT = (
    "\ufeffthe first line, with a BOM\r\n"
    "\r\n"
    "\n"
    "\tthe\ttabs\t\n"
    'a "quoted", comma,separated line\n'
    "one\rcarriage return inside\r\r\n"
    "line\x0bseparators\x0cstay\x1cin\x1dthe\x1erow\x85\u2028\u2029 the\n"
    "nul\x00byte the\n"
    "café 東京 🙂 the\n"
    "last line without newline the"
)


def python_lines(path: Path) -> list[str]:
    """The documented row semantics of a text file, in plain Python."""
    with open(path, encoding="utf-8", newline="\n") as file:
        return [line.removesuffix("\n").removesuffix("\r") for line in file]


@pytest.mark.parametrize(
    "block_bytes", [sources.LINE_BLOCK_BYTES, 1, 7, 64], ids=["default", "1", "7", "64"]
)
@pytest.mark.parametrize(
    "reader",
    [sources.scan_text_lines, sources.scan_text_lines_in_python],
    ids=["scan_text_lines", "python_reader"],
)
@pytest.mark.parametrize(
    "text",
    [TRICKY_TEXT, "", "\n", "\n\n", "only\r", "a\nb\n", "\r\n\r\n"],
    ids=["tricky", "empty", "newline", "two-newlines", "cr-at-end", "two-lines", "crlf-crlf"],
)
def test_text_line_semantics(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reader: object,
    text: str,
    block_bytes: int,
) -> None:
    monkeypatch.setattr(sources, "LINE_BLOCK_BYTES", block_bytes)
    path = tmp_path / "lines.txt"
    path.write_bytes(text.encode("utf-8"))
    assert callable(reader)
    frame = reader(path).collect(engine="streaming")
    assert frame.columns == [cli.TEXT_COLUMN]
    assert frame[cli.TEXT_COLUMN].to_list() == python_lines(path)


def test_text_rows_per_row_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tricky.txt"
    path.write_bytes(TRICKY_TEXT.encode("utf-8"))
    out_path = tmp_path / "rows.csv"
    status, out, _ = run_main(["count", "the", str(path), "--per-row", str(out_path)], capsys)
    lines = python_lines(path)
    assert status == 0
    assert parse_pairs(out) == [(str(path), count_ocurrences(TRICKY_TEXT, "the"))]
    written = pl.read_csv(out_path)
    assert written.columns == ["row", "count"]
    assert written.rows() == [(i, line.split().count("the")) for i, line in enumerate(lines)]


@pytest.mark.parametrize("block_bytes", [sources.LINE_BLOCK_BYTES, 6], ids=["default", "6"])
def test_python_reader_reports_the_byte_offset_of_bad_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_bytes: int
) -> None:
    monkeypatch.setattr(sources, "LINE_BLOCK_BYTES", block_bytes)
    data = b"fine\nalso fine\nbad \xff here\n"
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    bad_offset = data.index(b"\xff")
    with pytest.raises(Exception, match=f"at byte {bad_offset}$"):
        sources.scan_text_lines_in_python(path).collect(engine="streaming")


# --- per-row output ------------------------------------------------------------------------------


def read_per_row(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """The header and rows of a per-row output, read back with the csv module or pyarrow."""
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as file:
            header, *records = list(csv.reader(file))

        def convert(name: str, value: str) -> object:
            if name == "file":
                return value
            return None if value == "" else int(value)

        return header, [tuple(convert(h, v) for h, v in zip(header, r)) for r in records]
    table = pq.read_table(path)
    return table.column_names, [tuple(row.values()) for row in table.to_pylist()]


@pytest.mark.parametrize("out_suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_per_row_round_trip_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out_suffix: str
) -> None:
    # Null texts too: their count is null, and the total leaves them out.
    rows = [None if i % 17 == 3 else row for i, row in enumerate(generate_rows(120, seed=11))]
    path = tmp_path / "with-nulls.parquet"
    pq.write_table(
        pa.table({"id": list(range(len(rows))), "text": pa.array(rows, pa.string())}), path
    )
    out_path = tmp_path / f"per-row{out_suffix}"
    status, out, _ = run_main(["count", "the", str(path), "--per-row", str(out_path)], capsys)
    counts = [split_count(row, "the") for row in rows]
    assert status == 0
    assert parse_pairs(out) == [(str(path), sum(c or 0 for c in counts))]
    assert read_per_row(out_path) == (["row", "count"], list(enumerate(counts)))


def test_count_phrase_per_row_and_several_needles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = generate_rows(150, seed=12)
    path = write_input(tmp_path, ".parquet", rows, seed=12)
    out_path = tmp_path / "per-row.parquet"
    args = ["count", "--phrase", "the the", str(path), "--per-row", str(out_path)]
    status, out, _ = run_main(args, capsys)
    counts = [phrase_count(row, "the the") for row in rows]
    assert status == 0
    assert parse_pairs(out) == [(str(path), sum(c or 0 for c in counts))]
    assert read_per_row(out_path) == (["row", "count"], list(enumerate(counts)))
    needles = ["the the", " café ", "the"]
    args = ["count", "--phrase", *(f"-e{n}" for n in needles), str(path), "--output", "json"]
    status, out, err = run_main(args, capsys)
    assert (status, err) == (0, "")
    totals = {n: sum(phrase_count(row, n) or 0 for row in rows) for n in needles}
    assert totals[" café "] == sum(split_count(row, "café") or 0 for row in rows)
    assert json.loads(out)["total"] == totals


@pytest.mark.parametrize("needle", ["new york", " york", "a\u3000b"], ids=["two", "padded", "ideo"])
def test_a_needle_with_whitespace_warns_and_suggests_phrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needle: str
) -> None:
    path = tmp_path / "ny.txt"
    path.write_text(f"{needle}\n{needle} {needle}\n", encoding="utf-8")
    status, out, err = run_main(["count", needle, str(path)], capsys)
    assert status == 0
    assert parse_pairs(out) == [(str(path), 0)]
    assert len(err.splitlines()) == 1
    assert err.startswith("wordcount-polars: warning: ")
    assert repr(needle) in err and "--phrase" in err
    status, out, err = run_main(["count", "--phrase", needle, str(path)], capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), 3)]


@pytest.mark.parametrize("needle", ["york", " ", ""], ids=["word", "space", "empty"])
def test_no_warning_when_phrase_would_not_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], needle: str
) -> None:
    path = tmp_path / "ny.txt"
    path.write_text("new york\n", encoding="utf-8")
    status, _, err = run_main(["count", "-e", needle, str(path)], capsys)
    assert (status, err) == (0, "")


@pytest.mark.parametrize("out_suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_per_row_round_trip_several_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out_suffix: str
) -> None:
    inputs = []
    for seed, suffix in enumerate(SUFFIXES):
        rows = generate_rows(40, seed=seed + 20)
        inputs.append((write_input(tmp_path, suffix, rows, seed), rows))
    out_path = tmp_path / f"per-row{out_suffix}"
    args = ["count", "café", *(str(p) for p, _ in inputs), "--per-row", str(out_path)]
    status, out, _ = run_main(args, capsys)
    expected = [
        (str(path), i, split_count(row, "café"))
        for path, rows in inputs
        for i, row in enumerate(rows)
    ]
    assert status == 0
    assert read_per_row(out_path) == (["file", "row", "count"], expected)
    totals = [(str(p), sum(split_count(r, "café") or 0 for r in rows)) for p, rows in inputs]
    assert parse_pairs(out) == [*totals, ("total", sum(t for _, t in totals))]


@pytest.mark.parametrize("pre_existing", [False, True], ids=["new", "existing"])
def test_failed_per_row_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pre_existing: bool
) -> None:
    inputs_dir = tmp_path / "inputs"
    inputs_dir.mkdir()
    good = write_input(inputs_dir, ".txt", generate_rows(2000, seed=5), seed=5)
    bad = inputs_dir / "bad.txt"
    bad.write_bytes(b"the the\n" * 1000 + b"\xff\xfe\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_path = out_dir / "per-row.parquet"
    if pre_existing:
        out_path.write_bytes(b"old contents")
    status, out, err = run_main(
        ["count", "the", str(good), str(bad), "--per-row", str(out_path)], capsys
    )
    assert_one_line_error(status, out, err, str(bad), "UTF-8")
    assert sorted(p.name for p in out_dir.iterdir()) == (
        ["per-row.parquet"] if pre_existing else []
    )
    if pre_existing:
        assert out_path.read_bytes() == b"old contents"


# --- top -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "ignore_case", "mode"),
    [
        ([], False, "whitespace"),
        (["--ignore-case"], True, "whitespace"),
        (["--mode", "words"], False, "words"),
    ],
    ids=["whitespace", "ignore-case", "words"],
)
@pytest.mark.parametrize("k", [1, 5, 1000], ids=["k1", "k5", "k1000"])
def test_top_matches_reference(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    k: int,
    options: list[str],
    ignore_case: bool,
    mode: str,
) -> None:
    # Small batches, so merging the counts of many batches and files is exercised.
    monkeypatch.setattr(sources, "BATCH_ROWS", 37)
    inputs = []
    for seed, suffix in enumerate(SUFFIXES):
        rows = generate_rows(60, seed=seed + 40)
        inputs.append((write_input(tmp_path, suffix, rows, seed), rows))
    args = ["top", *(str(p) for p, _ in inputs), "-k", str(k), *options]
    status, out, err = run_main(args, capsys)
    all_rows: list[str | None] = [row for _, rows in inputs for row in rows]
    assert (status, err) == (0, "")
    assert parse_pairs(out) == top_words(all_rows, k, ignore_case, mode)


def test_top_of_empty_text_file_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert run_main(["top", str(path)], capsys) == (0, "", "")


# --- the sample corpus ---------------------------------------------------------------------------


@pytest.mark.parametrize("needle", ["the", "東京", "missing"], ids=["the", "tokyo", "missing"])
def test_count_defaults_to_the_sample_corpus(
    capsys: pytest.CaptureFixture[str], needle: str
) -> None:
    status, out, _ = run_main(["count", needle], capsys)
    assert status == 0
    expected = sum(split_count(row, needle) or 0 for row in sample_rows())
    assert parse_pairs(out) == [(cli.SAMPLE_LABEL, expected)]


def test_top_defaults_to_the_sample_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["top"], capsys)
    assert status == 0
    assert parse_pairs(out) == top_words(list(sample_rows()), 20)


def test_python_m_count_on_the_sample_corpus(tmp_path: Path) -> None:
    completed = run_process(["count", "the"], tmp_path)
    expected = sum(split_count(row, "the") or 0 for row in sample_rows())
    assert (completed.returncode, completed.stderr) == (0, "")
    assert parse_pairs(completed.stdout) == [(cli.SAMPLE_LABEL, expected)]


def test_python_m_without_command_runs_the_demo(tmp_path: Path) -> None:
    completed = run_process([], tmp_path)
    assert (completed.returncode, completed.stderr) == (0, "")
    lines = completed.stdout.splitlines()
    assert lines[-1] == "all paths agree with text.split().count(needle)"
    rows = sample_rows()
    for line in lines[2:-1]:
        needle, polars_total, _, python_total = line.split()
        assert int(polars_total) == int(python_total) == sum(r.split().count(needle) for r in rows)


def test_demo_command_takes_needles(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["demo", "ok", "done"], capsys)
    rows = sample_rows()
    assert status == 0
    table = [line.split() for line in out.splitlines()[2:-1]]
    assert [(r[0], int(r[1])) for r in table] == [
        (n, sum(row.split().count(n) for row in rows)) for n in ("ok", "done")
    ]


def test_console_script(tmp_path: Path) -> None:
    executable = shutil.which("wordcount-polars")
    if executable is None:
        pytest.skip("the wordcount-polars console script is not installed (package not rebuilt)")
    completed = subprocess.run(
        [executable, "count", "the"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    expected = sum(split_count(row, "the") or 0 for row in sample_rows())
    assert (completed.returncode, completed.stderr) == (0, "")
    assert parse_pairs(completed.stdout) == [(cli.SAMPLE_LABEL, expected)]


# --- bench ---------------------------------------------------------------------------------------


def test_bench_with_tiny_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_main(["bench", "--rows", "300", "--repeat", "1"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("bench: 300 rows,")
    results = {line[:44].strip(): line[44:].split() for line in lines[2:]}
    assert list(results) == [
        "wc.count (this package)",
        "count_ocurrences (Python)",
        r'str.extract_all(r"\S+").list.count_matches',
        'str.split(" ").list.count_matches',
    ]
    expected = sum(row.split().count("the") for row in cli.bench_rows(300))
    for name in ("wc.count (this package)", "count_ocurrences (Python)"):
        assert int(results[name][2]) == expected
        assert results[name][3] == "yes"
    # The space-only split misses tokens next to tabs and the other whitespace in the corpus.
    assert results['str.split(" ").list.count_matches'][3] == "NO"


# --- errors --------------------------------------------------------------------------------------


def make_error_case(directory: Path, case: str) -> tuple[list[str], list[str]]:
    """The arguments of a failing run, and what its message must mention."""
    csv_path = directory / "table.csv"
    csv_path.write_text("id,text\n1,the\n", encoding="utf-8")
    parquet_path = directory / "table.parquet"
    pq.write_table(pa.table({"id": [1, 2], "text": ["a", "b"], "more": ["c", "d"]}), parquet_path)
    numbers = directory / "numbers.parquet"
    pq.write_table(pa.table({"id": [1, 2], "score": [0.5, 1.5]}), numbers)
    if case == "missing-file":
        return ["count", "the", "nope.txt"], ["nope.txt", "No such file"]
    if case == "directory":
        (directory / "sub.txt").mkdir()
        return ["count", "the", "sub.txt"], ["sub.txt", "directory"]
    if case == "non-utf8-text":
        (directory / "latin1.txt").write_bytes("the café\n".encode("latin-1"))
        return ["count", "the", "latin1.txt"], ["latin1.txt", "UTF-8", "line 1"]
    if case == "non-utf8-csv":
        (directory / "latin1.csv").write_bytes("text\nthe café\n".encode("latin-1"))
        return ["count", "the", "latin1.csv"], ["latin1.csv", "UTF-8"]
    if case == "empty-csv":
        (directory / "empty.csv").write_bytes(b"")
        return ["count", "the", "empty.csv"], ["empty.csv", "header"]
    if case == "empty-ndjson":
        (directory / "empty.ndjson").write_bytes(b"")
        return ["top", "empty.ndjson"], ["empty.ndjson", "empty file"]
    if case == "missing-column":
        return ["count", "the", "table.parquet", "--column", "body"], ["'body'", "text (String)"]
    if case == "non-string-column":
        return ["count", "the", "table.parquet", "--column", "id"], ["'id'", "Int64"]
    if case == "no-string-column":
        return ["top", "numbers.parquet"], ["numbers.parquet", "id (Int64)", "score (Float64)"]
    if case == "several-string-columns":
        return ["count", "the", "table.parquet"], ["text, more", "--column"]
    if case == "not-parquet":
        (directory / "fake.parquet").write_text("the the\n", encoding="utf-8")
        return ["count", "the", "fake.parquet"], ["fake.parquet"]
    if case == "bad-json":
        (directory / "bad.jsonl").write_text('{"text": "the"}\n{"text": \n', encoding="utf-8")
        return ["count", "the", "bad.jsonl"], ["bad.jsonl", "line 2"]
    if case == "stdin-twice":
        return ["count", "the", "-", "-"], ["only once"]
    if case == "per-row-extension":
        return ["count", "the", "table.csv", "--per-row", "out.json"], ["out.json", ".parquet"]
    if case == "per-row-directory":
        return ["count", "the", "table.csv", "--per-row", "no/such/out.csv"], ["no/such"]
    raise AssertionError(case)


ERROR_CASES = [
    "missing-file",
    "directory",
    "non-utf8-text",
    "non-utf8-csv",
    "empty-csv",
    "empty-ndjson",
    "missing-column",
    "non-string-column",
    "no-string-column",
    "several-string-columns",
    "not-parquet",
    "bad-json",
    "stdin-twice",
    "per-row-extension",
    "per-row-directory",
]


@pytest.mark.parametrize("case", ERROR_CASES)
def test_error_is_one_line_without_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    args, fragments = make_error_case(tmp_path, case)
    status, out, err = run_main(args, capsys)
    assert_one_line_error(status, out, err, *fragments)


@pytest.mark.parametrize("case", ["missing-file", "non-utf8-text"])
def test_error_in_a_process_is_one_line_without_traceback(tmp_path: Path, case: str) -> None:
    args, fragments = make_error_case(tmp_path, case)
    completed = run_process(args, tmp_path)
    assert completed.returncode == 1
    assert_one_line_error(completed.returncode, completed.stdout, completed.stderr, *fragments)


def test_non_utf8_stdin(tmp_path: Path) -> None:
    completed = run_process(["top", "-"], tmp_path, stdin="the café\n".encode("latin-1"))
    assert_one_line_error(completed.returncode, completed.stdout, completed.stderr, "-: ", "UTF-8")


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root (or Windows) reads any file"
)
def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("the\n", encoding="utf-8")
    path.chmod(0)
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert_one_line_error(status, out, err, str(path), "Permission denied")


@pytest.mark.parametrize(
    "args",
    [
        ["count"],
        ["count", "the", "--mode", "lines"],
        ["top", "-k", "-1"],
        ["bench", "--rows", "0"],
        ["frobnicate"],
    ],
    ids=["no-needle", "bad-mode", "negative-k", "zero-rows", "unknown-command"],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
    assert "usage: wordcount-polars" in capsys.readouterr().err


# --- progress ------------------------------------------------------------------------------------


def stderr_on_a_terminal(args: Sequence[str], cwd: Path) -> tuple[int, str, bytes]:
    """Runs the CLI with stderr on a pseudo-terminal; returns status, stdout, and what the
    terminal received."""
    import fcntl
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "wordcount_polars", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=terminal,
            check=False,
        )
        os.close(terminal)
        received = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the terminal side is closed and everything was read
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(controller)
    return completed.returncode, completed.stdout.decode("utf-8"), received


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_real_terminal(tmp_path: Path) -> None:
    paths = [write_input(tmp_path, ".txt", generate_rows(50, s), s).name for s in (1, 2)]
    status, out, received = stderr_on_a_terminal(["count", "the", *paths], tmp_path)
    assert status == 0
    assert b"B/s" in received
    assert [name for name, _ in parse_pairs(out)] == [*paths, "total"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PROGRESS_RUNS: dict[str, tuple[Callable[[list[str]], list[str]], str]] = {
    "count": (lambda paths: ["count", "the", *paths], "B/s"),
    "top": (lambda paths: ["top", *paths], "B/s"),
    "bench": (lambda paths: ["bench", "--rows", "100", "--repeat", "1"], "method"),
}


@pytest.mark.parametrize("command", PROGRESS_RUNS)
def test_progress_bar_only_when_stderr_is_a_terminal(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    make_args, unit = PROGRESS_RUNS[command]
    args = make_args([str(write_input(tmp_path, ".txt", generate_rows(50, s), s)) for s in (1, 2)])
    status, piped_out, piped_err = run_main(args, capsys)
    assert (status, piped_err) == (0, "")
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    status, out, _ = run_main(args, capsys)
    assert status == 0
    assert unit in terminal.getvalue()
    if command != "bench":  # its timings differ from run to run
        assert out == piped_out


# --- the examples in docs/cli.md -----------------------------------------------------------------

CLI_DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
PROG = "wordcount-polars"


def console_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```console\n(.*?)^```$", markdown, flags=re.DOTALL | re.MULTILINE)


def run_console_line(
    line: str, cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """What one ``$`` line of the docs prints: the CLI runs in this process (starting Python
    for each line would be slow), anything else (printf, cat) in the shell."""
    producer, _, command = line.rpartition(" | ")
    words = shlex.split(command)
    if words[0] == "python":
        words = [PROG, *words[3:]]  # python -m wordcount_polars ...
    if words[0] != PROG:
        assert not producer
        completed = subprocess.run(
            ["bash", "-c", line], cwd=cwd, capture_output=True, text=True, check=True
        )
        return completed.stdout
    if producer:
        piped = subprocess.run(["bash", "-c", producer], cwd=cwd, capture_output=True, check=True)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped.stdout)))
    cli.main(words[1:])
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.skipif(sys.platform == "win32", reason="the examples use a POSIX shell")
def test_console_examples_in_the_docs_print_what_they_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replays every ``console`` block of docs/cli.md but the benchmark (its numbers vary), and
    compares what each command prints with what the page shows."""
    monkeypatch.chdir(tmp_path)
    commands = 0
    for block in console_blocks(CLI_DOC.read_text(encoding="utf-8")):
        if f"{PROG} bench" in block:
            continue
        if "python -m wordcount_polars" in block and importlib.util.find_spec("pandas") is None:
            continue  # the demo's pandas column shows "-" without pandas
        printed, shown = "", ""
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                printed += run_console_line(line[2:].rstrip("\n"), tmp_path, capsys, monkeypatch)
                commands += 1
            else:
                shown += line
        assert printed == shown
    assert commands > 10


# --- the files people have -----------------------------------------------------------------------


def expected_text_total(rows: Sequence[str], needle: str) -> int:
    return sum(row.split().count(needle) for row in rows)


@pytest.mark.parametrize("name", ["app.log", "README", "notes.md"], ids=["log", "bare", "md"])
def test_count_any_other_file_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    rows = generate_rows(120, seed=9)
    path = tmp_path / name
    write_text(path, rows, seed=9)
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), expected_text_total(rows, "the"))]


@pytest.mark.parametrize("compression", [".gz", ".zst"], ids=["gz", "zst"])
@pytest.mark.parametrize("suffix", [".txt", ".log", ".csv", ".ndjson"])
def test_count_compressed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, compression: str
) -> None:
    import gzip

    import zstandard

    rows = generate_rows(150, seed=4)
    plain = write_input(tmp_path, suffix if suffix != ".log" else ".txt", rows, seed=4)
    data = plain.read_bytes()
    packed = gzip.compress(data) if compression == ".gz" else zstandard.compress(data)
    path = tmp_path / f"data{suffix}{compression}"
    path.write_bytes(packed)
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), expected_text_total(rows, "the"))]


def test_semicolon_csv_is_sniffed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = ["the cat", "the the", "a the b"]
    path = tmp_path / "semi.csv"
    path.write_text("id;text\n" + "".join(f"{i};{t}\n" for i, t in enumerate(texts)))
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), expected_text_total(texts, "the"))]
    status, out, err = run_main(["count", "the", str(path), "--separator", ";"], capsys)
    assert parse_pairs(out) == [(str(path), expected_text_total(texts, "the"))]


def test_csv_header_of_one_field_over_wider_rows_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("id;text\n1,the cat\n2,the the\n")
    status, out, err = run_main(["count", "the", str(path), "--separator", ","], capsys)
    assert_one_line_error(status, out, err, str(path), "--separator")


def test_headerless_csv_keeps_its_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = ["the first", "the the", "no"]
    path = tmp_path / "bare.csv"
    path.write_text("".join(f"{i},{t}\n" for i, t in enumerate(texts)))
    args = ["count", "the", str(path), "--no-header", "--column", "2"]
    status, out, err = run_main(args, capsys)
    assert (status, err) == (0, "")
    assert parse_pairs(out) == [(str(path), expected_text_total(texts, "the"))]


def test_three_needles_in_one_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = generate_rows(200, seed=12)
    path = write_input(tmp_path, ".txt", rows, seed=12)
    needles = ["the", "café", "東京"]
    args = ["count", *(a for n in needles for a in ("-e", n)), str(path)]
    status, out, err = run_main(args, capsys)
    assert (status, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines == [[str(path), n, str(expected_text_total(rows, n))] for n in needles]


def test_count_json_output_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = generate_rows(100, seed=13)
    paths = [write_input(tmp_path, s, rows, seed=13) for s in (".txt", ".parquet")]
    args = ["count", "-e", "the", "-e", "The", *map(str, paths), "--output", "json"]
    status, out, _ = run_main(args, capsys)
    document = json.loads(out)
    expected = {n: expected_text_total(rows, n) for n in ("the", "The")}
    assert status == 0
    assert document["files"] == [{"file": str(p), "counts": expected} for p in paths]
    assert document["total"] == {n: 2 * c for n, c in expected.items()}


def test_top_all_equals_counter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from collections import Counter

    rows = generate_rows(300, seed=14)
    path = write_input(tmp_path, ".txt", rows, seed=14)
    status, out, _ = run_main(["top", "--all", str(path), "--output", "json"], capsys)
    counter = Counter(token for line in python_lines(path) for token in line.split())
    assert status == 0
    assert {item["word"]: item["count"] for item in json.loads(out)} == dict(counter)


def test_top_min_count_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = generate_rows(300, seed=15)
    path = write_input(tmp_path, ".txt", rows, seed=15)
    stop = tmp_path / "stop.txt"
    stop.write_text("the\ncafé\n")
    args = ["top", "--all", str(path), "--min-count", "3", "--exclude", str(stop)]
    status, out, _ = run_main(args, capsys)
    expected = [
        (w, c) for w, c in top_words(list(rows), None) if c >= 3 and w not in ("the", "café")
    ]
    assert status == 0
    assert parse_pairs(out) == expected


def test_top_k_zero_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["top", "-k", "0"])
    assert info.value.code == 2


def test_invalid_utf8_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.log"
    path.write_bytes(b"fine\nthe also fine\nbad \xff here\n")
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert_one_line_error(status, out, err, str(path), "UTF-8", "line 3")


def test_bad_ndjson_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.ndjson"
    path.write_text('{"text": "the"}\n{"text": "a"}\n{"text": \n{"text": "b"}\n')
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert_one_line_error(status, out, err, str(path), "line 3")


def test_empty_parquet_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.parquet"
    path.write_bytes(b"")
    status, out, err = run_main(["count", "the", str(path)], capsys)
    assert_one_line_error(status, out, err, str(path), "empty file")


def test_bench_on_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = generate_rows(200, seed=16)
    path = write_input(tmp_path, ".txt", rows, seed=16)
    status, out, _ = run_main(["bench", str(path), "--repeat", "1"], capsys)
    assert status == 0
    ours = out.splitlines()[2][44:].split()
    assert int(ours[2]) == count_ocurrences(path.read_text(encoding="utf-8"), "the")
