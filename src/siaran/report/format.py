"""Numbers for display, the way a reader of each language writes them.

Indonesian groups thousands with a dot and writes decimals with a comma (``Rp45.300``,
``4,3%``, ``Rp1,2 jt``); English does the opposite (``Rp45,300``, ``4.3%``, ``Rp1.2M``).
Unknown values (``None``, NaN) are shown as an em dash, never as 0: callers put the reason in
a ``title`` attribute next to it.

These are display strings only; parsing numbers typed or exported by sellers is
:mod:`siaran.ingest`'s job.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Final

from siaran.i18n import Lang, text

UNKNOWN: Final = "—"
MINUS: Final = "−"  # U+2212: the typographic minus lines up with digits

# Prefix for a currency code; a code not listed is written before the number ("MYR 1,234").
CURRENCY_SIGNS: Final[dict[str, str]] = {"IDR": "Rp", "USD": "US$", "MYR": "RM", "SGD": "S$"}

# Compact magnitudes, largest first, with their catalogue keys.
_MAGNITUDES: Final[tuple[tuple[float, str], ...]] = (
    (1e12, "report.number.trillion"),
    (1e9, "report.number.billion"),
    (1e6, "report.number.million"),
    (1e3, "report.number.thousand"),
)


def is_known(value: float | int | None) -> bool:
    """Whether ``value`` is a real, finite number (not unknown)."""
    return value is not None and math.isfinite(value)


def _localise(digits: str, lang: Lang) -> str:
    """Swap English separators (``1,234.5``) for Indonesian ones (``1.234,5``)."""
    if lang == "en":
        return digits
    return digits.translate(str.maketrans(",.", ".,"))


def _signed(value: float, body: str) -> str:
    return f"{MINUS}{body}" if value < 0 and body.strip("0,. ") else body


def format_number(value: float | int | None, lang: Lang, *, decimals: int = 0) -> str:
    """``1.234`` (id) / ``1,234`` (en); ``decimals`` fixed digits after the separator."""
    if value is None or not is_known(value):
        return UNKNOWN
    body = _localise(f"{abs(value):,.{decimals}f}", lang)
    return _signed(value, body)


def format_decimal(value: float | int | None, lang: Lang, *, decimals: int = 2) -> str:
    """A small signed decimal such as a correlation: ``−0,42`` (id) / ``−0.42`` (en)."""
    return format_number(value, lang, decimals=decimals)


def format_compact(value: float | int | None, lang: Lang, *, trim: bool = False) -> str:
    """``1,2 jt`` / ``1.2M``; below a thousand the plain number. Under 100 units one decimal
    is kept (``3,0 jt``, so a column reads evenly) unless ``trim`` (``3 jt``, for axis ticks)."""
    if value is None or not is_known(value):
        return UNKNOWN
    size = abs(float(value))
    for index, (scale, key) in enumerate(_MAGNITUDES):
        if size < scale:
            continue
        scaled = size / scale
        decimals = 1 if scaled < 100 else 0
        rounded = round(scaled, decimals)
        if rounded >= 1000 and index > 0:
            # 999.96 million rounds to "1,000 million": say "1 billion" instead.
            scale, key = _MAGNITUDES[index - 1]
            rounded, decimals = round(size / scale, 1), 1
        digits = f"{rounded:,.{decimals}f}"
        if trim and digits.endswith(".0"):
            digits = digits[:-2]
        body = text(key, lang, value=_localise(digits, lang))
        return _signed(float(value), body)
    return format_number(value, lang)


def currency_sign(currency: str | None) -> str:
    if not currency:
        return ""
    code = currency.upper()
    return CURRENCY_SIGNS.get(code, f"{code} ")


def format_money(
    value: float | int | None,
    lang: Lang,
    *,
    currency: str | None = "IDR",
    compact: bool = True,
) -> str:
    """``Rp45.300`` / ``Rp45,300``; with ``compact`` a million or more as ``Rp1,2 jt`` /
    ``Rp1.2M``. Amounts under 10 keep two decimals (GMV per view can be a fraction)."""
    if value is None or not is_known(value):
        return UNKNOWN
    size = abs(float(value))
    if compact and size >= 1e6:
        body = format_compact(size, lang)
    else:
        body = format_number(size, lang, decimals=2 if 0 < size < 10 else 0)
    return _signed(float(value), f"{currency_sign(currency)}{body}")


def format_percent(fraction: float | int | None, lang: Lang, *, decimals: int = 1) -> str:
    """A rate stored as a fraction (0.0428) shown as ``4,3%`` / ``4.3%``."""
    if fraction is None or not is_known(fraction):
        return UNKNOWN
    return f"{format_number(float(fraction) * 100, lang, decimals=decimals)}%"


def format_hours(hours: float | int | None, lang: Lang) -> str:
    """``12,5 jam`` / ``12.5 h``."""
    if hours is None or not is_known(hours):
        return UNKNOWN
    decimals = 1 if abs(hours) < 100 else 0
    return text("report.number.hours", lang, value=format_number(hours, lang, decimals=decimals))


def format_date(day: date | None, lang: Lang) -> str:
    """``28 Sep 2026`` (en) / ``28 Sep 2026`` with Indonesian month names (``Agu``, ``Des``)."""
    if day is None:
        return UNKNOWN
    months = text("report.months", lang).split()
    return f"{day.day} {months[day.month - 1]} {day.year}"
