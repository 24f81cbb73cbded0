"""CSV whose text cells a spreadsheet shows as text, never runs as formulas (OWASP)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from siaran.formatting import safe_cell, to_csv


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://example.invalid","klik")', "+1", "-cmd", "@SUM(1)", "\tx", "\rx", "-5"],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(hostile: str) -> None:
    assert safe_cell(hostile) == "'" + hostile


@pytest.mark.parametrize("value", [-5, -0.25, 0, 12, 3.5])
def test_numbers_negative_ones_included_are_untouched(value: float) -> None:
    assert safe_cell(value) == value


def test_other_cells() -> None:
    assert safe_cell(None) == ""
    assert safe_cell("kopi.senja") == "kopi.senja"
    assert safe_cell("a=b") == "a=b"  # only the first character can start a formula
    assert safe_cell(["=x", "y"]) == '["=x", "y"]'
    assert safe_cell(dt.date(2026, 9, 17)) == "2026-09-17"


def test_to_csv_round_trips_what_it_neutralises() -> None:
    rows: list[dict[str, object]] = [
        {"account": "=1+2", "gmv": -1500.0, "title": 'a, "quoted"\nline'},
        {"account": "@x", "gmv": None, "title": "plain"},
    ]
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert parsed[0] == {"account": "'=1+2", "gmv": "-1500.0", "title": 'a, "quoted"\nline'}
    assert parsed[1] == {"account": "'@x", "gmv": "", "title": "plain"}


def test_header_names_are_cells_too() -> None:
    # Matrix columns are code and case names, which users type.
    text = to_csv([{"=evil": 1}])
    assert text.splitlines()[0] == "'=evil"
