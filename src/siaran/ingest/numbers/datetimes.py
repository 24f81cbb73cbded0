"""Local date-times with and without an offset, day-first or month-first, epoch numbers."""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from siaran.ingest.numbers.amounts import _UNKNOWN, _normalise
from siaran.ingest.numbers.cells import (
    Cell,
    ParseFailure,
)

# --- date-times -------------------------------------------------------------------------------

_DATETIME_RE = re.compile(
    r"""
    (?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})
      |(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y2>\d{4}))
    /?                                        # Seller Center writes "2026/07/04/ 20:01"
    (?:(?:\s+|T|,\s*)
       (?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?
       (?:\s*(?P<ampm>[ap])\.?m\.?)?)?
    \s*(?P<tz>z|[+-]\d{2}(?::?\d{2})?|(?:gmt|utc)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|wib|wita|wit)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DAY_MONTH_RE = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}")
_ZONE_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _zone(text: str) -> dt.tzinfo:
    name = text.upper()
    if name in _ZONE_NAMES:
        return ZoneInfo(_ZONE_NAMES[name])
    offset = name.removeprefix("GMT").removeprefix("UTC").replace(":", "").replace(" ", "")
    if name == "Z" or not offset:
        return dt.UTC
    body = offset[1:]
    hours, minutes = (int(body[:-2]), int(body[-2:])) if len(body) > 2 else (int(body), 0)
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if offset[0] == "-" else delta)


def _epoch(number: int) -> dt.datetime:
    if 10**11 <= number < 10**13:  # 12-13 digits: 1973-2286
        return _EPOCH + dt.timedelta(milliseconds=number)
    if 10**9 <= number < 10**10:  # 10 digits: 2001-2286
        return _EPOCH + dt.timedelta(seconds=number)
    raise ParseFailure("numbers.not_a_datetime")


def _datetime_text(raw: str, tz: dt.tzinfo, month_first: bool | None) -> dt.datetime | None:
    text = _normalise(raw)
    if text.lower() in _UNKNOWN:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 13:
        return _epoch(int(text))
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        raise ParseFailure("numbers.not_a_datetime")
    g = match.groupdict()
    if g["y"]:
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
    else:
        year, day, month = int(g["y2"]), int(g["a"]), int(g["b"])
        if month_first or (month_first is None and day <= 12 < month):
            day, month = month, day
    hour, minute, second = int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0)
    micro = int((g["f"] or "0")[:6].ljust(6, "0"))
    if g["ampm"]:
        if not 1 <= hour <= 12:
            raise ParseFailure("numbers.impossible_datetime")
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
    try:
        zone = _zone(g["tz"]) if g["tz"] else tz
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        raise ParseFailure("numbers.impossible_datetime") from None


def _datetime(value: object, tz: dt.tzinfo, month_first: bool | None) -> dt.datetime | None:
    if isinstance(value, str):
        return _datetime_text(value, tz, month_first)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _epoch(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    raise ParseFailure("numbers.not_a_datetime")


def parse_local_datetime(value: Cell, tz: ZoneInfo) -> dt.datetime | None:
    """An aware date-time. Naive text and naive datetimes are local time in ``tz``.

    ``"2026-07-04 20:01:54"``, ``"2026/07/04/ 20:01"``, ``"04/07/2026 20:01"`` (day first, as
    Indonesians write it, unless the second field exceeds 12), ``"...T20:01:54+07:00"`` and
    ``"...Z"`` keep their own offset, ``WIB``/``WITA``/``WIT`` their zone; 13-digit epoch
    milliseconds (and 10-digit epoch seconds) are UTC.
    """
    return _datetime(value, tz, None)
