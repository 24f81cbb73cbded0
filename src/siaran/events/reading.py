"""Reading event files line by line, in chunks, whatever their size.

:func:`sniff_event_format` recognises an event file by the content of its first lines (never
its name). :func:`read_chunks` streams it as :class:`RawChunk` s of at most ``chunk_size``
events: the canonical fields as text, each with the line number the user sees in an editor.
Lines that cannot be read become :class:`~siaran.errors.Problem` s; types outside the canonical
list are counted, not kept. Typing (times, numbers) happens later, a whole chunk at a time
(:mod:`siaran.events.conversion`). Canonical JSON Lines and CSV are read here only where their
block readers (:mod:`siaran.events.blocks`) need it; capture dumps are never read line by line
(:mod:`siaran.events.capture_blocks`).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from siaran.errors import Problem
from siaran.events.capture import class_name
from siaran.events.model import CANONICAL_FIELDS, EVENT_TYPES, REQUIRED_FIELDS
from siaran.events.orders import match_order_header, order_event
from siaran.files import sniff_csv_dialect

if TYPE_CHECKING:
    import pyarrow as pa

SNIFF_BYTES: Final = 64 * 1024
_JSON_SPACE: Final = " \t\n\r"
CHUNK_SIZE: Final = 100_000
_KNOWN_TYPES: Final = frozenset(EVENT_TYPES)


@dataclass
class RawChunk:
    """Events as text, column-wise: ``columns[field][i]`` is on line ``lines[i]``."""

    lines: list[int] = field(default_factory=list)
    columns: dict[str, list[str | None]] = field(
        default_factory=lambda: {name: [] for name in CANONICAL_FIELDS}
    )

    def __len__(self) -> int:
        return len(self.lines)

    def to_table(self) -> pa.Table:
        """The chunk as an Arrow table: ``line`` then every canonical field as text."""
        import pyarrow as pa

        return pa.table(
            {
                "line": pa.array(self.lines, pa.int64()),
                **{name: pa.array(self.columns[name], pa.string()) for name in CANONICAL_FIELDS},
            }
        )


@dataclass
class ReadTally:
    """What reading saw besides the events: problems, unknown types, ignored columns."""

    lines: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    unknown_types: Counter[str] = field(default_factory=Counter)
    ignored_columns: tuple[str, ...] = ()
    unreadable: bool = False
    """The file stopped being readable text part-way: never skippable."""
    keep_problems: int = 1000

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.keep_problems:
            self.problems.append(problem)


# -- recognising an event file -------------------------------------------------------------------


def _head_lines(path: Path) -> list[str]:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if b"\x00" in head:
        return []
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(head) == SNIFF_BYTES and lines:
        lines.pop()  # the last line may be cut in the middle
    return [line for line in lines if line.strip()][:20]


def sniff_event_format(path: Path) -> str | None:
    """``events_jsonl``, ``events_json`` (one JSON array), ``events_csv``, ``capture_dump`` or
    ``order_export`` when the first lines of ``path`` look like one, else ``None`` (not an
    event file)."""
    try:
        lines = _head_lines(path)
    except OSError:
        return None
    if not lines:
        return None
    if lines[0].lstrip().startswith("{"):
        return _sniff_json(lines)
    if lines[0].lstrip().startswith("["):
        with path.open("rb") as handle:
            return _sniff_array(handle.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace"))
    header = _csv_header(lines)
    names = {_column_key(cell) for cell in header}
    if set(REQUIRED_FIELDS) <= names:
        return "events_csv"
    if match_order_header(header) is not None:
        return "order_export"
    return None


def _sniff_array(text: str) -> str | None:
    """``events_json`` when ``text`` (the start of a file) opens an array whose first element
    is a canonical event, else ``None``."""
    start = text.lstrip(_JSON_SPACE)
    if not start.startswith("["):
        return None
    position = len(text) - len(start) + 1
    while position < len(text) and text[position] in _JSON_SPACE:
        position += 1
    try:
        first, _ = json.JSONDecoder().raw_decode(text, position)
    except ValueError:
        return None
    if isinstance(first, dict) and set(REQUIRED_FIELDS) <= first.keys():
        return "events_json"
    return None


def _sniff_json(lines: list[str]) -> str | None:
    for line in lines[:5]:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            return None
        if class_name(record) is not None:
            return "capture_dump"
        if set(REQUIRED_FIELDS) <= record.keys():
            return "events_jsonl"
        return None
    return None


def _csv_header(lines: list[str]) -> list[str]:
    sample = "\n".join(lines)
    return csv_header(csv.reader(io.StringIO(sample), sniff_csv_dialect(sample)))


def csv_header(reader: Iterator[list[str]]) -> list[str]:
    """The header row of a CSV reader, past Excel's ``sep=;`` line when there is one."""
    header = next(reader, [])
    if header and header[0].strip().lower().startswith("sep=") and not any(header[1:]):
        return next(reader, [])
    return header


def _column_key(header: str) -> str:
    return header.strip().lower().replace(" ", "_")


# -- streaming ----------------------------------------------------------------------------------


def value_text(value: Any) -> str | None:
    """A JSON value as the text the typing step reads; nested values are kept as JSON text
    (and then fail to type, with the line named)."""
    if value is None:
        return None
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


