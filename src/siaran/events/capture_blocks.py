"""Capture dumps read a block of whole lines at a time, as column expressions.

A dump written by a live-capture library (:mod:`siaran.events.capture` says which and how
its lines read) is read in blocks of about :data:`~siaran.events.lines.BLOCK_BYTES` that end at
a line end. Each block becomes one Arrow column of lines, without copying, and one DuckDB query
(:data:`~siaran.events.capture_sql.CAPTURE_SQL`) parses every line once and computes the
canonical fields of all of them; :func:`~siaran.events.capture.capture_event`, the scalar
reference the property tests compare with, is never called here. The room a connect line
announces is carried forward over the lines after it (and into the next block) with Arrow's
forward fill.

What is wrong with a line is named with its number, as before: a line that is not UTF-8, not
JSON or not an object. Python's ``json`` module is asked only about the few lines the query
cannot settle alone: why a line is not JSON (the reason in the problem), whether a line with a
comma before a closing bracket is JSON (DuckDB accepts it, Python does not), and a line that
repeats a key in an object (Python keeps the last value, DuckDB the first: the line is written
again without the repeat and read by the same query). A value that is an object or a list is
written as ``json.dumps`` writes it, as the line-by-line reader kept it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import Problem
from siaran.events.capture import CLASS_KEYS
from siaran.events.capture_columns import BLOCK_KEYS, MERGED_KEYS, NESTED_KEYS, capture_columns
from siaran.events.lines import BLOCK_BYTES, PYTHON_WHITESPACE, line_blocks, line_count
from siaran.events.model import CANONICAL_FIELDS
from siaran.events.reading import ReadTally

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

_NEWLINE: Final = 10
_ASCII_SPACE: Final = " \t\n\r\x0b\x0c"
"""What ``bytes.strip()`` removes: a line of only these is blank."""

PARSE_SQL: Final = r"""
SELECT line, valid, valid AND opens AS is_object, valid AND lenient AS lenient,
  CASE WHEN valid AND opens THEN k END AS k, CASE WHEN valid AND opens THEN v END AS v
