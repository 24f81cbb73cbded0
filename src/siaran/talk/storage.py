"""Keeping a session's scorecard in the workspace, next to the session it scores.

One row per ``room_id`` in ``talk_scores``: the headline figures as columns (so that cohort
queries need no JSON) and the whole scorecard as JSON (so that it renders exactly as when it
was made). Scoring a room again replaces its row.

Beside it, ``talk_lines`` keeps the scored transcript itself: one row per host line with its
offset from the start of the live, its cues and the phase it fell in, so that a moment of the
live (a jump in the audience, say) can be matched with what the host was saying then. Scoring
a room again replaces its lines in the same transaction as its scorecard.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import UsageError
from siaran.talk.scorecard import Scorecard

if TYPE_CHECKING:
    from siaran.talk.tagger import TaggedLine
    from siaran.talk.transcripts import TranscriptLine
    from siaran.workspace import Workspace

TALK_SCORES_TABLE: Final = "talk_scores"

TALK_SCORES_DDL: Final = """
CREATE TABLE talk_scores (
  room_id VARCHAR PRIMARY KEY,
  scored_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  transcript_format VARCHAR NOT NULL,
  transcript_sha256 VARCHAR,
  timed BOOLEAN NOT NULL,
  duration_s DOUBLE,
  host_lines INTEGER NOT NULL,
  comment_count INTEGER,
  score DOUBLE,
  demo_share DOUBLE,
  ctas_per_10min DOUBLE,
  cta_in_last_10min BOOLEAN,
  urgency_without_offer INTEGER,
  dead_air_s DOUBLE,
  questions INTEGER,
  answer_rate DOUBLE,
  median_latency_s DOUBLE,
  siaran_version VARCHAR NOT NULL,
  lexicon VARCHAR NOT NULL,
  scorecard_json VARCHAR NOT NULL
);
"""

TALK_LINES_TABLE: Final = "talk_lines"

TALK_LINES_DDL: Final = """
CREATE TABLE talk_lines (
  room_id VARCHAR NOT NULL,
  number INTEGER NOT NULL,
  start_s DOUBLE,
  end_s DOUBLE,
  text VARCHAR NOT NULL,
  cues VARCHAR[] NOT NULL,
  phase VARCHAR,
  PRIMARY KEY (room_id, number)
);
"""

# Columns taken from Scorecard.metrics, in DDL order.
_METRIC_COLUMNS: Final = (
    "demo_share",
    "ctas_per_10min",
    "cta_in_last_10min",
    "urgency_without_offer",
    "dead_air_s",
    "questions",
    "answer_rate",
    "median_latency_s",
)


def save_scorecard(
    workspace: Workspace,
    scorecard: Scorecard,
    lines: Sequence[TranscriptLine] = (),
    tags: Sequence[TaggedLine] | None = None,
    *,
    scored_at: dt.datetime | None = None,
) -> None:
    """Store ``scorecard`` for its room (replacing an earlier one) together with the scored
    transcript's ``lines`` and their cue ``tags`` (one per line, as
    :func:`siaran.talk.score_session` made them; by default the lines are tagged again with the
    shipped lexicon). The room's earlier lines are replaced in the same transaction: a failure
    leaves the previous scorecard and lines as they were. It needs a ``room_id``."""
    from siaran import __version__

    if not scorecard.room_id:
        raise UsageError("talk.store.no_room")
    if tags is None:
        from siaran.talk.tagger import tag_lines

        tags = tag_lines((line.text for line in lines), "host")
    if len(tags) != len(lines):
        raise ValueError(f"{len(lines)} transcript lines but {len(tags)} tags")
    when = scored_at or dt.datetime.now(dt.UTC)
    values: list[Any] = [
        scorecard.room_id,
        when,
        scorecard.started_at,
        scorecard.transcript_format,
        scorecard.transcript_sha256,
        scorecard.timed,
        scorecard.duration_s,
        scorecard.host_lines,
        scorecard.comment_count,
        scorecard.score,
        *(scorecard.metrics.get(name) for name in _METRIC_COLUMNS),
        __version__,
        scorecard.lexicon,
        json.dumps(scorecard.to_dict(), ensure_ascii=False),
    ]
    phase_of = _phase_of_lines(scorecard)
    rows = [
        [
            scorecard.room_id,
            line.number,
            line.start_s,
            line.end_s,
            line.text,
            list(tagged.cues),
            phase_of.get(line.number),
        ]
        for line, tagged in zip(lines, tags, strict=True)
    ]
    marks = ", ".join("?" for _ in values)
    con = workspace.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"INSERT OR REPLACE INTO {TALK_SCORES_TABLE} VALUES ({marks})", values)
        con.execute(f"DELETE FROM {TALK_LINES_TABLE} WHERE room_id = ?", [scorecard.room_id])
        if rows:
            con.executemany(f"INSERT INTO {TALK_LINES_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _phase_of_lines(scorecard: Scorecard) -> dict[int, str]:
    """Line number -> the phase of the segment holding it (lines before the first segment
    have none)."""
    found: dict[int, str] = {}
    for segment in scorecard.segments:
        for number in range(segment.first_line, segment.last_line + 1):
            found[number] = segment.phase
    return found


def lines_between(
    workspace: Workspace, room_id: str, start_s: float, end_s: float
) -> list[dict[str, Any]]:
    """The stored host lines of ``room_id`` spoken between ``start_s`` and ``end_s`` (seconds
    from the start of the live; a line counts when its span overlaps ``[start_s, end_s)``), in
    transcript order: ``number``, ``start_s``, ``end_s``, ``text``, ``cues``, ``phase``. Lines
    without a time (a plain-text transcript) are never returned."""
    cursor = workspace.con.execute(
        f"""
        SELECT number, start_s, end_s, text, cues, phase FROM {TALK_LINES_TABLE}
        WHERE room_id = ? AND start_s IS NOT NULL
          AND start_s < ? AND coalesce(end_s, start_s) >= ?
        ORDER BY number
        """,
        [str(room_id), float(end_s), float(start_s)],
    )
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def has_timed_lines(workspace: Workspace, room_id: str) -> bool:
    """Whether ``room_id`` has stored host lines with times (it was scored from a timed
    transcript since lines were kept)."""
    row = workspace.con.execute(
        f"SELECT count(*) FROM {TALK_LINES_TABLE} WHERE room_id = ? AND start_s IS NOT NULL",
        [str(room_id)],
    ).fetchone()
    return bool(row and row[0])


def load_scorecard(workspace: Workspace, room_id: str) -> Scorecard | None:
    """The stored scorecard of ``room_id``, or ``None`` when the room was never scored."""
    row = workspace.con.execute(
        f"SELECT scorecard_json FROM {TALK_SCORES_TABLE} WHERE room_id = ?", [str(room_id)]
    ).fetchone()
    if row is None:
        return None
    return Scorecard.from_dict(json.loads(row[0]))


def list_scorecards(workspace: Workspace) -> list[dict[str, Any]]:
    """Every stored scorecard's headline figures (no JSON), by room."""
    cursor = workspace.con.execute(
        f"SELECT * EXCLUDE (scorecard_json) FROM {TALK_SCORES_TABLE} ORDER BY room_id"
    )
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def session_started_at(workspace: Workspace, room_id: str) -> dt.datetime | None:
    """When the imported session of ``room_id`` started (the latest one if several platforms
    share the id), or ``None`` when no imported session has that room."""
    row = workspace.con.execute(
        "SELECT max(started_at) FROM sessions WHERE room_id = ?", [str(room_id)]
    ).fetchone()
    if row is None or row[0] is None:
        return None
    started: dt.datetime = row[0]
    return started


def stored_scorecards(workspace: Workspace) -> list[Scorecard]:
    """Every stored scorecard, by room."""
    rows = workspace.con.execute(
        f"SELECT scorecard_json FROM {TALK_SCORES_TABLE} ORDER BY room_id"
    ).fetchall()
    return [Scorecard.from_dict(json.loads(row[0])) for row in rows]
