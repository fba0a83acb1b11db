"""Opening the inputs of ``count``, ``top`` and ``bench``: text, CSV/TSV, Parquet and NDJSON
files, gzip or zstd compressed or not, standard input and the sample corpus, each as a lazy
Polars scan with the column that holds the text; and errors that say where reading failed."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

import polars as pl
from polars.io.plugins import register_io_source

from wordcount_polars.sample import sample_rows

STDIN = "-"
SAMPLE_LABEL = "<sample>"
TEXT_COLUMN = "line"
SAMPLE_COLUMN = "text"
Format = Literal["text", "csv", "tsv", "parquet", "ndjson"]
FORMATS: tuple[Format, ...] = ("text", "csv", "tsv", "parquet", "ndjson")
# Every other suffix (logs, .md, .py, none at all) is read as text.
SUFFIX_FORMATS: dict[str, Format] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
DEFAULT_SEPARATORS = {"csv": ",", "tsv": "\t"}
# Separators tried when a CSV header does not split at the expected one.
SNIFFED_SEPARATORS = (",", ";", "\t", "|")
SNIFF_CHARS = 1 << 16
SNIFF_RECORDS = 50
# Rows handed from the streaming engine to ``count`` and ``top`` at a time: large enough that
# the per-batch Python work is negligible, small enough that a batch of long rows stays well
# inside memory.
BATCH_ROWS = 100_000
# Bytes read per block by the pure-Python line reader and by decompression.
LINE_BLOCK_BYTES = 1 << 22


class CliError(Exception):
    """A failure explained in one line; ``main`` prints it and exits non-zero."""


@dataclass(frozen=True)
class ReadOptions:
    column: str | None
    format: Format | None
    separator: str | None
    header: bool


@dataclass(frozen=True)
class Source:
    """One input: what to call it, the lazy scan, which of its columns holds the text, and the
    (decompressed) file it reads with its format, for locating errors and sizing progress."""

    label: str
    frame: pl.LazyFrame
    column: str
    path: Path | None = None
    format: Format = "text"

    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else 0


# --- text lines ----------------------------------------------------------------------------------


def scan_text_lines(path: Path) -> pl.LazyFrame:
    """The lines of a UTF-8 text file as a String column ``line``: the file split at ``\\n``,
    one ``\\r`` before each ``\\n`` dropped, and no extra row after a final ``\\n``. Every other
    character (tabs, other line separators, a BOM, NUL) stays in its row."""
    scan_lines: Callable[..., pl.LazyFrame] | None = getattr(pl, "scan_lines", None)
    if scan_lines is not None:
        return scan_lines(path, name=TEXT_COLUMN)
    return scan_text_lines_in_python(path)


def scan_text_lines_in_python(path: Path) -> pl.LazyFrame:
    """``scan_text_lines`` for Polars releases without ``pl.scan_lines`` (before 1.38): a lazy
    source that reads the file block by block. (``scan_csv`` cannot stand in: it drops a BOM and
    an empty first line has no column.)"""

    def lines_of(block: bytes, offset: int) -> pl.DataFrame:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ValueError(f"invalid utf-8 at byte {offset + err.start}") from None
        lines = pl.Series(TEXT_COLUMN, [text]).str.split("\n").explode().str.strip_suffix("\r")
        return lines.to_frame()

    def generate(
        with_columns: list[str] | None,
        predicate: pl.Expr | None,
        n_rows: int | None,
        batch_size: int | None,
    ) -> Iterator[pl.DataFrame]:
        remaining = n_rows
        offset = 0
        pending = b""
        with open(path, "rb") as file:
            while remaining is None or remaining > 0:
                block = file.read(LINE_BLOCK_BYTES)
                if not block:
                    # What follows the last "\n" is one more line, unless it is empty.
                    if not pending:
                        return
                    data, pending = pending, b""
                else:
                    data = pending + block
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        pending = data
                        continue
                    data, pending = data[:cut], data[cut + 1 :]
                frame = lines_of(data, offset)
                offset += len(data) + 1
                if predicate is not None:
                    frame = frame.filter(predicate)
                if remaining is not None:
                    frame = frame.head(remaining)
                    remaining -= frame.height
                yield frame

    return register_io_source(generate, schema={TEXT_COLUMN: pl.String})


# --- errors --------------------------------------------------------------------------------------


def first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def is_utf8_error(message: str) -> bool:
    return re.search(r"utf-?8", message, re.IGNORECASE) is not None


def describe(err: BaseException) -> str:
    """A one-line reason for an error from reading or computing on a file."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    message = first_line(err)
    if is_utf8_error(message):
        position = re.search(r"at byte \d+", message)
        return "not valid UTF-8" + (f" ({position.group(0)})" if position else "")
    return message


