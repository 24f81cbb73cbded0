from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from siaran.errors import UsageError
from siaran.formatting import KPI_UNITS, unit_of
from siaran.i18n import catalog_keys
from siaran.metrics import (
    DISAGREEMENT_THRESHOLD,
    KPIS,
    kpi,
    rollup_kpi_names,
    session_kpi_names,
    with_session_kpis,
)
from siaran.metrics.glossary import DOC_PATHS, glossary, main, render_markdown, stale_docs
from siaran.metrics.registry import ROLLUP_BASES, UNITS, rollup_kpis, timeline_kpi_names
from siaran.store.engine import engine_context
from siaran.store.schema import SESSION_FIELD_NAMES
from siaran.workspace import Workspace

from . import at, insert_sessions

ROOT = Path(__file__).resolve().parents[2]

# The Shopee Live dashboard of docs/reference (Indonesian number format, parsed).
SHOPEE = {
    "gmv": 21281718.0,
    "views": 13262.0,
    "viewers": 8380.0,
    "orders": 109.0,
    "customers": 104.0,
    "items_sold": 116.0,
    "pcu": 107.0,
    "avg_view_duration_s": 25.0,
}

# A TikTok-like session with every base count known.
FULL = {
    "gmv": 6830000.0,
    "orders": 50.0,
    "customers": 40.0,
    "views": 2000.0,
    "viewers": 1600.0,
    "impressions": 40000.0,
    "product_impressions": 5000.0,
    "product_clicks": 250.0,
    "comments": 300.0,
    "likes": 25860.0,
    "shares": 12.0,
    "new_followers": 30.0,
    "duration_s": 5400.0,
}
FULL_EXPECTED = {
    "watch_gpm": 6830000 / 2000 * 1000,
    "show_gpm": 6830000 / 40000 * 1000,
    "live_ctr": 250 / 2000,
    "ctr": 250 / 5000,
    "ctor": 50 / 250,
    "aov": 6830000 / 50,
    "gmv_per_hour": 6830000 / 1.5,
    "conversion": 40 / 1600,
    "tap_through_rate": 2000 / 40000,
    "comment_rate": 300 / 2000,
    "like_rate": 25860 / 2000,  # 1293%: rates may exceed 100%
    "share_rate": 12 / 2000,
    "follow_rate": 30 / 2000,
}


def _engine_values(workspace: Workspace, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = insert_sessions(workspace, rows)
    con = engine_context(workspace).con
    table = with_session_kpis(con.table("sessions"))
    found = table.select("session_key", *session_kpi_names()).to_pyarrow().to_pylist()
    by_key = {row["session_key"]: row for row in found}
    return [by_key[key] for key in keys]


def test_registry_covers_the_design_fields_once() -> None:
    names = [k.name for k in KPIS]
    assert len(names) == len(set(names))
    assert set(FULL_EXPECTED) == set(session_kpi_names())
    assert set(rollup_kpi_names()) == {
        "sessions",
        "live_hours",
        "gmv_total",
        "gmv_mean_per_session",
        "gmv_median_per_session",
        "views_per_session",
        "viewers_per_session",
        "gmv_per_live_hour",
        "zero_gmv_share",
        "sessions_per_28_days",
    }
    assert not set(names) & set(SESSION_FIELD_NAMES)
    assert DISAGREEMENT_THRESHOLD == 0.01


def test_every_kpi_is_documented_in_both_languages() -> None:
    messages = catalog_keys()
    for item in KPIS:
        assert item.unit in UNITS
        assert item.formula and item.follows and item.explain_id and item.explain_en
        assert "\n" not in item.explain_id + item.explain_en
        assert f"kpi.{item.name}.explain" in messages
        assert f"kpi.{item.name}.follows" in messages
        assert f"kpi.unit.{item.unit}" in messages
    assert "1,000 views" in kpi("watch_gpm").follows
    assert "impressions" in kpi("watch_gpm").follows


def test_platform_value_names() -> None:
    for item in KPIS:
        expected = item.name if item.level == "session" else None
        assert item.platform_value_kpi == expected
    assert {kpi(name).level for name in timeline_kpi_names()} == {"timeline"}


def test_unknown_kpi_names_the_known_ones() -> None:
    with pytest.raises(UsageError) as caught:
        kpi("gpm2")
    assert "watch_gpm" in str(caught.value)


def test_shopee_golden_in_the_engine(workspace: Workspace) -> None:
    [row] = _engine_values(
        workspace, [{"account": "shop", "started_at": at("2026-07-04 19:00"), **SHOPEE}]
    )
    assert row["watch_gpm"] == pytest.approx(1604714.07, abs=0.01)
    assert row["aov"] == pytest.approx(195245.12, abs=0.01)
    assert row["conversion"] == pytest.approx(104 / 8380)


def test_every_session_kpi_matches_hand_values(workspace: Workspace) -> None:
    [row] = _engine_values(
        workspace, [{"account": "a", "started_at": at("2026-07-04 20:00"), **FULL}]
    )
    for name, expected in FULL_EXPECTED.items():
        assert row[name] == pytest.approx(expected), name


def test_zero_and_unknown_denominators_give_null_never_zero_or_inf(workspace: Workspace) -> None:
    zeros = dict.fromkeys(FULL, 0.0)
    rows = _engine_values(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-04 20:00"), **zeros},
            {"account": "a", "started_at": at("2026-07-05 20:00")},
        ],
    )
    for name in session_kpi_names():
        assert rows[0][name] is None, name
        assert rows[1][name] is None, name


