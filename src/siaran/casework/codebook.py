"""The codebook: codes nested under themes, with descriptions, colours and inclusion/exclusion
notes. A theme is a top-level code; a code's theme is its top-level ancestor.

Codes are named by path (``Theme/Code``), by a name that is unique in the codebook, by number
or by guid. This module finds codes and lists the codebook; :mod:`siaran.casework.code_edits`
changes single codes, :mod:`siaran.casework.code_restructure` merges and splits them and
:mod:`siaran.casework.starter_codebooks` loads the shipped codebooks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

import duckdb

from siaran.casework.db import one, rows
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.results import CodeFields, CodeNode, CodeRecord

if TYPE_CHECKING:
    from siaran.workspace import Workspace

PATH_SEPARATOR: Final = "/"


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
    """The code named ``ref``: a path ``Theme/Code``, a unique name, a number or a guid.

    A path is matched level by level; a code whose own name holds a ``/`` (kept from another
    tool's file when its paths were not made a tree) is found by its full path as written."""
    text = str(ref).strip()
    paths = code_paths(con)
    wanted = [part.strip().lower() for part in text.split(PATH_SEPARATOR)]
    by_path = [c for c, p in paths.items() if [n.lower() for n in p] == wanted]
    if not by_path:
        whole = text.lower()
        by_path = [c for c, p in paths.items() if PATH_SEPARATOR.join(p).lower() == whole]
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


def ancestors_and_self(con: duckdb.DuckDBPyConnection, code: int) -> set[int]:
    parents = dict(con.execute("SELECT id, parent_id FROM cw_codes").fetchall())
    seen: set[int] = set()
    current: int | None = code
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


class _StoredCode(CodeFields):
    keywords: str | None
    cues: str | None
    position: int
    codings: int
    coders: int


def list_codes(workspace: Workspace) -> list[CodeRecord]:
    """Every code in codebook order (depth first), with its path, theme and usage counts."""
    con = workspace.con
    paths = code_paths(con)
    themes = theme_of(con)
    stored = rows(
        con,
        """
        SELECT c.id, c.guid, c.name, c.parent_id, c.description, c.inclusion, c.exclusion,
               c.color, c.codable, c.keywords, c.cues, c.position,
               (SELECT count(*) FROM cw_codings g WHERE g.code_id = c.id) AS codings,
               (SELECT count(DISTINCT g.coder) FROM cw_codings g WHERE g.code_id = c.id)
                 AS coders
        FROM cw_codes c
        """,
        (),
        _StoredCode,
    )
    by_parent: dict[int | None, list[_StoredCode]] = {}
    for code in stored:
        by_parent.setdefault(code["parent_id"], []).append(code)
    ordered: list[CodeRecord] = []

    def walk(parent: int | None) -> None:
        for code in sorted(by_parent.get(parent, []), key=lambda c: (c["position"], c["id"])):
            path = paths[code["id"]]
            ordered.append(
                {
                    "id": code["id"],
                    "guid": code["guid"],
                    "name": code["name"],
                    "parent_id": code["parent_id"],
                    "description": code["description"],
                    "inclusion": code["inclusion"],
                    "exclusion": code["exclusion"],
                    "color": code["color"],
                    "codable": code["codable"],
                    "keywords": json.loads(code["keywords"]) if code["keywords"] else [],
                    "cues": json.loads(code["cues"]) if code["cues"] else [],
                    "codings": code["codings"],
                    "coders": code["coders"],
                    "path": PATH_SEPARATOR.join(path),
                    "depth": len(path) - 1,
                    "theme": paths[themes[code["id"]]][0],
                }
            )
            walk(code["id"])

    walk(None)
    return ordered


def get_code(workspace: Workspace, code: str | int) -> CodeRecord:
    found = code_id(workspace.con, code)
    return next(c for c in list_codes(workspace) if c["id"] == found)


def codebook_tree(workspace: Workspace) -> list[CodeNode]:
    """The codebook as nested themes and codes (``children``), for display."""
    nodes: dict[int, CodeNode] = {c["id"]: {**c, "children": []} for c in list_codes(workspace)}
    roots: list[CodeNode] = []
    for node in nodes.values():
        parent = node["parent_id"]
        (nodes[parent]["children"] if parent in nodes else roots).append(node)
    return roots
