"""Durations, dates and times for display in each language.

A duration is written the short way a seller reads a stopwatch: ``1j 5m`` / ``1h 5m``,
``12m 30d`` / ``12m 30s``, ``45d`` / ``45s``. Dates use the language's month abbreviations
(``28 Agu 2026`` / ``28 Aug 2026``); a time keeps the wall clock of its own offset (a live in
WITA reads in WITA).
"""

from __future__ import annotations

import datetime as dt

from siaran.formatting.numbers import MINUS, UNKNOWN, is_known
from siaran.i18n import Lang, text


def format_duration(seconds: float | int | None, lang: Lang) -> str:
    """``1j 5m`` (id) / ``1h 5m`` (en): hours and minutes past an hour, minutes and seconds
    under it; parts that are zero are left out (``45m``, not ``45m 0d``)."""
    if seconds is None or not is_known(seconds):
        return UNKNOWN
    total = round(abs(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        parts = [("h", hours), ("m", minutes)]
    elif minutes:
        parts = [("m", minutes), ("s", secs)]
    else:
        parts = [("s", secs)]
    shown = [text(f"format.duration.{unit}", lang, n=n) for unit, n in parts if n]
    body = " ".join(shown) or text("format.duration.s", lang, n=0)
    return f"{MINUS}{body}" if seconds < 0 and total else body


def _as_datetime(value: dt.datetime | dt.date | str) -> dt.datetime | dt.date:
    if isinstance(value, str):
        stripped = value.strip()
        return (
            dt.date.fromisoformat(stripped)
            if len(stripped) == 10
            else dt.datetime.fromisoformat(stripped)
        )
    return value


def format_date(day: dt.date | dt.datetime | str | None, lang: Lang) -> str:
    """``28 Agu 2026`` (id) / ``28 Aug 2026`` (en); a date-time gives its own (local) date."""
    if day is None or day == "":
        return UNKNOWN
    found = _as_datetime(day)
    months = text("format.months", lang).split()
    return f"{found.day} {months[found.month - 1]} {found.year}"


def format_datetime(moment: dt.date | str | None, lang: Lang) -> str:
    """``4 Jul 2026 20:01`` from a date-time (an ISO 8601 string with offset, as the JSON
    contract writes it); the wall time of its own offset is kept."""
    if moment is None or moment == "":
        return UNKNOWN
    found = _as_datetime(moment)
    if not isinstance(found, dt.datetime):
        return format_date(found, lang)
    return f"{format_date(found, lang)} {found:%H:%M}"


def format_time_of_day(moment: dt.date | str | None) -> str:
    """``20:01``: the minute of a live's timeline (one live spans hours, not days)."""
    if moment is None or moment == "":
        return UNKNOWN
    found = _as_datetime(moment)
    return f"{found:%H:%M}" if isinstance(found, dt.datetime) else UNKNOWN
