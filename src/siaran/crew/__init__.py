"""Crew and roles: who did what in a live, and how lives with a dedicated interaction admin
compare with lives without one.

Set a live's roster (:func:`set_crew`) or import the rosters of many lives from a CSV or YAML
file (:func:`import_roster`); list them (:func:`list_crew`); and, per account, read the role
coverage and the with/without-admin split of live measures (:func:`crew_effect`), an
association with its interval, never a cause.
"""

from siaran.crew.effect import CrewEffect, RoleCoverage, Split, crew_accounts, crew_effect
from siaran.crew.roster import (
    FIXED_ROLES,
    ROLES,
    CrewError,
    CrewMember,
    LiveCrew,
    crew_account,
    list_crew,
    member,
    other_member,
    set_crew,
)
from siaran.crew.rosterfile import COLUMNS, RosterImport, import_roster

__all__ = [
    "COLUMNS",
    "FIXED_ROLES",
    "ROLES",
    "CrewEffect",
    "CrewError",
    "CrewMember",
    "LiveCrew",
    "RoleCoverage",
    "RosterImport",
    "Split",
    "crew_account",
    "crew_accounts",
    "crew_effect",
    "import_roster",
    "list_crew",
    "member",
    "other_member",
    "set_crew",
]
