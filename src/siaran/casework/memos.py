"""Memos on a code, an excerpt, a document, a case or the whole project, and the reflexive
journal: dated entries in which the researcher records their own position and decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import duckdb

from siaran.casework import audit
from siaran.casework.cases import case_id
from siaran.casework.codebook import PATH_SEPARATOR, code_id, code_paths
from siaran.casework.db import change, now, one, rows
from siaran.casework.documents import document_id
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.records import Filter, insert_item
from siaran.casework.results import MemoRecord

if TYPE_CHECKING:
    from siaran.workspace import Workspace

MEMO_KINDS: Final = ("project", "case", "document", "code", "excerpt", "journal")
"""What a memo is attached to; ``journal`` is an entry of the reflexive journal."""


def resolve_target(
    con: duckdb.DuckDBPyConnection, kind: str, target: str | int | None
) -> int | None:
    """The id of the memo's target (``None`` for project memos and journal entries)."""
    if kind not in MEMO_KINDS:
        raise CaseworkError("casework.memo.bad_kind", kind=kind, known=", ".join(MEMO_KINDS))
    if kind in ("project", "journal"):
        return None
    if target is None:
        raise CaseworkError("casework.memo.no_target", kind=kind)
    if kind == "case":
        return case_id(con, target)
    if kind == "document":
        return document_id(con, target)
    if kind == "code":
        return code_id(con, target)
    found = one(con, "SELECT id FROM cw_excerpts WHERE id = ?", [int(str(target))])
    if found is None:
        raise NotFoundError("casework.excerpt.not_found", excerpt=target)
    return int(found)


def insert_memo(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    target: int | None,
    title: str,
    body: str,
    author: str,
    *,
    guid: str | None = None,
) -> int:
    return insert_item(
        con,
        "cw_memos",
        {"kind": kind, "target_id": target, "title": title, "body": body, "author": author},
        guid=guid,
    )


def add_memo(
    workspace: Workspace,
    body: str,
    *,
    kind: str = "project",
    target: str | int | None = None,
    title: str | None = None,
    author: str | None = None,
    rationale: str | None = None,
) -> MemoRecord:
    """Write a memo on ``kind``/``target`` (or a journal entry with ``kind="journal"``)."""
    if not body.strip():
        raise CaseworkError("casework.memo.empty")
    with change(workspace, author) as (con, who):
        target_id = resolve_target(con, kind, target)
        heading = (title or "").strip() or (
            now().date().isoformat() if kind == "journal" else body.strip().splitlines()[0][:60]
        )
        memo = insert_memo(con, kind, target_id, heading, body, who)
        detail = {"kind": kind, "target": target_id, "title": heading, "characters": len(body)}
        audit.record(con, "memo", f"memo:{memo}", detail, actor=who, rationale=rationale)
    return next(m for m in list_memos(workspace) if m["id"] == memo)


def list_memos(
    workspace: Workspace, *, kind: str | None = None, target: str | int | None = None
) -> list[MemoRecord]:
    """Memos oldest first, each with a readable label of what it is attached to."""
    con = workspace.con
    where = Filter()
    if kind is not None:
        where.add("m.kind = ?", kind)
        if target is not None:
            where.add("m.target_id = ?", resolve_target(con, kind, target))
    found = rows(
        con,
        f"SELECT m.id, m.guid, m.kind, m.target_id, m.title, m.body, m.author, m.created_at "
        f"FROM cw_memos m {where.clause} ORDER BY m.created_at, m.id",
        where.params,
        MemoRecord,
    )
    paths = code_paths(con)
    cases = dict(con.execute("SELECT id, name FROM cw_cases").fetchall())
    documents = dict(con.execute("SELECT id, name FROM cw_documents").fetchall())
    for memo in found:
        target_id = memo["target_id"]
        label = None
        if memo["kind"] == "code" and target_id in paths:
            label = PATH_SEPARATOR.join(paths[target_id])
        elif memo["kind"] == "case":
            label = cases.get(target_id)
        elif memo["kind"] == "document":
            label = documents.get(target_id)
        elif memo["kind"] == "excerpt":
            label = f"#{target_id}"
        memo["target"] = label
    return found