def utf8_error_place(path: Path) -> str | None:
    """``line N, byte B`` of the first byte that is not UTF-8. Lines are decoded one by one:
    no UTF-8 sequence contains the byte ``\\n``, so this finds exactly what a whole-file
    decode would."""
    offset = 0
    with open(path, "rb") as file:
        for number, line in enumerate(file, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as err:
                return f"line {number}, byte {offset + err.start}"
            offset += len(line)
    return None


def bad_json_line(path: Path) -> int | None:
    """The number of the first non-blank line that is not a JSON object."""
    with open(path, "rb") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                return number
            if not isinstance(value, dict):
                return number
    return None


def explain(source: Source, err: BaseException) -> str:
    """``describe(err)``, with the place in the file where that can be found."""
    reason = describe(err)
    path = source.path
    if path is None or (isinstance(err, OSError) and err.strerror):
        return reason
    if is_utf8_error(reason):
        place = utf8_error_place(path)
        return f"not valid UTF-8 ({place})" if place else reason
    if source.format == "ndjson":
        number = bad_json_line(path)
        if number is not None:
            return f"line {number} is not a JSON object"
    if source.format in ("csv", "tsv"):
        return f"cannot be read as {source.format.upper()} ({reason})"
    if source.format == "parquet":
        return f"cannot be read as Parquet ({reason})"
    return reason


@contextlib.contextmanager
def errors_about(source: Source) -> Iterator[None]:
    """Turns what reading ``source`` can raise into a ``CliError`` that names it."""
    try:
        yield
    except CliError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError) as err:
        raise CliError(f"{source.label}: {explain(source, err)}") from err


# --- columns -------------------------------------------------------------------------------------


def format_columns(schema: pl.Schema) -> str:
    return ", ".join(f"{name} ({dtype})" for name, dtype in schema.items()) or "none"


def pick_column(label: str, schema: pl.Schema, requested: str | None) -> str:
    """The text column: the one asked for (by name, or else by 1-based number), which must be a
    String, or else the only String."""
    if requested is not None:
        names = list(schema)
        if requested not in schema and requested.isdigit() and 1 <= int(requested) <= len(names):
            requested = names[int(requested) - 1]
        if requested not in schema:
            raise CliError(f"{label}: no column {requested!r} (columns: {format_columns(schema)})")
        dtype = schema[requested]
        if dtype != pl.String:
            raise CliError(f"{label}: column {requested!r} is {dtype}, not a String column")
        return requested
    strings = [name for name, dtype in schema.items() if dtype == pl.String]
    if len(strings) == 1:
        return strings[0]
    if not strings:
        raise CliError(f"{label}: no String column to count in (columns: {format_columns(schema)})")
    raise CliError(
        f"{label}: several String columns ({', '.join(strings)}); choose one with --column"
    )


# --- tables --------------------------------------------------------------------------------------


def record_widths(path: Path, separator: str) -> list[int]:
    """The number of fields of the first records, read as ``csv`` would."""
    with open(path, encoding="utf-8", errors="replace", newline="") as file:
        sample = file.read(SNIFF_CHARS)
    records = list(csv.reader(io.StringIO(sample), delimiter=separator))
    if len(sample) == SNIFF_CHARS and len(records) > 1:
        records.pop()  # cut off by the sample
    return [len(record) for record in records[:SNIFF_RECORDS]]


def csv_separator(label: str, path: Path, default: str, given: str | None) -> str:
    """The separator to read with: ``given``; or ``default``, unless the header does not split
    at it and another common separator splits the header and the first records alike. A header
    of one field over records of more is an error, so a wrong separator never gives a total."""
    separator = given if given is not None else default
    widths = record_widths(path, separator)
    if given is None and widths and widths[0] == 1:
        for candidate in SNIFFED_SEPARATORS:
            tried = record_widths(path, candidate)
            if tried[0] > 1 and len(set(tried)) == 1:
                return candidate
    if widths and widths[0] == 1 and max(widths) > 1:
        raise CliError(
            f"{label}: the header has one field but later rows have {max(widths)} with "
            f"separator {separator!r}; choose the right one with --separator"
        )
    return separator