class ChunkBuilder:
    """Collects events into :class:`RawChunk` s of ``chunk_size``."""

    def __init__(self, chunk_size: int) -> None:
        self.chunk_size = chunk_size
        self.chunk = RawChunk()
        self._appenders = [(name, self.chunk.columns[name].append) for name in CANONICAL_FIELDS]

    def add(self, line: int, event: Mapping[str, Any]) -> RawChunk | None:
        self.chunk.lines.append(line)
        for name, append in self._appenders:
            append(value_text(event.get(name)))
        if len(self.chunk.lines) >= self.chunk_size:
            return self.flush()
        return None

    def flush(self) -> RawChunk:
        full = self.chunk
        self.chunk = RawChunk()
        self._appenders = [(name, self.chunk.columns[name].append) for name in CANONICAL_FIELDS]
        return full


def read_chunks(
    path: Path, fmt: str, tally: ReadTally, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[RawChunk]:
    """Stream the events of ``path`` (canonical JSONL or CSV, or an order export) in chunks;
    fill ``tally``. Capture dumps are read block-wise only
    (:mod:`siaran.events.capture_blocks`)."""
    if fmt == "capture_dump":
        raise ValueError("capture dumps are read by siaran.events.capture_blocks")
    builder = ChunkBuilder(chunk_size)
    if fmt == "events_jsonl":
        with path.open("rb") as handle:
            for line, event in json_events(enumerate(handle, start=1), tally):
                full = builder.add(line, event)
                if full is not None:
                    yield full
    else:
        with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as handle:
            for line, event in _csv_rows(handle, tally, orders=fmt == "order_export"):
                full = builder.add(line, event)
                if full is not None:
                    yield full
    if len(builder.chunk):
        yield builder.flush()


def json_events(
    numbered: Iterable[tuple[int, bytes]], tally: ReadTally
) -> Iterator[tuple[int, Mapping[str, object]]]:
    """The events of numbered canonical JSON lines, one line at a time; what is wrong goes to
    ``tally`` (which also learns the number of the last line read)."""
    loads = json.loads
    known = _KNOWN_TYPES
    number = tally.lines
    for number, raw in numbered:
        if not raw.strip():
            continue
        try:
            record = loads(raw)
        except ValueError as exc:
            reason = getattr(exc, "msg", None) or "not UTF-8 text"
            tally.problem(Problem("events.bad_json", row=number, params={"reason": reason}))
            continue
        if not isinstance(record, dict):
            tally.problem(Problem("events.not_an_object", row=number))
            continue
        stated = record.get("type")
        if not isinstance(stated, str) or stated not in known:
            cleaned = stated.strip().lower() if isinstance(stated, str) else None
            if cleaned in known:
                record["type"] = cleaned
            elif cleaned:
                tally.unknown_types[cleaned] += 1
                continue
            else:
                tally.problem(Problem("events.missing_field", row=number, column="type"))
                continue
        yield number, record
    tally.lines = max(tally.lines, number)


def csv_names(header: list[str], tally: ReadTally, *, orders: bool) -> list[str]:
    """The canonical field of each column of ``header`` (``""`` or another name when none);
    the columns of an event file that no field takes go to ``tally``."""
    if orders:
        positions = match_order_header(header)
        assert positions is not None
        return [positions.get(i, "") for i in range(len(header))]
    names = [_column_key(h) for h in header]
    tally.ignored_columns = tuple(
        h for h, n in zip(header, names, strict=True) if n not in CANONICAL_FIELDS
    )
    return names


def _csv_rows(
    handle: IO[str], tally: ReadTally, *, orders: bool
) -> Iterator[tuple[int, Mapping[str, object]]]:
    dialect = sniff_csv_dialect(handle.read(SNIFF_BYTES))
    handle.seek(0)
    reader = csv.reader(handle, dialect)
    header = csv_header(reader)
    names = csv_names(header, tally, orders=orders)
    yield from csv_events(reader, names, tally, orders=orders)
    tally.lines = reader.line_num


def csv_events(
    reader: Any, names: list[str], tally: ReadTally, *, orders: bool, offset: int = 0
) -> Iterator[tuple[int, Mapping[str, object]]]:
    """The events of the records of a ``csv.reader`` whose header gave ``names``; line
    numbers are the reader's plus ``offset``; what is wrong goes to ``tally``."""
    width = len(names)
    known = _KNOWN_TYPES
    try:
        for record in reader:
            line = reader.line_num + offset
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != width:
                tally.problem(
                    Problem(
                        "events.wrong_columns",
                        row=line,
                        params={"found": len(record), "expected": width},
                    )
                )
                continue
            event = dict(zip(names, record, strict=True))
            if orders:
                yield line, order_event(event)
                continue
            kind = (event.get("type") or "").strip().lower()
            if kind not in known:
                if kind:
                    tally.unknown_types[kind] += 1
                else:
                    tally.problem(Problem("events.missing_field", row=line, column="type"))
                continue
            event["type"] = kind
            yield line, event
    except (csv.Error, UnicodeDecodeError) as exc:
        tally.unreadable = True
        tally.problem(
            Problem("events.bad_csv", row=reader.line_num + offset + 1, params={"reason": str(exc)})
        )
