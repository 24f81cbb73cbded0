"""The months of a reseller register, as sellers' spreadsheets write them."""

from __future__ import annotations

import datetime as dt

import pytest

from siaran.ecosystem.parsing import parse_month


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("2026-07", (2026, 7)),
        ("07/2026", (2026, 7)),
        ("Agustus 2026", (2026, 8)),
        ("Jul-26", (2026, 7)),
        ("Agu-26", (2026, 8)),
        ("des 25", (2025, 12)),
        ("Okt 2026", (2026, 10)),
    ],
)
def test_the_forms_a_month_is_written_in(written: str, month: tuple[int, int]) -> None:
    assert parse_month(written) == dt.date(*month, 1)


@pytest.mark.parametrize("written", ["Jul", "Juli-2", "Foo-26", "13/2026", "2026"])
def test_other_text_is_no_month(written: str) -> None:
    assert parse_month(written) is None
