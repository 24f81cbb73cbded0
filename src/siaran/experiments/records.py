"""Recording experiments: what changed, in which accounts, from when, measured by which KPI.

An experiment is stored in the workspace (``experiments``, ``experiment_accounts``,
``experiment_lives``; schema version 7). Every write is one transaction; a refused request
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypedDict, get_args

from siaran.errors import SiaranError, UsageError
from siaran.experiments.estimate import Design
from siaran.metrics.registry import KPIS
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

RATIO_KPI: Final = "gmv_per_live_hour"
"""The one KPI measured as a ratio of sums (GMV over live hours) rather than a mean per live."""
BASE_FIELDS: Final = ("gmv", "orders", "views", "viewers")
DESIGNS: Final[tuple[Design, ...]] = get_args(Design)


def experiment_kpis() -> tuple[str, ...]:
    """The KPIs an experiment may be measured by: every per-live KPI of the registry, the
    base counts :data:`BASE_FIELDS`, and :data:`RATIO_KPI`."""
    session = tuple(k.name for k in KPIS if k.level == "session")
    return (RATIO_KPI, *BASE_FIELDS, *session)


class ExperimentError(SiaranError):
    """A request the workspace's experiments refuse (exit 1)."""

    exit_code = 1


class AssignmentJson(TypedDict):
    account: str
    room_id: str
    treated: bool


class ExperimentJson(TypedDict):
    name: str
    kpi: str
    design: Design
    start: str
    end: str | None
    note: str | None
    accounts: list[str]
    created_at: str
    assigned_lives: int


@dataclass(frozen=True)
class Experiment:
    """One recorded experiment, with the switchback lives assigned so far."""

    name: str
    kpi: str
    design: Design
    start: dt.date
    end: dt.date | None
    note: str | None
    accounts: tuple[str, ...]
    created_at: dt.datetime
    assignments: tuple[AssignmentJson, ...] = field(default=())

    def to_json(self) -> ExperimentJson:
        return {
            "name": self.name,
            "kpi": self.kpi,
            "design": self.design,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "note": self.note,
            "accounts": list(self.accounts),
            "created_at": self.created_at.isoformat(),
            "assigned_lives": len(self.assignments),
        }


def _known_accounts(workspace: Workspace) -> list[str]:
    rows = workspace.con.execute("SELECT DISTINCT account FROM sessions ORDER BY 1").fetchall()
    return [str(r[0]) for r in rows]


