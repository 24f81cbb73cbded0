"""The starter codebooks shipped with siaran (``study``, ``aida``, ``7p``) and loading them."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import TYPE_CHECKING, Final, NotRequired, TypedDict, cast

import duckdb

from siaran.casework import audit
from siaran.casework.code_edits import CodeFields, insert_code
from siaran.casework.codebook import code_paths, list_codes
from siaran.casework.db import default_actor, one
from siaran.casework.errors import NotFoundError
from siaran.casework.results import CodeRecord
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

STARTER_CODEBOOKS: Final = ("study", "aida", "7p")


class StarterCode(TypedDict):
    """A code of a starter codebook as its TOML file writes it."""

    name: str
    color: NotRequired[str]
    description: NotRequired[str]
    inclusion: NotRequired[str]
    exclusion: NotRequired[str]
    keywords: NotRequired[list[str]]
    cues: NotRequired[list[str]]


class StarterTheme(StarterCode):
    """A theme of a starter codebook with its codes."""

    code: NotRequired[list[StarterCode]]


class StarterCodebook(TypedDict):
    """A starter codebook as shipped."""

    name: str
    title: str
    theme: list[StarterTheme]


def starter_codebook(name: str) -> StarterCodebook:
    """The starter codebook ``name`` (``study``, ``aida`` or ``7p``) as shipped."""
    if name not in STARTER_CODEBOOKS:
        raise NotFoundError(
            "casework.codebook.unknown_starter", name=name, known=", ".join(STARTER_CODEBOOKS)
        )
    source = resources.files("siaran.casework") / "data" / f"codebook_{name}.toml"
    return cast(StarterCodebook, tomllib.loads(source.read_text(encoding="utf-8")))


def load_starter_codebook(
    workspace: Workspace, name: str, *, actor: str | None = None
) -> list[CodeRecord]:
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
            detail = {"starter": name, "codes": [paths[c] for c in added]}
            audit.record(
                con,
                "create",
                f"codebook:{name}",
                detail,
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
    entry: StarterCode,
    parent: int | None,
    actor: str,
    inherited_color: str | None = None,
) -> int:
    return insert_code(
        con,
        entry["name"],
        CodeFields(
            description=entry.get("description"),
            inclusion=entry.get("inclusion"),
            exclusion=entry.get("exclusion"),
            color=entry.get("color", inherited_color),
            keywords=entry.get("keywords", ()),
            cues=entry.get("cues", ()),
        ),
        parent=parent,
        actor=actor,
    )
