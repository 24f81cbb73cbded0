"""The plan's crew block filled from the account's most recent roster, the interaction-admin
split read from ``crew effect``, and plan vs actual comparing the crew (the twelve lives of
:mod:`tests.crew.lives`, figures worked out by hand there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.crew import CrewMember, Split, set_crew
from siaran.plan import check_plan, make_plan, plan_from_json, plan_html
from siaran.plan.crew import reading
from siaran.plan.view import sheet
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, ROOMS, import_lives, set_rosters

DAY = dt.date(2026, 9, 1)


@pytest.fixture
def lives(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "ws") as ws:
        import_lives(ws, tmp_path / "files")
        yield ws


def test_without_a_roster_the_lines_stay_blank(lives: Workspace) -> None:
    crew = make_plan(lives, ACCOUNT, date=DAY).to_json()["crew"]
    assert crew["status"] == "unknown" and "siaran crew set" in crew["missing"][0]["en"]
    assert crew["roles"] == [
        "host", "co_host", "interaction_admin", "fulfilment", "product_handler"
    ]  # fmt: skip
    assert [m["person"] for m in crew.get("members", [])] == [None] * 5
    assert crew.get("source") is None and crew.get("admin_effect") == []


def test_the_most_recent_roster_fills_the_block(lives: Workspace) -> None:
    set_rosters(lives)
    crew = make_plan(lives, ACCOUNT, date=DAY).to_json()["crew"]
    assert crew["status"] == "known" and crew["missing"] == []
    source = crew.get("source")
    assert source is not None and source["room_id"] == ROOMS[9]  # lives 11 and 12: no roster
    assert source["started_at"] is not None and source["started_at"].startswith("2026-08-19")
    # Live 10: its host alone; every other role keeps a blank line.
    assert [(m["role"], m["person"]) for m in crew.get("members", [])] == [
        ("host", "Sari"), ("co_host", None), ("interaction_admin", None),
        ("fulfilment", None), ("product_handler", None),
    ]  # fmt: skip
    effects = {e["measure"]: e for e in crew.get("admin_effect", [])}
    # Comments per minute 10 on average with an admin against 5 without, and every live with
    # one above every live without: the interval leaves out zero.
    cpm = effects["comments_per_minute"]
    assert (cpm["lives_with"], cpm["lives_without"]) == (5, 5)
    assert cpm["difference"] == pytest.approx(5.0)
    assert cpm["reading"] == "better"
    assert effects["conversion"]["difference"] == pytest.approx(0.025 - 0.012)
    assert effects["conversion"]["reading"] == "better"
    # No scorecards: the answer measures have no lives at all.
    answer = effects["answer_rate"]
    assert answer["reading"] == "too_little_data" and answer["needed_with"] == 5


def test_the_sheet_says_where_the_crew_comes_from(lives: Workspace) -> None:
    set_rosters(lives)
    set_crew(
        lives,
        ROOMS[10],
        [CrewMember("host", "Sari"), CrewMember("other", "Budi", "kamera")],
        account=ACCOUNT,
    )
    plan = make_plan(lives, ACCOUNT, date=DAY)
    crew = next(s for s in sheet(plan, "en").sections if s.id == "crew")
    assert ROOMS[10] in crew.basis and "Blank lines" in crew.basis
    assert [r.cells for r in crew.rows][-1] == ("kamera", "Budi")
    assert ("Co-host", "") in [r.cells for r in crew.rows]
    assert any(n.startswith("Comments per minute: better with an admin") for n in crew.notes)
    assert any(n.startswith("Answer rate: too little data") for n in crew.notes)
    assert "association, not a cause" in crew.notes[-1]
    page = plan_html(plan, "id")
    assert "Dari daftar kru live terakhir" in page and "Budi" in page


def test_a_plan_saved_before_rosters_still_renders(lives: Workspace) -> None:
    data = dict(make_plan(lives, ACCOUNT, date=DAY).to_json())
    data["crew"] = {"status": "unknown", "missing": [], "roles": ["host", "admin"]}
    old = plan_from_json(data)
    crew = next(s for s in sheet(old, "en").sections if s.id == "crew")
    assert [r.cells for r in crew.rows] == [
        ("Host", ""), ("Interaction admin (answers comments, pins products)", "")
    ]  # fmt: skip
    found = check_plan(lives, old, ROOMS[0]).to_json()
    assert "plan.check.no_planned_crew" in found["unknown"]
    assert not [r for r in found["rows"] if r["part"] == "crew"]


def test_plan_vs_actual_compares_the_crew(lives: Workspace) -> None:
    set_rosters(lives)
    plan = make_plan(lives, ACCOUNT, date=DAY)  # plans live 10's crew: host Sari
    set_crew(
        lives,
        ROOMS[10],
        [
            CrewMember("host", "Rina"),
            CrewMember("interaction_admin", "Dimas"),
            CrewMember("other", "Budi", "kamera"),
        ],
        account=ACCOUNT,
    )
    rows = [r for r in check_plan(lives, plan, ROOMS[10]).to_json()["rows"] if r["part"] == "crew"]
    assert [(r["item"], r["planned"], r["actual"], r["status"]) for r in rows] == [
        ("host", "Sari", "Rina", "changed"),
        ("interaction_admin", None, "Dimas", "added"),
        ("other:kamera", None, "Budi", "added"),
    ]
    same = check_plan(lives, plan, ROOMS[9]).to_json()  # the live the plan copied
    crew = [(r["item"], r["status"]) for r in same["rows"] if r["part"] == "crew"]
    assert crew == [("host", "as_planned")]
    none = check_plan(lives, plan, ROOMS[11]).to_json()
    assert "plan.check.no_crew" in none["unknown"]


def _split(low: float | None, high: float | None, measure: str = "conversion") -> Split:
    return Split(measure, 5, 5, 0.0, 0.0, 0.0, low, high, low is not None, 0, 0)  # type: ignore[arg-type]


def test_reading_a_split() -> None:
    assert reading(_split(0.1, 0.2)) == "better"
    assert reading(_split(-0.2, -0.1)) == "worse"
    assert reading(_split(-0.1, 0.2)) == "no_clear_difference"
    assert reading(_split(None, None)) == "too_little_data"
    # A shorter answer latency is the better live.
    assert reading(_split(-3.0, -1.0, "median_latency_s")) == "better"
    assert reading(_split(1.0, 3.0, "median_latency_s")) == "worse"


def test_the_check_table_names_the_roles(lives: Workspace) -> None:
    from siaran.cli.plan_cmd import check_rows

    set_rosters(lives)
    plan = make_plan(lives, ACCOUNT, date=DAY)
    set_crew(lives, ROOMS[10], [CrewMember("host", "Rina")], account=ACCOUNT)
    found = check_plan(lives, plan, ROOMS[10])
    rows = [r for r in check_rows(found, "id") if r["part"] == "Kru"]
    assert rows == [
        {"part": "Kru", "item": "Host", "planned": "Sari", "actual": "Rina",
         "status": "berubah", "pinned": None},
    ]  # fmt: skip
