"""The inline SVG charts: accessible, well-formed, offline and byte-for-byte deterministic."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from siaran.report import charts
from siaran.report.svg import linear_ticks, log_domain, log_ticks, ramp_colour

GROUPS = {
    "frequent_high_value": charts.GroupStyle("Frequent, high value", "#009E73", "circle"),
    "frequent_low_value": charts.GroupStyle("Frequent, low value", "#D55E00", "triangle"),
    "infrequent_high_value": charts.GroupStyle("Infrequent, high value", "#0072B2", "square"),
    "infrequent_low_value": charts.GroupStyle("Infrequent, low value", "#7F7F7F", "diamond"),
}
POINTS = (
    charts.ScatterPoint("gajahsakti.pwt", 24.0, 2_200_000.0, "frequent_high_value"),
    charts.ScatterPoint("keripik_bu_sri", 60.0, 25_000.0, "frequent_low_value"),
    charts.ScatterPoint("batik_banyumasan", 6.0, 3_000_000.0, "infrequent_high_value"),
    charts.ScatterPoint("<b>&co</b>", 4.0, 45_300.0, "infrequent_low_value"),
    charts.ScatterPoint("no_gmv", 3.0, None, ""),
    charts.ScatterPoint("zero_gmv", 5.0, 0.0, "infrequent_low_value"),
)


def _scatter() -> str:
    return charts.scatter_chart(
        POINTS,
        chart_id="s",
        title="Frequency vs value",
        desc="Each point is one account.",
        x_label="Sessions per 28 days",
        y_label="Mean GMV per session",
        x_format=lambda v: f"{v:g}",
        y_format=lambda v: f"Rp{v:,.0f}",
        groups=GROUPS,
        x_split=15.0,
        y_split=1_000_000.0,
        corner_labels={"top_right": "Frequent, high value", "bottom_left": "Infrequent, low"},
    )


def _lines() -> str:
    days = [dt.date(2026, 9, 28) - dt.timedelta(days=7 * k) for k in range(5, -1, -1)]
    return charts.line_chart(
        [
            charts.Series("big", [(d, 2_000_000.0 + i) for i, d in enumerate(days)]),
            charts.Series("small", [(d, None if i == 2 else 20_000.0) for i, d in enumerate(days)]),
        ],
        chart_id="l",
        title="Trends",
        desc="One line per account.",
        x_label="Window end",
        y_label="Mean GMV",
        x_format=lambda d: d.isoformat(),
        y_format=lambda v: f"{v:g}",
    )


def _heatmap() -> str:
    return charts.heatmap(
        {(0, 20): 6.0, (6, 9): 3.0, (3, 12): 1.0},
        chart_id="h",
        title="Weekday x hour",
        desc="Sessions per slot.",
        row_labels=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        column_labels=[f"{h:02d}" for h in range(24)],
        cell_format=lambda v: f"{v:g}",
        x_label="Start hour",
    )


def _bars() -> str:
    return charts.bar_chart(
        [charts.Bar("up", 0.5), charts.Bar("down", -0.5), charts.Bar("unknown", None)],
        chart_id="b",
        title="Within accounts",
        desc="Spearman rho per account.",
        value_format=lambda v: f"{v:.2f}",
        domain=(-1.0, 1.0),
    )


ALL = {"scatter": _scatter, "lines": _lines, "heatmap": _heatmap, "bars": _bars}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("name", sorted(ALL))
def test_charts_are_deterministic_wellformed_accessible_and_offline(name: str) -> None:
    svg = ALL[name]()
    assert svg == ALL[name]()
    root = _parse(svg)
    assert root.tag == "svg"
    chart_id = root.attrib["id"]
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == f"{chart_id}-t {chart_id}-d"
    title = root.find("title")
    assert title is not None and title.attrib["id"] == f"{chart_id}-t"
    assert root.find("desc") is not None
    assert "http" not in svg and "<script" not in svg and "url(" not in svg
    # One decimal everywhere: stable text whatever the float noise.
    assert not re.search(r"\d\.\d{2,}\"", svg)


def test_scatter_labels_every_plotted_point_and_escapes_them() -> None:
    svg = _scatter()
    root = _parse(svg)
    labels = [t.text for t in root.iter("text")]
    for name in ("gajahsakti.pwt", "keripik_bu_sri", "batik_banyumasan", "<b>&co</b>"):
        assert name in labels
    assert "&lt;b&gt;&amp;co&lt;/b&gt;" in svg
    # Unknown or zero values cannot sit on a log axis: not drawn (the report lists them).
    assert "no_gmv" not in svg and "zero_gmv" not in svg
    assert "Frequent, high value" in labels and "Infrequent, low" in labels
    # Shapes carry the quadrant too, not only colour.
    assert svg.count("<polygon") == 2 and "<rect x=" in svg and "<circle" in svg


def test_scatter_quadrant_lines_sit_at_the_splits() -> None:
    root = _parse(_scatter())
    quadrants = next(g for g in root.iter("g") if g.attrib.get("class") == "quadrants")
    vertical, horizontal = list(quadrants)
    low, high = log_domain([24, 60, 6, 4, 15])
    left, width = 78.0, 720.0 - 78.0 - 24.0
    expected = left + width * (1.176091 - 0) / 2  # log10(15) over two decades from 1 to 100
    assert (low, high) == (1.0, 100.0)
    assert float(vertical.attrib["x1"]) == pytest.approx(expected, abs=0.1)
    assert horizontal.attrib["y1"] == horizontal.attrib["y2"]


def test_line_chart_breaks_at_unknown_values_and_goes_logarithmic() -> None:
    svg = _lines()
    root = _parse(svg)
    series = [g for g in root.iter("g") if g.attrib.get("class") == "series"]
    paths = [len(list(g.iter("path"))) for g in series]
    assert paths == [1, 2]  # "small" has a gap where its value is unknown
    ticks = [t.text for g in root.iter("g") if g.attrib.get("class") == "ticks" for t in g]
    assert "1e+06" in ticks and "100000" in ticks  # 1-2-5 ticks on a log scale
    assert [t.text for g in root.iter("g") if g.attrib.get("class") == "end-labels" for t in g] == [
        "big",
        "small",
    ]


def test_heatmap_writes_the_number_in_each_busy_cell() -> None:
    root = _parse(_heatmap())
    cells = next(g for g in root.iter("g") if g.attrib.get("class") == "cells")
    assert len(list(cells.iter("rect"))) == 7 * 24
    assert sorted(t.text or "" for t in cells.iter("text")) == ["1", "3", "6"]
    assert (ramp_colour(0.0), ramp_colour(1.0)) == ("#eff6ff", "#08306b")


def test_bar_chart_draws_negatives_left_of_zero_and_writes_unknown() -> None:
    root = _parse(_bars())
    rects = list(root.iter("rect"))
    zero = float(next(root.iter("line")).attrib["x1"])
    up, down = rects
    assert float(up.attrib["x"]) == pytest.approx(zero)
    assert float(down.attrib["x"]) + float(down.attrib["width"]) == pytest.approx(zero)
    assert "—" in [t.text for t in root.iter("text")]


def test_scales() -> None:
    assert log_domain([3, 250]) == (1.0, 1000.0)
    assert log_domain([]) == (1.0, 10.0)
    assert log_ticks(1.0, 100.0) == [1, 2, 5, 10, 20, 50, 100]
    assert log_ticks(1.0, 1e6) == [1, 10, 100, 1e3, 1e4, 1e5, 1e6]
    assert linear_ticks(9.0) == [0, 2, 4, 6, 8, 10]
    assert charts.marker_badge("triangle", "#000000").startswith('<svg class="mark"')
