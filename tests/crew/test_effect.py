"""Role coverage and the with/without-admin split against figures worked out by hand (the
lives of :mod:`tests.crew.lives`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from siaran.crew import crew_effect
from siaran.crew.effect import LiveMeasures, bootstrap_difference, split_measure
from siaran.talk import save_scorecard, score_session
from siaran.talk.comments import Comment
from siaran.talk.transcripts import Transcript, TranscriptLine
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, FIRST_DAY, ROOMS, WIB, set_rosters


def test_role_coverage_is_the_share_of_lives_with_a_roster(lives: Workspace) -> None:
    set_rosters(lives)
    effect = crew_effect(lives, ACCOUNT)
    # 12 lives, 10 with a roster; 5 with a dedicated admin (live 6's admin is its host).
    assert (effect.lives, effect.lives_with_roster, effect.lives_with_admin) == (12, 10, 5)
    assert {c.role: (c.lives, c.share) for c in effect.coverage} == {
        "host": (10, 1.0),
        "co_host": (0, 0.0),
        "interaction_admin": (6, 0.6),
        "fulfilment": (2, 0.2),
        "product_handler": (0, 0.0),
        "other": (1, 0.1),
    }


def test_lives_with_and_without_a_dedicated_admin(lives: Workspace) -> None:
    set_rosters(lives)
    splits = {s.measure: s for s in crew_effect(lives, ACCOUNT).splits}
    comments = splits["comments_per_minute"]
    # With: 10, 11, 12, 9, 8 -> 10; without: 5, 6, 4, 7, 3 -> 5.
    assert (comments.lives_with, comments.lives_without) == (5, 5)
    assert comments.mean_with == pytest.approx(10.0)
    assert comments.mean_without == pytest.approx(5.0)
    assert comments.difference == pytest.approx(5.0)
    assert comments.low is not None and comments.high is not None
    # The bootstrap difference lies between the extremes (8 - 7 = 1, 12 - 3 = 9) and around 5.
    assert 1.0 <= comments.low < 5.0 < comments.high <= 9.0
    conversion = splits["conversion"]
    # Customers / views: (50, 60, 40, 50, 50) / 2000 -> 2.5 %; (20, 30, 20, 30, 20) -> 1.2 %.
    assert conversion.mean_with == pytest.approx(0.025)
    assert conversion.mean_without == pytest.approx(0.012)
    assert conversion.difference == pytest.approx(0.013)
    assert conversion.enough


def test_too_little_data_says_how_many_lives_are_missing(lives: Workspace) -> None:
    set_rosters(lives)
    splits = {s.measure: s for s in crew_effect(lives, ACCOUNT).splits}
    # No live was scored: nothing to compare, five lives short in each group.
    answers = splits["answer_rate"]
    assert not answers.enough
    assert (answers.difference, answers.low, answers.high) == (None, None, None)
    assert (answers.needed_with, answers.needed_without) == (5, 5)
    fewer = crew_effect(lives, ACCOUNT, min_lives=6)
    comments = next(s for s in fewer.splits if s.measure == "comments_per_minute")
    assert not comments.enough and (comments.needed_with, comments.needed_without) == (1, 1)


def test_a_bootstrap_of_constant_groups_is_the_difference_itself() -> None:
    assert bootstrap_difference([4.0] * 5, [1.5] * 6) == (2.5, 2.5)


def test_the_split_skips_lives_without_the_measure() -> None:
    def live(room: str, admin: bool, rate: float | None) -> LiveMeasures:
        return LiveMeasures(room, admin, rate, None, None, None, None)

    found = split_measure(
        "answer_rate",
        [live("a", True, 0.8), live("b", True, None), live("c", False, 0.5), live("d", False, 0.3)],
        min_lives=1,
    )
    assert (found.lives_with, found.lives_without) == (1, 2)
    assert found.difference == pytest.approx(0.8 - 0.4)


def _score(workspace: Workspace, room: str, *, both: bool, latency: float) -> None:
    """A scored live with two viewer questions: the first answered after ``latency`` seconds,
    the second (at 600 s) answered after the same time only when ``both``."""
    said = [
        (0.0, "halo kak selamat datang di live kami"),
        (60.0 + latency, "iya kak rina, harganya 45 ribu saja"),
        *([(600.0 + latency, "ready kak budi, ukuran XL ada")] if both else []),
        (900.0, "checkout sekarang ya kak"),
    ]
    lines = [TranscriptLine(n, text, at, at + 5.0) for n, (at, text) in enumerate(said, start=1)]
    transcript = Transcript(tuple(lines), "srt")
    comments = [
        Comment(60.0, "rina_shop", "kak harganya berapa?"),
        Comment(600.0, "budi99", "ready ukuran XL kak?"),
    ]
    card = score_session(transcript, comments, room_id=room)
    save_scorecard(workspace, card, transcript.lines, account=ACCOUNT)


def test_answer_rate_and_latency_come_from_the_scorecards(lives: Workspace) -> None:
    set_rosters(lives)
    for n, room in enumerate(ROOMS[:10], start=1):
        # With an admin (lives 1-5) both questions are answered after 10 s; without, one after 40 s.
        _score(lives, room, both=n <= 5, latency=10.0 if n <= 5 else 40.0)
    splits = {s.measure: s for s in crew_effect(lives, ACCOUNT).splits}
    answers, latency = splits["answer_rate"], splits["median_latency_s"]
    assert (answers.lives_with, answers.lives_without) == (5, 5)
    assert (answers.mean_with, answers.mean_without) == (1.0, 0.5)
    # Every live of a group alike: the interval is the difference itself.
    assert (answers.difference, answers.low, answers.high) == (0.5, 0.5, 0.5)
    assert (latency.mean_with, latency.mean_without) == (10.0, 40.0)
    assert (latency.difference, latency.low, latency.high) == (-30.0, -30.0, -30.0)


def test_comments_per_minute_come_from_the_event_stream_where_there_is_one(
    lives: Workspace, tmp_path: Path
) -> None:
    from siaran.events import import_event_file

    set_rosters(lives)
    start = dt.datetime.combine(FIRST_DAY, dt.time(19), WIB)  # live 1
    # 30 comments from second 0 to second 600 (10 minutes): 3 per minute, not the export's 10.
    events = [
        {"id": f"c{n}", "type": "comment", "ts": (start + dt.timedelta(seconds=n * 600 / 29))
         .isoformat(), "room_id": ROOMS[0], "user": f"u{n}", "text": "halo kak"}
        for n in range(30)
    ]  # fmt: skip
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8")
    import_event_file(lives, path, account=ACCOUNT)
    effect = crew_effect(lives, ACCOUNT)
    first = next(live for live in effect.per_live if live.room_id == ROOMS[0])
    assert first.comments_source == "events"
    assert first.comments_per_minute == pytest.approx(3.0)
    comments = next(s for s in effect.splits if s.measure == "comments_per_minute")
    # With: 3, 11, 12, 9, 8 -> 8.6; without stays 5.
    assert comments.mean_with == pytest.approx(8.6)
    assert comments.difference == pytest.approx(3.6)