def open_csv(label: str, path: Path, fmt: Format, options: ReadOptions) -> Source:
    if path.stat().st_size == 0:
        raise CliError(f"{label}: empty file (a {fmt.upper()} file needs a header row)")
    separator = csv_separator(label, path, DEFAULT_SEPARATORS[fmt], options.separator)
    # Every CSV field is text, so the column is read as String whatever it looks like;
    # only the choice of a default column looks at the types Polars would infer.
    frame = pl.scan_csv(path, separator=separator, has_header=options.header, infer_schema=False)
    if options.column is None:
        inferred = pl.scan_csv(path, separator=separator, has_header=options.header)
        column = pick_column(label, inferred.collect_schema(), None)
    else:
        column = pick_column(label, frame.collect_schema(), options.column)
    # An empty field is empty text (Polars releases differ on reading it as null or "").
    frame = frame.with_columns(pl.col(column).fill_null(""))
    return Source(label, frame, column, path, fmt)


def open_file(label: str, path: Path, fmt: Format, options: ReadOptions) -> Source:
    """The lazy scan of an uncompressed file in a known format."""
    if fmt == "text":
        return Source(label, scan_text_lines(path), TEXT_COLUMN, path, fmt)
    if fmt in DEFAULT_SEPARATORS:
        return open_csv(label, path, fmt, options)
    if path.stat().st_size == 0:
        kind = "a Parquet file" if fmt == "parquet" else "no JSON lines to read a schema from"
        raise CliError(f"{label}: empty file ({kind})")
    frame = pl.scan_parquet(path) if fmt == "parquet" else pl.scan_ndjson(path)
    source = Source(label, frame, TEXT_COLUMN, path, fmt)
    with errors_about(source):
        column = pick_column(label, frame.collect_schema(), options.column)
    return Source(label, frame, column, path, fmt)


# --- compression and standard input --------------------------------------------------------------


def decompressing(path: Path) -> Callable[[BinaryIO], BinaryIO] | None:
    """How to decompress ``path`` by its suffix, or None when it is not compressed."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return lambda raw: gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if suffix == ".zst":
        import zstandard  # type: ignore[import-not-found,unused-ignore]

        return lambda raw: zstandard.ZstdDecompressor().stream_reader(raw)  # type: ignore[return-value,unused-ignore]
    return None


def spool(reader: BinaryIO, directory: Path, name: str) -> Path:
    """What ``reader`` yields, copied to a file, so it is scanned like any file on disk.
    (Polars reads compressed CSV and NDJSON only into memory, and text not at all.)"""
    path = directory / name
    with open(path, "wb") as out:
        shutil.copyfileobj(reader, out, LINE_BLOCK_BYTES)
    return path


def guess_format(path: Path) -> Format:
    return SUFFIX_FORMATS.get(path.suffix.lower(), "text")


def open_source(name: str, options: ReadOptions, temporary: Callable[[], Path]) -> Source:
    """Checks that ``name`` is a readable file (or ``-``) and sets up its lazy scan."""
    placeholder = Source(name, pl.LazyFrame(), TEXT_COLUMN)
    with errors_about(placeholder):
        if name == STDIN:
            return open_file(
                name,
                spool(sys.stdin.buffer, temporary(), "stdin"),
                options.format or "text",
                options,
            )
        path = Path(name)
        # Opening it here reports a missing, unreadable or directory path in the usual words.
        with open(path, "rb") as raw:
            decompress = decompressing(path)
            if decompress is not None:
                inner = Path(path.stem)
                with decompress(raw) as reader:
                    try:
                        path = spool(reader, temporary(), inner.name)
                    # gzip raises OSError or EOFError, zstandard its own ZstdError.
                    except Exception as err:
                        raise CliError(f"{name}: cannot decompress ({first_line(err)})") from err
                return open_file(name, path, options.format or guess_format(inner), options)
        return open_file(name, path, options.format or guess_format(path), options)


def open_sources(
    names: Sequence[str], options: ReadOptions, stack: contextlib.ExitStack
) -> list[Source]:
    if not names:
        frame = pl.LazyFrame({SAMPLE_COLUMN: sample_rows()}, schema={SAMPLE_COLUMN: pl.String})
        return [Source(SAMPLE_LABEL, frame, SAMPLE_COLUMN)]
    if list(names).count(STDIN) > 1:
        raise CliError("standard input (-) can be read only once")

    def temporary() -> Path:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wc-")))

    return [open_source(name, options, temporary) for name in names]


def stream_batches(source: Source, on_batch: Callable[[pl.DataFrame], None]) -> None:
    """Runs ``on_batch`` on the text column of ``source``, ``BATCH_ROWS`` rows at a time, through
    the streaming engine. (``sink_batches`` rather than ``collect_batches``: on Polars 1.34 the
    latter ends the iteration quietly when reading fails.)"""
    with errors_about(source):
        # polars 1.x stubs type the callback differently; the call is the same.
        source.frame.select(source.column).sink_batches(  # type: ignore[call-overload,unused-ignore]
            on_batch, chunk_size=BATCH_ROWS, engine="streaming"
        )
