"""Keeping a session's scorecard in the workspace, next to the session it scores.

A live belongs to its account, so everything here is keyed by ``account`` and ``room_id`` and
read by both: an account's page never shows the scorecard, lines or viewers' questions of a
room id another account also uses. One row per account and room in ``talk_scores``: the
headline figures as columns (so that cohort queries need no JSON) and the whole scorecard as
JSON (so that it renders exactly as when it was made). Scoring a room again replaces its row.

Beside it, ``talk_lines`` keeps the scored transcript itself: one row per host line with its
offset from the start of the live, its cues and the phase it fell in, so that a moment of the
live (a jump in the audience, say) can be matched with what the host was saying then. Scoring
a room again replaces its lines in the same transaction as its scorecard.

The tables were first keyed by room alone; schema version 5
(:mod:`siaran.store.migrations.v5_accounts`, where the tables' columns are written out) gave
each stored row the account that holds its room: the account of the room's imported sessions
when exactly one account has them, else the account whose captured events hold it when
exactly one does. A row whose account cannot be told so (the room was never imported, or two
accounts hold it) keeps an empty account (:data:`UNASSIGNED`): no account's page shows it,
``siaran talk list`` lists it with ``account`` null, and scoring the live again with
``--account`` stores it for that account.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, TypedDict, cast

from siaran.errors import UsageError
from siaran.store.migrations.v5_accounts import UNASSIGNED
from siaran.store.transaction import transaction
from siaran.talk.scorecard import Scorecard, ScorecardFigures

if TYPE_CHECKING:
    from siaran.talk.tagger import TaggedLine
    from siaran.talk.transcripts import TranscriptLine
    from siaran.workspace import Workspace

TALK_SCORES_TABLE: Final = "talk_scores"
TALK_LINES_TABLE: Final = "talk_lines"


class TalkLineRow(TypedDict):
    """A stored host line (:func:`lines_between`)."""

    number: int
    start_s: float | None
    end_s: float | None
    text: str
    cues: list[str]
    phase: str | None


class ScorecardRow(ScorecardFigures):
    """A stored scorecard's headline figures (:func:`list_scorecards`), the table's columns."""

    account: str | None
    room_id: str
    scored_at: dt.datetime
    started_at: dt.datetime | None
    demo_share: float | None
    ctas_per_10min: float | None
    cta_in_last_10min: bool | None
    urgency_without_offer: int | None
    dead_air_s: float | None
    questions: int | None
    answer_rate: float | None
    median_latency_s: float | None
    siaran_version: str
    lexicon: str


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


def scoring_account(workspace: Workspace, room_id: str, account: str | None) -> str:
    """The account a scorecard of ``room_id`` is stored for: ``account`` when given (refused
    when the room belongs to another account), else the one account that holds the room."""
    from siaran.store.ownership import owning_account, room_owners

    chosen = owning_account(workspace.con, room_id, account)
    if chosen is None:
        raise UsageError("talk.store.account_required", room=room_id)
    others = [owner for owner in room_owners(workspace.con, room_id) if owner != chosen]
    if others:
        raise UsageError("talk.store.room_of_other", room=room_id, account=chosen, owner=others[0])
    return chosen


def save_scorecard(
    workspace: Workspace,
    scorecard: Scorecard,
    lines: Sequence[TranscriptLine] = (),
    tags: Sequence[TaggedLine] | None = None,
    *,
    account: str,
    scored_at: dt.datetime | None = None,
) -> None:
    """Store ``scorecard`` for ``account`` and its room (replacing an earlier one) together
    with the scored transcript's ``lines`` and their cue ``tags`` (one per line, as
    :func:`siaran.talk.score_session` made them; by default the lines are tagged again with the
    shipped lexicon). The room's earlier lines are replaced in the same transaction: a failure
    leaves the previous scorecard and lines as they were. It needs a ``room_id``; pick the
    account with :func:`scoring_account`."""
    save_scorecards(workspace, [(account, scorecard, lines, tags)], scored_at=scored_at)


ScoredTranscript = tuple[
    str, "Scorecard", "Sequence[TranscriptLine]", "Sequence[TaggedLine] | None"
]
"""What :func:`save_scorecards` stores for one live: the account, the scorecard, the scored
transcript's lines and their cue tags (``None``: tag them again)."""


