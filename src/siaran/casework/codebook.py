"""The codebook: codes nested under themes, with descriptions, colours and inclusion/exclusion
notes. A theme is a top-level code; a code's theme is its top-level ancestor.

Codes are named by path (``Theme/Code``), by a name that is unique in the codebook, by number
or by guid. Merging moves a code's codings (and its sub-codes, memos and pending suggestions)
into another code; splitting moves chosen excerpts' codings to a new sibling code. Both are
recorded in the audit trail with their counts.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import duckdb

from siaran.casework import audit
from siaran.casework.db import (
    CaseworkError,
    NotFoundError,
    default_actor,
    new_guid,
    now,
    one,
    rows,
    transaction,
)

if TYPE_CHECKING:
    from siaran.workspace import Workspace

PATH_SEPARATOR: Final = "/"
STARTER_CODEBOOKS: Final = ("study", "aida", "7p")
_COLOR: Final = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def _check_color(color: str | None) -> str | None:
    if color is None or color == "":
        return None
    if not _COLOR.match(color):
        raise CaseworkError("casework.code.bad_color", color=color)
    return color.upper()


def code_paths(con: duckdb.DuckDBPyConnection) -> dict[int, list[str]]:
    """Every code's path of names from its theme down to itself."""
    table = {
        int(i): (str(n), None if p is None else int(p))
        for i, n, p in con.execute("SELECT id, name, parent_id FROM cw_codes").fetchall()
    }
    paths: dict[int, list[str]] = {}

    def path(code: int, seen: frozenset[int] = frozenset()) -> list[str]:
        if code in paths:
            return paths[code]
        name, parent = table[code]
        found = [name] if parent is None or parent in seen else [*path(parent, seen | {code}), name]
        paths[code] = found
        return found

    for code in table:
        path(code)
    return paths


def theme_of(con: duckdb.DuckDBPyConnection) -> dict[int, int]:
    """Each code's theme (top-level ancestor) id."""
    parents = {
        int(i): None if p is None else int(p)
        for i, p in con.execute("SELECT id, parent_id FROM cw_codes").fetchall()
    }
    out: dict[int, int] = {}
    for code in parents:
        current, steps = code, 0
        while parents.get(current) is not None and steps < len(parents):
            current = parents[current]  # type: ignore[assignment]
            steps += 1
        out[code] = current
    return out


def code_id(con: duckdb.DuckDBPyConnection, ref: str | int) -> int:
    """The code named ``ref``: a path ``Theme/Code``, a unique name, a number or a guid."""
    text = str(ref).strip()
    paths = code_paths(con)
    wanted = [part.strip().lower() for part in text.split(PATH_SEPARATOR)]
    by_path = [c for c, p in paths.items() if [n.lower() for n in p] == wanted]
    if len(by_path) == 1:
        return by_path[0]
    if len(wanted) == 1:
        by_name = [c for c, p in paths.items() if p[-1].lower() == wanted[0]]
        if len(by_name) == 1:
            return by_name[0]
        if len(by_name) > 1:
            choices = "; ".join(sorted(PATH_SEPARATOR.join(paths[c]) for c in by_name))
            raise CaseworkError("casework.code.ambiguous", code=text, choices=choices)
    if text.isdigit() and int(text) in paths:
        return int(text)
    found = one(con, "SELECT id FROM cw_codes WHERE lower(guid) = lower(?)", [text])
    if found is not None:
        return int(found)
    raise NotFoundError("casework.code.not_found", code=text)


def _next_position(con: duckdb.DuckDBPyConnection, parent: int | None) -> int:
    found = one(
        con,
        "SELECT max(position) FROM cw_codes WHERE parent_id IS NOT DISTINCT FROM ?",
        [parent],
    )
    return 0 if found is None else int(found) + 1


