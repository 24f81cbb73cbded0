"""Typing a chunk of raw events at once: times, counts, amounts, and what is wrong where.

The chunk goes through one DuckDB query (a private in-memory connection whose session zone is
the workspace's, so that a time written without an offset is read as local time). Each line
either becomes a typed event or a :class:`~siaran.errors.Problem` naming its line, field and
value; nothing is guessed. The typed events come back as one Arrow table; the lines with a
problem are described by a second query over the same chunk, only when there are any. Epoch
numbers are milliseconds (a 10-digit number is seconds written by mistake and is refused as
out of range, not silently rescaled).

Two values a spreadsheet leaves behind are refused rather than read: a room id in scientific
notation (``7.39123E+18``: Excel kept 15 digits of the 19, so different lives would merge),
and a count, viewer or diamond number with a dot followed by exactly three digits
(``1.000``), which in Indonesian is one thousand, not one; the canonical format writes plain
numbers (``1000``; ``5`` and ``5.0`` are fine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import pyarrow as pa

from siaran.errors import Problem

if TYPE_CHECKING:
    import duckdb

    from siaran.events.reading import RawChunk

EARLIEST: Final = "2000-01-01 00:00:00+00"
LATEST: Final = "2100-01-01 00:00:00+00"

_EPOCH_RE: Final = r"^\d{1,16}(\.0*)?$"
_SCIENTIFIC_RE: Final = r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$"
_DOT_GROUP_RE: Final = r"^[+-]?\d+\.\d\d\d$"
_OFFSET_RE: Final = r"\d:\d\d(:\d\d([.,]\d+)?)?\s*([zZ]|[+-]\d\d(:?\d\d)?)$"


def _whole(name: str) -> str:
    """The problem checks of a non-negative whole-number field: a dot-grouped thousand
    (``1.000``), then anything that is not a whole number."""
    return (
        f"WHEN {name} IS NOT NULL AND regexp_matches({name}, '{_DOT_GROUP_RE}') "
        f"THEN '{name}|events.thousands_separator' "
        f"WHEN {name} IS NOT NULL AND ({name}_n IS NULL OR {name}_n < 0 "
        f"OR {name}_n <> floor({name}_n) OR {name}_n > 9e15) THEN '{name}|events.bad_count'"
    )


_CHECK_SQL: Final = f"""
WITH raw AS (
  SELECT *,
    regexp_matches(ts, '{_EPOCH_RE}') AS is_epoch,
    TRY_CAST("count" AS DOUBLE) AS count_n,
    TRY_CAST(viewers AS DOUBLE) AS viewers_n,
    TRY_CAST(diamonds AS DOUBLE) AS diamonds_n,
    TRY_CAST(amount AS DOUBLE) AS amount_n
  FROM chunk
), timed AS (
  SELECT *,
    CASE WHEN is_epoch THEN to_timestamp(TRY_CAST(TRY_CAST(ts AS DOUBLE) AS BIGINT) / 1000.0)
         ELSE TRY_CAST(ts AS TIMESTAMPTZ) END AS ts_at,
    NOT is_epoch AND NOT regexp_matches(ts, '{_OFFSET_RE}') AS offsetless
  FROM raw
), checked AS (
  SELECT *, CASE
    WHEN id IS NULL THEN 'id|events.missing_field'
    WHEN room_id IS NULL THEN 'room_id|events.missing_field'
    WHEN regexp_matches(room_id, '{_SCIENTIFIC_RE}') THEN 'room_id|events.room_id_rounded'
    WHEN ts IS NULL THEN 'ts|events.missing_field'
    WHEN ts_at IS NULL THEN 'ts|events.bad_time'
    WHEN ts_at < TIMESTAMPTZ '{EARLIEST}' OR ts_at >= TIMESTAMPTZ '{LATEST}'
      THEN 'ts|events.time_out_of_range'
    {_whole("count")}
    {_whole("viewers")}
    {_whole("diamonds")}
    WHEN amount IS NOT NULL AND (amount_n IS NULL OR NOT isfinite(amount_n))
      THEN 'amount|events.bad_amount'
    WHEN type = 'viewers' AND viewers IS NULL THEN 'viewers|events.missing_field'
  END AS problem
  FROM timed
)
"""

_SELECT_TYPED: Final = (
    _CHECK_SQL
    + """
SELECT
  room_id, id, type, ts_at AS ts, "user", "text",
  CAST(count_n AS BIGINT) AS "count", CAST(viewers_n AS BIGINT) AS viewers,
  CAST(diamonds_n AS BIGINT) AS diamonds, product_id, amount_n AS amount,
  line AS source_line, CAST(ts_at AS DATE) AS "date",
  problem, offsetless
FROM checked
"""
)
_SELECT_PROBLEMS: Final = (
    _CHECK_SQL
    + """
SELECT line, problem, id, room_id, ts, "count", viewers, diamonds, amount
FROM checked WHERE problem IS NOT NULL ORDER BY line LIMIT $keep
"""
)


@dataclass
class TypedChunk:
    """What typing a chunk found: its good events (an Arrow table of the
    :data:`~siaran.events.model.STORED_COLUMNS` but the account and the file's hash, the same
    on every line and added when the events are written), the problems of the other lines (the first
    ``keep_problems``) and how many there were, and how many good events had a time without
    an offset."""

    events: pa.Table
    problems: list[Problem]
    problem_count: int
    offsetless: int

    @property
    def rows(self) -> int:
        """How many events typed cleanly."""
        return int(self.events.num_rows)


def type_chunk(
    con: duckdb.DuckDBPyConnection,
    chunk: RawChunk | pa.Table,
    *,
    keep_problems: int = 1000,
) -> TypedChunk:
    """Type ``chunk`` (a :class:`RawChunk` or its :meth:`~RawChunk.to_table`) on ``con``
    (session zone = the workspace zone): one query types every line and says what is wrong
    with each; a second describes the bad lines, when there are any."""
    import pyarrow.compute as pc

    from siaran.events.reading import RawChunk

    raw = chunk.to_table() if isinstance(chunk, RawChunk) else chunk
    con.register("chunk", raw)
    try:
        result = con.execute(_SELECT_TYPED)
        typed = result.to_arrow_table()
        problem = typed["problem"]
        bad = len(problem) - problem.null_count
        problems: list[Problem] = []
        if bad:
            found = con.execute(_SELECT_PROBLEMS, {"keep": keep_problems}).fetchall()
            problems = [_problem(row) for row in found]
            typed = typed.filter(pc.is_null(problem))
    finally:
        con.unregister("chunk")
    offsetless = int(pc.sum(typed["offsetless"].cast(pa.int64())).as_py() or 0)
    events = typed.drop_columns(["problem", "offsetless"])
    return TypedChunk(events, problems, bad, offsetless)


_FIELD_POSITION: Final = {"id": 2, "room_id": 3, "ts": 4, "count": 5, "viewers": 6}
_FIELD_POSITION.update({"diamonds": 7, "amount": 8})


def _problem(row: tuple[Any, ...]) -> Problem:
    column, key = str(row[1]).split("|")
    value = row[_FIELD_POSITION[column]]
    return Problem(key, row=int(row[0]), column=column, value=None if value is None else value)
