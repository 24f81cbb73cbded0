"""Rosters of many lives from one file: CSV or YAML with the columns ``account``,
``room_id``, ``role`` and ``person``, one row per person and role.

Every bad row is named with the file, its row and the reason, and the file is refused whole:
nothing is written unless every row is good. Each live the file names gets exactly the
file's rows as its roster (its earlier roster is replaced), all in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.crew.roster import (
    MAX_NAME,
    CrewMember,
    known_roles,
    live_rooms,
    parse_role,
    store_rosters,
)
from siaran.errors import BadInputError, Problem
from siaran.files import NotTextError, decode_text, read_input

if TYPE_CHECKING:
    from siaran.workspace import Workspace

COLUMNS: Final = ("account", "room_id", "role", "person")
YAML_SUFFIXES: Final = (".yaml", ".yml")
MAX_ROWS: Final = 100_000


@dataclass(frozen=True)
class RosterImport:
    """What :func:`import_roster` stored."""

    path: Path
    rows: int
    lives: int
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, str]


def _require_columns(path: Path, present: Collection[str]) -> None:
    """Refuse a file whose header (or records) lacks one of :data:`COLUMNS`."""
    missing = [c for c in COLUMNS if c not in present]
    if missing:
        raise BadInputError(
            "crew.import.missing_columns",
            path=path,
            columns=", ".join(missing),
            expected=", ".join(COLUMNS),
        )


def _csv_rows(path: Path, text: str) -> list[_Row]:
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            raise BadInputError("crew.import.empty", path=path)
        names = [h.strip().lower() for h in header]
        _require_columns(path, names)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            padded = [*cells, *([""] * len(names))]
            rows.append(_Row(number, {c: padded[names.index(c)].strip() for c in COLUMNS}))
    except csv.Error as exc:
        raise BadInputError("crew.import.bad_csv", path=path, reason=str(exc)) from exc
    return rows


def _yaml_rows(path: Path, text: str) -> list[_Row]:
    import yaml

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise BadInputError("crew.import.bad_yaml", path=path, reason=str(exc)) from exc
    if document is None:
        raise BadInputError("crew.import.empty", path=path)
    if not isinstance(document, list) or not all(isinstance(r, dict) for r in document):
        raise BadInputError("crew.import.yaml_shape", path=path)
    present = {str(k).strip().lower() for record in document for k in record}
    _require_columns(path, present)
    rows = []
    for number, record in enumerate(document, start=1):
        values = {str(k).strip().lower(): v for k, v in record.items()}
        rows.append(
            _Row(
                number,
                {c: "" if values.get(c) is None else str(values[c]).strip() for c in COLUMNS},
            )
        )
    return rows


def read_roster_rows(path: Path) -> list[_Row]:
    """The rows of a roster file; :class:`BadInputError` for an unreadable, binary, empty or
    headless one."""
    data = read_input(path, "crew.import.unreadable")
    try:
        text = decode_text(data, fallback="cp1252").text
    except NotTextError as exc:
        raise BadInputError("crew.import.not_text", path=path, reason=str(exc)) from exc
    if not text.strip():
        raise BadInputError("crew.import.empty", path=path)
    yaml_file = path.suffix.lower() in YAML_SUFFIXES
    rows = _yaml_rows(path, text) if yaml_file else _csv_rows(path, text)
    if not rows:
        raise BadInputError("crew.import.empty", path=path)
    if len(rows) > MAX_ROWS:
        raise BadInputError("crew.import.too_many", path=path, most=MAX_ROWS)
    return rows


def import_roster(
    workspace: Workspace, path: Path, *, when: dt.datetime | None = None
) -> RosterImport:
    """Store the rosters of ``path`` (see the module docs) or refuse the file whole."""
    path = Path(path)
    rows = read_roster_rows(path)
    problems: list[Problem] = []
    rosters: dict[tuple[str, str], list[CrewMember]] = {}
    rooms_of: dict[str, set[str]] = {}
    for row in rows:
        account, room = row.values["account"].lstrip("@").strip(), row.values["room_id"]
        for column in COLUMNS:
            if not row.values[column]:
                problems.append(Problem("crew.import.blank", row=row.number, column=column))
        if not (account and room and row.values["role"] and row.values["person"]):
            continue
        parsed = parse_role(row.values["role"])
        if parsed is None:
            problems.append(
                Problem(
                    "crew.import.unknown_role",
                    row=row.number,
                    column="role",
                    value=row.values["role"],
                    params={"known": ", ".join(known_roles())},
                )
            )
            continue
        if account not in rooms_of:
            rooms_of[account] = live_rooms(workspace.con, account)
        if room not in rooms_of[account]:
            problems.append(
                Problem(
                    "crew.import.unknown_room",
                    row=row.number,
                    column="room_id",
                    value=room,
                    params={"account": account},
                )
            )
            continue
        person = " ".join(row.values["person"].split())
        if len(person) > MAX_NAME:
            problems.append(
                Problem(
                    "crew.import.too_long",
                    row=row.number,
                    column="person",
                    params={"most": MAX_NAME},
                )
            )
            continue
        rosters.setdefault((account, room), []).append(CrewMember(parsed[0], person, parsed[1]))
    if problems:
        raise BadInputError(
            "crew.import.refused", path=path, count=len(problems), problems=problems
        )
    store_rosters(
        workspace.con,
        [(a, r, m) for (a, r), m in rosters.items()],
        when or dt.datetime.now(dt.UTC),
    )
    return RosterImport(
        path=path,
        rows=len(rows),
        lives=len(rosters),
        accounts=tuple(sorted({a for a, _ in rosters})),
    )