def _check_sibling_name(
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


def insert_code(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    parent: int | None = None,
    description: str | None = None,
    inclusion: str | None = None,
    exclusion: str | None = None,
    color: str | None = None,
    codable: bool = True,
    keywords: Sequence[str] = (),
    cues: Sequence[str] = (),
    actor: str,
    guid: str | None = None,
    check_name: bool = True,
) -> int:
    """Insert one code (inside the caller's transaction), without an audit entry."""
    clean = _check_sibling_name(con, name, parent) if check_name else name
    found = con.execute(
        """
        INSERT INTO cw_codes (guid, name, parent_id, description, inclusion, exclusion, color,
                              codable, keywords, cues, position, created_at, created_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
        """,
        [
            guid or new_guid(),
            clean,
            parent,
            description,
            inclusion,
            exclusion,
            _check_color(color),
            codable,
            json.dumps(list(keywords), ensure_ascii=False) if keywords else None,
            json.dumps(list(cues)) if cues else None,
            _next_position(con, parent),
            now(),
            actor,
        ],
    ).fetchone()
    assert found is not None
    return int(found[0])


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
) -> dict[str, Any]:
    """Add a code (a theme when it has no parent)."""
    con = workspace.con
    who = actor or default_actor()
    with transaction(con):
        parent_id = None if parent is None else code_id(con, parent)
        code = insert_code(
            con,
            name,
            parent=parent_id,
            description=description,
            inclusion=inclusion,
            exclusion=exclusion,
            color=color,
            codable=codable,
            keywords=keywords,
            actor=who,
        )
        audit.record(
            con,
            "create",
            f"code:{code}",
            {"path": code_paths(con)[code], "description": description},
            actor=who,
            rationale=rationale,
        )
    return get_code(workspace, code)


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
) -> dict[str, Any]:
    """Change a code's description, notes, colour or keywords (only what is given)."""
    con = workspace.con
    changes: dict[str, Any] = {}
    for column, value in (
        ("description", description),
        ("inclusion", inclusion),
        ("exclusion", exclusion),
    ):
        if value is not None:
            changes[column] = value or None
    if color is not None:
        changes["color"] = _check_color(color)
    if keywords is not None:
        changes["keywords"] = json.dumps(list(keywords), ensure_ascii=False) if keywords else None
    with transaction(con):
        found = code_id(con, code)
        for column, value in changes.items():
            con.execute(f"UPDATE cw_codes SET {column} = ? WHERE id = ?", [value, found])
        audit.record(con, "update", f"code:{found}", changes, actor=actor, rationale=rationale)
    return get_code(workspace, found)