FROM (
  SELECT *, k IS NOT NULL AND v IS NOT NULL AS valid
  FROM (
    SELECT line,
      TRY(json_keys(doc)) AS k,
      TRY(CAST(json_extract(doc, '$.*') AS VARCHAR[])) AS v,
      left(doc, 1) = '{' OR starts_with(ltrim(doc, ' \t\n\r'), '{') AS opens,
      regexp_matches(doc, ',[ \t\n\r]*[\]}]') AS lenient
    FROM lines
    WHERE left(raw, 1) = '{' OR trim(raw, $space) <> ''
  )
)
"""
"""One row per line that is not blank: whether DuckDB reads it as JSON (its keys and values
can be read: a line that is not JSON fails, and ``TRY`` makes that ``NULL``), and as an object,
and whether it has a comma before a closing bracket (which Python refuses); the keys and values
(as JSON text) of an object, in the order written, a repeated key as often as it is written.
Each line is parsed twice, once for its keys and once for its values."""

OBJECT_SQL: Final = """
SELECT i, json_keys(doc) AS k, CAST(json_extract(doc, '$.*') AS VARCHAR[]) AS v FROM objects
"""
"""The keys and values of objects given as JSON text (the nested blocks of the lines)."""

HASH_SQL: Final = """
SELECT i, 'sha1:' || left(sha1(trim(raw, $space)), 20) AS id FROM hashed
"""
"""The id of a line without one: :func:`~siaran.events.capture.line_id` of its bytes."""
_NOT_UTF8: Final = "not UTF-8 text"
_BOM: Final = "\ufeff"


def capture_tables(
    path: Path, tally: ReadTally, *, block_bytes: int = BLOCK_BYTES
) -> Iterator[pa.Table]:
    """Stream the events of the capture dump at ``path`` as Arrow tables of ``line`` and the
    canonical fields as text; fill ``tally`` (problems, unknown classes, lines read)."""
    import duckdb

    con = duckdb.connect()
    # One thread: the import types each block on the other core while the next is read.
    con.execute("SET threads = 1")
    reader = _CaptureReader(con)
    try:
        with path.open("rb") as handle:
            for first, block in line_blocks(handle, block_bytes):
                table = reader.read_block(block, first, tally)
                if table.num_rows:
                    yield table
                tally.lines = first + line_count(block) - 1
    finally:
        reader.con.close()


class _CaptureReader:
    """The query's connection and what carries over from one block to the next: the room the
    last connect line announced (as ``str()`` wrote it)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.room: str | None = None

    def read_block(self, block: bytes, first: int, tally: ReadTally) -> pa.Table:
        """The events of ``block`` (whose first line is number ``first``)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        raw, problems = _lines(block, first)
        numbers = pa.array(range(first, first + len(raw)), pa.int64())
        doc = raw
        if _BOM.encode() in block:
            # Python's ``json`` reads a line from its bytes and skips a leading BOM.
            starts = pc.starts_with(raw, _BOM)
            doc = pc.if_else(starts, pc.utf8_slice_codeunits(raw, 1), raw)
        parsed = self._run(PARSE_SQL, "lines", {"line": numbers, "raw": raw, "doc": doc})
        refused = _python_refusals(parsed, raw, first, problems)
        columns = capture_columns(*self._fields(parsed))
        found = pa.table({"line": parsed["line"], **columns})
        if refused:
            found = found.filter(pc.invert(pc.is_in(found["line"], pa.array(sorted(refused)))))
        found = self._hash_ids(found, raw, first)
        for name, count in _unknown_counts(found):
            tally.unknown_types[name] += count
        for problem in sorted(problems, key=lambda p: p.row or 0):
            tally.problem(problem)
        return self._events(found)

    def _run(self, sql: str, name: str, columns: dict[str, Any]) -> pa.Table:
        import pyarrow as pa

        self.con.register(name, pa.table(columns))
        try:
            parameters = {"space": _ASCII_SPACE} if "$space" in sql else {}
            found = self.con.execute(sql, parameters).to_arrow_table()
        finally:
            self.con.unregister(name)
        # A projection keeps the order of its input (DuckDB's insertion order), which the
        # lookups rely on; checked, not assumed.
        order = found.column(0).to_numpy(zero_copy_only=False)
        if len(order) > 1 and not (order[1:] > order[:-1]).all():
            found = found.sort_by(found.column_names[0])
        return found

    def _hash_ids(self, found: pa.Table, raw: Any, first: int) -> pa.Table:
        """The ids of the events without one: the hash of the line's bytes."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        needed = pc.and_(found["event"], found["needs_id"])
        if not pc.any(needed).as_py():
            return found
        lines = pc.filter(found["line"], needed)
        texts = pc.take(raw, pc.subtract(lines, first))
        hashed = self._run(
            HASH_SQL, "hashed", {"i": pa.array(range(len(texts)), pa.int64()), "raw": texts}
        )["id"]
        index = pa.array(np.maximum(np.cumsum(needed.to_numpy(zero_copy_only=False)) - 1, 0))
        ids = pc.if_else(needed, pc.take(hashed, index), found["id"])
        return found.set_column(found.schema.get_field_index("id"), "id", ids)

    def _objects(self, docs: Any) -> tuple[Any, Any]:
        """The keys and values of the objects ``docs`` (JSON text), in order."""
        import pyarrow as pa

        found = self._run(
            OBJECT_SQL,
            "objects",
            {"i": pa.array(range(len(docs)), pa.int64()), "doc": docs},
        )
        return found["k"], found["v"]

    def _nested(
        self, values: dict[str, Any], names: tuple[str, ...], wanted: tuple[str, ...]
    ) -> dict[str, dict[str, Any]]:
        """For each of ``names``, the values of ``wanted`` keys in the object ``values[name]``
        holds on each line (``NULL`` where it is no object or has no such key)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        rows: list[Any] = []
        docs: list[Any] = []
        lines = len(values[names[0]])
        nulls = pa.nulls(lines, pa.string())
        for name in names:
            is_object = pc.fill_null(pc.starts_with(values[name], "{"), False)
            where = np.flatnonzero(is_object.to_numpy(zero_copy_only=False))
            rows.append(where)
            docs.append(pc.take(values[name], pa.array(where)))
        found: dict[str, dict[str, Any]] = {}
        if not sum(len(where) for where in rows):
            return {name: dict.fromkeys(wanted, nulls) for name in names}
        keys, items = self._objects(pa.chunked_array(docs, pa.string()).combine_chunks())
        looked = _lookup(keys, items, wanted)
        start = 0
        for name, where in zip(names, rows, strict=True):
            back = np.full(lines, -1, np.int64)
            back[where] = np.arange(start, start + len(where))
            index = pa.array(back, mask=back < 0)
            found[name] = {
                key: pc.take(looked[key], index)
                if len(where) and looked[key].null_count < len(looked[key])
                else nulls
                for key in wanted
            }
            start += len(where)
        return found

    def _fields(self, parsed: pa.Table) -> tuple[Any, Any, Any]:
        """Every value the mapping reads, by line: the top level's, the merged fields' and
        the blocks'."""
        import pyarrow.compute as pc

        merged_keys = MERGED_KEYS
        top_keys = tuple(dict.fromkeys((*CLASS_KEYS, *merged_keys, *NESTED_KEYS)))
        top = _lookup(parsed["k"], parsed["v"], top_keys)
        nested = self._nested(top, NESTED_KEYS, merged_keys)
        merged = {}
        for key in merged_keys:
            places = [nested[name][key] for name in NESTED_KEYS]
            given = [v for v in places if v.null_count < len(v)]
            merged[key] = pc.coalesce(*given, top[key]) if given else top[key]
        wanted = tuple(dict.fromkeys(key for keys in BLOCK_KEYS.values() for key in keys))
        blocks = self._nested(merged, tuple(BLOCK_KEYS), wanted)
        return top, merged, blocks

    def _events(self, found: pa.Table) -> pa.Table:
        """The events of the block, each without a room of its own in the room the last
        connect line before it announced."""
        import pyarrow as pa
        import pyarrow.compute as pc

        announced = found["announced"].combine_chunks()
        if announced.null_count < len(announced) or self.room is not None:
            filled = pc.fill_null_forward(announced)
            if self.room is not None:
                filled = pc.fill_null(filled, self.room)
            last = pc.drop_null(filled)
            if len(last):
                self.room = last[-1].as_py()
        else:
            filled = announced
        stripped = pc.utf8_trim(filled, characters=PYTHON_WHITESPACE)
        fallback = pc.if_else(pc.equal(stripped, ""), pa.scalar(None, pa.string()), stripped)
        room = pc.if_else(found["connect_room"], fallback, found["room_id"])
        found = found.set_column(found.schema.get_field_index("room_id"), "room_id", room)
        events = found.filter(found["event"])
        columns: dict[str, Any] = {"line": events["line"]}
        for name in CANONICAL_FIELDS:
            if name == "type":
                columns[name] = events["kind"]
            elif name in events.column_names:
                columns[name] = events[name]
            else:
                columns[name] = pa.nulls(events.num_rows, pa.string())
        return pa.table(columns)


