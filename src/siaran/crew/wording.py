"""The crew effect in words, shared by ``siaran crew effect``, the report's crew section and the
dashboard: a measure's value in its unit, a split's difference with its interval, and the
account's one-line summary, in one language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from siaran.formatting import format_by_unit
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.crew.effect import CrewEffect, Split
    from siaran.formatting.units import Display

RATE_MEASURES = frozenset({"answer_rate", "conversion"})
"""The measures that are fractions (written as percentages); the others are plain numbers."""


def measure_value(measure: str, value: float | None, lang: Lang) -> str:
    """``value`` of ``measure`` written for people (a dash when unknown)."""
    unit: Display = "rate" if measure in RATE_MEASURES else "ratio"
    return format_by_unit(unit, value, lang)


def interval_text(split: Split, lang: Lang) -> str:
    """The split's difference (with - without) and its interval, in ``lang``."""
    return text(
        "crew.effect.interval",
        lang,
        difference=measure_value(split.measure, split.difference, lang),
        low=measure_value(split.measure, split.low, lang),
        high=measure_value(split.measure, split.high, lang),
    )


def summary_text(effect: CrewEffect, lang: Lang) -> str:
    """The account's lives, those with a roster and those with a dedicated admin."""
    return text(
        "crew.effect.title",
        lang,
        account=effect.account,
        roster=effect.lives_with_roster,
        lives=effect.lives,
        admin=effect.lives_with_admin,
    )
