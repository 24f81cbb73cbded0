"""What a field is called and how its value is written, in each language.

A field (a canonical session field, a KPI, a column of a listing) is named by the catalogue:
a KPI by ``kpi.<name>.name`` (next to its explanation), any other field by ``field.<name>``.
A name without a catalogue entry is data (a code or a case used as a matrix column) and is
shown as it is.

A value is written by its display unit: the KPI registry's unit for a KPI, :data:`FIELD_UNITS`
for the other fields, so that ``gmv`` reads ``Rp1,2 jt`` and ``conversion`` ``4,3%`` in the
terminal, the report and the dashboard alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Final, Literal

from siaran.formatting.numbers import (
    UNKNOWN,
    format_change,
    format_count,
    format_decimal,
    format_hours,
    format_money,
    format_money_per_hour,
    format_rate,
    is_known,
)
from siaran.formatting.times import (
    format_date,
    format_datetime,
    format_duration,
    format_time_of_day,
)
from siaran.i18n import Lang, catalog_keys, text

Display = Literal[
    # the KPI registry's units
    "money",
    "money_per_hour",
    "rate",
    "count",
    "seconds",
    "hours",
    "ratio",
    # and those of other fields
    "change",
    "datetime",
    "date",
    "clock",
    "id",
    "text",
]

# The canonical session fields in the order a live's page shows them, with their units.
SESSION_FIELD_UNITS: Final[dict[str, Display]] = {
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

# Every other field with a unit of its own; a field not listed here nor in the KPI registry
# is written by its value's type (text as it is, a number as a count).
FIELD_UNITS: Final[dict[str, Display]] = {
    **SESSION_FIELD_UNITS,
    # sessions and rollups
    "room_id": "id",
    "started_at": "datetime",
    "ended_at": "datetime",
    "window_start": "date",
    "window_end": "date",
    "window_days": "count",
    # timelines and their measures
    "minute": "clock",
    "joins": "count",
    "follows": "count",
    "gifts_diamonds": "count",
    "viewers_peak": "count",
    "first_event_at": "datetime",
    "last_event_at": "datetime",
    "peak_at": "datetime",
    "minutes": "count",
    "events": "count",
    "viewer_samples": "count",
    "peak_viewers": "count",
    "mean_viewers": "count",
    "end_viewers": "count",
    "viewer_minutes": "count",
    "viewers_before": "count",
    "change": "change",
    "rank": "id",
    "product_id": "id",
    # talk
    "line": "id",
    "at_s": "seconds",
    "score": "count",
    "demo_share": "rate",
    "ctas_per_10min": "ratio",
    "answer_rate": "rate",
    "scored_at": "datetime",
    "dead_air_s": "seconds",
    "median_latency_s": "seconds",
    "precision": "rate",
    "recall": "rate",
    "f1": "rate",
    # case-study workbench
    "id": "id",
    "seq": "id",
    "at": "datetime",
    "created_at": "datetime",
    "parent_id": "id",
    "document": "id",
    "excerpt": "id",
    "suggestion": "id",
    "start": "id",
    "end": "id",
    "agreement": "rate",
    "kappa": "ratio",
    "alpha": "ratio",
}

# Fields whose values are codes with a label in the catalogue (``<prefix>.<code>``).
VALUE_LABELS: Final[dict[str, str]] = {"quadrant": "compare.quadrant"}


@cache
def _kpi_units() -> dict[str, Display]:
    # Imported here: the registry's package imports the comparison, which formats numbers.
    from siaran.metrics.registry import KPIS

    return {item.name: item.unit for item in KPIS}


@cache
def _keys() -> frozenset[str]:
    return frozenset(catalog_keys())


def unit_of(name: str) -> Display | None:
    """The display unit of field ``name``; ``None`` when it has none (written by its type)."""
    return _kpi_units().get(name) or FIELD_UNITS.get(name)


def label(name: str, lang: Lang) -> str:
    """What field ``name`` is called in ``lang``: ``kpi.<name>.name`` or ``field.<name>``
    from the catalogue, else ``name`` itself (a code or case used as a column is data)."""
    for key in (f"kpi.{name}.name", f"field.{name}"):
        if key in _keys():
            return text(key, lang)
    return name


def format_by_unit(
    unit: Display | None, value: object, lang: Lang, *, currency: str | None = None
) -> str:
    """``value`` written in ``unit``; unknown (``None``, NaN) is :data:`UNKNOWN`."""
    if value is None or (isinstance(value, float) and not is_known(value)):
        return UNKNOWN
    if isinstance(value, bool):
        return text("format.yes" if value else "format.no", lang)
    if unit in ("datetime", "date", "clock") and isinstance(value, str | dt.date):
        if unit == "clock":
            return format_time_of_day(value)
        return format_date(value, lang) if unit == "date" else format_datetime(value, lang)
    if not is_known(value) or unit in ("id", "text"):
        return _plain(value)
    number = float(value)  # type: ignore[arg-type]  # is_known: an int or a float
    match unit:
        case "money":
            return format_money(number, lang, currency=currency)
        case "money_per_hour":
            return format_money_per_hour(number, lang, currency=currency)
        case "rate":
            return format_rate(number, lang)
        case "seconds":
            return format_duration(number, lang)
        case "hours":
            return format_hours(number, lang)
        case "ratio":
            return format_decimal(number, lang)
        case "change":
            return format_change(number, lang)
    return format_count(number, lang)


def format_field(name: str, value: object, lang: Lang, *, currency: str | None = None) -> str:
    """The value of field ``name`` as a reader of ``lang`` writes it (money in ``currency``,
    codes such as a quadrant by their label)."""
    prefix = VALUE_LABELS.get(name)
    if prefix is not None and isinstance(value, str) and f"{prefix}.{value}" in _keys():
        return text(f"{prefix}.{value}", lang)
    return format_by_unit(unit_of(name), value, lang, currency=currency)


def _plain(value: object) -> str:
    """Text as it is; a list as ``a, b``; a mapping as ``k=v; k=v``; nothing as unknown."""
    if isinstance(value, Mapping | list | tuple) and not value:
        return UNKNOWN
    if isinstance(value, Mapping):
        return "; ".join(f"{key}={_plain(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return UNKNOWN if value is None else str(value)
