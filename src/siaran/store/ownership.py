"""A live belongs to its account: who owns a room, and the refusal of a file that claims a
room for another account.

Room ids are unique per platform. The account that first imported a room (an export's session
row on that platform, or captured events of the room) owns it; a later file that gives the room
to another account is refused whole (:class:`RoomClaimedError`), never merged or moved. Events
carry no platform, so for them a room is owned by any account that has it on any platform.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from siaran.errors import BadInputError, Problem, UsageError

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class RoomClaim:
    """A room of the file that another account owns. ``row`` is the file's row (or ``None``
    for an event file, whose rooms span many lines)."""

    room_id: str
    account: str
    owner: str
    row: int | None = None


class RoomClaimedError(BadInputError):
    """The file gives rooms owned by another account to ``account``; nothing was written.

    The message names the room and both accounts (for the command line, where the person runs
    the whole workspace). The web app shows its own message, which names neither the owner nor
    whether the room exists."""

    def __init__(self, path: Path | str, claims: list[RoomClaim]) -> None:
        first = claims[0]
        super().__init__(
            "import.room_claimed",
            path=path,
            room=first.room_id,
            account=first.account,
            owner=first.owner,
            count=len(claims),
            problems=[
                Problem(
                    "import.room_claimed_one",
                    row=claim.row,
                    column="room_id",
                    value=claim.room_id,
                    params={"owner": claim.owner, "account": claim.account},
                )
                for claim in claims
            ],
        )
        self.claims = claims


class FileClaimedError(BadInputError):
    """The same bytes were imported before for another account."""

    def __init__(self, path: Path | str, account: str, owner: str) -> None:
        super().__init__("import.file_claimed", path=path, account=account, owner=owner)


def room_claims(
    con: duckdb.DuckDBPyConnection,
    rooms: Iterable[tuple[str | None, str, str, int | None]],
) -> list[RoomClaim]:
    """The claims among ``rooms`` (``platform`` (``None``: any), ``room_id``, the account the
    file gives it to, the file's row) that another account owns, in the order given."""
    wanted = [(p, str(r), a, row) for p, r, a, row in rooms if r is not None and str(r).strip()]
    if not wanted:
        return []
    ids = sorted({room for _, room, _, _ in wanted})
    by_session: dict[str, dict[str, set[str]]] = {}
    by_events: dict[str, set[str]] = {}
    for platform, room, account in con.execute(
        "SELECT DISTINCT platform, room_id, account FROM sessions WHERE list_contains(?, room_id)",
        [ids],
    ).fetchall():
        by_session.setdefault(str(room), {}).setdefault(str(platform), set()).add(str(account))
    for room, account in con.execute(
        "SELECT DISTINCT room_id, account FROM event_rooms WHERE list_contains(?, room_id)", [ids]
    ).fetchall():
        by_events.setdefault(str(room), set()).add(str(account))
    claims: list[RoomClaim] = []
    seen: set[tuple[str, str]] = set()
    for platform, room, account, row in wanted:
        owners = set(by_events.get(room, ()))
        for owned_platform, accounts in by_session.get(room, {}).items():
            if platform is None or owned_platform == platform:
                owners |= accounts
        others = sorted(owners - {account})
        if others and (room, account) not in seen:
            seen.add((room, account))
            claims.append(RoomClaim(room, account, others[0], row))
    return claims


def check_room_claims(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    rooms: Iterable[tuple[str | None, str, str, int | None]],
) -> None:
    """Raise :class:`RoomClaimedError` when any of ``rooms`` (see :func:`room_claims`) is
    owned by another account."""
    claims = room_claims(con, rooms)
    if claims:
        raise RoomClaimedError(path, claims)


def room_owners(con: duckdb.DuckDBPyConnection, room_id: str) -> list[str]:
    """Every account that holds ``room_id`` (a session row on any platform or its events)."""
    rows = con.execute(
        """
        SELECT account FROM sessions WHERE room_id = ?
        UNION SELECT account FROM event_rooms WHERE room_id = ?
        ORDER BY 1
        """,
        [str(room_id), str(room_id)],
    ).fetchall()
    return [str(row[0]) for row in rows]


def owning_account(con: duckdb.DuckDBPyConnection, room_id: str, account: str | None) -> str | None:
    """The account whose ``room_id`` a command means: ``account`` when given, else the one
    account that holds the room (``None`` when none does). Several holders (rooms stored before
    a live belonged to its account) need ``account``: :class:`~siaran.errors.UsageError`."""
    if account is not None:
        return account.strip().lstrip("@").strip() or None
    owners = room_owners(con, room_id)
    if len(owners) > 1:
        raise UsageError("room.account_ambiguous", room=room_id, accounts=", ".join(owners))
    return owners[0] if owners else None