def parse_accounts(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"a,b"`` (or a list of such) as account handles, in order, without repeats."""
    parts = [value] if isinstance(value, str) else list(value)
    names = [n.strip() for part in parts for n in part.split(",") if n.strip()]
    if not names:
        raise UsageError("experiment.no_accounts")
    return tuple(dict.fromkeys(names))


def add_experiment(
    workspace: Workspace,
    name: str,
    *,
    accounts: Sequence[str],
    start: dt.date,
    kpi: str,
    design: Design = "before_after",
    end: dt.date | None = None,
    note: str | None = None,
    created_at: dt.datetime | None = None,
) -> Experiment:
    """Record an experiment; every account must have lives in the workspace."""
    name = name.strip()
    if not name:
        raise UsageError("experiment.no_name")
    if kpi not in experiment_kpis():
        raise UsageError("experiment.unknown_kpi", kpi=kpi, known=", ".join(experiment_kpis()))
    if design not in DESIGNS:
        raise UsageError("experiment.unknown_design", design=design, known=", ".join(DESIGNS))
    if end is not None and end < start:
        raise UsageError("experiment.end_before_start", start=start, end=end)
    handles = parse_accounts(accounts)
    known = _known_accounts(workspace)
    missing = [a for a in handles if a not in known]
    if missing:
        raise ExperimentError(
            "experiment.unknown_accounts", accounts=", ".join(missing), known=", ".join(known)
        )
    when = created_at or dt.datetime.now(dt.UTC)
    con = workspace.con
    with transaction(con):
        if con.execute("SELECT 1 FROM experiments WHERE name = ?", [name]).fetchone():
            raise ExperimentError("experiment.exists", name=name)
        con.execute(
            "INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?, ?)",
            [name, kpi, design, start, end, note, when],
        )
        con.executemany(
            "INSERT INTO experiment_accounts VALUES (?, ?)", [[name, a] for a in handles]
        )
    return get_experiment(workspace, name)


def get_experiment(workspace: Workspace, name: str) -> Experiment:
    """The experiment called ``name``; :class:`ExperimentError` naming the known ones."""
    con = workspace.con
    row = con.execute(
        "SELECT name, kpi, design, start_date, end_date, note, created_at "
        "FROM experiments WHERE name = ?",
        [name],
    ).fetchone()
    if row is None:
        known = [
            str(r[0]) for r in con.execute("SELECT name FROM experiments ORDER BY 1").fetchall()
        ]
        raise ExperimentError("experiment.unknown", name=name, known=", ".join(known) or "–")
    accounts = con.execute(
        "SELECT account FROM experiment_accounts WHERE experiment = ? ORDER BY account", [name]
    ).fetchall()
    lives = con.execute(
        "SELECT account, room_id, treated FROM experiment_lives WHERE experiment = ? "
        "ORDER BY account, room_id",
        [name],
    ).fetchall()
    return Experiment(
        name=row[0],
        kpi=row[1],
        design=row[2],
        start=row[3],
        end=row[4],
        note=row[5],
        accounts=tuple(str(a[0]) for a in accounts),
        created_at=row[6].astimezone(dt.UTC),
        assignments=tuple(
            {"account": str(a), "room_id": str(r), "treated": bool(t)} for a, r, t in lives
        ),
    )


def list_experiments(workspace: Workspace) -> list[Experiment]:
    """Every recorded experiment, by name."""
    names = workspace.con.execute("SELECT name FROM experiments ORDER BY name").fetchall()
    return [get_experiment(workspace, str(n[0])) for n in names]


def remove_experiment(workspace: Workspace, name: str) -> Experiment:
    """Forget an experiment and its assignments (the lives themselves stay)."""
    found = get_experiment(workspace, name)
    with transaction(workspace.con) as con:
        for table, column in (
            ("experiment_lives", "experiment"),
            ("experiment_accounts", "experiment"),
            ("experiments", "name"),
        ):
            con.execute(f"DELETE FROM {table} WHERE {column} = ?", [name])
    return found


def assign_lives(
    workspace: Workspace,
    name: str,
    account: str,
    *,
    treated: Sequence[str] = (),
    untreated: Sequence[str] = (),
) -> Experiment:
    """Record which of ``account``'s lives (by room id) had the change in a switchback; a
    room assigned again takes its new side."""
    found = get_experiment(workspace, name)
    if found.design != "switchback":
        raise ExperimentError("experiment.not_switchback", name=name, design=found.design)
    if account not in found.accounts:
        raise ExperimentError(
            "experiment.account_not_in",
            name=name,
            account=account,
            accounts=", ".join(found.accounts),
        )
    both = set(treated) & set(untreated)
    if both:
        raise UsageError("experiment.assigned_twice", rooms=", ".join(sorted(both)))
    rooms = [*treated, *untreated]
    if not rooms:
        raise UsageError("experiment.no_rooms")
    known = {
        str(r[0])
        for r in workspace.con.execute(
            "SELECT DISTINCT room_id FROM sessions WHERE account = ? AND room_id IS NOT NULL",
            [account],
        ).fetchall()
    }
    missing = [r for r in rooms if r not in known]
    if missing:
        raise ExperimentError("experiment.unknown_rooms", account=account, rooms=", ".join(missing))
    rows = [[name, account, r, True] for r in treated] + [
        [name, account, r, False] for r in untreated
    ]
    with transaction(workspace.con) as con:
        con.executemany("INSERT OR REPLACE INTO experiment_lives VALUES (?, ?, ?, ?)", rows)
    return get_experiment(workspace, name)
