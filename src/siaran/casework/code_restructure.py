"""Restructuring the codebook: merging a code into another and splitting codings off a code.

Merging moves a code's codings (and its sub-codes, memos and pending suggestions) into another
code; splitting moves chosen excerpts' codings to a new sibling code. Both are recorded in the
audit trail with their counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from siaran.casework import audit
from siaran.casework.code_edits import CodeFields, insert_code, next_position
from siaran.casework.codebook import ancestors_and_self, code_id, code_paths, get_code
from siaran.casework.db import change, default_actor, one
from siaran.casework.errors import CaseworkError
from siaran.casework.results import CodeRecord
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace


def merge_codes(
    workspace: Workspace,
    source: str | int,
    into: str | int,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> CodeRecord:
    """Merge ``source`` into ``into``: its codings, sub-codes, memos and pending suggestions
    follow; a coding that would duplicate one already on the same excerpt is dropped. The
    source code is then removed."""
    with change(workspace, actor) as (con, who):
        old = code_id(con, source)
        new = code_id(con, into)
        if old == new:
            raise CaseworkError("casework.code.merge_self", code=str(source))
        if old in ancestors_and_self(con, new):
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
                [new, next_position(con, new), child],
            )
        con.execute(
            "UPDATE cw_memos SET target_id = ? WHERE kind = 'code' AND target_id = ?", [new, old]
        )
        con.execute(
            "UPDATE cw_suggestions SET code_id = ? WHERE code_id = ? AND status = 'pending'",
            [new, old],
        )
        con.execute("DELETE FROM cw_codes WHERE id = ?", [old])
        detail = {
            "from": paths[old],
            "into": paths[new],
            "codings_moved": int(moved or 0),
            "duplicates_dropped": int(duplicates or 0),
            "subcodes_moved": len(children),
        }
        audit.record(con, "merge", f"code:{new}", detail, actor=who, rationale=rationale)
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
) -> CodeRecord:
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
            CodeFields(description=description, color=None if color is None else str(color)),
            parent=None if parent is None else int(parent),
            actor=who,
        )
        for excerpt in chosen:
            con.execute(
                "UPDATE cw_codings SET code_id = ? WHERE code_id = ? AND excerpt_id = ?",
                [new, old, excerpt],
            )
        paths = code_paths(con)
        detail = {"from": paths[old], "new_code": paths[new], "new_id": new, "excerpts": chosen}
        audit.record(con, "split", f"code:{old}", detail, actor=who, rationale=rationale)
    return get_code(workspace, new)
