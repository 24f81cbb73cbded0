"""The crew block of the plan: the account's most recent roster, and how its lives with a
dedicated interaction admin compared with those without.

- **Roster**: the roster of the account's most recent live that has one (latest start; a live
  whose session is not imported counts by when its roster was set). Every fixed role
  (:data:`siaran.crew.FIXED_ROLES`) gets a line; a role nobody covered keeps a blank line for
  a name, and free-text roles (``other``) follow with their label.
- **Admin effect**: per measure of :func:`siaran.crew.crew_effect`, the difference (with -
  without a dedicated interaction admin) and its interval, read as ``better`` or ``worse``
  only when the interval leaves out zero (a lower answer latency is better), else
  ``no_clear_difference``; ``too_little_data`` where either group has fewer lives than the
  view needs. An association, not a cause.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from siaran.crew import FIXED_ROLES, LiveCrew, Split, crew_effect, list_crew
from siaran.plan.model import CrewEffectJson, CrewJson, CrewPersonJson, CrewSourceJson, TextJson
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

LOWER_IS_BETTER: Final = frozenset({"median_latency_s"})
"""Measures of the admin split where a smaller value is the better live."""


def latest_roster(rosters: list[LiveCrew]) -> LiveCrew | None:
    """The roster of the most recent live (by start, else by when it was set)."""

    def when(r: LiveCrew) -> tuple[dt.datetime, dt.datetime]:
        started = r.started_at or r.set_at
        return (_naive(started), _naive(r.set_at))

    return max(rosters, key=when) if rosters else None


def _naive(value: dt.datetime) -> dt.datetime:
    return (
        value.replace(tzinfo=None)
        if value.tzinfo is None
        else value.astimezone(dt.UTC).replace(tzinfo=None)
    )


def planned_members(roster: LiveCrew | None) -> list[CrewPersonJson]:
    """One line per fixed role (the roster's people, or a blank line), then the other roles."""
    out: list[CrewPersonJson] = []
    for role in FIXED_ROLES:
        people = roster.people(role) if roster else ()
        out += [{"role": role, "label": None, "person": p} for p in people] or [
            {"role": role, "label": None, "person": None}
        ]
    if roster:
        out += [
            {"role": "other", "label": m.label, "person": m.person}
            for m in roster.members
            if m.role == "other"
        ]
    return out


def reading(split: Split) -> str:
    """``better``, ``worse``, ``no_clear_difference`` or ``too_little_data`` (module docs)."""
    if not split.enough or split.low is None or split.high is None:
        return "too_little_data"
    if split.low <= 0.0 <= split.high:
        return "no_clear_difference"
    higher = split.low > 0.0
    return "worse" if higher == (split.measure in LOWER_IS_BETTER) else "better"


def admin_effect(
    workspace: Workspace, account: str, engine: EngineName = DEFAULT_ENGINE
) -> list[CrewEffectJson]:
    """The admin split of ``account``, one entry per measure (module docs)."""
    found = crew_effect(workspace, account, engine=engine)
    return [
        {
            "measure": s.measure,
            "lives_with": s.lives_with,
            "lives_without": s.lives_without,
            "difference": s.difference,
            "ci_low": s.low,
            "ci_high": s.high,
            "enough": s.enough,
            "needed_with": s.needed_with,
            "needed_without": s.needed_without,
            "reading": reading(s),
        }
        for s in found.splits
    ]


def crew_part(
    workspace: Workspace, account: str, missing: TextJson, engine: EngineName = DEFAULT_ENGINE
) -> CrewJson:
    """The plan's crew block for ``account``; ``missing`` says what to do without a roster."""
    roster = latest_roster(list_crew(workspace, [account]))
    source: CrewSourceJson | None = None
    if roster is not None:
        source = {
            "room_id": roster.room_id,
            "started_at": roster.started_at.isoformat() if roster.started_at else None,
            "set_at": roster.set_at.isoformat(),
        }
    return {
        "status": "known" if roster else "unknown",
        "missing": [] if roster else [missing],
        "roles": list(FIXED_ROLES),
        "members": planned_members(roster),
        "source": source,
        "admin_effect": admin_effect(workspace, account, engine) if roster else [],
    }
