"""The same analytics on DuckDB and on Spark give the same results, case by case.

Each case calls one public function with ``engine="duckdb"`` and ``engine="spark"`` on the
same workspace (the demo cohort with its event streams) and compares every value: text and
integers exactly, floats to 1e-9 relative (the engines add in different orders).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest

from siaran.casework import joint_display
from siaran.events import largest_changes, room_timeline, session_measures
from siaran.metrics import (
    account_rollups,
    account_trends,
    compare_accounts,
    estimate_rollups,
    list_sessions,
    weekday_hour_activity,
)
from siaran.store.engine import EngineName, engine_context
from siaran.workspace import Workspace

pytestmark = [
    pytest.mark.spark,
    # PySpark warns about pandas 3 on every conversion; ours never go through pandas.
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

Case = Callable[[Workspace, EngineName], Any]


def _first_room(workspace: Workspace) -> tuple[str, str]:
    """The account and room id of the first captured live."""
    rooms = session_measures(engine_context(workspace), workspace)
    return str(rooms[0]["account"]), str(rooms[0]["room_id"])


CASES: dict[str, Case] = {
    "list_sessions": lambda ws, engine: list_sessions(ws, engine=engine),
    "list_sessions_filtered": lambda ws, engine: list_sessions(
        ws, account="hijab.ayunda", since=dt.date(2026, 8, 1), engine=engine
    ),
    "account_rollups": lambda ws, engine: account_rollups(ws, engine=engine),
    "account_rollups_some": lambda ws, engine: account_rollups(
        ws, window_days=14, accounts=["dapur.sekar.arum", "kopi.kali.serayu"], engine=engine
    ),
    "weekday_hour_activity": lambda ws, engine: weekday_hour_activity(ws, engine=engine),
    "account_trends": lambda ws, engine: account_trends(ws, periods=4, engine=engine),
    "estimate_rollups": lambda ws, engine: estimate_rollups(ws, engine=engine),
    "compare_accounts": lambda ws, engine: compare_accounts(ws, engine=engine),
    "session_measures": lambda ws, engine: session_measures(engine_context(ws, engine), ws),
    "room_timeline": lambda ws, engine: room_timeline(
        engine_context(ws, engine), ws, *_first_room(ws)
    ),
    "largest_changes": lambda ws, engine: largest_changes(
        engine_context(ws, engine), ws, *_first_room(ws), limit=5
    ),
    "joint_display": lambda ws, engine: joint_display(ws, engine=engine),
}


def assert_same(duck: Any, spark: Any, where: str = "") -> None:
    if isinstance(duck, dict):
        assert isinstance(spark, dict) and list(duck) == list(spark), where
        for key in duck:
            assert_same(duck[key], spark[key], f"{where}.{key}")
    elif isinstance(duck, list | tuple):
        assert isinstance(spark, list | tuple) and len(duck) == len(spark), where
        for i, (a, b) in enumerate(zip(duck, spark, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(duck, float) or isinstance(spark, float):
        assert duck is not None and spark is not None, where
        assert math.isclose(duck, spark, rel_tol=1e-9, abs_tol=1e-9), f"{where}: {duck} {spark}"
    else:
        assert duck == spark, f"{where}: {duck!r} != {spark!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_duckdb_and_spark_agree(demo: Workspace, name: str) -> None:
    case = CASES[name]
    duck = case(demo, "duckdb")
    spark = case(demo, "spark")
    assert duck, f"{name}: the case must have something to compare"
    assert_same(duck, spark, name)


def test_the_cli_runs_on_spark(demo: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    from siaran.cli.app import main

    _, room = _first_room(demo)
    outputs = []
    for engine in ("duckdb", "spark"):
        with pytest.raises(SystemExit) as exited:
            main(["--engine", engine, "timeline", room, "-w", str(demo.path), "--format", "csv"])
        assert exited.value.code == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("minute,viewers,joins,comments,likes")


def test_the_report_is_the_same_on_spark(demo: Workspace) -> None:
    from siaran.report import ReportOptions, render_report

    duck = render_report(demo, ReportOptions(lang="en", engine="duckdb"))
    assert duck == render_report(demo, ReportOptions(lang="en", engine="spark"))
