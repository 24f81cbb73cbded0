"""The checks of a read table's start and end times, as column expressions: rows that cannot
be a session although every cell was readable, and the seconds between start and end."""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import Problem
from siaran.ingest.layouts._tiktok_columns import ReadTable


def time_problems(
    table: ReadTable,
    written: Mapping[str, str],
    *,
    start: str,
    end: str,
    room: str | None = None,
) -> list[Problem]:
    """Rows that cannot be a session even though every cell was readable, found as column
    expressions: no start time (an unreadable one is a problem of its own already; with
    ``room``, a row without a room either is named so), or an end before the start. ``start``,
    ``end`` and ``room`` are column keys, ``written`` their headers as the file writes them."""
    n = len(table)
    nothing, utc = pa.nulls(n, pa.string()), pa.timestamp("us", tz="UTC")
    starts = table.values.get(start, pa.nulls(n, utc)).cast(utc)
    ends = table.values.get(end, pa.nulls(n, utc)).cast(utc)
    no_start = pc.and_(pc.is_null(starts), pc.is_null(table.raw.get(start, nothing)))
    backwards = pc.fill_null(pc.less(ends, starts), False)
    flagged = pc.indices_nonzero(pc.or_(no_start, backwards)).to_pylist()
    if not flagged:
        return []
    missing = no_start.to_pylist()
    roomless = (
        [False] * n if room is None else pc.is_null(table.values.get(room, nothing)).to_pylist()
    )
    end_raw = table.raw_column(end)
    start_header, end_header = written.get(start, start), written.get(end, end)
    problems = []
    for i in flagged:
        row = table.source_rows[i]
        if missing[i] and roomless[i]:
            problems.append(Problem("tiktok.row_without_room_or_start", row))
        elif missing[i]:
            problems.append(Problem("tiktok.missing_start_time", row, start_header))
        else:
            problems.append(Problem("tiktok.end_before_start", row, end_header, end_raw[i]))
    return problems


def spans(table: ReadTable, start: str, end: str) -> pa.Array:
    """Seconds from ``start`` to ``end`` (column keys) per row; null where either is unknown
    or the end comes before the start."""
    n = len(table)
    utc = pa.timestamp("us", tz="UTC")
    starts = table.values.get(start, pa.nulls(n, utc)).cast(utc)
    ends = table.values.get(end, pa.nulls(n, utc)).cast(utc)
    seconds = pc.divide(pc.cast(pc.cast(pc.subtract(ends, starts), pa.int64()), pa.float64()), 1e6)
    return pc.if_else(pc.less(ends, starts), pa.scalar(None, pa.float64()), seconds)
