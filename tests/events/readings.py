"""An event file read block by block (Arrow) and line by line, compared."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from siaran.events.blocks import read_tables
from siaran.events.reading import ReadTally, read_chunks


def by_block(path: Path, fmt: str, block_bytes: int) -> tuple[pa.Table, ReadTally]:
    tally = ReadTally()
    tables = list(read_tables(path, fmt, tally, block_bytes=block_bytes))
    return pa.concat_tables(tables).sort_by("line"), tally


def by_line(path: Path, fmt: str) -> tuple[pa.Table, ReadTally]:
    tally = ReadTally()
    tables = [c.to_table() for c in read_chunks(path, fmt, tally, chunk_size=50)]
    return pa.concat_tables(tables).sort_by("line"), tally


def assert_same_reading(path: Path, fmt: str, block_bytes: int) -> ReadTally:
    """Both readings give the same events, texts, problems and counts; the block tally."""
    fast, fast_tally = by_block(path, fmt, block_bytes)
    slow, slow_tally = by_line(path, fmt)
    assert fast.to_pylist() == slow.to_pylist()
    assert fast_tally.lines == slow_tally.lines
    assert fast_tally.problems == slow_tally.problems
    assert fast_tally.problem_count == slow_tally.problem_count
    assert list(fast_tally.unknown_types.items()) == list(slow_tally.unknown_types.items())
    assert fast_tally.ignored_columns == slow_tally.ignored_columns
    return fast_tally
