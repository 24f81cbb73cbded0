"""Numbers, money, rates, durations and times as sellers' exports write them.

Round trips format values the way a seller's spreadsheet or a platform export would and parse
them back through :func:`parse_column`, so the column's convention detection is exercised too.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from siaran.i18n import catalog_keys
from siaran.ingest import numbers
from siaran.ingest.numbers import (
    Cell,
    ParseFailure,
    detect_convention,
    format_compact_id,
    format_money_id,
    format_number_id,
    parse_column,
    parse_duration,
    parse_local_datetime,
    parse_money,
    parse_number,
    parse_rate,
)
from siaran.ingest.numbers.amounts import currency_of_header
from siaran.ingest.numbers.rates import workbook_fractions

JAKARTA = ZoneInfo("Asia/Jakarta")
WIB = dt.timedelta(hours=7)
Style = Literal["id", "en"]
_TO_ID = str.maketrans(",.", ".,")


def spreadsheet(value: Decimal, decimals: int, style: Style) -> str:
    """``value`` as a spreadsheet shows it: 1.234.567,89 (id) or 1,234,567.89 (en)."""
    text = f"{value:,.{decimals}f}"
    return text.translate(_TO_ID) if style == "id" else text


# --- single values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("12,5rb", "comma_decimal", 12_500.0),
        ("12,5rb", "dot_decimal", 12_500.0),  # a comma before one digit is a decimal mark
        ("12,5 ribu", "comma_decimal", 12_500.0),
        ("1,2 jt", "comma_decimal", 1_200_000.0),
        ("1,2jt", "comma_decimal", 1_200_000.0),
        ("3 juta", "comma_decimal", 3_000_000.0),
        ("1,2 M", "comma_decimal", 1_200_000_000.0),  # miliar
        ("1,2 M", "dot_decimal", 1_200_000_000.0),  # its comma says Indonesian
        ("2 miliar", "dot_decimal", 2_000_000_000.0),
        ("5M", "comma_decimal", 5_000_000_000.0),  # no mark: the column decides
        ("5M", "dot_decimal", 5_000_000.0),
        ("1.2M", "dot_decimal", 1_200_000.0),  # English million
        ("2.5M", "comma_decimal", 2_500_000.0),
        ("1.2K", "dot_decimal", 1_200.0),
        ("3.4k", "dot_decimal", 3_400.0),
        ("1.5B", "dot_decimal", 1_500_000_000.0),
        ("1,5 T", "comma_decimal", 1.5e12),
        ("1.500rb", "comma_decimal", 1_500.0),  # abbreviated figures are never grouped
        ("1,234", "dot_decimal", 1_234.0),
        ("1,234", "comma_decimal", 1.234),
        ("1.234", "dot_decimal", 1.234),
        ("1.234", "comma_decimal", 1_234.0),
        ("13.262", "comma_decimal", 13_262.0),
        ("1.234.567", "dot_decimal", 1_234_567.0),
        ("1,234,567", "comma_decimal", 1_234_567.0),
        ("21.281.718,00", "comma_decimal", 21_281_718.0),
        ("21.281.718,00", "dot_decimal", 21_281_718.0),
        ("6,830,000.01", "comma_decimal", 6_830_000.01),
        ("4.38247", "comma_decimal", 4.38247),
        ("0,4", "dot_decimal", 0.4),
        ("0.123", "comma_decimal", 0.123),
        ("1234.567", "comma_decimal", 1234.567),
        (".5", "dot_decimal", 0.5),
        ("-1.234,5", "comma_decimal", -1_234.5),
        ("−1.234,5", "comma_decimal", -1_234.5),  # U+2212 minus sign
        ("(1.234)", "comma_decimal", -1_234.0),  # accounting negative
        ("+7", "dot_decimal", 7.0),
        ("  107 ", "dot_decimal", 107.0),
        ("\u00a01.234.567\u00a0", "dot_decimal", 1_234_567.0),
        ("1.2E+05", "dot_decimal", 120_000.0),
        ("0", "comma_decimal", 0.0),
        ("-0", "comma_decimal", 0.0),
    ],
)
def test_parse_number_examples(text: str, convention: numbers.Convention, expected: float) -> None:
    assert parse_number(text, convention) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "\u00a0", "-", "--", "—", "–", "N/A", "n/a", "#N/A", "#DIV/0!", "null"],
)
def test_unknown_is_none_never_zero(value: Cell) -> None:
    assert parse_number(value) is None
    assert parse_money(value) == (None, None)
    assert parse_rate(value) is None
    assert parse_duration(value) is None
    assert parse_local_datetime(value, JAKARTA) is None


def test_non_string_cells() -> None:
    assert parse_number(7) == 7.0
    assert parse_number(12.5) == 12.5
    assert parse_number(float("nan")) is None
    assert parse_money(1234.5) == (1234.5, None)
    cases: list[tuple[Cell, str]] = [
        (True, "numbers.unexpected_boolean"),
        (dt.date(2026, 7, 4), "numbers.unexpected_date"),
        (dt.datetime(2026, 7, 4, 20, 1), "numbers.unexpected_date"),
        (float("inf"), "numbers.not_finite"),
    ]
    for bad, key in cases:
        with pytest.raises(ParseFailure) as caught:
            parse_number(bad)
        assert caught.value.reason_key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("abc", "numbers.not_a_number"),
        ("12..3", "numbers.bad_grouping"),
        ("1,2,3,4.5.6", "numbers.bad_grouping"),
        ("1.23.456", "numbers.bad_grouping"),
        ("1.234,", "numbers.bad_grouping"),
        ("\x00\x01\x02\xff", "numbers.not_a_number"),
        ("12 pcs", "numbers.unknown_suffix"),
        ("12%", "numbers.unexpected_percent"),
        ("#VALUE!", "numbers.spreadsheet_error"),
        ("--5", "numbers.not_a_number"),
        ("1 jt 500 rb", "numbers.not_a_number"),
        ("9" * 400, "numbers.not_finite"),
        ("1\u202f234", "numbers.not_a_number"),  # space-grouped thousands are not read
    ],
)
def test_parse_number_failures(text: str, key: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_number(text)
    assert caught.value.reason_key == key


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("Rp1.234.567", "dot_decimal", (1_234_567.0, "IDR")),
        ("Rp1.234.567", "comma_decimal", (1_234_567.0, "IDR")),
        ("Rp 1,2 jt", "comma_decimal", (1_200_000.0, "IDR")),
        ("Rp 1,2 jt", "dot_decimal", (1_200_000.0, "IDR")),
        ("Rp1.234", "dot_decimal", (1_234.0, "IDR")),  # money never has 3 decimals
        ("$1,234", "comma_decimal", (1_234.0, "USD")),
        ("IDR 50.000", "comma_decimal", (50_000.0, "IDR")),
        ("rp. 50.000,-", "comma_decimal", (50_000.0, "IDR")),
        ("50.000 rupiah", "comma_decimal", (50_000.0, "IDR")),
        ("-Rp1.000", "comma_decimal", (-1_000.0, "IDR")),
        ("Rp -1.000", "comma_decimal", (-1_000.0, "IDR")),
        ("Rp6,830,000.01", "dot_decimal", (6_830_000.01, "IDR")),
        ("6,830,000.01₫", "dot_decimal", (6_830_000.01, "VND")),
        ("6.830.000 đ", "comma_decimal", (6_830_000.0, "VND")),
        ("$12.50", "dot_decimal", (12.5, "USD")),
        ("US$12.50", "dot_decimal", (12.5, "USD")),
        ("S$12.50", "dot_decimal", (12.5, "SGD")),
        ("RM12.50", "dot_decimal", (12.5, "MYR")),
        ("₱1,234.50", "dot_decimal", (1_234.5, "PHP")),
        ("฿100", "dot_decimal", (100.0, "THB")),
        ("1.234.567", "comma_decimal", (1_234_567.0, None)),
        ("Rp -", "comma_decimal", (None, None)),
    ],
)
def test_parse_money_examples(
    text: str, convention: numbers.Convention, expected: tuple[float, str | None]
) -> None:
    assert parse_money(text, convention) == expected


def test_money_with_two_currencies_in_one_cell_fails() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_money("Rp5 $")
    assert caught.value.reason_key == "numbers.mixed_currency"


@pytest.mark.parametrize(
    ("value", "convention", "bare", "expected"),
    [
        ("4.38247%", "dot_decimal", True, 0.0438247),
        ("1293.103448%", "dot_decimal", True, 12.93103448),  # rates can exceed 100%
        ("0,4%", "comma_decimal", True, 0.004),
        ("0,4%", "dot_decimal", True, 0.004),
        ("12,5 %", "comma_decimal", False, 0.125),  # a written % always counts
        ("-3%", "dot_decimal", True, -0.03),
        ("12", "dot_decimal", True, 0.12),
        ("0.12", "dot_decimal", False, 0.12),
        (12, "dot_decimal", True, 0.12),
        (0.0438, "dot_decimal", False, 0.0438),  # an xlsx % cell arrives as a fraction
    ],
)
def test_parse_rate_examples(
    value: Cell, convention: numbers.Convention, bare: bool, expected: float
) -> None:
    assert parse_rate(value, convention, bare_is_percent=bare) == pytest.approx(expected, 1e-15)


def test_percent_text_is_exact() -> None:
    # The % shifts the decimal exponent instead of dividing, so no binary rounding creeps in.
    assert parse_rate("4.38247%") == 0.0438247
    assert parse_rate("1293.103448%") == 12.93103448


@pytest.mark.parametrize("text", ["Rp5%", "1,2rb%", "abc%"])
def test_parse_rate_failures(text: str) -> None:
    with pytest.raises(ParseFailure):
        parse_rate(text)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0h19m", 1140.0),
        ("1h 5m", 3900.0),
        ("1j 5m", 3900.0),
        ("2m 30s", 150.0),
        ("2m 30d", 150.0),  # menit/detik
        ("00:00:25", 25.0),
        ("1:05:00", 3900.0),
        ("05:30", 330.0),  # two fields: minutes:seconds
        ("45s", 45.0),
        ("90", 90.0),
        ("12,5", 12.5),
        ("1 jam 5 menit", 3900.0),
        ("5 mnt", 300.0),
        ("1 JAM 5 MENIT 3 DETIK", 3903.0),
        ("1.5h", 5400.0),
        ("1 day, 2:03:04", 93784.0),
        (dt.time(0, 1, 5), 65.0),
        (dt.timedelta(minutes=3, seconds=1), 181.0),
        (42, 42.0),
    ],
)
def test_parse_duration_examples(value: numbers.DurationCell, seconds: float) -> None:
    assert parse_duration(value) == seconds


def test_excel_day_fraction_only_when_asked() -> None:
    assert parse_duration(0.5) == 0.5
    assert parse_duration(0.5, excel_day_fraction=True) == 43_200.0


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("1h 1h", "numbers.not_a_duration"),
        ("5 parsecs", "numbers.not_a_duration"),
        ("00:61:00", "numbers.not_a_duration"),
        ("-5m", "numbers.not_a_duration"),
        (-5, "numbers.negative_duration"),
        (dt.timedelta(seconds=-1), "numbers.negative_duration"),
        (dt.date(2026, 7, 4), "numbers.unexpected_date"),
    ],
)
def test_parse_duration_failures(value: numbers.DurationCell, key: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_duration(value)
    assert caught.value.reason_key == key


def _local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=JAKARTA)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-07-04 20:01:54", _local(2026, 7, 4, 20, 1, 54)),
        ("2026/07/04/ 20:01", _local(2026, 7, 4, 20, 1)),  # Seller Center's slash quirk
        ("2026/07/04 20:01", _local(2026, 7, 4, 20, 1)),
        ("04/07/2026 20:01", _local(2026, 7, 4, 20, 1)),  # day first
        ("07/13/2026 8:01 PM", _local(2026, 7, 13, 20, 1)),  # 13 cannot be a month
        ("04-07-2026 20.01.05", _local(2026, 7, 4, 20, 1, 5)),  # Indonesian time dots
        ("2026-07-04", _local(2026, 7, 4)),
        (dt.datetime(2026, 7, 4, 20, 1), _local(2026, 7, 4, 20, 1)),
        (dt.date(2026, 7, 4), _local(2026, 7, 4)),
    ],
)
def test_parse_local_datetime_examples(value: Cell, expected: dt.datetime) -> None:
    parsed = parse_local_datetime(value, JAKARTA)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == WIB
    assert parsed.isoformat().endswith("+07:00")


def test_datetime_keeps_its_own_offset() -> None:
    with_offset = parse_local_datetime("2026-07-04T20:01:54+07:00", ZoneInfo("Asia/Makassar"))
    assert with_offset is not None and with_offset.utcoffset() == WIB
    utc = parse_local_datetime("2026-07-04T13:01:54Z", JAKARTA)
    assert utc is not None and utc.utcoffset() == dt.timedelta(0)
    assert utc == _local(2026, 7, 4, 20, 1, 54)
    wita = parse_local_datetime("2026-07-04 20:01 WITA", JAKARTA)
    assert wita is not None and wita.utcoffset() == dt.timedelta(hours=8)
    gmt = parse_local_datetime("2026/07/04 20:01 GMT+7", ZoneInfo("UTC"))
    assert gmt is not None and gmt.utcoffset() == WIB


def test_epoch_milliseconds_are_utc() -> None:
    expected = dt.datetime(2026, 7, 4, 13, 1, 54, 123_000, tzinfo=dt.UTC)
    for value in (1_783_170_114_123, "1783170114123", 1_783_170_114_123.0):
        parsed = parse_local_datetime(value, JAKARTA)
        assert parsed == expected
        assert parsed is not None and parsed.utcoffset() == dt.timedelta(0)
    assert parse_local_datetime("1783170114", JAKARTA) == expected.replace(microsecond=0)


def test_aware_datetime_objects_are_kept() -> None:
    aware = dt.datetime(2026, 7, 4, 13, 0, tzinfo=dt.UTC)
    assert parse_local_datetime(aware, JAKARTA) is aware


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("yesterday", "numbers.not_a_datetime"),
        ("2026-13-04 20:01", "numbers.impossible_datetime"),
        ("31/02/2026", "numbers.impossible_datetime"),
        ("2026-07-04 25:00", "numbers.impossible_datetime"),
        (12345, "numbers.not_a_datetime"),
        (True, "numbers.not_a_datetime"),
        ("9" * 5000, "numbers.not_a_datetime"),
    ],
)
def test_parse_local_datetime_failures(value: Cell, key: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_local_datetime(value, JAKARTA)
    assert caught.value.reason_key == key


# --- conventions and columns ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (["1.234", "21.281.718,00"], "comma_decimal"),
        (["1.234", "0.5"], "dot_decimal"),
        (["0,4", "1.234"], "comma_decimal"),
        (["12,5rb", "13.262"], "comma_decimal"),
        (["6,830,000.01", "1,234"], "dot_decimal"),
        (["4.38247%", "1.234%"], "dot_decimal"),
        (["1.234", "13.262"], "dot_decimal"),  # no evidence at all: the default
        (["1.234", "13.262", "Rp5"], "comma_decimal"),  # Indonesian marker breaks the tie
        (["1.234", "2 jt"], "comma_decimal"),
        (["Rp1.234"], "comma_decimal"),  # money: the dot groups thousands
        (["$1,234"], "dot_decimal"),
        (["1.234.567", "2.345.678", "3.5"], "comma_decimal"),  # the majority wins
        ([None, 12, 3.5, dt.date(2026, 7, 4), "", "-"], "dot_decimal"),
        ([], "dot_decimal"),
    ],
)
def test_detect_convention(column: list[Cell], expected: str) -> None:
    assert detect_convention(column) == expected


SHOPEE_DASHBOARD: list[Cell] = [
    "21.281.718,00",  # Sales
    "13.262",  # Total Views
    "1.604.714,07",  # GPM
    "109",  # Orders
    "195.245,12",  # ABS
    "8.380",  # Total Viewer
    "107",  # PCU
    "104",  # Buyers
    "116",  # Items Sold
    "00:00:25",  # Avg. Viewing Duration
    "0,4%",  # Comments Rate
]


def test_golden_shopee_dashboard() -> None:
    convention = detect_convention(SHOPEE_DASHBOARD)  # the whole sheet decides
    assert convention == "comma_decimal"
    sales, views, gpm = parse_column(
        ["21.281.718,00", "13.262", "1.604.714,07"], "number", convention=convention
    ).values
    assert (sales, views, gpm) == (21_281_718.0, 13_262.0, 1_604_714.07)
    assert isinstance(sales, float) and isinstance(views, float)
    assert abs(sales / views * 1000 - 1_604_714.07) < 0.01
    abs_, orders = parse_number("195.245,12", convention), parse_number("109", convention)
    assert abs_ is not None and orders is not None
    assert abs(sales / orders - abs_) < 0.01
    assert parse_duration("00:00:25") == 25.0
    assert parse_rate("0,4%", convention) == 0.004
    views_alone = parse_column(["13.262", "8.380"], "number")  # a column alone cannot tell
    assert views_alone.values == [13.262, 8.38]


def test_column_collects_failures_without_raising() -> None:
    column: list[Cell] = [
        "1.234",
        "abc",
        None,
        "12..3",
        "",
        "1,2,3,4.5.6",
        "-",
        "\x00\x9f",
        7,
        True,
    ]
    result = parse_column(column, "number")
    assert result.values == [1.234, None, None, None, None, None, None, None, 7.0, None]
    assert result.failures == [
        (1, "abc", "numbers.not_a_number"),
        (3, "12..3", "numbers.bad_grouping"),
        (5, "1,2,3,4.5.6", "numbers.bad_grouping"),
        (7, "\x00\x9f", "numbers.not_a_number"),
        (9, "True", "numbers.unexpected_boolean"),
    ]
    problems = result.problems("Views", rows=[i + 4 for i in range(len(column))])
    assert problems[0].row == 5 and problems[0].column == "Views" and problems[0].value == "abc"
    assert "row 5" in problems[0].describe("en") and "baris 5" in problems[0].describe("id")


def test_column_of_repeated_garbage_reports_every_cell() -> None:
    result = parse_column(["abc"] * 3 + ["1"], "number")
    assert [index for index, _, _ in result.failures] == [0, 1, 2]


def test_money_column_currency() -> None:
    result = parse_column(["Rp1.000", "Rp2.500,50", None, 300, "-"], "money")
    assert result.values == [1_000.0, 2_500.5, None, 300.0, None]
    assert result.currency == "IDR" and result.convention == "comma_decimal"
    assert result.failures == []
    assert parse_column(["1.000", "2.000"], "money").currency is None


def test_money_column_with_mixed_currencies_flags_the_minority() -> None:
    result = parse_column(["Rp1.000", "$5", "Rp2.000", "Rp3.000"], "money")
    assert result.currency == "IDR"
    assert result.values == [1_000.0, None, 2_000.0, 3_000.0]
    assert result.failures == [(1, "$5", "numbers.mixed_currency")]


def test_rate_column() -> None:
    result = parse_column(["4.38247%", "1293.103448%", "", 12.5], "rate")
    assert result.values == [0.0438247, 12.93103448, None, 0.125]
    fractions = parse_column([0.0438, "4%"], "rate", bare_rate_is_percent=False)
    assert fractions.values == [0.0438, 0.04]


def test_given_convention_overrides_detection() -> None:
    result = parse_column(["1.234", "0.5"], "number", convention="comma_decimal")
    assert result.convention == "comma_decimal"
    assert result.values == [1_234.0, 0.5]


def test_duration_column() -> None:
    column: list[numbers.DurationCell] = ["0h19m", "1j 5m", None, "bad", dt.time(0, 0, 25)]
    result = parse_column(column, "duration")
    assert result.values == [1140.0, 3900.0, None, None, 25.0]
    assert result.failures == [(3, "bad", "numbers.not_a_duration")]
    assert result.convention is None and result.currency is None
    assert parse_column([0.5], "duration", excel_day_fraction=True).values == [43_200.0]


def test_datetime_column_day_and_month_order() -> None:
    day_first = parse_column(["04/07/2026 20:01", "25/07/2026 20:01"], "datetime")
    assert day_first.values == [_local(2026, 7, 4, 20, 1), _local(2026, 7, 25, 20, 1)]
    # One cell proves month/day/year, so the ambiguous cell is read the same way.
    month_first = parse_column(["07/04/2026 20:01", "07/25/2026 20:01"], "datetime")
    assert month_first.values == [_local(2026, 7, 4, 20, 1), _local(2026, 7, 25, 20, 1)]
    # Contradicting cells: day first, and the impossible one is reported.
    both = parse_column(["25/07/2026", "07/25/2026"], "datetime")
    assert both.values == [_local(2026, 7, 25), None]
    assert both.failures == [(1, "07/25/2026", "numbers.impossible_datetime")]


def test_datetime_column_zone() -> None:
    makassar = ZoneInfo("Asia/Makassar")
    result = parse_column(["2026-07-04 20:01:54", dt.datetime(2026, 7, 4)], "datetime", tz=makassar)
    assert all(
        isinstance(v, dt.datetime) and v.utcoffset() == dt.timedelta(hours=8) for v in result.values
    )
    default = parse_column(["2026-07-04 20:01:54"], "datetime")
    assert default.values == [_local(2026, 7, 4, 20, 1, 54)]


def test_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown column kind"):
        parse_column([], "colour")  # type: ignore[arg-type]


# --- formatting -----------------------------------------------------------------------------


def test_formatting_examples() -> None:
    assert format_number_id(1_234_567) == "1.234.567"
    assert format_number_id(1_234.5, 2) == "1.234,50"
    assert format_number_id(-1_234.5, 1) == "-1.234,5"
    assert format_number_id(-0.001, 2) == "0,00"
    assert format_money_id(1_234_567) == "Rp1.234.567"
    assert format_money_id(-5_000) == "-Rp5.000"
    assert format_compact_id(1_234_567) == "1,2 jt"
    assert format_compact_id(12_500) == "12,5 rb"
    assert format_compact_id(980) == "980"
    assert format_compact_id(12.5) == "12,5"
    assert format_compact_id(12_000) == "12 rb"
    assert format_compact_id(999_960) == "1 jt"
    assert format_compact_id(1.2e9) == "1,2 M"
    assert format_compact_id(-3.5e12) == "-3,5 T"
    with pytest.raises(ValueError):
        format_number_id(float("nan"))


# --- round trips ----------------------------------------------------------------------------

amounts = st.integers(-(10**12), 10**12)
styles = st.sampled_from(["id", "en"])


@given(st.lists(amounts, min_size=1, max_size=20), st.sampled_from([0, 1, 2]), styles)
def test_round_trip_spreadsheet_numbers(units: list[int], decimals: int, style: Style) -> None:
    values = [Decimal(u).scaleb(-decimals) for u in units]
    if style == "id" and decimals == 0:
        # "1.234" alone could be 1.234: the column must show a larger number to decide.
        assume(all(abs(v) < 1000 for v in values) or any(abs(v) >= 10**6 for v in values))
    column: list[Cell] = [spreadsheet(v, decimals, style) for v in values]
    result = parse_column(column, "number")
    assert result.failures == []
    assert result.values == [float(v) for v in values]


@given(
    st.lists(amounts, min_size=1, max_size=20),
    st.sampled_from([0, 2]),
    st.sampled_from(["Rp", "Rp ", "IDR ", "$", "₫"]),
    styles,
)
def test_round_trip_money(units: list[int], decimals: int, sign: str, style: Style) -> None:
    values = [Decimal(u).scaleb(-decimals) for u in units]

    def written(value: Decimal) -> str:
        text = spreadsheet(abs(value), decimals, style)
        text = text + sign if sign == "₫" else sign + text
        return "-" + text if value < 0 else text

    result = parse_column([written(v) for v in values], "money")
    assert result.failures == []
    assert result.values == [float(v) for v in values]
    assert result.currency == {"$": "USD", "₫": "VND"}.get(sign, "IDR")


ID_UNITS = {"rb": 3, "ribu": 3, "jt": 6, "juta": 6, "M": 9, "miliar": 9, "T": 12}
EN_UNITS = {"K": 3, "k": 3, "M": 6, "B": 9, "bn": 9, "T": 12}


@given(
    st.lists(
        st.tuples(st.integers(1, 9999), st.integers(0, 100), st.booleans(), st.booleans()),
        min_size=1,
        max_size=12,
    ),
    styles,
)
def test_round_trip_abbreviations(cells: list[tuple[int, int, bool, bool]], style: Style) -> None:
    units = ID_UNITS if style == "id" else EN_UNITS
    names = sorted(units)
    column: list[Cell] = []
    expected = []
    for tenths, pick, spaced, trim in cells:
        unit = names[pick % len(names)]
        mantissa = Decimal(tenths).scaleb(-1)  # one decimal: what the abbreviation can show
        text = str(mantissa).removesuffix(".0") if trim else str(mantissa)
        text = text.replace(".", ",") if style == "id" else text
        column.append(text + (" " if spaced else "") + unit)
        expected.append(float(mantissa.scaleb(units[unit])))
    if style == "id":
        # "12 M" alone is million or miliar: the column needs a comma or an Indonesian word.
        assume(any("," in c or re.search("[a-z]", c) for c in column if isinstance(c, str)))
    result = parse_column(column, "number")
    assert result.failures == []
    assert result.values == expected


@given(
    st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=20),
    st.sampled_from([1, 2, 4, 5]),
    styles,
    st.booleans(),
)
def test_round_trip_percentages(units: list[int], decimals: int, style: Style, space: bool) -> None:
    values = [Decimal(u).scaleb(-decimals) for u in units]
    column: list[Cell] = [
        spreadsheet(v, decimals, style) + (" %" if space else "%") for v in values
    ]
    result = parse_column(column, "rate")
    assert result.failures == []
    assert result.values == [float(v.scaleb(-2)) for v in values]


@given(st.integers(0, 10**12), st.sampled_from([0, 1, 2]))
def test_round_trip_format_number_id(units: int, decimals: int) -> None:
    value = Decimal(units).scaleb(-decimals)
    assert parse_number(format_number_id(float(value), decimals), "comma_decimal") == float(value)


@given(st.integers(10, 9999), st.integers(1, 4), st.booleans())
def test_round_trip_format_compact_id(tenths: int, unit: int, negative: bool) -> None:
    value = float(Decimal(tenths).scaleb(3 * unit - 1)) * (-1 if negative else 1)
    assert parse_number(format_compact_id(value), "comma_decimal") == value


@given(st.integers(0, 200_000))
def test_round_trip_durations(seconds: int) -> None:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    texts = [f"{h:02d}:{m:02d}:{s:02d}", f"{h}j {m}m {s}d", f"{h} jam {m} menit {s} detik"]
    texts += [f"{h * 60 + m}m {s}s", f"{h}h {m}m {s}s", str(seconds)]
    if s == 0:
        texts.append(f"{h}h{m}m")  # TikTok's "0h19m" carries hours and minutes only
    result = parse_column(texts, "duration")
    assert result.failures == []
    assert result.values == [float(seconds)] * len(texts)


naive_times = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@given(st.lists(naive_times, min_size=1, max_size=10), st.sampled_from(range(4)))
def test_round_trip_local_datetimes(times: list[dt.datetime], layout: int) -> None:
    fmt = ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d/ %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
    result = parse_column([t.strftime(fmt[layout]) for t in times], "datetime", tz=JAKARTA)
    assert result.failures == []
    assert result.values == [t.replace(tzinfo=JAKARTA) for t in times]
    assert all(isinstance(v, dt.datetime) and v.utcoffset() == WIB for v in result.values)


@given(naive_times, st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timedelta(minutes=m)))
def test_round_trip_offsets_are_kept(moment: dt.datetime, offset: dt.timedelta) -> None:
    aware = moment.replace(tzinfo=dt.timezone(offset))
    parsed = parse_local_datetime(aware.isoformat(), JAKARTA)
    assert parsed == aware and parsed is not None and parsed.utcoffset() == offset
    epoch_ms = int(aware.timestamp()) * 1000
    assert parse_local_datetime(epoch_ms, JAKARTA) == aware


cells = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+ %RpjtrbMKmhsd:/()₫$", max_size=20),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.datetimes(),
    st.dates(),
)


@given(st.lists(cells, max_size=30), st.sampled_from(["number", "money", "rate", "duration"]))
def test_parse_column_never_raises(column: list[Cell], kind: numbers.Kind) -> None:
    result = parse_column(column, kind)
    assert len(result.values) == len(column)
    for index, raw, key in result.failures:
        assert result.values[index] is None
        assert key in catalog_keys()
        assert raw == (column[index] if isinstance(column[index], str) else str(column[index]))


@given(st.lists(st.one_of(st.text(max_size=30), st.integers(), st.floats()), max_size=30))
def test_parse_datetime_column_never_raises(column: list[Cell]) -> None:
    result = parse_column(column, "datetime", tz=JAKARTA)
    assert len(result.values) == len(column)
    assert all(key in catalog_keys() for _, _, key in result.failures)


# --- messages -------------------------------------------------------------------------------


def test_every_reason_key_has_a_message_in_both_languages() -> None:
    package = Path(numbers.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    used = set(re.findall(r'"(numbers\.[a-z_]+)"', source))
    assert used
    messages = catalog_keys()
    for key in used:
        assert key in messages, key
        assert messages[key]["id"] and messages[key]["en"], key


def test_parse_failure_becomes_a_problem() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_number("12..3")
    problem = caught.value.problem(row=7, column="Sales", value="12..3")
    assert problem.reason_key == "numbers.bad_grouping"
    assert problem.describe("id").startswith("baris 7, kolom 'Sales'")


@pytest.mark.parametrize(
    ("header", "currency"),
    [
        ("Sales (Rp)", "IDR"),
        ("GMV (IDR)", "IDR"),
        ("Revenue [Rp.]", "IDR"),
        ("Omzet ( rupiah )", "IDR"),
        ("Sales (USD)", "USD"),
        ("Sales", None),
        ("Sales Rp", None),
        ("Comments (%)", None),
    ],
)
def test_currency_of_header(header: str, currency: str | None) -> None:
    assert currency_of_header(header) == currency


@pytest.mark.parametrize(
    ("texts", "guess"),
    [
        (["7/4/2026 20:00", "7/5/2026 9:00"], "7/4/2026 20:00"),
        (["04/07/2026 20:00", "05/07/2026"], None),  # padded: Indonesian exports
        (["7/4/2026", "7/13/2026"], None),  # month first, proven
        (["7/4/2026", "13/7/2026"], None),  # day first, proven
        (["2026-07-04 20:00"], None),
        (["12-1-2026"], "12-1-2026"),
    ],
)
def test_day_first_guess(texts: list[str], guess: str | None) -> None:
    assert numbers.day_first_guess(texts) == guess


@pytest.mark.parametrize(
    ("cells", "fraction"),
    [
        ([0.032, 0.0908, None], 0.032),
        ([0, 0.5, 1], 0.5),
        ([0.032, 3.2], None),  # a number above 1: percent points
        ([0.032, "3,2"], None),  # a bare text number is percent points
        ([0.032, "3,2%", "-"], 0.032),
        ([0, 0.0], None),  # nothing to tell
        (["3,2%"], None),
    ],
)
def test_workbook_fractions(cells: list[object], fraction: float | None) -> None:
    texts = [cell if isinstance(cell, str) else None for cell in cells]
    others = [i for i, cell in enumerate(cells) if cell is not None and texts[i] is None]
    assert workbook_fractions(cells, texts, others) == fraction  # type: ignore[arg-type]
