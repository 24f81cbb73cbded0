"""The vectorised column parsers against the scalar reference: for every generated column, the
same values (to the last bit), the same currency and the same failures (index, raw text and
reason) as :func:`parse_column`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siaran.ingest.numbers import Convention, DurationCell, Kind, detect_convention, parse_column
from siaran.ingest.numbers.amounts import _decide, _safe_read
from siaran.ingest.numbers.vector import parse_cells, vote_convention

JAKARTA = ZoneInfo("Asia/Jakarta")
BERLIN = ZoneInfo("Europe/Berlin")
CONVENTIONS: tuple[Convention, ...] = ("dot_decimal", "comma_decimal")

digits = st.text("0123456789", min_size=1, max_size=7)
groups = st.lists(st.text("0123456789", min_size=3, max_size=3), min_size=0, max_size=3)


@st.composite
def amount_texts(draw: st.DrawFn) -> str:
    """Amounts in the forms exports write them, and near misses of those forms."""
    head = draw(st.sampled_from(["", "1", "12", "123", "0", "1234", "05"]))
    separator = draw(st.sampled_from([",", "."]))
    body = head + "".join(separator + g for g in draw(groups))
    if draw(st.booleans()):
        body += draw(st.sampled_from([".", ",", ""])) + draw(digits)
    if not body:
        body = draw(digits)
    prefix = draw(st.sampled_from(["", "", "Rp", "Rp ", "$", "-", "Rp-", "-Rp", "IDR "]))
    suffix = draw(st.sampled_from(["", "", "%", "₫", " %", "rb", "K", "e3"]))
    return prefix + body + suffix


odd_texts = st.text("0123456789.,-%Rp$₫hms: jt", max_size=12)
typed = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
amount_cells = st.lists(st.one_of(amount_texts(), odd_texts, typed), min_size=1, max_size=25)


def durations() -> st.SearchStrategy[str]:
    clock = st.builds(
        lambda h, m, s, short: f"{m:02d}:{s:02d}" if short else f"{h:02d}:{m:02d}:{s:02d}",
        st.integers(0, 30),
        st.integers(0, 75),
        st.integers(0, 75),
        st.booleans(),
    )
    words = st.builds(
        lambda h, m, s, parts: "".join(
            f"{v}{u}" for v, u, keep in zip((h, m, s), "hms", parts, strict=True) if keep
        ),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.tuples(st.booleans(), st.booleans(), st.booleans()),
    )
    return st.one_of(clock, words, st.integers(0, 10**6).map(str), odd_texts)


duration_cells = st.lists(
    st.one_of(durations(), typed, st.just(dt.timedelta(seconds=90))), min_size=1, max_size=25
)
numbers_only = st.lists(
    st.one_of(
        st.none(),
        st.integers(-(10**14), 10**14),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([1_779_541_756, 1_779_541_756_123, 1_779_541_756.0, 10**9, 10**13 - 1]),
        st.sampled_from([2**53 + 1, -(2**70), 10**400]),
    ),
    min_size=1,
    max_size=25,
)
"""Columns as JSON gives them: numbers only (epoch seconds and milliseconds among them),
read as one float64 column; an int a float cannot hold exactly, as the scalar reader does."""
moments = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2099, 12, 31))
datetime_cells = st.lists(
    st.one_of(
        moments.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
        moments.map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
        moments.map(lambda d: d.replace(microsecond=0).isoformat()),
        st.sampled_from(["2026-02-30 10:00:00", "2026-07-04 24:00:00", "2026-07-04 20:01:60"]),
        odd_texts,
        moments,
        st.none(),
        st.integers(10**8, 10**14),
        st.floats(1e9, 1e13),
    ),
    min_size=1,
    max_size=25,
)


def same_column(
    cells: Sequence[DurationCell],
    kind: Kind,
    *,
    tz: ZoneInfo = JAKARTA,
    convention: Convention | None = None,
    bare: bool = True,
    clock_hours: bool = False,
) -> None:
    options: dict[str, Any] = {"tz": tz, "convention": convention, "bare_rate_is_percent": bare}
    expected = parse_column(cells, kind, clock_hours=clock_hours, **options)
    got = parse_cells(cells, kind, clock_hours=clock_hours, **options)
    assert got.failures == expected.failures
    assert got.currency == expected.currency
    values = got.values.to_pylist()
    assert len(values) == len(expected.values)
    for value, reference in zip(values, expected.values, strict=True):
        if isinstance(reference, dt.datetime):
            assert isinstance(value, dt.datetime)
            assert value.timestamp() == reference.timestamp()
        elif reference is None:
            assert value is None
        else:
            assert isinstance(value, float)
            assert value == reference or (math.isnan(value) and math.isnan(reference))
            assert math.copysign(1.0, value) == math.copysign(1.0, reference)


@settings(max_examples=300, deadline=None)
@given(amount_cells, st.sampled_from(CONVENTIONS), st.sampled_from(["number", "money", "rate"]))
def test_amounts_agree_with_the_scalar_reader(
    cells: list[DurationCell], convention: Convention, kind: Kind
) -> None:
    same_column(cells, kind, convention=convention)


@settings(deadline=None)
@given(amount_cells, st.sampled_from(["number", "money", "rate"]), st.booleans())
def test_the_column_convention_and_bare_rates_agree(
    cells: list[DurationCell], kind: Kind, bare: bool
) -> None:
    same_column(cells, kind, bare=bare)


@settings(max_examples=200, deadline=None)
@given(duration_cells, st.booleans())
def test_durations_agree_with_the_scalar_reader(
    cells: list[DurationCell], clock_hours: bool
) -> None:
    same_column(cells, "duration", clock_hours=clock_hours)


def test_two_clock_fields_of_a_lives_length_are_hours_and_minutes() -> None:
    cells = ["1:30", "02:00", "0:45", "01:23:45", "1:75"]
    hours = parse_cells(cells, "duration", clock_hours=True)
    assert hours.values.to_pylist() == [5400.0, 7200.0, 2700.0, 5025.0, None]
    assert [(at, key) for at, _, key in hours.failures] == [(4, "numbers.not_a_duration")]
    # An average viewing time keeps minutes:seconds.
    assert parse_cells(["1:30"], "duration").values.to_pylist() == [90.0]


@settings(max_examples=200, deadline=None)
@given(datetime_cells, st.sampled_from([JAKARTA, BERLIN]))
def test_datetimes_agree_with_the_scalar_reader(cells: list[DurationCell], zone: ZoneInfo) -> None:
    same_column(cells, "datetime", tz=zone)


@settings(max_examples=200, deadline=None)
@given(numbers_only, st.sampled_from(["number", "money", "rate", "duration", "datetime"]))
def test_columns_of_numbers_agree_with_the_scalar_reader(
    cells: list[DurationCell], kind: Kind
) -> None:
    same_column(cells, kind, bare=False)
    same_column(cells, kind, bare=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(amount_texts(), odd_texts, st.none()), max_size=12), max_size=4))
def test_the_vote_agrees_with_detect_convention(columns: list[list[str | None]]) -> None:
    arrays = [pa.array(column, pa.string()) for column in columns]
    every = [cell for column in columns for cell in column]
    assert vote_convention(arrays) == detect_convention(every)
    distinct = {cell for cell in every if cell is not None}
    money_vote = _decide(_safe_read(text, True) for text in distinct)
    assert vote_convention(arrays, money=True) == money_vote


def test_the_vote_in_the_forms_exports_write() -> None:
    assert vote_convention([pa.array(["21.281.718,00", "13.262"])]) == "comma_decimal"
    assert vote_convention([pa.array(["6,830,000.01"]), pa.array(["1,234"])]) == "dot_decimal"
    assert vote_convention([pa.array(["13.262"])]) == "dot_decimal"
    assert vote_convention([pa.array(["13.262", "12,5rb"])]) == "comma_decimal"
    assert vote_convention([pa.array(["Rp1.234"])], money=True) == "comma_decimal"
    assert vote_convention([]) == "dot_decimal"
    # Counts are whole: a lone group of three digits there is thousands, whichever mark.
    assert vote_convention([], counts=[pa.array(["1.250", "980"])]) == "comma_decimal"
    assert vote_convention([pa.array(["2500000"])], counts=[pa.array(["1,250"])]) == "dot_decimal"
    assert vote_convention([pa.array(["1.5"])], counts=[pa.array(["2.100", "1.020"])]) == (
        "comma_decimal"
    )


def test_a_json_column_of_numbers_takes_no_scalar_lane() -> None:
    got = parse_cells([1, 2.5, None, 1_779_541_756], "number")
    assert got.slow == 0 and got.values.to_pylist() == [1.0, 2.5, None, 1_779_541_756.0]
    times = parse_cells([1_779_541_756, 1_779_541_756_500, 12, True], "datetime")
    assert times.values.to_pylist()[:2] == [
        dt.datetime(2026, 5, 23, 13, 9, 16, tzinfo=dt.UTC),
        dt.datetime(2026, 5, 23, 13, 9, 16, 500_000, tzinfo=dt.UTC),
    ]
    assert times.failures == [
        (2, "12", "numbers.not_a_datetime"),
        (3, "True", "numbers.not_a_datetime"),
    ]


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["Rp1,234.56", "Rp1.234,56", "Rp1.234", "6,830,000.01₫", "$5", "Rp5%", "x"], "money"),
        (["12.34567%", "0%", "-0%", "Rp5", "1,5%", 0.25], "rate"),
        (["1,234", "13.262", "1,234,567", "007", "12,5rb", "1e400", "-0"], "number"),
        (["1h23m", "0h19m", "43s", "01:23:45", "05:30", "1:61:00", "90", "2m 30d"], "duration"),
        (["2026-03-29 02:30:00", "2026-10-25 02:30:00", "2026-02-30 10:00:00"], "datetime"),
    ],
)
def test_the_forms_exports_write(cells: list[DurationCell], kind: Kind) -> None:
    for convention in CONVENTIONS:
        same_column(cells, kind, tz=BERLIN, convention=convention)


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (["Rp1,234.56", "Rp82,475.00", "Rp0.00", "Rp-5.00", None], "money"),
        (["6,830,000.01₫", "0.00₫"], "money"),
        (["Rp1.234,56", "Rp1.234.567", "1.234.567,5"], "money"),
        (["10.81871%", "0%", "127.02703%", "12"], "rate"),
        (["1,304", "37", "1,234,567", "266.44"], "number"),
        (["1h17m", "0h29m", "43s", "1m9s", "01:23:45", "05:30", "90"], "duration"),
        (["2026-05-20 00:00:54", "2026-05-20 01:17:55", None], "datetime"),
    ],
)
def test_the_forms_exports_write_take_the_fast_lane(cells: list[DurationCell], kind: Kind) -> None:
    result = parse_cells(cells, kind, tz=JAKARTA, convention="dot_decimal")
    assert result.slow == 0 and result.failures == []
    same_column(cells, kind, convention="dot_decimal")


def test_an_arrow_column_is_read_like_a_list() -> None:
    cells = ["Rp1,234.56", None, "Rp7"]
    from_arrow = parse_cells(pa.array(cells), "money", convention="dot_decimal")
    assert from_arrow.values.to_pylist() == [1234.56, None, 7.0]
    assert from_arrow.currency == "IDR"
