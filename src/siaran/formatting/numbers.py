"""Numbers, money and rates for display, the way a reader of each language writes them.

Indonesian groups thousands with a dot and writes decimals with a comma (``1.234.567,89``,
``Rp45.300``, ``12,5%``, ``Rp1,2 jt``); English does the opposite (``1,234,567.89``,
``Rp45,300``, ``12.5%``, ``Rp1.2M``). Money keeps the currency's own sign in both languages
(``Rp``, ``RM``, ``S$``, ``US$``; a code without a sign is written before the number, ``EUR 12``),
because a rupiah amount is written ``Rp`` by Indonesian and English readers alike.

One minus sign everywhere, :data:`MINUS` (U+2212, which lines up with digits), and one mark
for an unknown value, :data:`UNKNOWN` (an em dash), never 0.

These are display strings only; parsing numbers typed or exported by sellers is
:mod:`siaran.ingest`'s job.
"""

from __future__ import annotations

import math
from typing import Final, TypeGuard

from siaran.i18n import Lang, text

UNKNOWN: Final = "—"
MINUS: Final = "−"  # U+2212: the typographic minus lines up with digits

# Prefix for a currency code; a code not listed is written before the number ("EUR 1,234").
CURRENCY_SIGNS: Final[dict[str, str]] = {"IDR": "Rp", "USD": "US$", "MYR": "RM", "SGD": "S$"}

# Compact magnitudes, largest first, with their catalogue keys.
_MAGNITUDES: Final[tuple[tuple[float, str], ...]] = (
    (1e12, "format.number.trillion"),
    (1e9, "format.number.billion"),
    (1e6, "format.number.million"),
    (1e3, "format.number.thousand"),
)


def is_known(value: object) -> TypeGuard[float | int]:
    """Whether ``value`` is a real, finite number (not unknown, not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _localise(digits: str, lang: Lang) -> str:
    """Swap English separators (``1,234.5``) for Indonesian ones (``1.234,5``)."""
    if lang == "en":
        return digits
    return digits.translate(str.maketrans(",.", ".,"))


def _signed(value: float, body: str) -> str:
    """``body`` with :data:`MINUS` before it when ``value`` is negative and ``body`` is not a
    rounded zero (``-0.001`` is written ``0,00``, not ``−0,00``)."""
    return f"{MINUS}{body}" if value < 0 and any(c in "123456789" for c in body) else body


def format_number(value: float | int | None, lang: Lang, *, decimals: int = 0) -> str:
    """``1.234`` (id) / ``1,234`` (en); ``decimals`` fixed digits after the separator."""
    if value is None or not is_known(value):
        return UNKNOWN
    body = _localise(f"{abs(value):,.{decimals}f}", lang)
    return _signed(value, body)


def format_decimal(value: float | int | None, lang: Lang, *, decimals: int = 2) -> str:
    """A small signed decimal such as a correlation: ``−0,42`` (id) / ``−0.42`` (en)."""
    return format_number(value, lang, decimals=decimals)


def format_count(value: float | int | None, lang: Lang) -> str:
    """A count or a mean of counts: whole numbers as they are (``37.451``), a mean under 100
    with one decimal (``13,1``), so small averages keep their meaning."""
    if value is None or not is_known(value):
        return UNKNOWN
    decimals = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    return format_number(value, lang, decimals=decimals)


def format_change(value: float | int | None, lang: Lang) -> str:
    """A change with its sign always written: ``+30`` / ``−22`` / ``0``."""
    if value is None or not is_known(value):
        return UNKNOWN
    body = format_count(value, lang)
    return f"+{body}" if value > 0 else body


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
    """``Rp`` for IDR, ``RM`` for MYR, ...; ``"EUR "`` for a code without a sign; ``""`` when
    the currency is not known."""
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


def format_money_per_hour(
    value: float | int | None, lang: Lang, *, currency: str | None = "IDR"
) -> str:
    """``Rp1,6 jt/jam`` / ``Rp1.6M/h``."""
    shown = format_money(value, lang, currency=currency)
    return shown if shown == UNKNOWN else text("format.per_hour", lang, value=shown)


def format_percent(fraction: float | int | None, lang: Lang, *, decimals: int = 1) -> str:
    """A rate stored as a fraction (0.0428) shown as ``4,3%`` / ``4.3%``."""
    if fraction is None or not is_known(fraction):
        return UNKNOWN
    return f"{format_number(float(fraction) * 100, lang, decimals=decimals)}%"


def format_rate(fraction: float | int | None, lang: Lang) -> str:
    """A rate as a percentage with as many decimals as it needs to not read as zero: one
    (``12,5%``), two under 1% (``0,42%``)."""
    if fraction is None or not is_known(fraction):
        return UNKNOWN
    decimals = 2 if 0 < abs(fraction) < 0.01 else 1
    return format_percent(fraction, lang, decimals=decimals)


def format_hours(hours: float | int | None, lang: Lang) -> str:
    """``12,5 jam`` / ``12.5 h``."""
    if hours is None or not is_known(hours):
        return UNKNOWN
    decimals = 1 if abs(hours) < 100 else 0
    return text("format.hours", lang, value=format_number(hours, lang, decimals=decimals))


def format_p_value(value: float | None, lang: Lang) -> str:
    """A p-value as the reader sees it: ``p = 0.083`` / ``p = 0,083`` (three decimals),
    ``p < 0.001`` below that; ``p = —`` if unknown."""
    if value is not None and is_known(value) and value < 0.001:
        return "p < " + format_number(0.001, lang, decimals=3)
    return "p = " + format_number(value, lang, decimals=3)


def format_exchange_rate(value: float | None, lang: Lang) -> str:
    """An exchange rate with as many decimals as it needs (up to six significant digits):
    ``0.000063`` / ``0,000063``, ``3,512.5`` / ``3.512,5``."""
    if value is None or not is_known(value):
        return UNKNOWN
    shown = f"{value:,.6g}" if abs(value) < 1 else f"{value:,.4f}".rstrip("0").rstrip(".")
    return _localise(shown, lang)
