"""A scorecard stored in the workspace against its room, with the DDL handed to the store."""

from __future__ import annotations

import datetime as dt

import pytest

from siaran.errors import UsageError
from siaran.talk import (
    TALK_SCORES_DDL,
    Scorecard,
    Transcript,
    list_scorecards,
    load_scorecard,
    save_scorecard,
    score_session,
)
from siaran.workspace import Workspace


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """A workspace at the current schema: the migrations created the scorecard table."""
    return workspace


def test_the_migration_creates_the_table_from_the_ddl(workspace: Workspace) -> None:
    columns = [r[0] for r in workspace.con.execute("DESCRIBE talk_scores").fetchall()]
    assert columns[0] == "room_id"
    assert all(name in TALK_SCORES_DDL for name in columns)


def _scorecard(room_id: str | None, first: str = "halo kak selamat datang") -> Scorecard:
    transcript = Transcript.from_texts([first, "harganya 50 ribu", "checkout ya kak"])
    return score_session(transcript, room_id=room_id)


def test_save_and_load_round_trip(ws: Workspace) -> None:
    scorecard = _scorecard("7512345678901234567")
    save_scorecard(ws, scorecard, scored_at=dt.datetime(2026, 7, 5, tzinfo=dt.UTC))
    loaded = load_scorecard(ws, "7512345678901234567")
    assert loaded is not None
    assert loaded.to_dict() == scorecard.to_dict()
    (row,) = list_scorecards(ws)
    assert row["room_id"] == "7512345678901234567"
    assert row["host_lines"] == 3
    assert row["timed"] is False
    assert row["ctas_per_10min"] is None  # unknown is NULL, never 0
    assert row["score"] == scorecard.score
    assert load_scorecard(ws, "1") is None


def test_scoring_a_room_again_replaces_its_row(ws: Workspace) -> None:
    save_scorecard(ws, _scorecard("42"))
    save_scorecard(ws, _scorecard("42", first="harga spesial"))
    assert len(list_scorecards(ws)) == 1
    loaded = load_scorecard(ws, "42")
    assert loaded is not None and loaded.check("opening").status == "fail"


def test_a_scorecard_needs_a_room(ws: Workspace) -> None:
    with pytest.raises(UsageError) as error:
        save_scorecard(ws, _scorecard(None))
    assert error.value.key == "talk.store.no_room"
