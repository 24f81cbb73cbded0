"""Figures for the page: every number in the reader's language, every unknown a dash with its
reason on hover, every KPI one click from its glossary entry.

Numbers are written by :mod:`siaran.report.format` (the report's own helpers), chosen here by
the unit the KPI registry declares, so a KPI reads the same on the page as in the report.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, Final, TypeGuard

from markupsafe import Markup, escape

from siaran.i18n import Lang, catalog_keys, text
from siaran.metrics.registry import KPIS, Kpi, Unit
from siaran.report.format import (
    UNKNOWN,
    format_date,
    format_decimal,
    format_hours,
    format_money,
    format_number,
    format_percent,
)
from siaran.report.sections import UNKNOWN_REASON

_BY_NAME: Final[dict[str, Kpi]] = {k.name: k for k in KPIS}

# Canonical session fields shown on the session page, with the unit they are written in.
FIELD_UNITS: Final[dict[str, Unit]] = {
    "gmv": "money",
    "orders": "count",
    "sku_orders": "count",
    "items_sold": "count",
    "customers": "count",
    "views": "count",
    "viewers": "count",
    "impressions": "count",
    "acu": "count",
    "pcu": "count",
    "avg_view_duration_s": "seconds",
    "duration_s": "seconds",
    "product_impressions": "count",
    "product_clicks": "count",
    "comments": "count",
    "likes": "count",
    "shares": "count",
    "new_followers": "count",
}


@cache
def _catalogue_keys() -> frozenset[str]:
    return frozenset(catalog_keys())


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
        if not known(value):
            return UNKNOWN
        decimals = 2 if 0 < abs(value) < 0.01 else 1
        return format_percent(value, self.lang, decimals=decimals)

    def seconds(self, value: Any) -> str:
        if not known(value):
            return UNKNOWN
        total = round(float(value))
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return text("web.duration.hm", self.lang, h=hours, m=minutes)
        if minutes:
            return text("web.duration.ms", self.lang, m=minutes, s=secs)
        return text("web.duration.s", self.lang, s=secs)

    def date(self, value: Any) -> str:
        import datetime as dt

        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        return format_date(value, self.lang)

    def when(self, iso: str | None) -> str:
        """``4 Jul 2026 20:01`` from an ISO 8601 time with offset (local wall time kept)."""
        if not iso:
            return UNKNOWN
        import datetime as dt

        moment = dt.datetime.fromisoformat(iso)
        return f"{format_date(moment.date(), self.lang)} {moment:%H:%M}"

    def by_unit(self, unit: Unit, value: Any, currency: str | None = None) -> str:
        if unit == "money":
            return self.money(value, currency)
        if unit == "money_per_hour":
            shown = self.money(value, currency)
            return shown if shown == UNKNOWN else text("web.per_hour", self.lang, value=shown)
        if unit == "rate":
            return self.percent(value)
        if unit == "seconds":
            return self.seconds(value)
        if unit == "hours":
            return format_hours(value if known(value) else None, self.lang)
        if unit == "ratio":
            return self.decimal(value)
        decimals = 0 if not known(value) or abs(value) >= 100 or float(value).is_integer() else 1
        return self.number(value, decimals)

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
        unit = FIELD_UNITS.get(name, "count")
        return self.shown(self.by_unit(unit, value, currency), self.reason(name))

    def label(self, name: str) -> str:
        """What a KPI or field is called in this language."""
        for key in (f"report.column.{name}", f"web.kpi.{name}", f"web.field.{name}"):
            if key in _catalogue_keys():
                return text(key, self.lang)
        return name

    def kpi_link(self, name: str, label: str | None = None) -> Markup:
        """The KPI's name, linked to its glossary entry (one click from any figure)."""
        shown = label or self.label(name)
        hint = text("web.glossary.link_title", self.lang, name=name)
        return Markup('<a class="kpi" href="/glossary#{}" title="{}">{}</a>').format(
            glossary_anchor(name), hint, shown
        )
