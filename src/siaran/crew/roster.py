"""Who did what in a live: the roster of each live, by account and room.

A roster is a list of :class:`CrewMember` (a role and a person). The roles are fixed
(:data:`ROLES`) plus ``other`` with a free-text label ("kamera"). Setting a live's roster
replaces the whole roster of that live in one transaction; the room must be a live of the
account (an imported session of it), else nothing is written.

A person's name is personal data of the seller's own staff. It is stored as given (no hash:
the seller wants to see who hosted), shown only to viewers who may see the account, and never
taken from buyers: siaran fills no roster by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, TypedDict, get_args

from siaran.errors import SiaranError, UsageError
from siaran.store.ownership import owning_account
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    import duckdb

    from siaran.workspace import Workspace

Role = Literal["host", "co_host", "interaction_admin", "fulfilment", "product_handler", "other"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
FIXED_ROLES: Final[tuple[Role, ...]] = ROLES[:-1]
OTHER_PREFIX: Final = "other:"
MAX_NAME: Final = 120
"""The longest person's name or role label accepted (characters)."""


class CrewError(SiaranError):
    """A roster the workspace refuses (exit 1); nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class CrewMember:
    """One person in one role; ``label`` is the free text of role ``other``."""

    role: Role
    person: str
    label: str | None = None

    @property
    def role_text(self) -> str:
        """``host``, ..., or ``other:<label>`` as written in a roster file."""
        return f"{OTHER_PREFIX}{self.label}" if self.role == "other" else self.role


class CrewRowJson(TypedDict):
    account: str
    room_id: str
    role: str
    role_label: str | None
    person: str


@dataclass(frozen=True)
class LiveCrew:
    """The roster of one live."""

    account: str
    room_id: str
    started_at: dt.datetime | None
    members: tuple[CrewMember, ...]
    set_at: dt.datetime

    def rows(self) -> list[CrewRowJson]:
        return [
            {
                "account": self.account,
                "room_id": self.room_id,
                "role": m.role,
                "role_label": m.label,
                "person": m.person,
            }
            for m in self.members
        ]

    def people(self, role: Role) -> tuple[str, ...]:
        return tuple(m.person for m in self.members if m.role == role)

    @property
    def dedicated_admin(self) -> bool:
        """An interaction admin who is not also the live's host or co-host (names compared
        without case and outer spaces)."""
        hosts = {_fold(p) for p in (*self.people("host"), *self.people("co_host"))}
        return any(_fold(p) not in hosts for p in self.people("interaction_admin"))


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_role(value: str) -> tuple[Role, str | None] | None:
    """``"host"``, ``"interaction-admin"``, ``"other:kamera"`` as a role and its label; ``None``
    for an unknown role (or ``other`` without a label)."""
    cleaned = value.strip()
    if cleaned.casefold().startswith(OTHER_PREFIX):
        label = " ".join(cleaned[len(OTHER_PREFIX) :].split())
        return ("other", label) if label and len(label) <= MAX_NAME else None
    key = cleaned.casefold().replace("-", "_").replace(" ", "_")
    for role in FIXED_ROLES:
        if key == role:
            return role, None
    return None


def member(role: str, person: str) -> CrewMember:
    """A member from a role as written (:func:`parse_role`) and a person's name; a
    :class:`~siaran.errors.UsageError` for an unknown role or an empty name."""
    parsed = parse_role(role)
    if parsed is None:
        raise UsageError("crew.unknown_role", role=role, known=", ".join(known_roles()))
    name = " ".join(person.split())
    if not name:
        raise UsageError("crew.no_person", role=role)
    if len(name) > MAX_NAME:
        raise UsageError("crew.too_long", role=role, most=MAX_NAME)
    return CrewMember(parsed[0], name, parsed[1])


def other_member(value: str) -> CrewMember:
    """``"kamera:Budi"`` (role label, colon, person) as a member of role ``other``."""
    label, sep, person = value.partition(":")
    if not sep or not label.strip():
        raise UsageError("crew.bad_other", value=value)
    return member(f"{OTHER_PREFIX}{label}", person)


def known_roles() -> tuple[str, ...]:
    return (*FIXED_ROLES, f"{OTHER_PREFIX}…")


def live_rooms(con: duckdb.DuckDBPyConnection, account: str) -> set[str]:
    """The room ids of ``account``'s imported lives."""
    rows = con.execute(
        "SELECT DISTINCT room_id FROM sessions WHERE account = ? AND room_id IS NOT NULL",
        [account],
    ).fetchall()
    return {str(r[0]) for r in rows}


