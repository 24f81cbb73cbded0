"""Keeping a session's scorecard in the workspace, next to the session it scores.

One row per ``room_id`` in ``talk_scores``: the headline figures as columns (so that cohort
queries need no JSON) and the whole scorecard as JSON (so that it renders exactly as when it
was made). Scoring a room again replaces its row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import UsageError
from siaran.talk.scorecard import Scorecard

if TYPE_CHECKING:
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
    workspace: Workspace, scorecard: Scorecard, *, scored_at: dt.datetime | None = None
) -> None:
    """Store ``scorecard`` for its room (replacing an earlier one). It needs a ``room_id``."""
    from siaran import __version__

    if not scorecard.room_id:
        raise UsageError("talk.store.no_room")
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
    marks = ", ".join("?" for _ in values)
    workspace.con.execute(f"INSERT OR REPLACE INTO {TALK_SCORES_TABLE} VALUES ({marks})", values)


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
