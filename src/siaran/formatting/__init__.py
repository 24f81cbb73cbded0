"""One way to write numbers, money, rates, durations, dates and field names for people, used
by the terminal, the report and the dashboard; and CSV that is safe to open in a spreadsheet.

- :mod:`~siaran.formatting.numbers`: ``1.234.567,89`` / ``1,234,567.89``, ``Rp1.234.567`` /
  ``Rp1,234,567`` (the currency's own sign in both languages), ``12,5%`` / ``12.5%``, one minus
  sign (U+2212) and one unknown mark (``—``).
- :mod:`~siaran.formatting.times`: ``1j 5m`` / ``1h 5m``, ``28 Agu 2026`` / ``28 Aug 2026``.
- :mod:`~siaran.formatting.fields`: a field's name from the catalogue and its value by unit.
- :mod:`~siaran.formatting.units`: the display unit of every field and KPI.
- :mod:`~siaran.formatting.csv_output`: CSV whose text cells are never run as formulas.

Machine formats (JSON, CSV) keep raw values: rates as fractions, money as a number plus
``currency``, times in ISO 8601. This package sits low in the layers (docs/architecture.md):
it imports only the message catalogue, so that every analysis may use it.
"""

from siaran.formatting.csv_output import safe_cell, to_csv
from siaran.formatting.fields import format_by_unit, format_field, label, unit_of
from siaran.formatting.numbers import (
    CURRENCY_SIGNS,
    MINUS,
    UNKNOWN,
    currency_sign,
    format_change,
    format_compact,
    format_count,
    format_decimal,
    format_exchange_rate,
    format_hours,
    format_money,
    format_money_per_hour,
    format_number,
    format_p_value,
    format_percent,
    format_rate,
    is_known,
)
from siaran.formatting.times import (
    format_date,
    format_datetime,
    format_duration,
    format_time_of_day,
)
from siaran.formatting.units import (
    FIELD_UNITS,
    KPI_UNITS,
    SESSION_FIELD_UNITS,
    Display,
    KpiUnit,
)

__all__ = [
    "CURRENCY_SIGNS",
    "FIELD_UNITS",
    "KPI_UNITS",
    "MINUS",
    "SESSION_FIELD_UNITS",
    "UNKNOWN",
    "Display",
    "KpiUnit",
    "currency_sign",
    "format_by_unit",
    "format_change",
    "format_compact",
    "format_count",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_duration",
    "format_exchange_rate",
    "format_field",
    "format_hours",
    "format_money",
    "format_money_per_hour",
    "format_number",
    "format_p_value",
    "format_percent",
    "format_rate",
    "format_time_of_day",
    "is_known",
    "label",
    "safe_cell",
    "to_csv",
    "unit_of",
]