def rename_code(
    workspace: Workspace,
    code: str | int,
    new_name: str,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> dict[str, Any]:
    con = workspace.con
    with transaction(con):
        found = code_id(con, code)
        old, parent = con.execute(
            "SELECT name, parent_id FROM cw_codes WHERE id = ?", [found]
        ).fetchone() or (None, None)
        clean = _check_sibling_name(con, new_name, parent, ignore=found)
        con.execute("UPDATE cw_codes SET name = ? WHERE id = ?", [clean, found])
        audit.record(
            con,
            "rename",
            f"code:{found}",
            {"from": old, "to": clean},
            actor=actor,
            rationale=rationale,
        )
    return get_code(workspace, found)


def move_code(
    workspace: Workspace,
    code: str | int,
    new_parent: str | int | None,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> dict[str, Any]:
    """Put a code under another parent (``None``: make it a theme)."""
    con = workspace.con
    with transaction(con):
        found = code_id(con, code)
        parent = None if new_parent is None else code_id(con, new_parent)
        if parent is not None and found in _ancestors_and_self(con, parent):
            raise CaseworkError("casework.code.cycle", code=str(code))
        name = one(con, "SELECT name FROM cw_codes WHERE id = ?", [found])
        _check_sibling_name(con, str(name), parent, ignore=found)
        before = code_paths(con)[found]
        con.execute(
            "UPDATE cw_codes SET parent_id = ?, position = ? WHERE id = ?",
            [parent, _next_position(con, parent), found],
        )
        after = code_paths(con)[found]
        audit.record(
            con,
            "move",
            f"code:{found}",
            {"from": before, "to": after},
            actor=actor,
            rationale=rationale,
        )
    return get_code(workspace, found)


def descendants_and_self(con: duckdb.DuckDBPyConnection, code: int) -> set[int]:
    """``code`` and every code below it."""
    children: dict[int, list[int]] = {}
    for child, parent in con.execute("SELECT id, parent_id FROM cw_codes").fetchall():
        if parent is not None:
            children.setdefault(int(parent), []).append(int(child))
    found, stack = set(), [code]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def _ancestors_and_self(con: duckdb.DuckDBPyConnection, code: int) -> set[int]:
    parents = dict(con.execute("SELECT id, parent_id FROM cw_codes").fetchall())
    seen: set[int] = set()
    current: int | None = code
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


def merge_codes(
    workspace: Workspace,
    source: str | int,
    into: str | int,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> dict[str, Any]:
    """Merge ``source`` into ``into``: its codings, sub-codes, memos and pending suggestions
    follow; a coding that would duplicate one already on the same excerpt is dropped. The
    source code is then removed."""
    con = workspace.con
    with transaction(con):
        old = code_id(con, source)
        new = code_id(con, into)
        if old == new:
            raise CaseworkError("casework.code.merge_self", code=str(source))
        if old in _ancestors_and_self(con, new):
            raise CaseworkError("casework.code.cycle", code=str(into))
        paths = code_paths(con)
        duplicates = one(
            con,
            "SELECT count(*) FROM cw_codings a WHERE a.code_id = ? AND EXISTS ("
            "SELECT 1 FROM cw_codings b WHERE b.code_id = ? AND b.excerpt_id = a.excerpt_id "
            "AND b.coder = a.coder)",
            [old, new],
        )
        con.execute(
            "DELETE FROM cw_codings WHERE code_id = ? AND EXISTS (SELECT 1 FROM cw_codings b "
            "WHERE b.code_id = ? AND b.excerpt_id = cw_codings.excerpt_id "
            "AND b.coder = cw_codings.coder)",
            [old, new],
        )
        moved = one(con, "SELECT count(*) FROM cw_codings WHERE code_id = ?", [old])
        con.execute("UPDATE cw_codings SET code_id = ? WHERE code_id = ?", [new, old])
        children = con.execute(
            "SELECT id FROM cw_codes WHERE parent_id = ? ORDER BY position", [old]
        ).fetchall()
        for (child,) in children:
            con.execute(
                "UPDATE cw_codes SET parent_id = ?, position = ? WHERE id = ?",
                [new, _next_position(con, new), child],
            )
        con.execute(
            "UPDATE cw_memos SET target_id = ? WHERE kind = 'code' AND target_id = ?", [new, old]
        )
        con.execute(
            "UPDATE cw_suggestions SET code_id = ? WHERE code_id = ? AND status = 'pending'",
            [new, old],
        )
        con.execute("DELETE FROM cw_codes WHERE id = ?", [old])
        audit.record(
            con,
            "merge",
            f"code:{new}",
            {
                "from": paths[old],
                "into": paths[new],
                "codings_moved": int(moved or 0),
                "duplicates_dropped": int(duplicates or 0),
                "subcodes_moved": len(children),
            },
            actor=actor,
            rationale=rationale,
        )
    return get_code(workspace, new)


def split_code(
    workspace: Workspace,
    code: str | int,
    new_name: str,
    excerpts: Iterable[int],
    *,
    description: str | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> dict[str, Any]:
    """Create a sibling ``new_name`` of ``code`` and move to it the codings of ``code`` on the
    given excerpts. An excerpt that does not carry ``code`` is an error."""
    con = workspace.con
    who = actor or default_actor()
    chosen = sorted(set(excerpts))
    with transaction(con):
        old = code_id(con, code)
        parent = one(con, "SELECT parent_id FROM cw_codes WHERE id = ?", [old])
        carrying = {
            int(r[0])
            for r in con.execute(
                "SELECT DISTINCT excerpt_id FROM cw_codings WHERE code_id = ?", [old]
            ).fetchall()
        }
        missing = [e for e in chosen if e not in carrying]
        if missing:
            raise CaseworkError(
                "casework.code.split_not_coded",
                code=str(code),
                excerpts=", ".join(map(str, missing)),
            )
        color = one(con, "SELECT color FROM cw_codes WHERE id = ?", [old])
        new = insert_code(
            con,
            new_name,
            parent=None if parent is None else int(parent),
            description=description,
            color=None if color is None else str(color),
            actor=who,
        )
        for excerpt in chosen:
            con.execute(
                "UPDATE cw_codings SET code_id = ? WHERE code_id = ? AND excerpt_id = ?",
                [new, old, excerpt],
            )
        paths = code_paths(con)
        audit.record(
            con,
            "split",
            f"code:{old}",
            {"from": paths[old], "new_code": paths[new], "new_id": new, "excerpts": chosen},
            actor=who,
            rationale=rationale,
        )
    return get_code(workspace, new)


def remove_code(
    workspace: Workspace,
    code: str | int,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> None:
    """Remove a code that has no codings and no sub-codes (merge it instead otherwise)."""
    con = workspace.con
    with transaction(con):
        found = code_id(con, code)
        used = one(con, "SELECT count(*) FROM cw_codings WHERE code_id = ?", [found])
        children = one(con, "SELECT count(*) FROM cw_codes WHERE parent_id = ?", [found])
        if used or children:
            raise CaseworkError(
                "casework.code.in_use", code=str(code), codings=used, subcodes=children
            )
        path = code_paths(con)[found]
        con.execute("DELETE FROM cw_codes WHERE id = ?", [found])
        con.execute("DELETE FROM cw_suggestions WHERE code_id = ? AND status = 'pending'", [found])
        audit.record(
            con, "delete", f"code:{found}", {"path": path}, actor=actor, rationale=rationale
        )


def list_codes(workspace: Workspace) -> list[dict[str, Any]]:
    """Every code in codebook order (depth first), with its path, theme and usage counts."""
    con = workspace.con
    paths = code_paths(con)
    themes = theme_of(con)
    found = rows(
        con,
        """
        SELECT c.id, c.guid, c.name, c.parent_id, c.description, c.inclusion, c.exclusion,
               c.color, c.codable, c.keywords, c.cues, c.position,
               (SELECT count(*) FROM cw_codings g WHERE g.code_id = c.id) AS codings,
               (SELECT count(DISTINCT g.coder) FROM cw_codings g WHERE g.code_id = c.id)
                 AS coders
        FROM cw_codes c
        """,
    )
    by_parent: dict[int | None, list[dict[str, Any]]] = {}
    for code in found:
        code["path"] = PATH_SEPARATOR.join(paths[code["id"]])
        code["depth"] = len(paths[code["id"]]) - 1
        code["theme"] = paths[themes[code["id"]]][0]
        code["keywords"] = json.loads(code["keywords"]) if code["keywords"] else []
        code["cues"] = json.loads(code["cues"]) if code["cues"] else []
        by_parent.setdefault(code["parent_id"], []).append(code)
    ordered: list[dict[str, Any]] = []

    def walk(parent: int | None) -> None:
        for code in sorted(by_parent.get(parent, []), key=lambda c: (c["position"], c["id"])):
            ordered.append(code)
            walk(code["id"])

    walk(None)
    for code in ordered:
        del code["position"]
    return ordered


def get_code(workspace: Workspace, code: str | int) -> dict[str, Any]:
    found = code_id(workspace.con, code)
    return next(c for c in list_codes(workspace) if c["id"] == found)


def codebook_tree(workspace: Workspace) -> list[dict[str, Any]]:
    """The codebook as nested themes and codes (``children``), for display."""
    nodes = {c["id"]: {**c, "children": []} for c in list_codes(workspace)}
    roots: list[dict[str, Any]] = []
    for node in nodes.values():
        parent = node["parent_id"]
        (nodes[parent]["children"] if parent in nodes else roots).append(node)
    return roots


def starter_codebook(name: str) -> dict[str, Any]:
    """The starter codebook ``name`` (``study``, ``aida`` or ``7p``) as shipped."""
    if name not in STARTER_CODEBOOKS:
        raise NotFoundError(
            "casework.codebook.unknown_starter", name=name, known=", ".join(STARTER_CODEBOOKS)
        )
    source = resources.files("siaran.casework") / "data" / f"codebook_{name}.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"))


def load_starter_codebook(
    workspace: Workspace, name: str, *, actor: str | None = None
) -> list[dict[str, Any]]:
    """Add a starter codebook's themes and codes. A theme or code already present (same name,
    same place) is kept as it is; only what is missing is added."""
    book = starter_codebook(name)
    con = workspace.con
    who = actor or default_actor()
    added: list[int] = []
    with transaction(con):
        for theme in book["theme"]:
            theme_id = _find_child(con, None, theme["name"])
            if theme_id is None:
                theme_id = _insert_from_toml(con, theme, None, who)
                added.append(theme_id)
            for code in theme.get("code", []):
                if _find_child(con, theme_id, code["name"]) is None:
                    added.append(_insert_from_toml(con, code, theme_id, who, theme.get("color")))
        if added:
            paths = code_paths(con)
            audit.record(
                con,
                "create",
                f"codebook:{name}",
                {"starter": name, "codes": [paths[c] for c in added]},
                actor=who,
                rationale=f"starter codebook {book.get('title', name)}",
            )
    return [c for c in list_codes(workspace) if c["id"] in added]


def _find_child(con: duckdb.DuckDBPyConnection, parent: int | None, name: str) -> int | None:
    found = one(
        con,
        "SELECT id FROM cw_codes WHERE lower(name) = lower(?) AND parent_id IS NOT DISTINCT FROM ?",
        [name, parent],
    )
    return None if found is None else int(found)


def _insert_from_toml(
    con: duckdb.DuckDBPyConnection,
    entry: dict[str, Any],
    parent: int | None,
    actor: str,
    inherited_color: str | None = None,
) -> int:
    return insert_code(
        con,
        entry["name"],
        parent=parent,
        description=entry.get("description"),
        inclusion=entry.get("inclusion"),
        exclusion=entry.get("exclusion"),
        color=entry.get("color", inherited_color),
        keywords=entry.get("keywords", ()),
        cues=entry.get("cues", ()),
        actor=actor,
    )
