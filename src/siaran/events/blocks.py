"""Reading canonical event files a block of whole lines at a time, with Arrow's parsers.

A canonical JSON Lines file is read in blocks of about :data:`BLOCK_BYTES` that end at a line
end. Each block is parsed at once by Arrow's JSON reader and validated column-wise; the result
is exactly what the line-by-line reader of :mod:`siaran.events.reading` makes of the same lines
(the same texts, the same problems, the same unknown-type counts). Whenever a block holds
anything Arrow would read differently from Python's ``json`` module (a malformed line, a blank
line, a nested or fractional value, a repeated key, a field whose JSON type changes between
lines ...), that block alone is read again line by line, so that every bad line is named
with its exact line number.

Canonical CSV takes the same route with Arrow's CSV reader, in blocks of whole records (a
block ends at a line end outside quotes). A row of the wrong width is named from Arrow's
invalid-row handler; a block Arrow cannot read exactly (a line that is not UTF-8, a dialect
Arrow does not have) is read record by record, each line that is not UTF-8 named. Capture
dumps are read block-wise too, as column expressions (:mod:`siaran.events.capture_blocks`);
order exports are read line by line (:mod:`siaran.events.reading`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import Problem
from siaran.events.arrays import array_tables
from siaran.events.capture_blocks import capture_tables
from siaran.events.lines import BLOCK_BYTES, line_count
from siaran.events.lines import PYTHON_WHITESPACE as PYTHON_WHITESPACE  # re-exported
from siaran.events.lines import line_blocks as line_blocks  # re-exported
from siaran.events.model import CANONICAL_FIELDS, EVENT_TYPES
from siaran.events.reading import (
    CHUNK_SIZE,
    SNIFF_BYTES,
    ChunkBuilder,
    ReadTally,
    csv_events,
    csv_header,
    csv_names,
    json_events,
    read_chunks,
)
from siaran.files import sniff_csv_dialect

if TYPE_CHECKING:
    import pyarrow as pa

# A line that is empty or only ASCII white space (``bytes.strip()`` makes it empty).
_BLANK_LINE: Final = re.compile(rb"(?:^|\n)[ \t\r\x0b\x0c]*\n")
_NEWLINE: Final = 10
_WHITE_START: Final = [code in b"\n \t\r\x0b\x0c" for code in range(256)]
_KNOWN_TYPES: Final = frozenset(EVENT_TYPES)


class _IrregularBlockError(Exception):
    """The block holds something only the line-by-line reader reads exactly."""


def read_tables(
    path: Path,
    fmt: str,
    tally: ReadTally,
    *,
    chunk_size: int = CHUNK_SIZE,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[pa.Table]:
    """Stream the events of ``path`` (written as ``fmt``) as Arrow tables of ``line`` and the
    canonical fields as text (what :meth:`RawChunk.to_table` makes of the same lines); fill
    ``tally``."""
    if fmt == "events_jsonl":
        yield from _block_tables(path, tally, chunk_size, block_bytes)
    elif fmt == "events_json":
        yield from array_tables(path, tally, chunk_size=chunk_size)
    elif fmt == "capture_dump":
        for table in capture_tables(path, tally, block_bytes=block_bytes):
            for start in range(0, table.num_rows, chunk_size):
                yield table.slice(start, chunk_size)
    elif fmt == "events_csv":
        yield from _csv_tables(path, tally, chunk_size, block_bytes)
    else:
        for chunk in read_chunks(path, fmt, tally, chunk_size=chunk_size):
            yield chunk.to_table()


def _has_blank_line(block: bytes) -> bool:
    import numpy as np

    data = np.frombuffer(block, np.uint8)
    starts = np.flatnonzero(data[:-1] == _NEWLINE) + 1
    white = np.array(_WHITE_START, dtype=bool)
    if not white[data[starts]].any() and not white[data[0]]:
        return False  # no line even starts with white space: the usual case, found fast
    closed = block if block.endswith(b"\n") else block + b"\n"
    return _BLANK_LINE.search(closed) is not None


# -- one block, parsed by Arrow -------------------------------------------------------------------


class _JsonBlocks:
    """Arrow's JSON reader over blocks. It remembers the type of every canonical field it has
    read, so that the next block is parsed against that schema (inferring the types of every
    block costs as much again as parsing it), and keeps fields holding ISO times as text (the
    text is what typing reads, not an Arrow timestamp)."""

    def __init__(self) -> None:
        self.learned: dict[str, pa.DataType] = {}

    def parse(self, block: bytes) -> pa.Table:
        """The block as Arrow parsed it, or :class:`_IrregularBlockError`. A failure with the
        learned schema is tried once more without it (a field may change kind)."""
        import pyarrow as pa

        tries = [dict(self.learned), {}] if self.learned else [{}]
        for fields in tries:
            try:
                table = self._read(block, fields)
                stamped = {
                    name: pa.string()
                    for name in CANONICAL_FIELDS
                    if name in table.column_names and pa.types.is_timestamp(table[name].type)
                }
                if stamped:
                    fields |= stamped
                    table = self._read(block, fields)
            except (pa.ArrowInvalid, UnicodeDecodeError):
                continue
            self.learned = fields | {
                name: table[name].type
                for name in CANONICAL_FIELDS
                if name in table.column_names and not pa.types.is_null(table[name].type)
            }
            return table
        raise _IrregularBlockError

    @staticmethod
    def _read(block: bytes, fields: dict[str, pa.DataType]) -> pa.Table:
        import pyarrow as pa
        import pyarrow.json as pj

        options = pj.ParseOptions(
            explicit_schema=pa.schema(sorted(fields.items())) if fields else None,
            newlines_in_values=False,
            unexpected_field_behavior="infer",
        )
        read = pj.ReadOptions(block_size=len(block) + 1, use_threads=True)
        return pj.read_json(io.BytesIO(block), read_options=read, parse_options=options)


def _block_tables(
    path: Path, tally: ReadTally, chunk_size: int, block_bytes: int
) -> Iterator[pa.Table]:
    import numpy as np

    parser = _JsonBlocks()
    with path.open("rb") as handle:
        for first, block in line_blocks(handle, block_bytes):
            count = line_count(block)
            try:
                if _has_blank_line(block) or not _is_utf8(block):
                    raise _IrregularBlockError
                parsed = parser.parse(block)
                if parsed.num_rows != count:
                    raise _IrregularBlockError
                lines = np.arange(first, first + count, dtype=np.int64)
                table = _canonical(parsed, lines, tally)
            except _IrregularBlockError:
                yield from _json_fallback(block, first, tally, chunk_size)
            else:
                if table.num_rows:
                    yield table
            tally.lines = first + count - 1


def _is_utf8(block: bytes) -> bool:
    """Arrow's JSON reader does not check that strings are UTF-8 (DuckDB then refuses them):
    a block that is not is read line by line, each bad line named with its number."""
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _json_fallback(
    block: bytes, first: int, tally: ReadTally, chunk_size: int
) -> Iterator[pa.Table]:
    """The block read line by line (exact line numbers and reasons for every bad line)."""
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    builder = ChunkBuilder(chunk_size)
    for line, event in json_events(enumerate(lines, start=first), tally):
        full = builder.add(line, event)
        if full is not None:
            yield full.to_table()
    if len(builder.chunk):
        yield builder.flush().to_table()


# -- canonical CSV, a block of whole records at a time --------------------------------------------


class _CsvFile:
    """What the header of a canonical CSV file says: its dialect, the canonical field of each
    column, and where its records start (byte offset and line number)."""

    def __init__(self, dialect: Any, names: list[str], start: int, first_line: int) -> None:
        self.dialect = dialect
        self.names = names
        self.start = start
        self.first_line = first_line
        self.quote = (dialect.quotechar or "").encode()
        # The last column of a name wins, as in ``dict(zip(names, record))``.
        self.positions = {name: i for i, name in enumerate(names) if name in CANONICAL_FIELDS}


def _csv_file(handle: Any, tally: ReadTally) -> _CsvFile | None:
    """The header of the file open in ``handle``, or ``None`` when its first lines are not a
    header Arrow can follow (then the file is read line by line)."""
    import codecs
    import csv

    head = handle.read(SNIFF_BYTES)
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    text = head[skip:].decode("utf-8", errors="replace")
    dialect = sniff_csv_dialect(text)
    if len(dialect.delimiter) != 1 or (dialect.escapechar or "") in ("\r", "\n"):
        return None
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = csv_header(reader)
    ends = [i for i, byte in enumerate(head) if byte == _NEWLINE][: reader.line_num]
    if b"\r" in head.replace(b"\r\n", b""):
        return None  # lines ended by a lone carriage return: counted differently by Arrow
    if reader.line_num and len(ends) == reader.line_num:
        start = ends[-1] + 1
    elif len(head) < SNIFF_BYTES:
        start = len(head)  # the header is the whole file
    else:
        return None
    head[skip:start].decode("utf-8")  # a header that is not UTF-8: not a text file
    names = csv_names(header, tally, orders=False)
    return _CsvFile(dialect, names, start, reader.line_num + 1)


def _csv_tables(
    path: Path, tally: ReadTally, chunk_size: int, block_bytes: int
) -> Iterator[pa.Table]:
    with path.open("rb") as handle:
        layout = _csv_file(handle, tally)
        if layout is None:
            for chunk in read_chunks(path, "events_csv", tally, chunk_size=chunk_size):
                yield chunk.to_table()
            return
        tally.lines = layout.first_line - 1
        handle.seek(layout.start)
        for first, block in record_blocks(handle, layout, block_bytes):
            ends = _record_lines(block, layout.quote, first)
            try:
                table = _csv_block(block, ends, layout, tally)
            except _IrregularBlockError:
                yield from _csv_fallback(block, first, layout, tally, chunk_size)
            else:
                if table.num_rows:
                    yield table
            tally.lines = first + line_count(block) - 1
            if tally.unreadable:
                return


def record_blocks(
    handle: Any, layout: _CsvFile, block_bytes: int = BLOCK_BYTES
) -> Iterator[tuple[int, bytes]]:
    """``(number of its first line, bytes)`` for blocks of whole CSV records: a block ends at
    a line end outside quotes. A stray quote could keep a record open to the end of the file;
    a block grows to at most four times ``block_bytes`` before it is cut at a line end anyway
    (the line-by-line reader then names what it cannot read)."""

    def cut_at(data: bytes) -> int:
        cut = _record_end(data, layout.quote)
        if cut == 0 and len(data) >= 4 * block_bytes:
            cut = data.rfind(b"\n") + 1
        return cut

    return line_blocks(handle, block_bytes, first=layout.first_line, cut_at=cut_at)


def _quote_parity(data: bytes, quote: bytes) -> tuple[Any, Any]:
    """The positions of the line ends of ``data`` and, for each, whether an even number of
    quote characters comes before it (it then ends a record)."""
    import numpy as np

    array = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(array == _NEWLINE)
    if not quote or quote not in data:
        return newlines, np.ones(len(newlines), dtype=bool)
    quotes = np.flatnonzero(array == quote[0])
    return newlines, np.searchsorted(quotes, newlines) % 2 == 0


def _record_end(data: bytes, quote: bytes) -> int:
    """The position after the last line end of ``data`` that ends a record (0 if none)."""
    newlines, closes = _quote_parity(data, quote)
    ending = newlines[closes]
    return int(ending[-1]) + 1 if len(ending) else 0


def _record_lines(block: bytes, quote: bytes, first: int) -> Any:
    """The number of the line each record of ``block`` ends on (what ``csv.reader`` calls
    its ``line_num``)."""
    import numpy as np

    newlines, closes = _quote_parity(block, quote)
    ends = np.flatnonzero(closes).astype(np.int64) + first
    if not block.endswith(b"\n"):
        ends = np.append(ends, first + len(newlines))
    return ends


def _csv_block(block: bytes, ends: Any, layout: _CsvFile, tally: ReadTally) -> pa.Table:
    """The records of ``block`` parsed by Arrow and checked column-wise; a row of the wrong
    width is named, a row of blank cells is skipped (as the line-by-line reader does)."""
    import csv

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    dialect = layout.dialect
    if not _is_utf8(block) or (dialect.skipinitialspace and layout.quote in block):
        raise _IrregularBlockError
    width = len(layout.names)
    columns = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int, int, str]] = []

    def wrong_width(row: Any) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    quoted = bool(layout.quote) and layout.quote in block
    try:
        parsed = pcsv.read_csv(
            io.BytesIO(block),
            read_options=pcsv.ReadOptions(
                column_names=columns, use_threads=False, block_size=len(block) + 1
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=dialect.delimiter,
                quote_char=dialect.quotechar or False,
                double_quote=bool(dialect.doublequote),
                escape_char=dialect.escapechar or False,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=wrong_width,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _IrregularBlockError from exc
    if parsed.num_rows + len(invalid) != len(ends) or any(n is None for n, _, _ in invalid):
        raise _IrregularBlockError
    # The block's problems are gathered here and handed on in line order (the tally keeps
    # only the first ones).
    found_here = ReadTally(keep_problems=len(ends))
    kept = np.ones(len(ends), dtype=bool)
    for number, found, text in invalid:
        kept[number - 1] = False
        cells = next(csv.reader([text], dialect), [])
        if any(cell.strip() for cell in cells):
            line = int(ends[number - 1])
            params: dict[str, object] = {"found": found, "expected": width}
            found_here.problem(Problem("events.wrong_columns", row=line, params=params))
    lines = ends[kept]
    blank = None
    for name in columns:
        empty = pc.equal(pc.utf8_trim(parsed[name], characters=PYTHON_WHITESPACE), "")
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is not None and pc.any(blank).as_py():
        filled = pc.invert(blank)
        parsed = parsed.filter(filled)
        lines = lines[filled.to_numpy(zero_copy_only=False)]
    fields = {name: parsed[f"c{i}"] for name, i in layout.positions.items()}
    table = _canonical(pa.table(fields) if fields else parsed.select([]), lines, found_here)
    for problem in sorted(found_here.problems, key=lambda p: p.row or 0):
        tally.problem(problem)
    tally.unknown_types.update(found_here.unknown_types)
    return table


def _csv_fallback(
    block: bytes, first: int, layout: _CsvFile, tally: ReadTally, chunk_size: int
) -> Iterator[pa.Table]:
    """The block read record by record (exact line numbers and reasons); every line that is
    not UTF-8 is named and read as a blank line."""
    import csv

    texts = []
    for number, raw in enumerate(block.split(b"\n"), start=first):
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            tally.problem(Problem("events.not_utf8", row=number))
            texts.append("")
    reader = csv.reader(io.StringIO("\n".join(texts), newline=""), layout.dialect)
    builder = ChunkBuilder(chunk_size)
    for line, event in csv_events(reader, layout.names, tally, orders=False, offset=first - 1):
        full = builder.add(line, event)
        if full is not None:
            yield full.to_table()
    if len(builder.chunk):
        yield builder.flush().to_table()


# -- column-wise validation -----------------------------------------------------------------------


def _as_text(column: Any, name: str) -> Any:
    """A parsed column as the text the line-by-line reader would keep, or raise
    :class:`_IrregularBlockError` when only that reader reads it exactly."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_null(kind):
        return pa.nulls(len(column), pa.string())
    if pa.types.is_string(kind):
        trimmed = pc.utf8_trim(column, characters=PYTHON_WHITESPACE)
        return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    if pa.types.is_int64(kind):
        return pc.cast(column, pa.string())
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "true", "false")
    if pa.types.is_floating(kind) and name == "amount":
        # Typed as a number straight away: the shortest text of the same double.
        return pc.cast(column, pa.string())
    raise _IrregularBlockError


