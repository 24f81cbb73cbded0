"""Coaching sessions recorded per account: the day, the topic (a capability area id of
``siaran advise``), the coach and a note.

Stored in ``coaching_sessions`` (schema version 8). Every write is one transaction: a refused
request, or a file with one bad row, writes nothing. Recording a session that is already
there (same account, day and topic) replaces its coach and note, so importing the same file
twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypedDict

from siaran.advice.model import AREAS
from siaran.errors import BadInputError, Problem, SiaranError, UsageError
from siaran.files import NotTextError, decode_text, read_input
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

CSV_COLUMNS: Final = ("account", "date", "topic", "coach", "note")
"""The columns of a sessions file (``note`` may be left out)."""
REQUIRED_COLUMNS: Final = CSV_COLUMNS[:4]
MAX_TEXT: Final = 2_000


class CoachingError(SiaranError):
    """A request the coaching records refuse (exit 1)."""

    exit_code = 1


class CoachingSessionJson(TypedDict):
    account: str
    date: str
    topic: str
    coach: str
    note: str | None


@dataclass(frozen=True)
class CoachingSession:
    """One coaching session of one account."""

    account: str
    date: dt.date
    topic: str
    coach: str
    note: str | None = None

    def to_json(self) -> CoachingSessionJson:
        return {
            "account": self.account,
            "date": self.date.isoformat(),
            "topic": self.topic,
            "coach": self.coach,
            "note": self.note,
        }


def known_accounts(workspace: Workspace) -> list[str]:
    """The accounts with lives in the workspace."""
    rows = workspace.con.execute("SELECT DISTINCT account FROM sessions ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


def _check(session: CoachingSession, known: Sequence[str]) -> None:
    if session.account not in known:
        raise CoachingError(
            "coaching.unknown_account", account=session.account, known=", ".join(known) or "-"
        )
    if session.topic not in AREAS:
        raise UsageError("coaching.unknown_topic", topic=session.topic, known=", ".join(AREAS))
    if not session.coach.strip():
        raise UsageError("coaching.no_coach")


def _store(workspace: Workspace, sessions: Sequence[CoachingSession], now: dt.datetime) -> None:
    with transaction(workspace.con) as con:
        con.executemany(
            "INSERT OR REPLACE INTO coaching_sessions VALUES (?, ?, ?, ?, ?, ?)",
            [[s.account, s.date, s.topic, s.coach.strip(), s.note, now] for s in sessions],
        )


def add_session(
    workspace: Workspace, session: CoachingSession, *, recorded_at: dt.datetime | None = None
) -> CoachingSession:
    """Record one session; the account must have lives in the workspace."""
    session = CoachingSession(
        session.account.strip().lstrip("@"),
        session.date,
        session.topic.strip(),
        session.coach.strip(),
        session.note.strip() if session.note and session.note.strip() else None,
    )
    _check(session, known_accounts(workspace))
    _store(workspace, [session], recorded_at or dt.datetime.now(dt.UTC))
    return session


def list_sessions(
    workspace: Workspace, *, accounts: Sequence[str] | None = None
) -> list[CoachingSession]:
    """Every recorded session (of ``accounts`` only, when given), by day then account."""
    rows = workspace.con.execute(
        "SELECT account, session_date, topic, coach, note FROM coaching_sessions "
        "ORDER BY session_date, account, topic"
    ).fetchall()
    keep = None if accounts is None else set(accounts)
    return [
        CoachingSession(str(a), d, str(t), str(c), n)
        for a, d, t, c, n in rows
        if keep is None or a in keep
    ]


def _row_problems(
    row: dict[str, str], number: int, known: Sequence[str]
) -> tuple[CoachingSession | None, list[Problem]]:
    problems: list[Problem] = []
    values = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            problems.append(Problem("coaching.csv.empty", row=number, column=column))
    account = values["account"].lstrip("@")
    if account and account not in known:
        problems.append(
            Problem("coaching.csv.unknown_account", row=number, column="account", value=account)
        )
    day: dt.date | None = None
    if values["date"]:
        try:
            day = dt.date.fromisoformat(values["date"])
        except ValueError:
            problems.append(
                Problem("coaching.csv.bad_date", row=number, column="date", value=values["date"])
            )
    if values["topic"] and values["topic"] not in AREAS:
        problems.append(
            Problem(
                "coaching.csv.unknown_topic",
                row=number,
                column="topic",
                value=values["topic"],
                params={"known": ", ".join(AREAS)},
            )
        )
    if any(len(v) > MAX_TEXT for v in values.values()):
        problems.append(Problem("coaching.csv.too_long", row=number, params={"limit": MAX_TEXT}))
    if problems or day is None:
        return None, problems
    note = values["note"] or None
    return CoachingSession(account, day, values["topic"], values["coach"], note), []


def read_sessions_csv(path: Path, known: Sequence[str]) -> list[CoachingSession]:
    """The sessions of a CSV file (:data:`CSV_COLUMNS`, a header row first); every bad row is
    a :class:`Problem` of one :class:`BadInputError` naming the file."""
    data = read_input(path, "coaching.csv.unreadable")
    try:
        content = decode_text(data, fallback="cp1252").text
    except NotTextError as exc:
        raise BadInputError("coaching.csv.not_text", path=path, reason=str(exc)) from exc
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise BadInputError(
            "coaching.csv.missing_columns",
            path=path,
            columns=", ".join(missing),
            expected=", ".join(CSV_COLUMNS),
        )
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise BadInputError(
            "coaching.csv.unknown_columns",
            path=path,
            columns=", ".join(unknown),
            expected=", ".join(CSV_COLUMNS),
        )
    reader.fieldnames = header
    sessions: list[CoachingSession] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, dt.date, str], int] = {}
    for number, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        found, wrong = _row_problems(row, number, known)
        problems.extend(wrong)
        if found is None:
            continue
        key = (found.account, found.date, found.topic)
        if key in seen:
            problems.append(
                Problem("coaching.csv.duplicate", row=number, params={"first": seen[key]})
            )
            continue
        seen[key] = number
        sessions.append(found)
    if problems:
        raise BadInputError("coaching.csv.refused", path=path, problems=problems)
    if not sessions:
        raise BadInputError("coaching.csv.empty_file", path=path)
    return sessions


def import_sessions(
    workspace: Workspace, path: Path, *, recorded_at: dt.datetime | None = None
) -> list[CoachingSession]:
    """Record every session of the CSV file at ``path``: all of them, or none."""
    sessions = read_sessions_csv(Path(path), known_accounts(workspace))
    _store(workspace, sessions, recorded_at or dt.datetime.now(dt.UTC))
    return sessions


def first_sessions(
    sessions: Sequence[CoachingSession], topic: str | None = None
) -> dict[str, dt.date]:
    """Each account's first coaching day (on ``topic`` only, when given)."""
    out: dict[str, dt.date] = {}
    for s in sessions:
        if topic is None or s.topic == topic:
            out[s.account] = min(out.get(s.account, s.date), s.date)
    return out
