"""The document highlighting and codebook colours of the case-study pages, as plain functions."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from siaran.web.casework_view import (
    FALLBACK_COLOURS,
    clipped,
    code_index,
    highlighted,
    safe_colour,
    split_at_boundaries,
    tint,
)


def excerpt(number: int, start: int, end: int, code: int = 2) -> dict[str, Any]:
    return {"id": number, "start": start, "end": end, "codings": [{"code_id": code}]}


def test_text_is_cut_at_every_boundary_with_its_covering_excerpts() -> None:
    text = "abcdefghij"
    pieces = split_at_boundaries(
        text, [excerpt(1, 2, 6), excerpt(2, 4, 9), excerpt(3, 4, 5), excerpt(4, 7, 7)]
    )
    assert [(p.text, p.excerpts, p.opens) for p in pieces] == [
        ("ab", (), ()),
        ("cd", (1,), (1,)),
        ("e", (1, 3, 2), (3, 2)),  # by start, then the shorter first
        ("f", (1, 2), ()),
        ("ghi", (2,), ()),
        ("j", (), ()),
    ]


def test_offsets_are_code_points_and_spans_are_clipped() -> None:
    text = "👋🏽 halo"  # two code points before the space
    pieces = split_at_boundaries(text, [excerpt(1, 3, 7), excerpt(2, 5, 99), excerpt(3, -4, 1)])
    assert [(p.text, p.excerpts) for p in pieces] == [
        ("👋", (3,)),
        ("🏽 ", ()),
        ("ha", (1,)),
        ("lo", (1, 2)),
    ]


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45)), max_size=8),
)
def test_pieces_rebuild_the_text_and_each_excerpt(text: str, spans: list[tuple[int, int]]) -> None:
    excerpts = [excerpt(n + 1, s, e) for n, (s, e) in enumerate(spans)]
    pieces = split_at_boundaries(text, excerpts)
    assert "".join(p.text for p in pieces) == text
    for item in excerpts:
        start, end = max(0, min(item["start"], len(text))), max(0, min(item["end"], len(text)))
        covered = "".join(p.text for p in pieces if item["id"] in p.excerpts)
        assert covered == (text[start:end] if start < end else "")


def test_highlighted_html_escapes_text_and_layers_overlaps() -> None:
    tree = [{"id": 1, "name": "T", "color": "#1F77B4", "children": [
        {"id": 2, "name": "A", "color": None, "depth": 1, "children": []},
        {"id": 3, "name": "B", "color": "#d62728", "depth": 1, "children": []},
    ]}]  # fmt: skip
    codes = code_index(tree)
    assert codes[2].colour == "#1f77b4"  # inherits its theme's colour
    html = highlighted(
        "<i>x</i> y", [excerpt(1, 0, 8, code=2), excerpt(2, 4, 10, code=3)], codes, {1: "one"}
    )
    assert "<i>" not in html and "&lt;i&gt;" in html
    assert 'data-excerpts="1 2" data-depth="2"' in html and 'title="one | #2"' in html
    assert "inset 0 -3px 0 #1f77b4, inset 0 -6px 0 #d62728" in html


def test_colours_are_only_hex_and_tints_mix_with_white() -> None:
    assert safe_colour("#ABC", "#000000") == "#aabbcc"
    for bad in ("red", "#12345", "#123456;background:url(x)", None, 5, '#fff" onclick="x'):
        assert safe_colour(bad, "#000000") == "#000000"
    assert tint("#000000", 0.25) == "#bfbfbf" and tint("#ff0000", 1.0) == "#ff0000"
    themes = code_index([{"id": n, "name": str(n), "color": "nope"} for n in range(1, 10)])
    assert [themes[n].colour for n in (1, 9)] == [FALLBACK_COLOURS[0], FALLBACK_COLOURS[0]]


def test_clipped_quotes_cut_at_a_word() -> None:
    assert clipped("kopi\n  asli") == "kopi asli"
    assert clipped("satu dua tiga empat", 12) == "satu dua …"
