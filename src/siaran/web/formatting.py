"""Figures for the page: every number in the reader's language, every unknown a dash with its
reason on hover, every KPI one click from its glossary entry.

Numbers and names come from :mod:`siaran.formatting` (the one formatter the terminal and the
report use too), chosen by the unit the KPI registry declares, so a KPI reads the same on the
page as in the report and the terminal.
"""

from __future__ import annotations

import math
from typing import Any, Final, TypeGuard

from markupsafe import Markup, escape

from siaran.formatting import (
    UNKNOWN,
    Display,
    format_by_unit,
    format_change,
    format_date,
    format_datetime,
    format_decimal,
    format_money,
    format_number,
    format_rate,
    label,
    unit_of,
)
from siaran.i18n import Lang, text
from siaran.metrics.registry import KPIS, Kpi
from siaran.report.sections import UNKNOWN_REASON

_BY_NAME: Final[dict[str, Kpi]] = {k.name: k for k in KPIS}


def known(value: Any) -> TypeGuard[float | int]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def glossary_anchor(name: str) -> str:
    return f"kpi-{name}"


class Figures:
    """Formatting bound to one language, handed to every template as ``fig``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    # -- plain numbers ------------------------------------------------------------------------
    def number(self, value: Any, decimals: int = 0) -> str:
        return format_number(value if known(value) else None, self.lang, decimals=decimals)

    def decimal(self, value: Any, decimals: int = 2) -> str:
        return format_decimal(value if known(value) else None, self.lang, decimals=decimals)

    def money(self, value: Any, currency: str | None = "IDR") -> str:
        return format_money(value if known(value) else None, self.lang, currency=currency)

    def percent(self, value: Any) -> str:
        return format_rate(value if known(value) else None, self.lang)

    def change(self, value: Any) -> str:
        """A change with its sign: ``+30`` / ``−22``."""
        return format_change(value if known(value) else None, self.lang)

    def seconds(self, value: Any) -> str:
        return format_by_unit("seconds", value if known(value) else None, self.lang)

    def date(self, value: Any) -> str:
        return format_date(value, self.lang)

    def when(self, iso: str | None) -> str:
        """``4 Jul 2026 20:01`` from an ISO 8601 time with offset (local wall time kept)."""
        return format_datetime(iso, self.lang)

    def by_unit(self, unit: Display, value: Any, currency: str | None = None) -> str:
        return format_by_unit(unit, value if known(value) else None, self.lang, currency=currency)

    # -- figures with their reason and glossary link ------------------------------------------
    def unknown(self, reason: str) -> Markup:
        return Markup('<span class="unknown" title="{}" tabindex="0">{}</span>').format(
            reason, UNKNOWN
        )

    def shown(self, body: str, reason: str) -> Markup:
        """``body``, or the dash with ``reason`` when ``body`` is the dash."""
        return self.unknown(reason) if body == UNKNOWN else Markup(escape(body))

    def reason(self, name: str) -> str:
        if name in UNKNOWN_REASON:
            return text(UNKNOWN_REASON[name], self.lang)
        item = _BY_NAME.get(name)
        if item is not None:
            return text("web.unknown.kpi", self.lang, formula=item.formula)
        return text("web.unknown.field", self.lang)

    def kpi(self, name: str, value: Any, currency: str | None = None) -> Markup:
        """A KPI's value (or its dash and reason)."""
        item = _BY_NAME[name]
        return self.shown(self.by_unit(item.unit, value, currency), self.reason(name))

    def field(self, name: str, value: Any, currency: str | None = None) -> Markup:
        """A canonical session field's value (or its dash and reason)."""
        unit = unit_of(name) or "count"
        return self.shown(self.by_unit(unit, value, currency), self.reason(name))

    def label(self, name: str) -> str:
        """What a KPI or field is called in this language."""
        return label(name, self.lang)

    def kpi_link(self, name: str, label: str | None = None) -> Markup:
        """The KPI's name, linked to its glossary entry (one click from any figure)."""
        shown = label or self.label(name)
        hint = text("web.glossary.link_title", self.lang, name=name)
        return Markup('<a class="kpi" href="/glossary#{}" title="{}">{}</a>').format(
            glossary_anchor(name), hint, shown
        )
