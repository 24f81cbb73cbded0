"""Figures written the Indonesian way (``1.234.567``, ``Rp1.234.567``, ``Rp1,2 jt``)."""

from __future__ import annotations

import math

# --- formatting the Indonesian way ------------------------------------------------------------

_EN_TO_ID = str.maketrans(",.", ".,")
_COMPACT_UNITS = ((1e3, "rb"), (1e6, "jt"), (1e9, "M"), (1e12, "T"))


def format_number_id(value: float, decimals: int = 0) -> str:
    """``1234567`` -> ``"1.234.567"``; ``1234.5, 2`` -> ``"1.234,50"``."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.001 rounds to "-0"
        text = text[1:]
    return text.translate(_EN_TO_ID)


def format_money_id(value: float) -> str:
    """``1234567`` -> ``"Rp1.234.567"`` (whole rupiah), ``-5000`` -> ``"-Rp5.000"``."""
    text = format_number_id(value)
    return "-Rp" + text[1:] if text.startswith("-") else "Rp" + text


def format_compact_id(value: float) -> str:
    """``1234567`` -> ``"1,2 jt"``, ``12500`` -> ``"12,5 rb"``, ``980`` -> ``"980"``.

    One decimal at most (dropped when zero); units rb, jt, M (miliar), T (triliun).
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    size, unit = 1.0, ""
    for candidate, name in _COMPACT_UNITS:
        if abs(value) >= candidate:
            size, unit = candidate, name
    scaled = round(value / size, 1)
    if abs(scaled) >= 1000 and unit != "T":  # 999.96 rb is 1 jt, not 1.000 rb
        size, unit = next((s, n) for s, n in _COMPACT_UNITS if s > size)
        scaled = round(value / size, 1)
    text = format_number_id(scaled, 1).removesuffix(",0")
    return f"{text} {unit}" if unit else text
