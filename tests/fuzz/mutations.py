"""Hypothesis strategies that damage a file the ways real files get damaged: cut short, bytes
flipped, columns shuffled or renamed, cells with extreme or malformed values, other encodings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.harness import Table

NASTY_TEXT = (
    "", " ", "-", "—", "N/A", "null", "None", "NaN", "nan", "inf", "-inf", "Infinity",
    "1e30", "-1e30", "1e308", "1e309", "9" * 40, "-7", "-0", "0", "-5.000", "Rp -5.000",
    "Rp 1,2 jt", "12,5rb", "1.234.567,89", "1,234,567.89", "4.38%", "-4%", "1e3%", "%",
    "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+62812", "@SUM(A1)", "\t=cmd", "\r=cmd",
    "２０２６-０７-０４", "١٢٣", "ℌ𝔢𝔩𝔩𝔬", "ẞ", "\u202e", "\x00", "\ufeff", "a\nb", "\"", "'",
    "2026-02-30 20:00", "2026-07-04T20:00:00+25:00", "9999-12-31 23:59:59", "0000-00-00",
    "1970-01-01", "1783170000000", "-1783170000000", "00:00:-25", "99h99m", "1h-5m",
    "25:61", "2026/07/04/ 25:01", "7523456789012345678", "7.52346E+18", "0x1F", "1_000",
    "  12  ", "12 ", "١٢", "½",
)  # fmt: skip
"""Texts that have broken parsers: empty and placeholder cells, numbers beyond float and
beyond int64, negative money and counts, formula-like cells, look-alike digits, impossible
dates and durations, control characters."""

HUGE_NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([2**63, -(2**63) - 1, 2**64, 10**400, 1e308, -0.0, 5e-324]),
)

nasty_cells: st.SearchStrategy[object] = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=30),
    HUGE_NUMBERS.map(str),
    st.none(),
)
"""Cells of a CSV file (text) or a workbook (text cells, or none)."""

xlsx_cells: st.SearchStrategy[object] = st.one_of(
    nasty_cells,
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
)
"""A workbook may also hold numbers (openpyxl cannot write NaN or infinity)."""

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252")


@st.composite
def mutated_table(draw: st.DrawFn, rows: Table, header_at: int, cells: Any = nasty_cells) -> Table:
    """``rows`` with columns shuffled, renamed or dropped, rows dropped or doubled and cells
    replaced; the header stays where it was so that the layout is still recognised often."""
    table = [list(row) for row in rows]
    width = max(len(row) for row in table)
    table = [row + [None] * (width - len(row)) for row in table]
    if draw(st.booleans()):
        order = draw(st.permutations(range(width)))
        table = [[row[i] for i in order] for row in table]
    for _ in range(draw(st.integers(0, 2))):
        column = draw(st.integers(0, width - 1))
        header = str(table[header_at][column] or "")
        table[header_at][column] = draw(
            st.one_of(
                st.sampled_from([header.upper(), header.lower(), f" {header} ", header[:-1], ""]),
                st.text(max_size=12),
            )
        )
    if draw(st.booleans()) and width > 1:
        column = draw(st.integers(0, width - 1))
        table = [row[:column] + row[column + 1 :] for row in table]
    body = list(range(header_at + 1, len(table)))
    for _ in range(draw(st.integers(0, 6))):
        if not body:
            break
        row = draw(st.sampled_from(body))
        column = draw(st.integers(0, len(table[row]) - 1))
        table[row][column] = draw(cells)
    if len(body) > 0 and draw(st.booleans()):
        row = draw(st.sampled_from(body))
        doubled = draw(st.booleans())
        table.insert(row, list(table[row]) if doubled else [])
    return table


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped, inserted or deleted."""
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(buffer) - 1, 0)))
        if kind == "flip" and buffer:
            buffer[at] ^= draw(st.integers(1, 255))
        elif kind == "insert":
            buffer[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif buffer:
            del buffer[at : at + draw(st.integers(1, 16))]
    return bytes(buffer)


json_values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        HUGE_NUMBERS,
        st.sampled_from(NASTY_TEXT),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value, with numbers beyond float and int64 and NaN (``json`` writes it)."""


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (dict keys and list indexes)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replace(value: Any, path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        copy = dict(value)
        copy[head] = _replace(value[head], rest, change)
        return copy
    copy_list = list(value)
    copy_list[head] = _replace(value[head], rest, change)
    return copy_list


@st.composite
def mutated_records(draw: st.DrawFn, records: list[Any]) -> list[Any]:
    """``records`` with values replaced by any JSON value, keys renamed or dropped, records
    dropped or doubled."""
    value: Any = list(records)
    for _ in range(draw(st.integers(1, 4))):
        places = [p for p in _paths(value) if p]
        if not places:
            break
        place = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["value", "value", "rename", "drop"]))
        parent = _replace(value, place[:-1], lambda v: v)
        if action == "value" or not isinstance(_get(parent, place[:-1]), dict):
            value = _replace(value, place, partial(_constant, draw(json_values)))
        elif action == "rename":
            name = draw(st.one_of(st.text(max_size=10), st.just(str(place[-1]).upper())))
            value = _replace(value, place[:-1], partial(_renamed, key=place[-1], name=name))
        else:
            value = _replace(value, place[:-1], partial(_without, key=place[-1]))
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        value.insert(index, value[index])
    return value if isinstance(value, list) else [value]


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _constant(value: Any, _old: Any) -> Any:
    return value


def _renamed(record: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    return {(name if k == key else k): v for k, v in record.items()}


def _without(record: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != key}
