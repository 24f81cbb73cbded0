"""A whole column parsed at once: convention decided from every cell, failures collected."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from siaran.errors import Problem
from siaran.ingest.numbers.amounts import _decide, _finish, _number_cell, _safe_read
from siaran.ingest.numbers.cells import (
    DEFAULT_TIMEZONE,
    Convention,
    DurationCell,
    Kind,
    ParseFailure,
)
from siaran.ingest.numbers.datetimes import _DAY_MONTH_RE, _datetime
from siaran.ingest.numbers.durations import _duration

# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnResult:
    """One parsed column. ``failures`` holds (index in the input, raw value, reason key)."""

    values: list[float | None] | list[dt.datetime | None]
    currency: str | None
    convention: Convention | None
    failures: list[tuple[int, str, str]]

    def problems(self, column: str, rows: Sequence[int]) -> list[Problem]:
        """The failures as problems; ``rows[i]`` is the row the user sees for input ``i``."""
        return [
            Problem(key, row=rows[index], column=column, value=raw)
            for index, raw, key in self.failures
        ]


def parse_column(
    values: Sequence[DurationCell],
    kind: Kind,
    *,
    tz: ZoneInfo | None = None,
    convention: Convention | None = None,
    bare_rate_is_percent: bool = True,
    excel_day_fraction: bool = False,
    clock_hours: bool = False,
) -> ColumnResult:
    """Parse a whole column of ``kind``; bad cells become failures, never exceptions.

    The convention is decided once from the whole column unless given. A money column has
    one currency: cells in another than the most frequent fail with ``numbers.mixed_currency``.
    Date-times are local to ``tz`` (default Asia/Jakarta); a column of day/month/year dates is
    month-first only if some cell proves it (second field over 12) and none proves day-first.
    Each distinct string is parsed once. Two clock fields of a duration are hours:minutes
    with ``clock_hours`` (a live's length), else minutes:seconds.
    """
    distinct = {v for v in values if isinstance(v, str)}
    if kind == "datetime":
        zone = tz or ZoneInfo(DEFAULT_TIMEZONE)
        month_first = _month_first(distinct)
        dates, failures = _collect_parsed(
            values, distinct, lambda v: _datetime(v, zone, month_first)
        )
        return ColumnResult(dates, None, None, failures)
    if kind == "duration":
        durations, failures = _collect_parsed(
            values, distinct, lambda v: _duration(v, excel_day_fraction, clock_hours)
        )
        return ColumnResult(durations, None, None, failures)
    if kind not in ("number", "money", "rate"):
        raise ValueError(f"unknown column kind {kind!r}")
    readings = {text: _safe_read(text, kind == "money") for text in distinct}
    chosen = convention or _decide(readings.values())
    comma, rate, bare = chosen == "comma_decimal", kind == "rate", bare_rate_is_percent
    known = {text: _finish(reading, comma, rate, bare) for text, reading in readings.items()}

    def number_cell(value: object) -> float | None:
        number = _number_cell(value)
        return number / 100 if rate and bare and number is not None else number

    numbers, failures = _collect(values, known, number_cell)
    currency_of = {
        text: reading[5]
        for text, reading in readings.items()
        if isinstance(reading, tuple) and reading[5] is not None
    }
    counts = Counter(currency_of[v] for v in values if isinstance(v, str) and v in currency_of)
    currency = counts.most_common(1)[0][0] if counts else None
    if len(counts) > 1:
        for index, value in enumerate(values):
            if numbers[index] is None or not isinstance(value, str):
                continue
            if currency_of.get(value, currency) != currency:
                numbers[index] = None
                failures.append((index, value, "numbers.mixed_currency"))
        failures.sort()
    return ColumnResult(numbers, currency, chosen, failures)


def day_first_guess(texts: Iterable[str]) -> str | None:
    """A cell of a column of day/month/year dates that :func:`parse_column` reads day first
    with nothing to prove it while the dates are written unpadded (``7/4/2026``), as
    US-locale Excel writes month-first dates; ``None`` when the order is proven by a cell
    (a field over 12) or the dates are padded (``04/07/2026``, as Indonesian exports write)."""
    unpadded: str | None = None
    for text in texts:
        match = None if text[:4].isdigit() else _DAY_MONTH_RE.match(text)
        if match is None:
            continue
        if int(match[1]) > 12 or int(match[2]) > 12:
            return None
        if unpadded is None and (len(match[1]) == 1 or len(match[2]) == 1):
            unpadded = text.strip()
    return unpadded


def _month_first(texts: Iterable[str]) -> bool:
    day_first = month_first = False
    for text in texts:
        match = None if text[:4].isdigit() else _DAY_MONTH_RE.match(text)
        if match:
            day_first = day_first or int(match[1]) > 12
            month_first = month_first or int(match[2]) > 12
    return month_first and not day_first


_T = TypeVar("_T", float, dt.datetime)


def _collect_parsed(
    values: Sequence[DurationCell], distinct: set[str], parse: Callable[[object], _T | None]
) -> tuple[list[_T | None], list[tuple[int, str, str]]]:
    return _collect(values, {text: _attempt(parse, text) for text in distinct}, parse)


def _collect(
    values: Sequence[DurationCell],
    known: dict[str, _T | str | None],
    parse: Callable[[object], _T | None],
) -> tuple[list[_T | None], list[tuple[int, str, str]]]:
    """Every cell's value: strings from ``known`` (a ``str`` there is a failure key), other
    cells through ``parse``; failures become (index, raw value, reason key)."""
    mixed = [known[v] if isinstance(v, str) else _attempt(parse, v) for v in values]
    if str not in set(map(type, mixed)):
        return cast("list[_T | None]", mixed), []  # no failure keys among the values
    failures = [(i, str(values[i]), r) for i, r in enumerate(mixed) if isinstance(r, str)]
    return [None if isinstance(r, str) else r for r in mixed], failures


def _attempt(parse: Callable[[object], _T | None], value: object) -> _T | str | None:
    try:
        return parse(value)
    except ParseFailure as failure:
        return failure.reason_key
