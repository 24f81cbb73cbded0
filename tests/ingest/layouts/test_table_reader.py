"""The column expressions of the shared table reader against scalar references written out
here, one cell or one row at a time, as the layouts read them before they read whole columns:
whether a time column carries its own zone, a date and a time column joined, the start/end
checks and spans, and Shopee's decision whether bare rates are percentages."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from siaran.errors import Problem
from siaran.ingest.cell import Cell
from siaran.ingest.layouts._tiktok_columns import (
    Column,
    ReadTable,
    TimeZoneRule,
    _any_naive,
    read_column,
)
from siaran.ingest.layouts._time_checks import spans, time_problems
from siaran.ingest.layouts.mapping import _field_cells, _joined
from siaran.ingest.layouts.shopee import _rates_in_percent, _Records
from siaran.ingest.numbers import Convention, ParseFailure, parse_number
from siaran.ingest.numbers.vector import string_array

JAKARTA = ZoneInfo("Asia/Jakarta")
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT|WIB|WITA|WIT)\s*$", re.IGNORECASE)

time_texts = st.one_of(
    st.sampled_from(
        [
            "2026-07-04 20:01:54",
            "2026-07-04T20:01:54+07:00",
            "2026-07-04 20:01 WIB",
            "2026-07-04 20:01:54Z",
            "1779541756",
            "1779541756123",
            "  ",
            "-",
            "04/07/2026 20:00 wita",
            "٣٤",
        ]
    ),
    st.text("0123456789 :-+ZWIBT", max_size=12),
)
time_cells = st.lists(
    st.one_of(
        time_texts,
        st.none(),
        st.just(dt.datetime(2026, 7, 4, 20, 0)),
        st.just(dt.datetime(2026, 7, 4, 20, 0, tzinfo=JAKARTA)),
        st.integers(10**9, 10**13),
    ),
    max_size=12,
)


def naive_tiktok(cell: Cell) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    if isinstance(cell, str):
        return not _OFFSET.search(cell.strip())
    return False


def naive_mapping(cell: Cell) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    return isinstance(cell, str) and not cell.strip().isdigit() and not _OFFSET.search(cell)


def naive_shopee(cell: Cell) -> bool:
    if isinstance(cell, dt.datetime):
        return cell.tzinfo is None
    if isinstance(cell, str):
        text = cell.strip()
        return bool(text) and not text.isdigit() and not _OFFSET.search(text)
    return False


@settings(max_examples=300, deadline=None)
@given(time_cells)
def test_the_time_zone_rules_agree_with_each_layouts_scalar_rule(cells: list[Cell]) -> None:
    texts, others = string_array(cells)
    rules = (
        (TimeZoneRule(), naive_tiktok),
        (TimeZoneRule(epochs=True), naive_mapping),
        (TimeZoneRule(epochs=True, blank_is_zoned=True), naive_shopee),
    )
    for rule, reference in rules:
        assert _any_naive(texts, cells, others, rule) == any(map(reference, cells))


date_parts = st.one_of(
    st.none(),
    st.sampled_from(["04/07/2026", "2026-07-04", "Sabtu"]),
    st.just(dt.date(2026, 7, 4)),
    st.just(dt.datetime(2026, 7, 4)),
)
time_parts = st.one_of(
    st.none(), st.sampled_from(["20:00", "8 pm", "20.00.15"]), st.just(dt.time(20, 0))
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(date_parts, time_parts, st.sampled_from([None, "x"])), max_size=8))
def test_a_date_and_a_time_column_join_as_row_by_row(
    rows: list[tuple[Cell, Cell, Cell]],
) -> None:
    grid = [list(row) for row in rows]
    assert _field_cells(grid, (0, 1)) == [_joined(row[:2]) for row in grid]
    assert _field_cells(grid, (2,)) == [row[2] for row in grid]


moments = st.one_of(
    st.none(),
    st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M:%S")
    ),
    st.just("-"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(moments, moments, st.sampled_from([None, "7001"])), max_size=10))
def test_start_and_end_checks_and_spans_agree_row_by_row(
    rows: list[tuple[str | None, str | None, str | None]],
) -> None:
    table = ReadTable(source_rows=[i + 5 for i in range(len(rows))])
    columns = (
        Column("Start Time", "datetime"),
        Column("End Time", "datetime"),
        Column("Room ID", "room_id"),
    )
    for position, column in enumerate(columns):
        cells: list[Cell] = [row[position] for row in rows]
        read_column(table, column, cells, column.key, tz=JAKARTA, convention=None)
    written = {"Start Time": "Mulai", "End Time": "Selesai"}
    got = time_problems(table, written, start="Start Time", end="End Time", room="Room ID")
    starts, ends = table.column("Start Time"), table.column("End Time")
    expected: list[Problem] = []
    durations: list[float | None] = []
    for i, (start_cell, end_cell, room) in enumerate(rows):
        start, end = starts[i], ends[i]
        assert start is None or isinstance(start, dt.datetime)
        assert end is None or isinstance(end, dt.datetime)
        row = i + 5
        if start is None and start_cell is None:
            key = "tiktok.row_without_room_or_start" if room is None else ""
            expected.append(
                Problem(key, row) if key else Problem("tiktok.missing_start_time", row, "Mulai")
            )
        elif start is not None and end is not None and end < start:
            expected.append(Problem("tiktok.end_before_start", row, "Selesai", end_cell))
        ok = start is not None and end is not None and end >= start
        durations.append((end - start).total_seconds() if ok else None)  # type: ignore[operator]
    assert got == expected
    assert spans(table, "Start Time", "End Time").to_pylist() == durations


rate_cells = st.one_of(
    st.none(),
    st.floats(0, 500, allow_nan=False),
    st.integers(0, 10**6),
    st.sampled_from(["12.5", "0,5", "5%", "1.234", "-", "abc", "0"]),
    st.booleans(),
)


def percent_reference(columns: dict[str, list[Cell]], convention: Convention) -> bool:
    """Whether bare rates are percentages, row by row."""

    def bare(key: str) -> list[float | None]:
        out: list[float | None] = []
        for cell in columns[key]:
            value = None
            if isinstance(cell, str | int | float) and "%" not in str(cell):
                with contextlib.suppress(ParseFailure):
                    value = parse_number(cell, convention)
            out.append(value)
        return out

    ctr, co = bare("ctr"), bare("co")
    orders, views = bare("orders"), bare("views")
    votes = 0
    for c, o, n_orders, n_views in zip(ctr, co, orders, views, strict=True):
        if c and o and n_orders and n_views and c > 0 and o > 0 and n_orders > 0 and n_views > 0:
            ratio = c * o * n_views / n_orders  # 0 when the product underflows: a fraction
            votes += 1 if ratio > 0 and math.log10(ratio) > 2 else -1
    if votes:
        return votes > 0
    return any(value is not None and value > 1 for value in (*ctr, *co))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 8).flatmap(
        lambda n: st.lists(st.lists(rate_cells, min_size=n, max_size=n), min_size=4, max_size=4)
    ),
    st.sampled_from(["dot_decimal", "comma_decimal"]),
)
def test_percent_rates_are_decided_as_row_by_row(
    columns: Sequence[list[Cell]], convention: Convention
) -> None:
    records = _Records()
    records.rows = list(range(1, len(columns[0]) + 1))
    records.cells = dict(zip(("ctr", "co", "orders", "views"), columns, strict=True))
    strings = {key: string_array(cells) for key, cells in records.cells.items()}
    expected = percent_reference(records.cells, convention)
    assert _rates_in_percent(records, strings, convention) == expected


def test_percent_rates_in_the_forms_the_api_writes() -> None:
    records = _Records()
    records.rows = [1, 2]
    records.cells = {"ctr": [7.5, 2.0], "co": [8.0, 5.0], "orders": [12, 3], "views": [2000, 300]}
    strings = {key: string_array(cells) for key, cells in records.cells.items()}
    assert _rates_in_percent(records, strings, "dot_decimal")
    records.cells["ctr"], records.cells["co"] = [0.075, 0.02], [0.08, 0.05]
    strings = {key: string_array(cells) for key, cells in records.cells.items()}
    assert not _rates_in_percent(records, strings, "dot_decimal")
