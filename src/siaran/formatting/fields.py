"""What a field is called and how its value is written, in each language.

A field (a canonical session field, a KPI, a column of a listing) is named by the catalogue:
a KPI by ``kpi.<name>.name`` (next to its explanation), any other field by ``field.<name>``.
A name without a catalogue entry is data (a code or a case used as a matrix column) and is
shown as it is.

A value is written by its display unit (:mod:`siaran.formatting.units`): :data:`KPI_UNITS` for
a KPI, :data:`FIELD_UNITS` for the other fields, so that ``gmv`` reads ``Rp1,2 jt`` and
``conversion`` ``4,3%`` in the terminal, the report and the dashboard alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Final

from siaran.formatting import numbers, times
from siaran.formatting.numbers import UNKNOWN, is_known
from siaran.formatting.units import FIELD_UNITS, KPI_UNITS, Display
from siaran.i18n import Lang, catalog_keys, text

# Fields whose values are codes with a label in the catalogue (``<prefix>.<code>``).
VALUE_LABELS: Final[dict[str, str]] = {
    "quadrant": "compare.quadrant",
    "cancel_kind": "operations.cancel_kind",
    "cancel_group": "operations.canceller",
}


@cache
def _keys() -> frozenset[str]:
    return frozenset(catalog_keys())


def unit_of(name: str) -> Display | None:
    """The display unit of field ``name``; ``None`` when it has none (written by its type)."""
    return KPI_UNITS.get(name) or FIELD_UNITS.get(name)


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
            return times.format_time_of_day(value)
        if unit == "date":
            return times.format_date(value, lang)
        return times.format_datetime(value, lang)
    if not is_known(value) or unit in ("id", "text"):
        return _plain(value)
    number = float(value)
    match unit:
        case "money":
            return numbers.format_money(number, lang, currency=currency)
        case "money_per_hour":
            return numbers.format_money_per_hour(number, lang, currency=currency)
        case "rate":
            return numbers.format_rate(number, lang)
        case "seconds":
            return times.format_duration(number, lang)
        case "hours":
            return numbers.format_hours(number, lang)
        case "ratio":
            return numbers.format_decimal(number, lang)
        case "change":
            return numbers.format_change(number, lang)
    return numbers.format_count(number, lang)


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
