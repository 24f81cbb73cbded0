"""Numbers, money, rates, durations and times as sellers' exports and spreadsheets write them.

Importers should parse a whole column at once with :func:`parse_column`: it decides the decimal
convention from the whole column, never raises for a bad cell (it collects failures with their
index and a ``numbers.*`` message key) and caches repeated strings. The single-value parsers
(:func:`parse_number`, ...) raise :class:`ParseFailure` instead.

Unknown is ``None``, never 0: ``None``, blank strings, ``-``, ``--``, ``—``, ``N/A``, ``#N/A``
and ``#DIV/0!`` (a rate whose denominator was 0).

**Decimal convention.** ``dot_decimal`` writes 1,234,567.89 (English UI, TikTok Shop);
``comma_decimal`` writes 1.234.567,89 (Indonesian UI, Shopee dashboards, hand-kept sheets).
A cell's own form decides when it can: ``21.281.718,00``, ``1.234.567``, ``0,4`` and ``12,5rb``
are Indonesian, ``6,830,000.01``, ``4.38247`` and ``1.2K`` English. What remains ambiguous is one
separator followed by exactly three digits after a 1-3 digit non-zero head (``1.234``,
``13.262``, ``1,234``). Those follow the column's convention, chosen by
:func:`detect_convention`:

1. every distinct cell whose form decides votes; the majority wins;
2. with no votes (or a tie), a column showing Indonesian markers (Rp, IDR, rb, ribu, jt, juta,
   miliar, triliun) is ``comma_decimal``;
3. otherwise ``dot_decimal``.

A sheet is written in one locale, so when a column alone cannot decide (Total Views ``13.262``
and no count above a million), pass the cells of the whole sheet to :func:`detect_convention`
and give its answer to :func:`parse_column`.

**Money** never has three decimals (IDR and VND have none; USD, MYR, PHP, THB, SGD two), so in
money one separator followed by three digits is always a thousands separator: ``Rp1.234`` and
``$1,234`` are 1234.

**Abbreviations**: ``rb``/``ribu``/``k`` 1e3; ``jt``/``juta``/``mn`` 1e6; ``miliar``/``milyar``/
``b``/``bn`` 1e9; ``t``/``triliun`` 1e12. ``M`` is miliar (1e9) in Indonesian but million in
English: the cell's own decimal mark decides (``1,2 M`` = 1.2e9, ``2.5M`` = 2.5e6), else the
column's convention. After an abbreviation a lone separator is always the decimal mark
(``1.500rb`` = 1500: nobody groups an abbreviated figure).
"""

from __future__ import annotations

from siaran.ingest.numbers.amounts import detect_convention, parse_money, parse_number, parse_rate
from siaran.ingest.numbers.cells import Cell, Convention, DurationCell, Kind, ParseFailure
from siaran.ingest.numbers.columns import ColumnResult, day_first_guess, parse_column
from siaran.ingest.numbers.datetimes import parse_local_datetime
from siaran.ingest.numbers.durations import parse_duration
from siaran.ingest.numbers.formatting import format_compact_id, format_money_id, format_number_id

__all__ = [
    "Cell",
    "ColumnResult",
    "Convention",
    "DurationCell",
    "Kind",
    "ParseFailure",
    "day_first_guess",
    "detect_convention",
    "format_compact_id",
    "format_money_id",
    "format_number_id",
    "parse_column",
    "parse_duration",
    "parse_local_datetime",
    "parse_money",
    "parse_number",
    "parse_rate",
]
