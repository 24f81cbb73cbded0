"""Cells formatted the way TikTok Shop writes them (English separators, the currency sign where
TikTok puts it), for the writers that build demo, benchmark and test files in its layouts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from numbers import Real

# The writers build files of 200,000 rows for the benchmark: these helpers take values already
# turned into ``float | None`` by :func:`number_of` and keep to plain arithmetic.

_SUFFIX_SIGNS = frozenset({"₫", "฿"})


def number_of(value: object) -> float | None:
    """A canonical value as a float; ``None`` for unknown (``None``, NaN, not a number)."""
    kind = type(value)
    if kind is float:
        return None if value != value else value  # type: ignore[return-value]  # NaN
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    """``numerator / denominator * scale``, unknown (``None``) when either is unknown or the
    denominator is 0: the platform leaves such cells empty."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator * scale


def format_count(value: float | None) -> str:
    """``12,345`` (a count; two decimals only when the value has a fraction)."""
    if value is None:
        return ""
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(value: float | None, sign: str) -> str:
    """``Rp1,234,567.00`` or ``6,830,000.01₫``: two decimals, the sign where TikTok puts it."""
    if value is None:
        return ""
    if value < 0:
        return "-" + format_money(-value, sign)
    if sign in _SUFFIX_SIGNS:
        return f"{value:,.2f}{sign}"
    return f"{sign}{value:,.2f}"


def format_percent(fraction: float | None, decimals: int = 5, decimal_mark: str = ".") -> str:
    """``4.38247%`` from ``0.0438247``: up to ``decimals`` decimals, no thousands separator."""
    if fraction is None:
        return ""
    text = f"{fraction * 100:.{decimals}f}".rstrip("0").rstrip(".")
    if text in ("", "-0"):
        text = "0"
    if decimal_mark != ".":
        text = text.replace(".", decimal_mark)
    return text + "%"


def ratios(
    numerators: Sequence[float | None], denominators: Sequence[float | None], scale: float = 1.0
) -> list[float | None]:
    """:func:`ratio` over two columns."""
    return [
        None if a is None or not b else a / b * scale
        for a, b in zip(numerators, denominators, strict=True)
    ]


def counts(values: Sequence[float | None]) -> list[str]:
    """:func:`format_count` over a column."""
    return ["" if v is None else f"{int(v):,}" if v.is_integer() else f"{v:,.2f}" for v in values]


def moneys(values: Sequence[float | None], sign: str) -> list[str]:
    """:func:`format_money` over a column."""
    return [format_money(v, sign) for v in values]


def percents(numerators: Sequence[float | None], denominators: Sequence[float | None]) -> list[str]:
    """``format_percent(ratio(a, b))`` over two columns, five decimals at most."""
    return [
        "" if a is None or not b else f"{a / b * 100:.5f}".rstrip("0").rstrip(".") + "%"
        for a, b in zip(numerators, denominators, strict=True)
    ]


def seconds_of(value: object) -> float | None:
    """A duration given as seconds or as a ``timedelta``."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return number_of(value)
