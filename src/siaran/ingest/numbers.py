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

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias, TypeVar, cast
from zoneinfo import ZoneInfo

from siaran.errors import Problem

__all__ = [
    "Cell",
    "ColumnResult",
    "Convention",
    "DurationCell",
    "Kind",
    "ParseFailure",
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

Cell: TypeAlias = str | int | float | bool | dt.datetime | dt.date | None
# xlsx readers hand duration-formatted cells over as time or timedelta objects.
DurationCell: TypeAlias = Cell | dt.time | dt.timedelta
Convention = Literal["dot_decimal", "comma_decimal"]
Kind = Literal["number", "money", "rate", "duration", "datetime"]

DEFAULT_TIMEZONE = "Asia/Jakarta"


class ParseFailure(ValueError):  # noqa: N818  # the name other modules are written against
    """A cell that cannot be read; ``reason_key`` is a ``numbers.*`` message key."""

    def __init__(self, reason_key: str, /, **params: object) -> None:
        super().__init__(reason_key)
        self.reason_key = reason_key
        self.params: dict[str, object] = params

    def problem(
        self, *, row: int | None = None, column: str | None = None, value: str | None = None
    ) -> Problem:
        return Problem(self.reason_key, row=row, column=column, value=value, params=self.params)


# --- reading one numeric string -------------------------------------------------------------

_NORMALISE = str.maketrans(
    {
        "\u00a0": " ",  # no-break spaces and thin spaces from copy-paste and Excel
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2212": "-",  # minus sign and dashes typed as minus
        "\u2013": "-",
        "\u2014": "-",
        "\u200b": None,  # zero-width space and BOM
        "\ufeff": None,
    }
)
_UNKNOWN = frozenset(
    {"", "-", "--", "---", "n/a", "na", "n.a.", "#n/a", "null", "none", "nan", "#div/0!"}
)
_CURRENCIES = {
    "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rupiah": "IDR",
    "$": "USD", "us$": "USD", "usd": "USD", "s$": "SGD", "sgd": "SGD",
    "rm": "MYR", "myr": "MYR", "₱": "PHP", "php": "PHP", "฿": "THB", "thb": "THB",
    "₫": "VND", "đ": "VND", "vnd": "VND", "€": "EUR", "eur": "EUR",
}  # fmt: skip
_POWERS = {
    "k": 3, "rb": 3, "ribu": 3, "jt": 6, "juta": 6, "mn": 6,
    "miliar": 9, "milyar": 9, "b": 9, "bn": 9, "t": 12, "tn": 12, "triliun": 12,
}  # fmt: skip
_INDONESIAN_WORDS = frozenset({"rb", "ribu", "jt", "juta", "miliar", "milyar", "triliun"})
_CUR_PRE = r"rp\.?|idr|us\$|usd|s\$|sgd|rm|myr|php|thb|vnd|eur|[$₱฿₫€]"
_CUR_POST = r"idr|rupiah|usd|sgd|myr|php|thb|vnd|eur|[$₱฿₫€đ]"
_VALUE_RE = re.compile(
    rf"""
    (?P<sign1>[-+])?\s*
    (?:(?P<pre>{_CUR_PRE})\s*)?
    (?P<sign2>[-+])?\s*
    (?P<digits>\d[\d.,]*|[.,]\d[\d.,]*)
    (?:[eE](?P<exp>[-+]?\d{{1,3}}))?
    \s*(?P<word>[^\W\d_]+\.?)?
    \s*(?P<post>{_CUR_POST})?
    \s*(?P<pct>%)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BARE_CURRENCY_RE = re.compile(rf"(?:{_CUR_PRE})\s*-*", re.IGNORECASE)

# Evidence bits of a reading.
_DOT = 1  # the cell's form says dot_decimal
_COMMA = 2  # the cell's form says comma_decimal
_ID_MARK = 4  # Rp/IDR or an Indonesian abbreviation
_SCALED = 8  # an abbreviation (rb, jt, K, M, ...) was written

# A reading: (decimal text, power of ten) under dot_decimal, the same under comma_decimal,
# evidence bits, currency, whether a % was written. The text is a plain "-1234.5" for float().
_Reading: TypeAlias = tuple[str, int, str, int, int, str | None, bool]


_GROUPED_RE = {
    ".": re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+"),
    ",": re.compile(r"[1-9]\d{0,2}(?:,\d{3})+"),
}
# The forms most cells take, read without the general pattern: "1.234.567", "-0,4",
# "Rp1.234.567", "6,830,000.01₫", "4.38247%".
_COMMON_RE = re.compile(
    r"(Rp ?|\$)?(-)?"
    r"(?:([1-9]\d{0,2}(?:\.\d{3})+),(\d+)"  # 21.281.718,00
    r"|([1-9]\d{0,2}(?:,\d{3})+)\.(\d+)"  # 6,830,000.01
    r"|(\d[\d.,]*))"  # everything else: _split_digits
    r"(%|₫)?"
)
_ODD_CHARACTERS_RE = re.compile("[\u00a0\u202f\u2009\u2007\u2212\u2013\u2014\u200b\ufeff]")


def _normalise(raw: str) -> str:
    return (raw.translate(_NORMALISE) if _ODD_CHARACTERS_RE.search(raw) else raw).strip()


def _ungroup(text: str, separator: str) -> str:
    if _GROUPED_RE[separator].fullmatch(text) is None:
        raise ParseFailure("numbers.bad_grouping")
    return text.replace(separator, "")


def _split_digits(digits: str, scaled: bool, money: bool) -> tuple[str, str, int]:
    """Plain decimal text under each convention, and the vote the form casts."""
    dots, commas = digits.count("."), digits.count(",")
    if not dots and not commas:
        return digits, digits, 0
    if dots and commas:
        last = max(digits.rfind("."), digits.rfind(","))
        mark, head, tail = digits[last], digits[:last], digits[last + 1 :]
        if mark in head or not tail:
            raise ParseFailure("numbers.bad_grouping")
        plain = _ungroup(head, "," if mark == "." else ".") + "." + tail
        return plain, plain, _DOT if mark == "." else _COMMA
    mark = "." if dots else ","
    if dots + commas > 1:  # only grouping repeats: "1.234.567" is Indonesian
        plain = _ungroup(digits, mark)
        return plain, plain, _COMMA if mark == "." else _DOT
    head, _, tail = digits.partition(mark)
    if not tail:
        raise ParseFailure("numbers.bad_grouping")
    decimal = (head or "0") + "." + tail
    if len(tail) != 3 or scaled or not head or head[0] == "0" or len(head) > 3:
        return decimal, decimal, _DOT if mark == "." else _COMMA
    grouped = head + tail
    if money:
        return grouped, grouped, _COMMA if mark == "." else _DOT
    return (decimal, grouped, 0) if mark == "." else (grouped, decimal, 0)


def _read(raw: str, money: bool) -> _Reading | None:
    """Read a numeric string under both conventions, or ``None`` for an unknown marker."""
    common = _COMMON_RE.fullmatch(raw)
    if common:
        pre, minus, id_int, id_frac, en_int, en_frac, digits, post = common.groups()
        currency = "VND" if post == "₫" else None
        if pre:
            currency = _same_currency(currency, "USD" if pre == "$" else "IDR")
        if id_int:
            dot_text = comma_text = id_int.replace(".", "") + "." + id_frac
            vote = _COMMA
        elif en_int:
            dot_text = comma_text = en_int.replace(",", "") + "." + en_frac
            vote = _DOT
        else:
            dot_text, comma_text, vote = _split_digits(digits, False, money or bool(currency))
        sign = "-" if minus else ""
        evidence = vote | _ID_MARK if currency == "IDR" else vote
        return sign + dot_text, 0, sign + comma_text, 0, evidence, currency, post == "%"
    text = _normalise(raw)
    if text.lower() in _UNKNOWN:
        return None
    negative = text[:1] == "(" and text[-1:] == ")"  # accounting style (1.234)
    if negative:
        text = text[1:-1].strip()
    if text.endswith((",-", ".-")):  # "Rp 50.000,-": no cents
        text = text[:-2]
    match = _VALUE_RE.fullmatch(text)
    if match is None:
        if _BARE_CURRENCY_RE.fullmatch(text):  # "Rp -": an empty amount
            return None
        if text.startswith("#"):
            raise ParseFailure("numbers.spreadsheet_error")
        raise ParseFailure("numbers.not_a_number")
    sign1, pre, sign2, digits, exp, word, post, pct = match.groups()
    if (sign1 and sign2) or (negative and (sign1 or sign2)):
        raise ParseFailure("numbers.not_a_number")
    currency = _CURRENCIES[pre.lower()] if pre else None
    if post:
        currency = _same_currency(currency, _CURRENCIES[post.lower()])
    power, evidence, dual_m = 0, 0, False
    if word:
        name = word.lower().rstrip(".")
        if name in _CURRENCIES:
            currency = _same_currency(currency, _CURRENCIES[name])
        elif name == "m":
            dual_m, evidence = True, _SCALED
        elif name in _POWERS:
            power, evidence = _POWERS[name], _SCALED
            if name in _INDONESIAN_WORDS:
                evidence |= _ID_MARK
        else:
            raise ParseFailure("numbers.unknown_suffix", suffix=word)
    if currency == "IDR":
        evidence |= _ID_MARK
    dot_text, comma_text, vote = _split_digits(
        digits, bool(evidence & _SCALED or exp), money or currency is not None
    )
    evidence |= vote
    if exp:
        power += int(exp)
    dot_power = comma_power = power
    if dual_m:  # miliar when the cell (or else the column) is Indonesian, million otherwise
        dot_power = power + (9 if vote == _COMMA else 6)
        comma_power = power + (6 if vote == _DOT else 9)
    sign = "-" if negative or sign1 == "-" or sign2 == "-" else ""
    return sign + dot_text, dot_power, sign + comma_text, comma_power, evidence, currency, bool(pct)


def _same_currency(first: str | None, second: str) -> str:
    if first not in (None, second):  # "Rp5 $"
        raise ParseFailure("numbers.mixed_currency")
    return second


def _finish(
    reading: _Reading | str | None, comma: bool, rate: bool, bare_is_percent: bool
) -> float | str | None:
    """The value of a reading under a convention; a ``str`` is a failure key."""
    if not isinstance(reading, tuple):
        return reading
    text, power = (reading[2], reading[3]) if comma else (reading[0], reading[1])
    if rate:
        if reading[5] is not None or reading[4] & _SCALED:
            return "numbers.not_a_rate"
        if reading[6] or bare_is_percent:
            power -= 2  # in the exponent, so "4.38247%" is exactly 0.0438247
    elif reading[6]:
        return "numbers.unexpected_percent"
    value = float(f"{text}e{power}") if power else float(text)
    return value + 0.0 if -math.inf < value < math.inf else "numbers.not_finite"  # no -0.0


def _or_raise(result: float | str | None) -> float | None:
    if isinstance(result, str):
        raise ParseFailure(result)
    return result


def _decide(readings: Iterable[_Reading | str | None]) -> Convention:
    dot = comma = 0
    indonesian = False
    for reading in readings:
        if isinstance(reading, tuple):
            evidence = reading[4]
            dot += evidence & _DOT
            comma += (evidence & _COMMA) >> 1
            indonesian = indonesian or bool(evidence & _ID_MARK)
    if comma != dot:
        return "comma_decimal" if comma > dot else "dot_decimal"
    return "comma_decimal" if indonesian else "dot_decimal"


def _number_cell(value: object) -> float | None:
    """A non-string cell as a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseFailure("numbers.unexpected_boolean")
    if isinstance(value, int):
        if abs(value) >= 2**1023:
            raise ParseFailure("numbers.not_finite")
        return float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            raise ParseFailure("numbers.not_finite")
        return value
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ParseFailure("numbers.unexpected_date")
    raise ParseFailure("numbers.not_a_number")


def detect_convention(values: Iterable[Cell]) -> Convention:
    """The decimal convention of a column (or a whole sheet): see the module docstring."""
    return _decide(_safe_read(v, False) for v in {v for v in values if isinstance(v, str)})


def _safe_read(text: str, money: bool) -> _Reading | str | None:
    try:
        return _read(text, money)
    except ParseFailure as failure:
        return failure.reason_key


def parse_number(value: Cell, convention: Convention = "dot_decimal") -> float | None:
    """A count or amount: ``"1.234.567"``, ``"12,5rb"``, ``"1.2K"``; ``None`` if unknown.

    A currency sign is accepted and dropped (:func:`parse_money` keeps it); a ``%`` fails.
    """
    if isinstance(value, str):
        reading = _read(value, False)
        return _or_raise(_finish(reading, convention == "comma_decimal", False, False))
    return _number_cell(value)


def parse_money(
    value: Cell, convention: Convention = "dot_decimal"
) -> tuple[float | None, str | None]:
    """An amount and its ISO currency if written: ``"Rp1.234.567"`` -> ``(1234567.0, "IDR")``."""
    if isinstance(value, str):
        reading = _read(value, True)
        amount = _or_raise(_finish(reading, convention == "comma_decimal", False, False))
        return amount, reading[5] if reading else None
    return _number_cell(value), None


def parse_rate(
    value: Cell, convention: Convention = "dot_decimal", *, bare_is_percent: bool = True
) -> float | None:
    """A rate as a fraction: ``"4.38247%"`` -> 0.0438247 (rates may exceed 100%).

    A value without ``%`` (string or number) is a percentage when ``bare_is_percent``, else
    already a fraction (xlsx cells formatted as % arrive as fractions).
    """
    if isinstance(value, str):
        reading = _read(value, False)
        return _or_raise(_finish(reading, convention == "comma_decimal", True, bare_is_percent))
    number = _number_cell(value)
    return number / 100 if number is not None and bare_is_percent else number


# --- durations --------------------------------------------------------------------------------

_DURATION_UNITS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "j": 3600, "jam": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "mnt": 60, "menit": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "d": 1, "dt": 1, "dtk": 1, "detik": 1,  # Indonesian detik: "2m 30d" is 150 s
    "day": 86400, "days": 86400, "hari": 86400,
}  # fmt: skip
_DURATION_WORDS_RE = re.compile(r"(?:\d+(?:[.,]\d+)?\s*[^\W\d_]+\.?[\s,]*)+")
_DURATION_PART_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)")
_CLOCK_RE = re.compile(
    r"(?:(\d{1,6})\s*(?:days?|hari),?\s*)?(\d{1,9}):(\d{1,2})(?::(\d{1,2}(?:[.,]\d+)?))?"
)
_SECONDS_RE = re.compile(r"\d+(?:[.,]\d+)?")