def save_scorecards(
    workspace: Workspace,
    scored: Sequence[ScoredTranscript],
    *,
    scored_at: dt.datetime | None = None,
) -> None:
    """:func:`save_scorecard` for many lives in one transaction: all of them land, or none
    (a cohort scored at once is written in one commit instead of one per live)."""
    from siaran import __version__

    when = scored_at or dt.datetime.now(dt.UTC)
    scores: list[list[Any]] = []
    rows: list[list[Any]] = []
    # A live given twice is stored once, as given last (as two calls would leave it).
    latest = {(item[0], item[1].room_id): item for item in scored}
    for account, scorecard, lines, given in latest.values():
        if not scorecard.room_id:
            raise UsageError("talk.store.no_room")
        tags = given
        if tags is None:
            from siaran.talk.tagger import tag_lines

            tags = tag_lines((line.text for line in lines), "host")
        if len(tags) != len(lines):
            raise ValueError(f"{len(lines)} transcript lines but {len(tags)} tags")
        made_from = scorecard.made_from
        scores.append(
            [
                account,
                scorecard.room_id,
                when,
                scorecard.started_at,
                made_from["transcript_format"],
                made_from["transcript_sha256"],
                made_from["timed"],
                made_from["duration_s"],
                made_from["host_lines"],
                made_from["comment_count"],
                scorecard.score,
                *(scorecard.metrics.get(name) for name in _METRIC_COLUMNS),
                __version__,
                scorecard.lexicon,
                json.dumps(scorecard.to_dict(), ensure_ascii=False),
            ]
        )
        phase_of = _phase_of_lines(scorecard)
        rows += [
            [
                account,
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
    if not scores:
        return
    import pyarrow as pa

    # Lines go in as one Arrow table: DuckDB's executemany costs a round trip per row.
    names = ("account", "room_id", "number", "start_s", "end_s", "text", "cues", "phase")
    kinds = (pa.string(), pa.string(), pa.int32(), pa.float64(), pa.float64(), pa.string(),
             pa.list_(pa.string()), pa.string())  # fmt: skip
    incoming = pa.table(
        {
            name: pa.array([row[i] for row in rows], kind)
            for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
        }
    )
    # The scores' columns in table order; Arrow finds each one's type from its values.
    score_table = pa.table(
        {f"c{i}": pa.array([row[i] for row in scores]) for i in range(len(scores[0]))}
    )
    con = workspace.con
    con.register("incoming_talk_scores", score_table)
    con.register("incoming_talk_lines", incoming)
    try:
        with transaction(con):
            con.execute(
                f"INSERT OR REPLACE INTO {TALK_SCORES_TABLE} SELECT * FROM incoming_talk_scores"
            )
            con.execute(
                f"DELETE FROM {TALK_LINES_TABLE} AS t WHERE EXISTS (SELECT 1 FROM "
                "incoming_talk_scores AS k WHERE k.c0 = t.account AND k.c1 = t.room_id)"
            )
            con.execute(f"INSERT INTO {TALK_LINES_TABLE} BY NAME SELECT * FROM incoming_talk_lines")
    finally:
        con.unregister("incoming_talk_lines")
        con.unregister("incoming_talk_scores")


def _phase_of_lines(scorecard: Scorecard) -> dict[int, str]:
    """Line number -> the phase of the segment holding it (lines before the first segment
    have none)."""
    found: dict[int, str] = {}
    for segment in scorecard.segments:
        for number in range(segment.first_line, segment.last_line + 1):
            found[number] = segment.phase
    return found


def lines_between(
    workspace: Workspace, account: str, room_id: str, start_s: float, end_s: float
) -> list[TalkLineRow]:
    """The stored host lines of ``account``'s ``room_id`` spoken between ``start_s`` and
    ``end_s`` (seconds from the start of the live; a line counts when its span overlaps
    ``[start_s, end_s)``), in transcript order: ``number``, ``start_s``, ``end_s``, ``text``,
    ``cues``, ``phase``. Lines without a time (a plain-text transcript) are never returned."""
    cursor = workspace.con.execute(
        f"""
        SELECT number, start_s, end_s, text, cues, phase FROM {TALK_LINES_TABLE}
        WHERE account = ? AND room_id = ? AND start_s IS NOT NULL
          AND start_s < ? AND coalesce(end_s, start_s) >= ?
        ORDER BY number
        """,
        [account, str(room_id), float(end_s), float(start_s)],
    )
    names = [d[0] for d in cursor.description or ()]
    return [cast(TalkLineRow, dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def has_timed_lines(workspace: Workspace, account: str, room_id: str) -> bool:
    """Whether ``account``'s ``room_id`` has stored host lines with times (it was scored from a
    timed transcript since lines were kept)."""
    row = workspace.con.execute(
        f"SELECT count(*) FROM {TALK_LINES_TABLE} "
        "WHERE account = ? AND room_id = ? AND start_s IS NOT NULL",
        [account, str(room_id)],
    ).fetchone()
    return bool(row and row[0])


def load_scorecard(workspace: Workspace, account: str, room_id: str) -> Scorecard | None:
    """The stored scorecard of ``account``'s ``room_id``, or ``None`` when it was never
    scored."""
    row = workspace.con.execute(
        f"SELECT scorecard_json FROM {TALK_SCORES_TABLE} WHERE account = ? AND room_id = ?",
        [account, str(room_id)],
    ).fetchone()
    if row is None:
        return None
    return Scorecard.from_dict(json.loads(row[0]))


def _scope(accounts: Collection[str] | None) -> tuple[str, list[Any]]:
    if accounts is None:
        return "", []
    return "WHERE list_contains(?, account)", [sorted(accounts)]


def find_scorecard(workspace: Workspace, room_id: str, account: str | None) -> Scorecard | None:
    """The stored scorecard of ``room_id`` for ``account``, or (no account given) for the one
    account that holds or scored the room; several such accounts need ``account``
    (:class:`~siaran.errors.UsageError`)."""
    from siaran.store.ownership import room_owners

    if account is None:
        scored = workspace.con.execute(
            f"SELECT account FROM {TALK_SCORES_TABLE} WHERE room_id = ? AND account <> ?",
            [str(room_id), UNASSIGNED],
        ).fetchall()
        holders = sorted(set(room_owners(workspace.con, room_id)) | {str(r[0]) for r in scored})
        if len(holders) > 1:
            raise UsageError("room.account_ambiguous", room=room_id, accounts=", ".join(holders))
        if not holders:
            return None
        account = holders[0]
    return load_scorecard(workspace, account.strip().lstrip("@").strip(), room_id)


def list_scorecards(
    workspace: Workspace, accounts: Collection[str] | None = None
) -> list[ScorecardRow]:
    """Every stored scorecard's headline figures (no JSON) of ``accounts`` (``None``: all), by
    account and room; ``account`` is ``None`` for a row no single account holds."""
    where, params = _scope(accounts)
    cursor = workspace.con.execute(
        f"SELECT * EXCLUDE (scorecard_json) FROM {TALK_SCORES_TABLE} {where} "
        "ORDER BY account, room_id",
        params,
    )
    names = [d[0] for d in cursor.description or ()]
    rows = [cast(ScorecardRow, dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
    for row in rows:
        row["account"] = row["account"] or None
    return rows


def session_started_at(workspace: Workspace, account: str, room_id: str) -> dt.datetime | None:
    """When ``account``'s imported session of ``room_id`` started (the latest one if several
    platforms share the id), or ``None`` when it has no imported session of that room."""
    row = workspace.con.execute(
        "SELECT max(started_at) FROM sessions WHERE account = ? AND room_id = ?",
        [account, str(room_id)],
    ).fetchone()
    if row is None or row[0] is None:
        return None
    started: dt.datetime = row[0]
    return started


def stored_scorecards(
    workspace: Workspace, accounts: Collection[str] | None = None
) -> list[Scorecard]:
    """Every stored scorecard of ``accounts`` (``None``: all), by account and room."""
    where, params = _scope(accounts)
    rows = workspace.con.execute(
        f"SELECT scorecard_json FROM {TALK_SCORES_TABLE} {where} ORDER BY account, room_id",
        params,
    ).fetchall()
    return [Scorecard.from_dict(json.loads(row[0])) for row in rows]
