"""Numbers, money and rates: one string read, a column's decimal convention decided."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import TypeAlias

from siaran.ingest.numbers.cells import (
    Cell,
    Convention,
    ParseFailure,
)

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
_HEADER_UNIT_RE = re.compile(
    r"[(\[]\s*(rp\.?|idr|rupiah|us\$|usd|s\$|sgd|rm|myr|php|thb|vnd|eur|[$₱฿₫€đ])\s*[)\]]",
    re.IGNORECASE,
)


def currency_of_header(header: str) -> str | None:
    """The currency a money column's header states as its unit, ``Sales (Rp)`` -> ``"IDR"``
    (a unit in brackets or square brackets), or ``None`` when it states none."""
    found = _HEADER_UNIT_RE.search(header)
    return _CURRENCIES[found.group(1).lower()] if found else None


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
