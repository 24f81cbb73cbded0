"""Code names that hold a path (``Trust/Demonstration``) turned into a code tree.

Tools that keep a flat list of codes (Taguette's tags) spell their hierarchy in the name, with
``/`` between the levels. siaran names codes by path and forbids ``/`` inside a name, so on import
such a name becomes the code ``Demonstration`` under ``Trust``. A level that is not a code of its
own in the file is created (with a guid derived from its path, so importing the file again finds
it); a level that is a code of the file (Taguette's tag ``Trust`` beside ``Trust/Demonstration``)
is used, whatever the order of the two in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from siaran.casework.codebook import PATH_SEPARATOR
from siaran.casework.refiqda.model import CodeItem
from siaran.casework.refiqda.writer import stable_guid


@dataclass(frozen=True)
class TreeFromPaths:
    codes: list[CodeItem]
    split: int  # codes whose name held a path
    created: int  # levels that were not codes of their own in the file


def _parts(name: str) -> list[str]:
    return [part.strip() for part in name.split(PATH_SEPARATOR) if part.strip()]


def codes_from_paths(codes: list[CodeItem]) -> TreeFromPaths:
    """``codes`` (parents before children) with every path-holding name made a tree."""
    by_guid = {c.guid.lower(): c for c in codes}
    paths: dict[str, list[str]] = {}  # guid (lower) -> names from the top down

    def path_of(code: CodeItem, seen: frozenset[str] = frozenset()) -> list[str]:
        key = code.guid.lower()
        if key not in paths:
            parent = by_guid.get((code.parent or "").lower())
            above = [] if parent is None or key in seen else path_of(parent, seen | {key})
            paths[key] = above + (_parts(code.name) or [code.name])
        return paths[key]

    def key_of(path: list[str]) -> tuple[str, ...]:
        return tuple(part.lower() for part in path)

    owners: dict[tuple[str, ...], CodeItem] = {}
    for code in codes:
        owners.setdefault(key_of(path_of(code)), code)
    out: list[CodeItem] = []
    placed: dict[tuple[str, ...], str] = {}
    created = 0

    def place(path: list[str]) -> str:
        nonlocal created
        key = key_of(path)
        if key not in placed:
            parent = place(path[:-1]) if len(path) > 1 else None
            owner = owners.get(key)
            if owner is None:
                created += 1
                item = CodeItem(stable_guid("code path", *key), path[-1], parent)
            else:
                item = replace(owner, name=path[-1], parent=parent)
            placed[key] = item.guid
            out.append(item)
        return placed[key]

    for code in codes:
        path = path_of(code)
        if place(path) != code.guid:  # a second code at the same path: a sibling of the same name
            parent = place(path[:-1]) if len(path) > 1 else None
            out.append(replace(code, name=path[-1], parent=parent))
    split = sum(1 for code in codes if len(_parts(code.name)) > 1)
    return TreeFromPaths(out, split, created)
