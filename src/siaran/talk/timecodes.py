"""Reading the time stamps of transcripts and comment files.

Transcript times are offsets from the start of the live, in seconds. Comment files may carry
offsets too, or absolute moments (ISO 8601, or Unix epoch seconds / milliseconds as event
streams write them).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

# SRT "00:01:02,500", VTT "00:01:02.500" or "01:02.500"; hours may exceed two digits.
_CLOCK: Final = re.compile(r"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$")

# A plain number is taken as epoch seconds (or milliseconds) above these bounds: no live lasts
# 30 years, so an offset that large cannot be meant.
EPOCH_SECONDS_FROM: Final = 1_000_000_000
EPOCH_MILLIS_FROM: Final = 100_000_000_000


def parse_clock(value: str) -> float | None:
    """``hh:mm:ss[.mmm]`` or ``mm:ss[.mmm]`` (comma or dot before the fraction) in seconds."""
    match = _CLOCK.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    total = float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    if fraction:
        total += int(fraction.ljust(3, "0")) / 1000
    return total


def format_clock(seconds: float | None) -> str:
    """``hh:mm:ss`` for messages and quotes; ``--:--:--`` when the time is unknown."""
    if seconds is None:
        return "--:--:--"
    whole = max(0, round(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def parse_moment(value: str) -> tuple[float | None, dt.datetime | None]:
    """A comment time: ``(offset_s, None)`` or ``(None, absolute)``; ``(None, None)`` if bad.

    Accepted: ``hh:mm:ss`` / ``mm:ss`` offsets, plain seconds (``312`` or ``312.5``), epoch
    seconds or milliseconds, and ISO 8601 date-times (an absolute moment without offset stays
    naive and is read in the workspace's zone by the caller).
    """
    text = value.strip()
    if not text:
        return None, None
    clock = parse_clock(text)
    if clock is not None:
        return clock, None
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        if number != number or number < 0:  # NaN or negative
            return None, None
        if number >= EPOCH_MILLIS_FROM:
            return None, dt.datetime.fromtimestamp(number / 1000, tz=dt.UTC)
        if number >= EPOCH_SECONDS_FROM:
            return None, dt.datetime.fromtimestamp(number, tz=dt.UTC)
        return number, None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, None
    return None, moment
