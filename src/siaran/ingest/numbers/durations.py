"""Durations as exports write them: ``0h19m``, ``1j 5m``, ``2m 30d``, ``00:00:25``."""

from __future__ import annotations

import datetime as dt
import math
import re

from siaran.ingest.numbers.amounts import _UNKNOWN, _normalise, _number_cell
from siaran.ingest.numbers.cells import (
    DurationCell,
    ParseFailure,
)

# --- durations --------------------------------------------------------------------------------

_DURATION_UNITS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "j": 3600, "jam": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "mnt": 60, "menit": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "d": 1, "dt": 1, "dtk": 1, "detik": 1,  # Indonesian detik: "2m 30d" is 150 s
    "day": 86400, "days": 86400, "hari": 86400,
}  # fmt: skip
_DURATION_WORDS_RE = re.compile(r"(?:\d+(?:[.,]\d+)?\s*[^\W\d_]+\.?[\s,]*)+")
_DURATION_PART_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)")
_CLOCK_RE = re.compile(
    r"(?:(\d{1,6})\s*(?:days?|hari),?\s*)?(\d{1,9}):(\d{1,2})(?::(\d{1,2}(?:[.,]\d+)?))?"
)
_SECONDS_RE = re.compile(r"\d+(?:[.,]\d+)?")


def _duration_text(raw: str, clock_hours: bool = False) -> float | None:
    text = _normalise(raw).lower()
    if text in _UNKNOWN:
        return None
    if _SECONDS_RE.fullmatch(text):
        seconds = float(text.replace(",", "."))
        if not math.isfinite(seconds):
            raise ParseFailure("numbers.not_finite")
        return seconds
    clock = _CLOCK_RE.fullmatch(text)
    if clock:
        days, first, second, third = clock.groups()
        if third is None and clock_hours:  # hours:minutes, as a live's length is kept
            hours, minutes, seconds = int(first), int(second), 0.0
            if minutes >= 60:
                raise ParseFailure("numbers.not_a_duration")
        elif third is None:  # two fields are minutes:seconds, as average viewing times are
            hours, minutes, seconds = 0, int(first), float(second)
        else:
            hours, minutes, seconds = int(first), int(second), float(third.replace(",", "."))
            if minutes >= 60:
                raise ParseFailure("numbers.not_a_duration")
        if seconds >= 60:
            raise ParseFailure("numbers.not_a_duration")
        return int(days or 0) * 86400 + hours * 3600 + minutes * 60 + seconds
    if not _DURATION_WORDS_RE.fullmatch(text):
        raise ParseFailure("numbers.not_a_duration")
    total, seen = 0.0, set()
    for amount, unit in _DURATION_PART_RE.findall(text):
        size = _DURATION_UNITS.get(unit)
        if size is None or unit in seen:
            raise ParseFailure("numbers.not_a_duration")
        seen.add(unit)
        total += float(amount.replace(",", ".")) * size
    if not math.isfinite(total):
        raise ParseFailure("numbers.not_finite")
    return total


def _duration(value: object, excel_day_fraction: bool, clock_hours: bool = False) -> float | None:
    if isinstance(value, str):
        return _duration_text(value, clock_hours)
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    else:
        number = _number_cell(value)
        if number is None:
            return None
        seconds = number * 86400 if excel_day_fraction else number
    if seconds < 0:
        raise ParseFailure("numbers.negative_duration")
    return seconds


def parse_duration(
    value: DurationCell, *, excel_day_fraction: bool = False, clock_hours: bool = False
) -> float | None:
    """Seconds: ``"0h19m"``, ``"1j 5m"``, ``"2m 30d"``, ``"00:00:25"``, ``"90"`` (bare = seconds).

    Two clock fields (``"05:30"``) are minutes:seconds, or hours:minutes with ``clock_hours``
    (a live's length, as Excel's ``h:mm`` writes it); ``d`` is detik (seconds), days are
    ``day``/``hari``. A number is seconds, or a fraction of a day (Excel's duration format)
    when ``excel_day_fraction``.
    """
    return _duration(value, excel_day_fraction, clock_hours)