def crew_account(workspace: Workspace, room_id: str, account: str | None) -> str:
    """The account whose live ``room_id`` is: ``account`` when given, else the one account
    that holds the room; :class:`CrewError` when the room is no live of that account."""
    room = room_id.strip()
    chosen = owning_account(workspace.con, room, account)
    if chosen is None:
        raise CrewError("crew.unknown_live", room=room)
    if room not in live_rooms(workspace.con, chosen):
        raise CrewError("crew.not_a_live", room=room, account=chosen)
    return chosen


def store_rosters(
    con: duckdb.DuckDBPyConnection,
    rosters: Iterable[tuple[str, str, Sequence[CrewMember]]],
    when: dt.datetime,
) -> None:
    """Replace the roster of every (account, room, members) given, all in one transaction
    (a member listed twice is kept once)."""
    with transaction(con):
        for account, room, given in rosters:
            members = list(dict.fromkeys(given))
            con.execute("DELETE FROM crew WHERE account = ? AND room_id = ?", [account, room])
            if members:
                con.executemany(
                    "INSERT INTO crew VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        [account, room, i, m.role, m.label, m.person, when]
                        for i, m in enumerate(members, start=1)
                    ],
                )


def set_crew(
    workspace: Workspace,
    room_id: str,
    members: Sequence[CrewMember],
    *,
    account: str | None = None,
    when: dt.datetime | None = None,
) -> LiveCrew | None:
    """Replace the roster of ``account``'s live ``room_id`` with ``members`` (an empty list
    clears it); returns the stored roster (``None`` once cleared)."""
    chosen = crew_account(workspace, room_id, account)
    room = room_id.strip()
    store_rosters(workspace.con, [(chosen, room, members)], when or dt.datetime.now(dt.UTC))
    found = list_crew(workspace, [chosen], room=room)
    return found[0] if found else None


def list_crew(
    workspace: Workspace, accounts: Collection[str] | None = None, *, room: str | None = None
) -> list[LiveCrew]:
    """The rosters of ``accounts`` (``None``: every account), by the live's start, then
    account and room; only ``room`` when given."""
    where: list[str] = []
    params: list[str] = []
    if accounts is not None:
        if not accounts:
            return []
        where.append(f"c.account IN ({', '.join('?' for _ in accounts)})")
        params.extend(accounts)
    if room is not None:
        where.append("c.room_id = ?")
        params.append(room)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = workspace.con.execute(
        f"""
        SELECT c.account, c.room_id, s.started_at, c.role, c.role_label, c.person, c.set_at
        FROM crew c
        LEFT JOIN (
          SELECT account, room_id, max(started_at) AS started_at FROM sessions
          GROUP BY account, room_id
        ) s ON s.account = c.account AND s.room_id = c.room_id
        {clause}
        ORDER BY s.started_at NULLS LAST, c.account, c.room_id, c.position
        """,
        params,
    ).fetchall()
    found: dict[tuple[str, str], LiveCrew] = {}
    for account, room_id, started, role, label, person, set_at in rows:
        key = (str(account), str(room_id))
        before = found.get(key)
        added = CrewMember(role, str(person), label)
        members = (*before.members, added) if before else (added,)
        found[key] = LiveCrew(key[0], key[1], started, members, set_at)
    return list(found.values())