def _canonical(parsed: pa.Table, lines: Any, tally: ReadTally) -> pa.Table:
    """``line`` (the number of each parsed row's line, ``lines``) and the canonical fields as
    text, for the lines of a known type; lines of an unknown type are counted, lines without
    a type become problems."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = parsed.num_rows
    columns: dict[str, Any] = {"line": pa.array(lines, pa.int64())}
    for name in CANONICAL_FIELDS:
        if name == "type":
            continue
        if name in parsed.column_names:
            columns[name] = _as_text(parsed[name], name)
        else:
            columns[name] = pa.nulls(rows, pa.string())
    stated = parsed["type"] if "type" in parsed.column_names else pa.nulls(rows, pa.string())
    if not (pa.types.is_string(stated.type) or pa.types.is_null(stated.type)):
        raise _IrregularBlockError
    columns["type"] = stated.cast(pa.string())
    table = pa.table({name: columns[name] for name in ("line", *CANONICAL_FIELDS)})
    known = pc.is_in(table["type"], value_set=pa.array(sorted(_KNOWN_TYPES)))
    if pc.all(pc.fill_null(known, False)).as_py():
        return table
    return _clean_types(table, pc.fill_null(known, False), tally)


def _clean_types(table: pa.Table, known: Any, tally: ReadTally) -> pa.Table:
    """The line-by-line reader's rule for a ``type`` that is not exactly a known one: strip and
    lower-case it; a known type is kept, other text is counted, nothing is a problem."""
    import pyarrow as pa
    import pyarrow.compute as pc

    other = table.filter(pc.invert(known))
    counts = pc.value_counts(other["type"])
    cleaned: dict[str | None, str | None] = {}
    unknown: list[tuple[str, int]] = []
    for item in counts.to_pylist():
        stated, n = item["values"], item["counts"]
        clean = stated.strip().lower() if stated is not None else ""
        cleaned[stated] = clean if clean in _KNOWN_TYPES else None
        if clean and clean not in _KNOWN_TYPES:
            unknown.append((clean, n))
    for clean, n in unknown:
        tally.unknown_types[clean] += n
    stated_values = other["type"].to_pylist()
    for line, stated in zip(other["line"].to_pylist(), stated_values, strict=True):
        clean = stated.strip().lower() if stated is not None else ""
        if not clean:
            tally.problem(Problem("events.missing_field", row=line, column="type"))
    keys = [key for key, value in cleaned.items() if value is not None]
    if not keys:
        return table.filter(known)
    position = pc.index_in(table["type"], value_set=pa.array(keys, pa.string()))
    targets = pa.array([cleaned[key] for key in keys], pa.string())
    renamed = pc.coalesce(pc.take(targets, position), table["type"])
    table = table.set_column(table.schema.get_field_index("type"), "type", renamed)
    return table.filter(pc.or_(known, pc.is_valid(position)))


# -- reading ahead --------------------------------------------------------------------------------

_DONE: Final = object()


def read_ahead(tables: Iterator[pa.Table], depth: int = 2) -> Generator[pa.Table]:
    """``tables``, produced on a background thread up to ``depth`` ahead, so that parsing the
    next block overlaps typing this one (both release the GIL). An error while reading is
    raised here; closing this iterator early stops the reader."""
    import queue
    import threading

    handoff: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for table in tables:
                if not put(table):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put(_Failure(exc))
            return
        put(_DONE)

    worker = threading.Thread(target=produce, name="siaran-event-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error
