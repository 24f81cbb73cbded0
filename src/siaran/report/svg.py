"""What the charts share besides their shapes (``templates/charts/shapes.svg``): colours,
scales, label lengths, and coordinates written with one decimal (:func:`num`), so that the
same chart is always the same text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

FONT: Final = "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif"
INK: Final = "#1f2933"
MUTED: Final = "#52606d"
GRID: Final = "#d9e2ec"
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
PALETTE: Final[tuple[str, ...]] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#7F7F7F",
)
SHAPES: Final[tuple[str, ...]] = ("circle", "square", "triangle", "diamond")
DASHES: Final[tuple[str, ...]] = ("", "6 3", "2 3", "8 3 2 3")
CHAR_WIDTH: Final = 6.4  # average glyph width at 12px, to keep labels apart


def num(value: float) -> str:
    """A coordinate with one decimal: stable text for stable bytes."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def shorten(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# -- scales -----------------------------------------------------------------------------------
def log_domain(values: Sequence[float]) -> tuple[float, float]:
    """Whole decades around the positive ``values`` (at least one decade wide)."""
    positive = [v for v in values if v > 0]
    if not positive:
        return 1.0, 10.0
    low = 10.0 ** math.floor(math.log10(min(positive)))
    high = 10.0 ** math.ceil(math.log10(max(positive)))
    if high <= low:
        high = low * 10
    return low, high


def log_ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks for a narrow domain, decades only for a wide one."""
    decades = round(math.log10(high / low))
    steps = (1.0, 2.0, 5.0) if decades <= 3 else (1.0,)
    ticks = []
    for power in range(round(math.log10(low)), round(math.log10(high)) + 1):
        for step in steps:
            value = step * 10.0**power
            if low * 0.999 <= value <= high * 1.001:
                ticks.append(value)
    return ticks


def linear_ticks(high: float, count: int = 5) -> list[float]:
    """About ``count`` round ticks from 0 to at least ``high``."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(math.ceil(high / step - 1e-9) + 1)]


def log_pos(value: float, low: float, high: float, start: float, length: float) -> float:
    return start + length * (math.log10(value) - math.log10(low)) / math.log10(high / low)


def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


_RAMP: Final[tuple[tuple[int, int, int], ...]] = ((239, 246, 255), (107, 174, 214), (8, 48, 107))


def ramp_colour(share: float) -> str:
    """A light-to-dark blue for ``share`` in [0, 1]."""
    share = min(max(share, 0.0), 1.0)
    segment = min(int(share * 2), 1)
    local = share * 2 - segment
    a, b = _RAMP[segment], _RAMP[segment + 1]
    r, g, bl = (round(a[i] + (b[i] - a[i]) * local) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"
