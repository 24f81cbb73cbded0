"""Numbers, money, rates, durations and dates for people, in Indonesian and English: the one
formatter the terminal, the report and the dashboard share."""

from __future__ import annotations

import datetime as dt

import pytest

from siaran.formatting import (
    MINUS,
    UNKNOWN,
    format_by_unit,
    format_change,
    format_compact,
    format_count,
    format_date,
    format_datetime,
    format_decimal,
    format_duration,
    format_field,
    format_hours,
    format_money,
    format_money_per_hour,
    format_number,
    format_percent,
    format_rate,
    format_time_of_day,
    label,
)


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (1_234_567, "Rp1,2 jt", "Rp1.2M"),
        (45_300, "Rp45.300", "Rp45,300"),
        (999_960_000, "Rp1,0 M", "Rp1.0B"),
        (2_500_000_000, "Rp2,5 M", "Rp2.5B"),
        (0, "Rp0", "Rp0"),
        (-45_300, "−Rp45.300", "−Rp45,300"),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_money(value: float | None, indonesian: str, english: str) -> None:
    assert format_money(value, "id") == indonesian
    assert format_money(value, "en") == english


def test_other_numbers() -> None:
    assert (format_number(1234, "id"), format_number(1234, "en")) == ("1.234", "1,234")
    assert (format_percent(0.0428, "id"), format_percent(0.0428, "en")) == ("4,3%", "4.3%")
    assert (format_hours(12.5, "id"), format_hours(12.5, "en")) == ("12,5 jam", "12.5 h")
    assert (format_decimal(-0.4214, "id"), format_decimal(-0.4214, "en")) == ("−0,42", "−0.42")
    assert format_decimal(-0.001, "en") == "0.00"
    assert (format_compact(950, "id"), format_compact(12_300, "id")) == ("950", "12,3 rb")
    assert format_compact(12_300, "en") == "12.3K"
    assert (format_compact(3e6, "id"), format_compact(3e6, "id", trim=True)) == ("3,0 jt", "3 jt")
    assert format_money(1_500, "en", currency="VND") == "VND 1,500"
    assert format_date(dt.date(2026, 8, 17), "id") == "17 Agu 2026"
    assert format_date(None, "en") == format_percent(None, "en") == "—"


def test_the_formats_the_guide_documents() -> None:
    assert format_number(1_234_567.891, "id", decimals=2) == "1.234.567,89"
    assert format_number(1_234_567.891, "en", decimals=2) == "1,234,567.89"
    assert format_percent(0.125, "id") == "12,5%" and format_percent(0.125, "en") == "12.5%"
    assert format_money(1_234_567, "id", compact=False) == "Rp1.234.567"
    assert format_money(1_234_567, "en", compact=False) == "Rp1,234,567"
    assert format_money(7.5, "en", currency="MYR") == "RM7.50"  # under 10: two decimals
    assert format_money(3_900_000, "id", currency=None) == "3,9 jt"


def test_one_minus_sign_and_one_unknown_mark() -> None:
    negatives = [
        format_number(-5, "id"),
        format_decimal(-0.5, "en"),
        format_money(-5_000, "id"),
        format_percent(-0.05, "en"),
        format_compact(-2_500_000, "id"),
        format_duration(-95, "en"),
        format_change(-22, "id"),
    ]
    assert all(shown.startswith(MINUS) and "-" not in shown for shown in negatives)
    unknowns = [
        format_number(None, "id"),
        format_money(float("nan"), "en"),
        format_rate(None, "id"),
        format_duration(float("inf"), "en"),
        format_date(None, "id"),
        format_datetime("", "en"),
        format_change(None, "en"),
        format_field("gmv", None, "id"),
    ]
    assert set(unknowns) == {UNKNOWN} == {"—"}


def test_counts_rates_and_changes() -> None:
    assert format_count(37_451.48, "id") == "37.451"
    assert format_count(13.09, "id") == "13,1" and format_count(8.0, "en") == "8"
    assert format_rate(0.1667, "id") == "16,7%"
    assert format_rate(0.0042, "en") == "0.42%"  # small rates keep a second decimal
    assert format_rate(0, "en") == "0.0%"
    assert (format_change(30, "en"), format_change(0, "en")) == ("+30", "0")
    assert format_money_per_hour(1_600_000, "id") == "Rp1,6 jt/jam"
    assert format_money_per_hour(1_600_000, "en") == "Rp1.6M/h"


@pytest.mark.parametrize(
    ("seconds", "indonesian", "english"),
    [
        (3900, "1j 5m", "1h 5m"),
        (7200, "2j", "2h"),
        (2700, "45m", "45m"),
        (750, "12m 30d", "12m 30s"),
        (45, "45d", "45s"),
        (0, "0d", "0s"),
        (-90, "−1m 30d", "−1m 30s"),
        (4499.6, "1j 15m", "1h 15m"),
    ],
)
def test_durations(seconds: float, indonesian: str, english: str) -> None:
    assert format_duration(seconds, "id") == indonesian
    assert format_duration(seconds, "en") == english


def test_dates_and_times_keep_their_own_offset() -> None:
    iso = "2026-08-17T20:01:00+08:00"  # a live in WITA reads in WITA
    assert format_datetime(iso, "id") == "17 Agu 2026 20:01"
    assert format_datetime(dt.datetime.fromisoformat(iso), "en") == "17 Aug 2026 20:01"
    assert format_date("2026-12-01", "id") == "1 Des 2026"
    assert format_time_of_day(iso) == "20:01"


def test_fields_by_their_unit() -> None:
    assert format_field("conversion", 0.0428, "id") == "4,3%"
    assert format_field("gmv", 45_300, "en", currency="IDR") == "Rp45,300"
    assert format_field("duration_s", 4500, "id") == "1j 15m"
    assert format_field("started_at", "2026-09-17T19:05:00+07:00", "en") == "17 Sep 2026 19:05"
    assert format_field("room_id", "7642241401676540556", "id") == "7642241401676540556"
    assert format_field("id", 1234, "id") == "1234"  # numbers people type are not grouped
    assert format_field("views", 1234, "id") == "1.234"
    assert (
        format_field("quadrant", "frequent_high_value", "en") == "frequent, high value per session"
    )
    assert format_field("accounts", ["a", "b"], "en") == "a, b"
    assert format_field("attributes", {}, "en") == UNKNOWN
    assert format_by_unit(None, True, "id") == "ya"
    assert format_by_unit("text", "=1+2", "en") == "=1+2"  # text is data, written as it is


def test_labels_from_the_catalogue() -> None:
    assert (label("watch_gpm", "en"), label("conversion", "id")) == ("Watch GPM", "Konversi")
    assert (label("gmv_mean_per_session", "id"), label("started_at", "en")) == (
        "GMV rata-rata per sesi",
        "Start",
    )
    assert label("Theme with a name of its own", "id") == "Theme with a name of its own"


def test_every_kpi_has_a_name_in_both_languages() -> None:
    from siaran.metrics.registry import KPIS

    for item in KPIS:
        assert label(item.name, "id") != item.name, item.name
        assert label(item.name, "en") != item.name, item.name
