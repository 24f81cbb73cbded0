"""A scorecard stored in the workspace against its account and room, with the DDL handed to the
store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from siaran.errors import UsageError
from siaran.store.migrations import MIGRATIONS, SCHEMA_VERSION, backup_path, current_version
from siaran.store.migrations.v5_accounts import (
    TALK_LINES_BY_ACCOUNT_DDL,
    TALK_SCORES_BY_ACCOUNT_DDL,
)
from siaran.talk import (
    Scorecard,
    Transcript,
    TranscriptLine,
    list_scorecards,
    load_scorecard,
    save_scorecard,
    save_scorecards,
    score_session,
)
from siaran.talk.scoring import tag_transcript
from siaran.talk.storage import has_timed_lines, lines_between
from siaran.workspace import DB_NAME, Workspace


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """A workspace at the current schema: the migrations created the scorecard table."""
    return workspace


A = "toko.ayu"


def test_the_migration_creates_the_table_from_the_ddl(workspace: Workspace) -> None:
    columns = [r[0] for r in workspace.con.execute("DESCRIBE talk_scores").fetchall()]
    assert columns[:2] == ["account", "room_id"]
    assert all(name in TALK_SCORES_BY_ACCOUNT_DDL for name in columns)


def _scorecard(room_id: str | None, first: str = "halo kak selamat datang") -> Scorecard:
    transcript = Transcript.from_texts([first, "harganya 50 ribu", "checkout ya kak"])
    return score_session(transcript, room_id=room_id)


def test_save_and_load_round_trip(ws: Workspace) -> None:
    scorecard = _scorecard("7512345678901234567")
    save_scorecard(ws, scorecard, scored_at=dt.datetime(2026, 7, 5, tzinfo=dt.UTC), account=A)
    loaded = load_scorecard(ws, A, "7512345678901234567")
    assert loaded is not None
    assert loaded.to_dict() == scorecard.to_dict()
    (row,) = list_scorecards(ws)
    assert row["room_id"] == "7512345678901234567"
    assert row["host_lines"] == 3
    assert row["timed"] is False
    assert row["ctas_per_10min"] is None  # unknown is NULL, never 0
    assert row["score"] == scorecard.score
    assert load_scorecard(ws, A, "1") is None


def test_scoring_a_room_again_replaces_its_row(ws: Workspace) -> None:
    save_scorecard(ws, _scorecard("42"), account=A)
    save_scorecard(ws, _scorecard("42", first="harga spesial"), account=A)
    assert len(list_scorecards(ws)) == 1
    loaded = load_scorecard(ws, A, "42")
    assert loaded is not None and loaded.check("opening").status == "fail"


def test_a_scorecard_needs_a_room(ws: Workspace) -> None:
    with pytest.raises(UsageError) as error:
        save_scorecard(ws, _scorecard(None), account=A)
    assert error.value.key == "talk.store.no_room"


def _timed(*texts: str) -> Transcript:
    """A timed transcript: line n spoken from 10·n to 10·n + 4 seconds."""
    return Transcript(
        tuple(TranscriptLine(n, words, 10.0 * n, 10.0 * n + 4) for n, words in enumerate(texts, 1)),
        "srt",
    )


def _save_timed(ws: Workspace, room: str, *texts: str) -> Transcript:
    transcript = _timed(*texts)
    tags = tag_transcript(transcript)
    card = score_session(transcript, room_id=room, tags=tags)
    save_scorecard(ws, card, transcript.lines, tags, account=A)
    return transcript


def test_the_lines_are_kept_with_their_cues_and_phase(ws: Workspace) -> None:
    _save_timed(ws, "42", "halo kak selamat datang", "harganya 50 ribu", "checkout ya kak")
    assert has_timed_lines(ws, A, "42") and not has_timed_lines(ws, A, "43")
    found = lines_between(ws, A, "42", 15, 31)  # line 1 ends at 14; line 3 starts at 30
    assert [line["number"] for line in found] == [2, 3]
    second = found[0]
    assert second["text"] == "harganya 50 ribu" and second["start_s"] == 20.0
    assert "price_offer" in second["cues"]
    assert second["phase"] is not None
    card = load_scorecard(ws, A, "42")
    assert card is not None
    assert {s.phase for s in card.segments} >= {second["phase"]}
    assert lines_between(ws, A, "42", 100, 200) == []


def test_untimed_lines_are_kept_but_never_placed_in_time(ws: Workspace) -> None:
    transcript = Transcript.from_texts(["halo kak", "harganya 50 ribu"])
    save_scorecard(ws, score_session(transcript, room_id="9"), transcript.lines, account=A)
    assert ws.con.execute("SELECT count(*) FROM talk_lines WHERE room_id = '9'").fetchone() == (2,)
    assert not has_timed_lines(ws, A, "9")
    assert lines_between(ws, A, "9", 0, 10_000) == []


def test_scoring_again_replaces_the_lines(ws: Workspace) -> None:
    _save_timed(ws, "42", "halo kak", "harganya 50 ribu", "checkout ya kak")
    _save_timed(ws, "7", "halo semua")
    _save_timed(ws, "42", "selamat malam kak")
    assert [line["text"] for line in lines_between(ws, A, "42", 0, 1000)] == ["selamat malam kak"]
    assert [line["text"] for line in lines_between(ws, A, "7", 0, 1000)] == ["halo semua"]


def test_a_failed_save_leaves_the_earlier_scorecard_and_lines(ws: Workspace) -> None:
    _save_timed(ws, "42", "halo kak", "harganya 50 ribu")
    before = load_scorecard(ws, A, "42")
    broken = Transcript(
        (TranscriptLine(1, "selamat malam", 1.0, 2.0), TranscriptLine(1, "lagi", 3.0, 4.0)),
        "srt",
    )  # the same line number twice: the second insert fails after the first writes
    with pytest.raises(duckdb.ConstraintException):
        save_scorecard(ws, score_session(broken, room_id="42"), broken.lines, account=A)
    after = load_scorecard(ws, A, "42")
    assert before is not None and after is not None and after.to_dict() == before.to_dict()
    assert [line["text"] for line in lines_between(ws, A, "42", 0, 1000)] == [
        "halo kak",
        "harganya 50 ribu",
    ]


def test_many_scorecards_land_together_as_one_at_a_time_would(ws: Workspace) -> None:
    _save_timed(ws, "42", "halo kak", "harganya 50 ribu")
    first, second = _timed("selamat malam kak"), _timed("halo semua", "checkout ya kak")
    save_scorecards(
        ws,
        [
            (A, score_session(first, room_id="42"), first.lines, None),
            ("toko.bima", score_session(second, room_id="7"), second.lines, None),
            # The same live twice: stored once, as given last.
            ("toko.bima", score_session(first, room_id="7"), first.lines, None),
        ],
    )
    assert [line["text"] for line in lines_between(ws, A, "42", 0, 1000)] == ["selamat malam kak"]
    assert [line["text"] for line in lines_between(ws, "toko.bima", "7", 0, 1000)] == [
        "selamat malam kak"
    ]
    assert [(r["account"], r["room_id"]) for r in list_scorecards(ws)] == [
        (A, "42"),
        ("toko.bima", "7"),
    ]
    found = lines_between(ws, A, "42", 0, 1000)[0]
    assert "greeting" in found["cues"] and found["start_s"] == 10.0


def test_many_scorecards_land_whole_or_not_at_all(ws: Workspace) -> None:
    _save_timed(ws, "42", "halo kak", "harganya 50 ribu")
    good = _timed("selamat malam kak")
    broken = Transcript(
        (TranscriptLine(1, "selamat malam", 1.0, 2.0), TranscriptLine(1, "lagi", 3.0, 4.0)),
        "srt",
    )
    with pytest.raises(duckdb.ConstraintException):
        save_scorecards(
            ws,
            [
                (A, score_session(good, room_id="42"), good.lines, None),
                (A, score_session(broken, room_id="43"), broken.lines, None),
            ],
        )
    assert [line["text"] for line in lines_between(ws, A, "42", 0, 1000)] == [
        "halo kak",
        "harganya 50 ribu",
    ]
    assert load_scorecard(ws, A, "43") is None


def test_tags_must_match_the_lines(ws: Workspace) -> None:
    transcript = _timed("halo kak", "harganya 50 ribu")
    with pytest.raises(ValueError, match="2 transcript lines but 1 tags"):
        save_scorecard(
            ws,
            score_session(transcript, room_id="1"),
            transcript.lines,
            tag_transcript(_timed("x")),
            account=A,
        )


def test_a_workspace_of_the_previous_version_gains_the_lines_table(tmp_path: Path) -> None:
    """Scorecards stored before lines were kept survive the migration, with no lines."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "raw").mkdir()
    previous = 3  # scorecards by room, before lines were kept
    with duckdb.connect(str(folder / DB_NAME)) as con:
        for migration in MIGRATIONS[:previous]:
            migration(con)
        con.execute("INSERT INTO schema_info VALUES ('version', ?)", [str(previous)])
        con.execute("INSERT INTO settings VALUES ('timezone', 'Asia/Jakarta')")
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        assert "talk_lines" not in tables and "talk_scores" in tables
    with Workspace.open(folder) as ws:
        assert current_version(ws.con) == SCHEMA_VERSION
        columns = [r[0] for r in ws.con.execute("DESCRIBE talk_lines").fetchall()]
        assert columns == [
            "account", "room_id", "number", "start_s", "end_s", "text", "cues", "phase"
        ]  # fmt: skip
        assert all(name in TALK_LINES_BY_ACCOUNT_DDL for name in columns)
        assert not has_timed_lines(ws, A, "42")
        _save_timed(ws, "42", "halo kak")
        assert len(lines_between(ws, A, "42", 0, 100)) == 1
    assert backup_path(folder / DB_NAME, previous).is_file()
