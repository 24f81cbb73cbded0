"""Changing single codes of the codebook: adding, describing, renaming, moving, removing.

Every change is one transaction with its audit entry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import duckdb

from siaran.casework import audit
from siaran.casework.codebook import (
    PATH_SEPARATOR,
    ancestors_and_self,
    code_id,
    code_paths,
    get_code,
)
from siaran.casework.db import change, one
from siaran.casework.errors import CaseworkError
from siaran.casework.records import insert_item
from siaran.casework.results import CodeRecord

if TYPE_CHECKING:
    from siaran.workspace import Workspace

_COLOR: Final = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def check_color(color: str | None) -> str | None:
    if color is None or color == "":
        return None
    if not _COLOR.match(color):
        raise CaseworkError("casework.code.bad_color", color=color)
    return color.upper()


def next_position(con: duckdb.DuckDBPyConnection, parent: int | None) -> int:
    found = one(
        con,
        "SELECT max(position) FROM cw_codes WHERE parent_id IS NOT DISTINCT FROM ?",
        [parent],
    )
    return 0 if found is None else int(found) + 1


def check_sibling_name(
    con: duckdb.DuckDBPyConnection, name: str, parent: int | None, *, ignore: int | None = None
) -> str:
    clean = name.strip()
    if not clean or PATH_SEPARATOR in clean:
        raise CaseworkError("casework.code.bad_name", name=name)
    clash = one(
        con,
        "SELECT id FROM cw_codes WHERE lower(name) = lower(?) "
        "AND parent_id IS NOT DISTINCT FROM ? AND id IS DISTINCT FROM ?",
        [clean, parent, ignore],
    )
    if clash is not None:
        raise CaseworkError("casework.code.exists", name=clean)
    return clean


@dataclass(frozen=True)
class CodeFields:
    """What a code says about itself: its description, when to apply it and when not
    (``inclusion``, ``exclusion``), its colour, whether excerpts may be coded with it (a theme
    may be a heading only), and the keywords and talk cues that suggest it."""

    description: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    color: str | None = None
    codable: bool = True
    keywords: Sequence[str] = ()
    cues: Sequence[str] = ()


def insert_code(
    con: duckdb.DuckDBPyConnection,
    name: str,
    fields: CodeFields,
    *,
    parent: int | None = None,
    actor: str,
    guid: str | None = None,
    check_name: bool = True,
) -> int:
    """Insert one code (inside the caller's transaction), without an audit entry."""
    clean = check_sibling_name(con, name, parent) if check_name else name
    keywords, cues = fields.keywords, fields.cues
    return insert_item(
        con,
        "cw_codes",
        {
            "name": clean,
            "parent_id": parent,
            "description": fields.description,
            "inclusion": fields.inclusion,
            "exclusion": fields.exclusion,
            "color": check_color(fields.color),
            "codable": fields.codable,
            "keywords": json.dumps(list(keywords), ensure_ascii=False) if keywords else None,
            "cues": json.dumps(list(cues)) if cues else None,
            "position": next_position(con, parent),
            "created_by": actor,
        },
        guid=guid,
    )


def add_code(
    workspace: Workspace,
    name: str,
    *,
    parent: str | int | None = None,
    description: str | None = None,
    inclusion: str | None = None,
    exclusion: str | None = None,
    color: str | None = None,
    codable: bool = True,
    keywords: Sequence[str] = (),
    actor: str | None = None,
    rationale: str | None = None,
) -> CodeRecord:
    """Add a code (a theme when it has no parent)."""
    with change(workspace, actor) as (con, who):
        parent_id = None if parent is None else code_id(con, parent)
        fields = CodeFields(
            description=description,
            inclusion=inclusion,
            exclusion=exclusion,
            color=color,
            codable=codable,
            keywords=keywords,
        )
        code = insert_code(con, name, fields, parent=parent_id, actor=who)
        detail = {"path": code_paths(con)[code], "description": description}
        audit.record(con, "create", f"code:{code}", detail, actor=who, rationale=rationale)
    return get_code(workspace, code)


@dataclass
class _CodeEdit:
    """A change to an existing code under way: the connection of its transaction, the code's
    id, and what the audit entry will say about it."""

    con: duckdb.DuckDBPyConnection
    code: int
    detail: dict[str, Any] = field(default_factory=dict)


@contextmanager
def _editing(
    workspace: Workspace,
    code: str | int,
    action: str,
    *,
    actor: str | None,
    rationale: str | None,
) -> Iterator[_CodeEdit]:
    """One change to ``code`` in one transaction: the block makes it and fills the edit's
    ``detail``, then the audit entry of ``action`` is written (nothing of it when the block
    raises)."""
    with change(workspace, actor) as (con, who):
        edit = _CodeEdit(con, code_id(con, code))
        yield edit
        audit.record(con, action, f"code:{edit.code}", edit.detail, actor=who, rationale=rationale)


def update_code(
    workspace: Workspace,
    code: str | int,
    *,
    description: str | None = None,
    inclusion: str | None = None,
    exclusion: str | None = None,
    color: str | None = None,
    keywords: Sequence[str] | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> CodeRecord:
    """Change a code's description, notes, colour or keywords (only what is given)."""
    changes: dict[str, Any] = {}
    for column, value in (
        ("description", description),
        ("inclusion", inclusion),
        ("exclusion", exclusion),
    ):
        if value is not None:
            changes[column] = value or None
    if color is not None:
        changes["color"] = check_color(color)
    if keywords is not None:
        changes["keywords"] = json.dumps(list(keywords), ensure_ascii=False) if keywords else None
    with _editing(workspace, code, "update", actor=actor, rationale=rationale) as edit:
        for column, value in changes.items():
            edit.con.execute(f"UPDATE cw_codes SET {column} = ? WHERE id = ?", [value, edit.code])
        edit.detail = changes
    return get_code(workspace, edit.code)


def rename_code(
    workspace: Workspace,
    code: str | int,
    new_name: str,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> CodeRecord:
    """Give a code another name, unique among its siblings."""
    with _editing(workspace, code, "rename", actor=actor, rationale=rationale) as edit:
        con, found = edit.con, edit.code
        old, parent = con.execute(
            "SELECT name, parent_id FROM cw_codes WHERE id = ?", [found]
        ).fetchone() or (None, None)
        clean = check_sibling_name(con, new_name, parent, ignore=found)
        con.execute("UPDATE cw_codes SET name = ? WHERE id = ?", [clean, found])
        edit.detail = {"from": old, "to": clean}
    return get_code(workspace, found)


def move_code(
    workspace: Workspace,
    code: str | int,
    new_parent: str | int | None,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> CodeRecord:
    """Put a code under another parent (``None``: make it a theme)."""
    with _editing(workspace, code, "move", actor=actor, rationale=rationale) as edit:
        con, found = edit.con, edit.code
        parent = None if new_parent is None else code_id(con, new_parent)
        if parent is not None and found in ancestors_and_self(con, parent):
            raise CaseworkError("casework.code.cycle", code=str(code))
        name = one(con, "SELECT name FROM cw_codes WHERE id = ?", [found])
        check_sibling_name(con, str(name), parent, ignore=found)
        before = code_paths(con)[found]
        con.execute(
            "UPDATE cw_codes SET parent_id = ?, position = ? WHERE id = ?",
            [parent, next_position(con, parent), found],
        )
        edit.detail = {"from": before, "to": code_paths(con)[found]}
    return get_code(workspace, found)


def remove_code(
    workspace: Workspace,
    code: str | int,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> None:
    """Remove a code that has no codings and no sub-codes (merge it instead otherwise)."""
    with _editing(workspace, code, "delete", actor=actor, rationale=rationale) as edit:
        con, found = edit.con, edit.code
        used = one(con, "SELECT count(*) FROM cw_codings WHERE code_id = ?", [found])
        children = one(con, "SELECT count(*) FROM cw_codes WHERE parent_id = ?", [found])
        if used or children:
            raise CaseworkError(
                "casework.code.in_use", code=str(code), codings=used, subcodes=children
            )
        edit.detail = {"path": code_paths(con)[found]}
        con.execute("DELETE FROM cw_codes WHERE id = ?", [found])
        con.execute("DELETE FROM cw_suggestions WHERE code_id = ? AND status = 'pending'", [found])
