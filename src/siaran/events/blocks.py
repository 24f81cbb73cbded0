"""Reading canonical event files a block of whole lines at a time, with Arrow's parsers.

A canonical JSON Lines file is read in blocks of about :data:`BLOCK_BYTES` that end at a line
end. Each block is parsed at once by Arrow's JSON reader and validated column-wise; the result
is exactly what the line-by-line reader of :mod:`siaran.events.reading` makes of the same lines
(the same texts, the same problems, the same unknown-type counts). Whenever a block holds
anything Arrow would read differently from Python's ``json`` module (a malformed line, a blank
line, a nested or fractional value, a repeated key, a field whose JSON type changes between
lines ...), that block alone is read again line by line, so that every bad line is named
with its exact line number.

Canonical CSV takes the same route with Arrow's CSV reader when a block has no quote character
(so that every record is exactly one line); other blocks, and every other format, are read
line by line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import Problem
from siaran.events.model import CANONICAL_FIELDS, EVENT_TYPES
from siaran.events.reading import (
    CHUNK_SIZE,
    ChunkBuilder,
    ReadTally,
    json_events,
    read_chunks,
)

if TYPE_CHECKING:
    import pyarrow as pa

BLOCK_BYTES: Final = 16 << 20

PYTHON_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.strip()`` removes (``str.isspace()``), for Arrow's trim."""

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
    else:
        for chunk in read_chunks(path, fmt, tally, chunk_size=chunk_size):
            yield chunk.to_table()


def line_blocks(handle: Any, block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes]]:
    """``(number of its first line, bytes)`` for blocks of whole lines of a binary file; only
    the last block may end without a line end."""
    first = 1
    rest = b""
    while True:
        data = handle.read(block_bytes)
        if not data:
            if rest:
                yield first, rest
            return
        data = rest + data if rest else data
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        block, rest = data[:cut], data[cut:]
        yield first, block
        first += block.count(b"\n")


def _line_count(block: bytes) -> int:
    return block.count(b"\n") + (0 if block.endswith(b"\n") else 1)


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
    """Arrow's JSON reader over blocks; remembers which fields hold text, so that ISO times
    are not turned into Arrow timestamps (their text is what typing reads)."""

    def __init__(self) -> None:
        self.text_fields: set[str] = set()

    def parse(self, block: bytes) -> pa.Table:
        """The block as Arrow parsed it, or :class:`_IrregularBlockError`. A failure with
        learned text fields is tried once more without them (a field may change kind)."""
        import pyarrow as pa

        tries = [set(self.text_fields), set()] if self.text_fields else [set()]
        for fields in tries:
            try:
                table = self._read(block, fields)
                stamped = {
                    name
                    for name in CANONICAL_FIELDS
                    if name in table.column_names and pa.types.is_timestamp(table[name].type)
                }
                if stamped:
                    fields |= stamped
                    table = self._read(block, fields)
            except (pa.ArrowInvalid, UnicodeDecodeError):
                continue
            self.text_fields = fields
            return table
        raise _IrregularBlockError

    @staticmethod
    def _read(block: bytes, text_fields: set[str]) -> pa.Table:
        import pyarrow as pa
        import pyarrow.json as pj

        schema = pa.schema([(name, pa.string()) for name in sorted(text_fields)])
        options = pj.ParseOptions(
            explicit_schema=schema if text_fields else None,
            newlines_in_values=False,
            unexpected_field_behavior="infer",
        )
        read = pj.ReadOptions(block_size=len(block) + 1, use_threads=True)
        return pj.read_json(io.BytesIO(block), read_options=read, parse_options=options)


def _block_tables(
    path: Path, tally: ReadTally, chunk_size: int, block_bytes: int
) -> Iterator[pa.Table]:
    parser = _JsonBlocks()
    with path.open("rb") as handle:
        for first, block in line_blocks(handle, block_bytes):
            count = _line_count(block)
            try:
                if _has_blank_line(block) or not _is_utf8(block):
                    raise _IrregularBlockError
                parsed = parser.parse(block)
                if parsed.num_rows != count:
                    raise _IrregularBlockError
                table = _canonical(parsed, first, tally)
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
    for line, event in json_events(enumerate(lines, start=first), tally, capture=False):
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


def _canonical(parsed: pa.Table, first: int, tally: ReadTally) -> pa.Table:
    """``line`` and the canonical fields as text, for the lines of a known type; lines of an
    unknown type are counted, lines without a type become problems."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = parsed.num_rows
    lines = pa.array(np.arange(first, first + rows, dtype=np.int64))
    columns: dict[str, Any] = {"line": lines}
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
