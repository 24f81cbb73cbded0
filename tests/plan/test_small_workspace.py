"""A plan on a small hand-built workspace with sessions only: every figure worked out by
hand, and every part without its source unknown with what would answer it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.errors import UsageError
from siaran.plan import check_plan, make_plan, plan_from_json, plan_html, write_plan
from siaran.plan.architecture import plan_phases
from siaran.plan.questions import AskedQuestion, cluster_questions
from siaran.workspace import Workspace

from ..metrics import at, insert_sessions

THURSDAY = dt.date(2026, 7, 30)
MONDAY = dt.date(2026, 7, 27)


def _lives(workspace: Workspace) -> None:
    """``toko``: three one-hour lives on Thursdays at 19:00 earning 100, 200 and 300 thousand,
    two on Mondays at 10:00 (too few for a slot); ``other``: one live."""
    rows = [
        {"account": "toko", "room_id": f"1{n}", "started_at": at(f"{day} 19:00:00"),
         "duration_s": 3600.0, "gmv": gmv, "gmv_basis": "attributed"}
        for n, (day, gmv) in enumerate(
            [("2026-07-02", 100_000.0), ("2026-07-09", 200_000.0), ("2026-07-16", 300_000.0)]
        )
    ] + [
        {"account": "toko", "room_id": f"2{n}", "started_at": at(f"{day} 10:00:00"),
         "duration_s": 1800.0, "gmv": 50_000.0, "gmv_basis": "attributed"}
        for n, day in enumerate(["2026-07-06", "2026-07-13"])
    ] + [
        {"account": "other", "room_id": "31", "started_at": at("2026-07-14 20:00:00"),
         "duration_s": 3600.0, "gmv": 10.0, "gmv_basis": "attributed"}
    ]  # fmt: skip
    insert_sessions(workspace, rows)


def test_minute_marks_of_the_recommended_architecture() -> None:
    # 90 min x (0.07, 0.33, 0.20, 0.25, 0.15): running sums 6.3, 36, 54, 76.5 -> 6, 36, 54, 77.
    marks = [(p.id, p.start_min, p.end_min) for p in plan_phases(90)]
    assert marks == [
        ("opening", 0, 6), ("demonstration", 6, 36), ("qa", 36, 54),
        ("offer", 54, 77), ("closing_cta", 77, 90),
    ]  # fmt: skip
    # Ten minutes: 0.7 -> 1, 4, 6, 8.5 -> 9; every phase keeps at least a minute.
    assert [p.minutes for p in plan_phases(10)] == [1, 3, 2, 3, 1]


def test_a_plan_from_sessions_alone(workspace: Workspace) -> None:
    _lives(workspace)
    data = make_plan(workspace, "@toko", date=THURSDAY, minutes=90).to_json()
    assert data["account"] == "toko" and data["date"] == "2026-07-30"
    assert data["timezone"] == "Asia/Jakarta"
    arch = data["architecture"]
    assert arch["n_scored_lives"] == 0
    assert [p["account_share"] for p in arch["phases"]] == [None] * 5
    assert "siaran talk score" in arch["missing"][0]["en"]

    slot = data["slot"]
    assert slot["status"] == "known" and slot["n_lives"] == 5
    best = slot["best"]
    assert best is not None
    assert (best["weekday"], best["hour"], best["n_lives"]) == (3, 19, 3)
    assert best["gmv_per_hour"] == pytest.approx(200_000.0)  # (100 + 200 + 300) / 3 thousand
    low, high = best["ci_low"], best["ci_high"]
    assert low is not None and high is not None
    assert 100_000.0 <= low < 200_000.0 < high <= 300_000.0
    assert slot["usual"] == best  # three lives against two on Mondays
    assert [(c["weekday"], c["hour"]) for c in slot["cells"]] == [(3, 19)]  # Mondays: too few

    for part in ("lineup", "questions", "calls_to_action", "crew", "advice"):
        assert data[part]["status"] == "unknown", part
        assert data[part]["missing"], part
    assert "order export" in data["lineup"]["missing"][0]["en"]
    assert "comments" in data["questions"]["missing"][0]["en"]
    assert data["crew"]["roles"] == [
        "host", "co_host", "interaction_admin", "fulfilment", "product_handler"
    ]  # fmt: skip
    assert data["advice"]["recommendations"] == [] and data["advice"]["collect_next"]
    assert len(data["calls_to_action"]["checks"]) == 10


def test_a_weekday_without_a_slot_is_unknown(workspace: Workspace) -> None:
    _lives(workspace)
    slot = make_plan(workspace, "toko", date=MONDAY).to_json()["slot"]
    assert slot["status"] == "unknown" and slot["best"] is None
    assert "this weekday" in slot["missing"][0]["en"]
    assert slot["cells"][0]["weekday"] == 3  # the best slot on another day is still shown


def test_files_written_with_the_json_beside(workspace: Workspace, tmp_path: Path) -> None:
    _lives(workspace)
    plan = make_plan(workspace, "toko", date=THURSDAY, minutes=60)
    written = write_plan(plan, tmp_path / "out" / "rencana.html", "id")
    assert written.json_path == tmp_path / "out" / "rencana.json"
    page = written.path.read_text(encoding="utf-8")
    assert "Rencana live toko" in page and "tidak diketahui" in page.lower()
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert plan_from_json(json.loads(written.json_path.read_text())) == plan
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["rencana.html", "rencana.json"]
    with pytest.raises(UsageError):
        write_plan(plan, tmp_path / "rencana.docx", "id")
    assert not (tmp_path / "rencana.json").exists()
    assert "Live plan for toko" in plan_html(plan, "en")


def test_bad_requests(workspace: Workspace) -> None:
    _lives(workspace)
    with pytest.raises(UsageError):
        make_plan(workspace, "nobody")
    with pytest.raises(UsageError):
        make_plan(workspace, "toko", minutes=5)
    with pytest.raises(ValueError, match="format"):
        plan_from_json({"account": "toko"})


def test_check_without_transcript_orders_or_events(workspace: Workspace) -> None:
    _lives(workspace)
    plan = make_plan(workspace, "toko", date=THURSDAY, minutes=60)
    found = check_plan(workspace, plan, "12").to_json()
    phases = [r for r in found["rows"] if r["part"] == "phase"]
    assert [r["status"] for r in phases] == ["unknown"] * 5
    assert [r["planned"] for r in phases] == [0.0, 4.0, 24.0, 36.0, 51.0]
    timeline = [r for r in found["rows"] if r["part"] == "timeline"]
    assert timeline == [
        {"part": "timeline", "item": "minutes", "planned": 60.0, "actual": 60.0,
         "pinned": None, "status": "on_plan"}
    ]  # fmt: skip
    assert found["unknown"] == [
        "plan.check.no_transcript", "plan.check.no_orders",
        "plan.check.no_events", "plan.check.no_scorecard", "plan.check.no_planned_crew",
    ]  # fmt: skip
    with pytest.raises(UsageError):
        check_plan(workspace, plan, "31")  # a live of another account


def test_questions_grouped_by_topic_and_words() -> None:
    asked = [
        AskedQuestion("question_price", "berapa harganya kak?", "1"),
        AskedQuestion("question_price", "harganya berapa", "2", "harganya 35 ribu ya kak"),
        AskedQuestion("question_price", "berapa harganya kak?", "2"),
        AskedQuestion("question_stock", "warna navy ready?", "1", "kak rina, iya ya"),
        AskedQuestion("question_shipping", "berapa ongkirnya", "1"),
    ]
    found = cluster_questions(asked)
    assert [(c["topic"], c["count"], c["n_lives"]) for c in found] == [
        ("question_price", 3, 2), ("question_stock", 1, 1), ("question_shipping", 1, 1),
    ]  # fmt: skip
    assert found[0]["example"] == "berapa harganya kak?"
    assert found[0]["answer"] == "harganya 35 ribu ya kak" and found[0]["answer_room_id"] == "2"
    assert found[1]["answer"] is None  # the linked line shares no word with the question


def test_questions_and_pins_from_an_event_stream(workspace: Workspace, tmp_path: Path) -> None:
    """A live with no scorecard: its questions come from the captured comments, and plan
    check counts the product pins of its stream."""
    from siaran.importing import ImportOptions, import_file

    from ..events.samples import ROOM, START, event, write_jsonl

    _lives(workspace)
    insert_sessions(
        workspace,
        [{"account": "toko", "room_id": ROOM, "started_at": START, "duration_s": 600.0,
          "gmv": 0.0, "gmv_basis": "attributed"}],
    )  # fmt: skip
    events = [
        event(1, "comment", 10, user="sari", text="berapa harganya kak?"),
        event(2, "comment", 20, user="budi", text="harganya berapa"),
        event(3, "comment", 30, user="ani", text="bisa cod ga kak?"),
        event(4, "comment", 40, user="ani", text="mantap"),
        event(5, "product", 50, product_id="p1", text="Sambal Bawang"),
        event(6, "product", 60, product_id="p1", text="Sambal Bawang"),
    ]
    import_file(
        workspace, write_jsonl(tmp_path / "live.jsonl", events), ImportOptions(account="toko")
    )
    plan = make_plan(workspace, "toko", date=THURSDAY, minutes=10)
    questions = plan.to_json()["questions"]
    assert questions["status"] == "known" and questions["n_questions"] == 3
    assert [(c["topic"], c["count"]) for c in questions["clusters"]] == [
        ("question_price", 2), ("question_shipping", 1),
    ]  # fmt: skip
    assert questions["clusters"][0]["answer"] is None  # nobody's answer is known
    found = check_plan(workspace, plan, ROOM).to_json()
    pins = [r for r in found["rows"] if r["part"] == "product"]
    assert pins == [
        {"part": "product", "item": "Sambal Bawang", "planned": None, "actual": None,
         "pinned": 2.0, "status": "pinned_other"}
    ]  # fmt: skip
    assert "plan.check.no_events" not in found["unknown"]
    comments = next(r for r in found["rows"] if r["item"] == "comments")
    assert comments["actual"] == 4.0