def _duration_text(raw: str) -> float | None:
    text = _normalise(raw).lower()
    if text in _UNKNOWN:
        return None
    if _SECONDS_RE.fullmatch(text):
        seconds = float(text.replace(",", "."))
        if not math.isfinite(seconds):
            raise ParseFailure("numbers.not_finite")
        return seconds
    clock = _CLOCK_RE.fullmatch(text)
    if clock:
        days, first, second, third = clock.groups()
        if third is None:  # two fields are minutes:seconds, as average viewing times are
            hours, minutes, seconds = 0, int(first), float(second)
        else:
            hours, minutes, seconds = int(first), int(second), float(third.replace(",", "."))
            if minutes >= 60:
                raise ParseFailure("numbers.not_a_duration")
        if seconds >= 60:
            raise ParseFailure("numbers.not_a_duration")
        return int(days or 0) * 86400 + hours * 3600 + minutes * 60 + seconds
    if not _DURATION_WORDS_RE.fullmatch(text):
        raise ParseFailure("numbers.not_a_duration")
    total, seen = 0.0, set()
    for amount, unit in _DURATION_PART_RE.findall(text):
        size = _DURATION_UNITS.get(unit)
        if size is None or unit in seen:
            raise ParseFailure("numbers.not_a_duration")
        seen.add(unit)
        total += float(amount.replace(",", ".")) * size
    if not math.isfinite(total):
        raise ParseFailure("numbers.not_finite")
    return total


