"""Figures as HTML, for the report and the dashboard alike: every number in the reader's
language, every unknown a dash with its reason on hover (and on keyboard focus), every KPI one
click from its glossary entry, every quadrant with its colour and its shape.

Numbers and names come from :mod:`siaran.formatting` (the one formatter the terminal uses
too), chosen by the unit the KPI registry declares, so a KPI reads the same in the report, on
the page and in the terminal. What is returned is :class:`~markupsafe.Markup` built with
escaping (``Markup.format``) or plain text that the templates escape.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

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
    is_known,
    label,
    unit_of,
)
from siaran.i18n import Lang, text

QUADRANTS: Final[tuple[str, ...]] = (
    "frequent_high_value",
    "infrequent_high_value",
    "frequent_low_value",
    "infrequent_low_value",
)
# Colour and shape per quadrant: the shape carries the meaning for readers who cannot tell
# the colours apart (and in black-and-white print).
QUADRANT_STYLE: Final[dict[str, tuple[str, str]]] = {
    "frequent_high_value": ("#009E73", "circle"),
    "infrequent_high_value": ("#0072B2", "square"),
    "frequent_low_value": ("#D55E00", "triangle"),
    "infrequent_low_value": ("#7F7F7F", "diamond"),
}

# A talk check's status as a mark beside its word (the word carries it; the mark helps scan).
STATUS_MARK: Final[dict[str, str]] = {"ok": "●", "warn": "◐", "fail": "○", "unknown": "·"}

# Why a rollup field can be unknown, for the title attribute next to its dash.
UNKNOWN_REASON: Final[dict[str, str]] = {
    "live_hours": "report.unknown.duration",
    "gmv_per_live_hour": "report.unknown.duration",
    "gmv_total": "report.unknown.gmv",
    "gmv_mean_per_session": "report.unknown.gmv",
    "gmv_median_per_session": "report.unknown.gmv",
    "zero_gmv_share": "report.unknown.gmv",
    "views_per_session": "report.unknown.views",
    "viewers_per_session": "report.unknown.viewers",
    "quadrant": "report.unknown.quadrant",
}


def glossary_anchor(name: str) -> str:
    return f"kpi-{name}"


class Figures:
    """Formatting bound to one language, handed to every template as ``fig``.

    ``glossary_page`` is where the KPI glossary is: the report carries its own (``""``: an
    anchor in the same document), the dashboard has a page for it."""

    glossary_page: ClassVar[str] = ""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    # -- plain numbers ------------------------------------------------------------------------
    def number(self, value: Any, decimals: int = 0) -> str:
        return format_number(value, self.lang, decimals=decimals)

    def decimal(self, value: Any, decimals: int = 2) -> str:
        return format_decimal(value, self.lang, decimals=decimals)

    def money(self, value: Any, currency: str | None = "IDR") -> str:
        return format_money(value, self.lang, currency=currency)

    def percent(self, value: Any) -> str:
        return format_rate(value, self.lang)

    def change(self, value: Any) -> str:
        """A change with its sign: ``+30`` / ``−22``."""
        return format_change(value, self.lang)

    def seconds(self, value: Any) -> str:
        return self.by_unit("seconds", value)

    def date(self, value: Any) -> str:
        return format_date(value, self.lang)

    def when(self, iso: str | None) -> str:
        """``4 Jul 2026 20:01`` from an ISO 8601 time with offset (local wall time kept)."""
        return format_datetime(iso, self.lang)

    def by_unit(self, unit: Display, value: Any, currency: str | None = None) -> str:
        shown = value if is_known(value) else None
        return format_by_unit(unit, shown, self.lang, currency=currency)

    # -- figures with their reason and glossary link ------------------------------------------
    def unknown(self, reason: str) -> Markup:
        return Markup('<span class="unknown" title="{}" tabindex="0">{}</span>').format(
            reason, UNKNOWN
        )

    def shown(self, body: str, reason: str) -> Markup:
        """``body``, or the dash with ``reason`` when ``body`` is the dash."""
        return self.unknown(reason) if body == UNKNOWN else Markup(escape(body))

    def reason(self, name: str) -> str:
        """Why field or KPI ``name`` can be unknown."""
        if name in UNKNOWN_REASON:
            return text(UNKNOWN_REASON[name], self.lang)
        from siaran.metrics.registry import KPIS

        formulas = {item.name: item.formula for item in KPIS}
        if name in formulas:
            return text("report.unknown.kpi", self.lang, formula=formulas[name])
        return text("report.unknown.field", self.lang)

    def kpi(self, name: str, value: Any, currency: str | None = None) -> Markup:
        """A KPI's value (or its dash and reason)."""
        return self.field(name, value, currency)

    def field(self, name: str, value: Any, currency: str | None = None) -> Markup:
        """A KPI's or a canonical field's value (or its dash and reason)."""
        unit = unit_of(name) or "count"
        return self.shown(self.by_unit(unit, value, currency), self.reason(name))

    def label(self, name: str) -> str:
        """What a KPI or field is called in this language."""
        return label(name, self.lang)

    def kpi_link(self, name: str, label: str | None = None) -> Markup:
        """The KPI's name, linked to its glossary entry (one click from any figure)."""
        shown = label or self.label(name)
        hint = text("report.glossary.link_title", self.lang, name=name)
        return Markup('<a class="kpi" href="{}#{}" title="{}">{}</a>').format(
            self.glossary_page, glossary_anchor(name), hint, shown
        )