def _lines(block: bytes, first: int) -> tuple[pa.Array, list[Problem]]:
    """The lines of ``block`` as one Arrow string array over the block's own bytes (each with
    its line end), and the problems of the lines that are not UTF-8 (read as blank lines)."""
    import numpy as np
    import pyarrow as pa

    data = np.frombuffer(block, np.uint8)
    ends = np.flatnonzero(data == _NEWLINE) + 1
    if not block.endswith(b"\n"):
        ends = np.append(ends, len(block))
    offsets = np.concatenate([[0], ends]).astype(np.int32)
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return _utf8_lines(block, first)
    array = pa.StringArray.from_buffers(
        len(ends), pa.py_buffer(offsets.tobytes()), pa.py_buffer(block)
    )
    return array, []


def _utf8_lines(block: bytes, first: int) -> tuple[pa.Array, list[Problem]]:
    import pyarrow as pa

    texts: list[str] = []
    problems: list[Problem] = []
    pieces = block.split(b"\n")
    if block.endswith(b"\n"):
        pieces.pop()
    for number, piece in enumerate(pieces, start=first):
        try:
            texts.append(piece.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(_bad_json(number, _NOT_UTF8))
            texts.append("")
    return pa.array(texts, pa.string()), problems


def _bad_json(number: int, reason: str) -> Problem:
    return Problem("events.bad_json", row=number, params={"reason": reason})


def _python_refusals(found: pa.Table, raw: Any, first: int, problems: list[Problem]) -> set[int]:
    """The lines Python's ``json`` does not read as an object, each with its problem: not
    JSON (and why), or JSON that is not an object."""
    import pyarrow.compute as pc

    refused: set[int] = set()
    doubtful = found.filter(pc.or_(pc.invert(found["is_object"]), found["lenient"]))
    for number, is_object in zip(
        doubtful["line"].to_pylist(), doubtful["is_object"].to_pylist(), strict=True
    ):
        try:
            record = json.loads(raw[number - first].as_py().encode())
        except ValueError as exc:
            problems.append(_bad_json(number, getattr(exc, "msg", None) or _NOT_UTF8))
            refused.add(number)
            continue
        except RecursionError:
            problems.append(_bad_json(number, "nested too deeply"))
            refused.add(number)
            continue
        if not isinstance(record, dict):
            problems.append(Problem("events.not_an_object", row=number))
            refused.add(number)
        elif not is_object:
            # JSON to Python, not to DuckDB: a lone surrogate, which is not UTF-8 text.
            problems.append(_bad_json(number, _NOT_UTF8))
            refused.add(number)
    return refused


def _unknown_counts(found: pa.Table) -> list[tuple[str, int]]:
    """The classes of the block that are not events, in the order they first appear, with
    how many lines each."""
    import pyarrow.compute as pc

    unknown = found.filter(found["unknown"])["cls"]
    if not len(unknown):
        return []
    counts = pc.value_counts(unknown)
    return [(item["values"], item["counts"]) for item in counts.to_pylist()]


def _lookup(keys: Any, values: Any, names: tuple[str, ...]) -> dict[str, pa.Array]:
    """For each of ``names``, its value in each row's object (``keys`` and ``values``, list
    columns in the order written), ``NULL`` where the object has no such key. A key written
    twice has its last value, as Python's ``json`` reads it."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(keys, pa.ChunkedArray):
        keys, values = keys.combine_chunks(), values.combine_chunks()
    flat_keys = pc.list_flatten(keys)
    flat_values = pc.list_flatten(values)
    parents = pc.list_parent_indices(keys).to_numpy(zero_copy_only=False)
    ids = pc.fill_null(pc.index_in(flat_keys, value_set=pa.array(names, pa.string())), -1)
    ids = ids.to_numpy(zero_copy_only=False)
    chosen = ids >= 0
    rows, columns, places = parents[chosen], ids[chosen], np.flatnonzero(chosen)
    matrix = np.full((len(names), len(keys)), -1, np.int32)
    matrix[columns, rows] = places
    if int(np.count_nonzero(matrix >= 0)) < len(places):
        # A key written twice in one object: its last value, the first one read backwards.
        cells = columns * len(keys) + rows
        _, first_back = np.unique(cells[::-1], return_index=True)
        keep = len(cells) - 1 - first_back
        matrix[columns[keep], rows[keep]] = places[keep]
    found: dict[str, pa.Array] = {}
    nulls = pa.nulls(len(keys), pa.string())
    given = np.bincount(columns, minlength=len(names)) if len(columns) else np.zeros(len(names))
    for j, name in enumerate(names):
        index = matrix[j]
        found[name] = pc.take(flat_values, pa.array(index, mask=index < 0)) if given[j] else nulls
    return found