def _duration(value: object, excel_day_fraction: bool) -> float | None:
    if isinstance(value, str):
        return _duration_text(value)
    if isinstance(value, dt.timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    else:
        number = _number_cell(value)
        if number is None:
            return None
        seconds = number * 86400 if excel_day_fraction else number
    if seconds < 0:
        raise ParseFailure("numbers.negative_duration")
    return seconds


def parse_duration(value: DurationCell, *, excel_day_fraction: bool = False) -> float | None:
    """Seconds: ``"0h19m"``, ``"1j 5m"``, ``"2m 30d"``, ``"00:00:25"``, ``"90"`` (bare = seconds).

    Two clock fields (``"05:30"``) are minutes:seconds; ``d`` is detik (seconds), days are
    ``day``/``hari``. A number is seconds, or a fraction of a day (Excel's duration format)
    when ``excel_day_fraction``.
    """
    return _duration(value, excel_day_fraction)


# --- date-times -------------------------------------------------------------------------------

_DATETIME_RE = re.compile(
    r"""
    (?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})
      |(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y2>\d{4}))
    /?                                        # Seller Center writes "2026/07/04/ 20:01"
    (?:(?:\s+|T|,\s*)
       (?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?
       (?:\s*(?P<ampm>[ap])\.?m\.?)?)?
    \s*(?P<tz>z|[+-]\d{2}(?::?\d{2})?|(?:gmt|utc)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|wib|wita|wit)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DAY_MONTH_RE = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}")
_ZONE_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _zone(text: str) -> dt.tzinfo:
    name = text.upper()
    if name in _ZONE_NAMES:
        return ZoneInfo(_ZONE_NAMES[name])
    offset = name.removeprefix("GMT").removeprefix("UTC").replace(":", "").replace(" ", "")
    if name == "Z" or not offset:
        return dt.UTC
    body = offset[1:]
    hours, minutes = (int(body[:-2]), int(body[-2:])) if len(body) > 2 else (int(body), 0)
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if offset[0] == "-" else delta)


def _epoch(number: int) -> dt.datetime:
    if 10**11 <= number < 10**13:  # 12-13 digits: 1973-2286
        return _EPOCH + dt.timedelta(milliseconds=number)
    if 10**9 <= number < 10**10:  # 10 digits: 2001-2286
        return _EPOCH + dt.timedelta(seconds=number)
    raise ParseFailure("numbers.not_a_datetime")


def _datetime_text(raw: str, tz: dt.tzinfo, month_first: bool | None) -> dt.datetime | None:
    text = _normalise(raw)
    if text.lower() in _UNKNOWN:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 13:
        return _epoch(int(text))
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        raise ParseFailure("numbers.not_a_datetime")
    g = match.groupdict()
    if g["y"]:
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
    else:
        year, day, month = int(g["y2"]), int(g["a"]), int(g["b"])
        if month_first or (month_first is None and day <= 12 < month):
            day, month = month, day
    hour, minute, second = int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0)
    micro = int((g["f"] or "0")[:6].ljust(6, "0"))
    if g["ampm"]:
        if not 1 <= hour <= 12:
            raise ParseFailure("numbers.impossible_datetime")
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
    try:
        zone = _zone(g["tz"]) if g["tz"] else tz
        return dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        raise ParseFailure("numbers.impossible_datetime") from None


def _datetime(value: object, tz: dt.tzinfo, month_first: bool | None) -> dt.datetime | None:
    if isinstance(value, str):
        return _datetime_text(value, tz, month_first)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _epoch(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    raise ParseFailure("numbers.not_a_datetime")


def parse_local_datetime(value: Cell, tz: ZoneInfo) -> dt.datetime | None:
    """An aware date-time. Naive text and naive datetimes are local time in ``tz``.

    ``"2026-07-04 20:01:54"``, ``"2026/07/04/ 20:01"``, ``"04/07/2026 20:01"`` (day first, as
    Indonesians write it, unless the second field exceeds 12), ``"...T20:01:54+07:00"`` and
    ``"...Z"`` keep their own offset, ``WIB``/``WITA``/``WIT`` their zone; 13-digit epoch
    milliseconds (and 10-digit epoch seconds) are UTC.
    """
    return _datetime(value, tz, None)


# --- columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnResult:
    """One parsed column. ``failures`` holds (index in the input, raw value, reason key)."""

    values: list[float | None] | list[dt.datetime | None]
    currency: str | None
    convention: Convention | None
    failures: list[tuple[int, str, str]]

    def problems(self, column: str, rows: Sequence[int]) -> list[Problem]:
        """The failures as problems; ``rows[i]`` is the row the user sees for input ``i``."""
        return [
            Problem(key, row=rows[index], column=column, value=raw)
            for index, raw, key in self.failures
        ]


def parse_column(
    values: Sequence[DurationCell],
    kind: Kind,
    *,
    tz: ZoneInfo | None = None,
    convention: Convention | None = None,
    bare_rate_is_percent: bool = True,
    excel_day_fraction: bool = False,
) -> ColumnResult:
    """Parse a whole column of ``kind``; bad cells become failures, never exceptions.

    The convention is decided once from the whole column unless given. A money column has
    one currency: cells in another than the most frequent fail with ``numbers.mixed_currency``.
    Date-times are local to ``tz`` (default Asia/Jakarta); a column of day/month/year dates is
    month-first only if some cell proves it (second field over 12) and none proves day-first.
    Each distinct string is parsed once.
    """
    distinct = {v for v in values if isinstance(v, str)}
    if kind == "datetime":
        zone = tz or ZoneInfo(DEFAULT_TIMEZONE)
        month_first = _month_first(distinct)
        dates, failures = _collect_parsed(
            values, distinct, lambda v: _datetime(v, zone, month_first)
        )
        return ColumnResult(dates, None, None, failures)
    if kind == "duration":
        durations, failures = _collect_parsed(
            values, distinct, lambda v: _duration(v, excel_day_fraction)
        )
        return ColumnResult(durations, None, None, failures)
    if kind not in ("number", "money", "rate"):
        raise ValueError(f"unknown column kind {kind!r}")
    readings = {text: _safe_read(text, kind == "money") for text in distinct}
    chosen = convention or _decide(readings.values())
    comma, rate, bare = chosen == "comma_decimal", kind == "rate", bare_rate_is_percent
    known = {text: _finish(reading, comma, rate, bare) for text, reading in readings.items()}

    def number_cell(value: object) -> float | None:
        number = _number_cell(value)
        return number / 100 if rate and bare and number is not None else number

    numbers, failures = _collect(values, known, number_cell)
    currency_of = {
        text: reading[5]
        for text, reading in readings.items()
        if isinstance(reading, tuple) and reading[5] is not None
    }
    counts = Counter(currency_of[v] for v in values if isinstance(v, str) and v in currency_of)
    currency = counts.most_common(1)[0][0] if counts else None
    if len(counts) > 1:
        for index, value in enumerate(values):
            if numbers[index] is None or not isinstance(value, str):
                continue
            if currency_of.get(value, currency) != currency:
                numbers[index] = None
                failures.append((index, value, "numbers.mixed_currency"))
        failures.sort()
    return ColumnResult(numbers, currency, chosen, failures)


def _month_first(texts: Iterable[str]) -> bool:
    day_first = month_first = False
    for text in texts:
        match = None if text[:4].isdigit() else _DAY_MONTH_RE.match(text)
        if match:
            day_first = day_first or int(match[1]) > 12
            month_first = month_first or int(match[2]) > 12
    return month_first and not day_first


_T = TypeVar("_T", float, dt.datetime)


def _collect_parsed(
    values: Sequence[DurationCell], distinct: set[str], parse: Callable[[object], _T | None]
) -> tuple[list[_T | None], list[tuple[int, str, str]]]:
    return _collect(values, {text: _attempt(parse, text) for text in distinct}, parse)


def _collect(
    values: Sequence[DurationCell],
    known: dict[str, _T | str | None],
    parse: Callable[[object], _T | None],
) -> tuple[list[_T | None], list[tuple[int, str, str]]]:
    """Every cell's value: strings from ``known`` (a ``str`` there is a failure key), other
    cells through ``parse``; failures become (index, raw value, reason key)."""
    mixed = [known[v] if isinstance(v, str) else _attempt(parse, v) for v in values]
    if str not in set(map(type, mixed)):
        return cast("list[_T | None]", mixed), []  # no failure keys among the values
    failures = [(i, str(values[i]), r) for i, r in enumerate(mixed) if isinstance(r, str)]
    return [None if isinstance(r, str) else r for r in mixed], failures


def _attempt(parse: Callable[[object], _T | None], value: object) -> _T | str | None:
    try:
        return parse(value)
    except ParseFailure as failure:
        return failure.reason_key


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
