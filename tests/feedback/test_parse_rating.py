"""How a review's rating is written by the platforms, the sellers' sheets and other tools."""

from __future__ import annotations

import pytest

from siaran.feedback.parsing import parse_rating


@pytest.mark.parametrize(
    ("written", "rating"),
    [
        ("5", 5),
        ("4.0", 4),
        ("3,0", 3),
        ("5/5", 5),
        ("5 Bintang", 5),
        ("4 bintang", 4),
        ("1 star", 1),
        ("5 Stars", 5),
        ("★★★", 3),
        ("4★", 4),
    ],
)
def test_the_forms_a_rating_is_written_in(written: str, rating: int) -> None:
    assert parse_rating(written) == rating


@pytest.mark.parametrize("written", ["lima", "4.5", "5 dari 5 bintang", "bintang 5", ""])
def test_other_text_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        parse_rating(written)