def test_zero_numerator_is_a_real_zero(workspace: Workspace) -> None:
    [row] = _engine_values(
        workspace,
        [
            {
                "account": "a",
                "started_at": at("2026-07-04 20:00"),
                "gmv": 0.0,
                "views": 100.0,
                "product_clicks": 0.0,
            }
        ],
    )
    assert row["watch_gpm"] == 0.0
    assert row["live_ctr"] == 0.0


def test_conversion_falls_back_to_views_only_when_viewers_unknown(workspace: Workspace) -> None:
    rows = _engine_values(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-04 20:00"), **found}
            for found in (
                {"customers": 10.0, "viewers": None, "views": 200.0},
                {"customers": 10.0, "viewers": 100.0, "views": 200.0},
                {"customers": 10.0, "viewers": 0.0, "views": 200.0},
            )
        ],
    )
    assert [row["conversion"] for row in rows] == [0.05, 0.1, None]


def test_partly_known_sessions_by_hand(workspace: Workspace) -> None:
    """Known, zero and unknown base counts mixed in one session, worked out by hand."""
    mixed = {
        "gmv": 1500.0,
        "orders": 0.0,
        "customers": 3.0,
        "views": 600.0,
        "viewers": None,
        "impressions": None,
        "product_impressions": 0.0,
        "product_clicks": 30.0,
        "comments": None,
        "likes": 0.0,
        "shares": 6.0,
        "duration_s": 1800.0,
    }
    timed = {**mixed, "ended_at": at("2026-07-04 21:00")}  # one hour, not the 30 minutes
    rows = _engine_values(
        workspace,
        [
            {"account": "a", "started_at": at("2026-07-04 20:00"), **mixed},
            {"account": "a", "started_at": at("2026-07-04 20:00"), **timed},
        ],
    )
    expected: dict[str, float | None] = {
        "watch_gpm": 1500 / 600 * 1000,
        "show_gpm": None,
        "live_ctr": 30 / 600,
        "ctr": None,
        "ctor": 0 / 30,
        "aov": None,
        "gmv_per_hour": 1500 / 0.5,
        "conversion": 3 / 600,
        "tap_through_rate": None,
        "comment_rate": None,
        "like_rate": 0.0,
        "share_rate": 6 / 600,
        "follow_rate": None,
    }
    for name, value in expected.items():
        assert rows[0][name] == (None if value is None else pytest.approx(value)), name
    assert rows[1]["gmv_per_hour"] == pytest.approx(1500.0)


def test_rollup_kpis_from_their_bases_by_hand() -> None:
    import ibis
    import pyarrow as pa

    bases = {
        "sessions": 4.0,
        "live_s_sum": 7200.0,
        "gmv_sum": 300.0,
        "gmv_known": 3.0,
        "gmv_zero": 1.0,
        "gmv_median": 100.0,
        "gmv_sum_timed": 300.0,
        "live_s_sum_with_gmv": 5400.0,
        "views_sum": 90.0,
        "views_known": 3.0,
        "viewers_sum": None,
        "viewers_known": 0.0,
        "window_days": 14.0,
    }
    assert set(ROLLUP_BASES) <= set(bases)
    expected = {
        "sessions": 4.0,
        "live_hours": 2.0,
        "gmv_total": 300.0,
        "gmv_mean_per_session": 100.0,
        "gmv_median_per_session": 100.0,
        "views_per_session": 30.0,
        "viewers_per_session": None,
        "gmv_per_live_hour": 200.0,
        "zero_gmv_share": 1 / 3,
        "sessions_per_28_days": 8.0,
    }
    columns = {name: pa.array([value], pa.float64()) for name, value in bases.items()}
    table = ibis.memtable(pa.table(columns))
    [found] = table.select(**rollup_kpis(table)).to_pyarrow().to_pylist()
    for name, value in expected.items():
        assert found[name] == (pytest.approx(value) if value is not None else None), name


def test_glossary_entries() -> None:
    for lang in ("id", "en"):
        entries = glossary(lang)
        assert [e["name"] for e in entries] == [k.name for k in KPIS]
        for entry in entries:
            assert set(entry) == {"name", "level", "unit", "formula", "follows", "explanation"}
            assert all(entry.values())
    assert glossary("id")[0]["explanation"] != glossary("en")[0]["explanation"]
    assert "Definisi KPI" in render_markdown("id")
    assert "`watch_gpm`" in render_markdown("en")


def test_committed_glossary_docs_match_the_registry() -> None:
    for lang, path in DOC_PATHS.items():
        committed = (ROOT / path).read_text(encoding="utf-8")
        assert committed == render_markdown(lang), (
            f"{path} is out of date: run python -m siaran.metrics.glossary --write"
        )
    assert stale_docs(ROOT) == []


def test_glossary_command_writes_and_checks(tmp_path: Path) -> None:
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert main(["--write", "--root", str(tmp_path)]) == 0
    assert main(["--check", "--root", str(tmp_path)]) == 0
    assert (tmp_path / "docs/id/kpi.md").read_text(encoding="utf-8") == render_markdown("id")


def test_the_unit_table_of_formatting_has_exactly_the_kpis_of_the_registry() -> None:
    # Formatting sits below metrics: the registry takes each KPI's unit from its table.
    assert list(KPI_UNITS) == [item.name for item in KPIS]
    for item in KPIS:
        assert item.unit == KPI_UNITS[item.name] == unit_of(item.name)
