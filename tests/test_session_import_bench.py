"""The session-import benchmark runs end to end at a tiny size and its rows have the promised
shape. No timing is asserted: speed is reported by ``python -m benchmarks.run``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from benchmarks.session_import_bench import floor_sql, write_export, xlsx_floor_sheet

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_imports_every_row(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks.session_import_bench", "--rows", "300"]
    result = subprocess.run(
        [*command, "--json", "--workdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == ["session_parse_csv", "session_import_csv"]
    for row in rows:
        assert row["n"] == 300
        assert row["seconds"] > 0 and row["floor_seconds"] > 0
        assert row["baseline_seconds"] is None
    assert "PASS" in rows[1]["verdict"] or "MISS" in rows[1]["verdict"]


@pytest.mark.parametrize(("layout", "suffix"), [("creator", ".csv"), ("creator_xlsx", ".xlsx")])
def test_the_floor_parses_the_same_figures(tmp_path: Path, layout: str, suffix: str) -> None:
    from zoneinfo import ZoneInfo

    from siaran.ingest.layout import ImportContext
    from siaran.ingest.layouts.tiktok_creator import CREATOR_LIVE_PERFORMANCE
    from siaran.ingest.source import read_source

    path = (tmp_path / "export").with_suffix(suffix)
    write_export(path, 50, layout)
    con = duckdb.connect()
    if layout == "creator_xlsx":
        con.register("sheet", xlsx_floor_sheet(path))
    con.execute(floor_sql(path))
    floor = con.execute('SELECT "Attributed GMV", "Like rate", "Duration" FROM parsed').fetchall()
    parsed = CREATOR_LIVE_PERFORMANCE.parse(
        read_source(path), ImportContext("toko", ZoneInfo("Asia/Jakarta"))
    )
    columns = {name: values.to_pylist() for name, values in parsed.sessions.columns.items()}
    like_rates = {v.index: v.value for v in parsed.platform_values if v.kpi == "like_rate"}
    for i, (gmv, like_rate, duration) in enumerate(floor):
        assert gmv == columns["gmv"][i]
        # The floor divides by 100; siaran reads "4.38247%" as the decimal 0.0438247 exactly.
        expected = like_rates.get(i)
        assert like_rate == (None if expected is None else pytest.approx(expected, rel=1e-12))
        assert duration == columns["duration_s"][i]
