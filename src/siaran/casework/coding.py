"""Coding: excerpts of a document's text, each with the codes applied to it and who applied them.

An excerpt is a span of code points ``[start, end)`` of the document's stored text, made by one
coder. Codings attach codes to it, each recording its coder too, so that several coders can code
the same text and be compared (:mod:`siaran.casework.agreement`). Spans may overlap freely.
Offsets outside the text are refused, never clipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from siaran.casework import audit
from siaran.casework.cases import case_id
from siaran.casework.codebook import PATH_SEPARATOR, code_id, code_paths, descendants_and_self
from siaran.casework.db import change, coder_guid, one, rows
from siaran.casework.documents import document_id
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.records import Filter, insert_item
from siaran.casework.results import CodingRef, ExcerptRecord, Uncoded
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace


def check_span(con: duckdb.DuckDBPyConnection, document: int, start: int, end: int) -> str:
    """The text of ``[start, end)`` in ``document``, or an error naming what is wrong."""
    found = con.execute("SELECT name, text FROM cw_documents WHERE id = ?", [document]).fetchone()
    if found is None:
        raise NotFoundError("casework.document.not_found", document=str(document))
    name, text = found
    if text is None:
        raise CaseworkError("casework.excerpt.no_text", document=name)
    length = len(text)
    if not (0 <= start < end <= length):
        raise CaseworkError(
            "casework.excerpt.out_of_range", document=name, start=start, end=end, length=length
        )
    return str(text[start:end])


def find_span(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The span of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``."""
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            raise CaseworkError("casework.excerpt.quote_not_found", quote=quote)
    return position, position + len(quote)


def _apply_codes(
    con: duckdb.DuckDBPyConnection, excerpt: int, codes: Sequence[int], coder: str
) -> list[int]:
    applied = []
    for code in codes:
        codable = one(con, "SELECT codable FROM cw_codes WHERE id = ?", [code])
        if codable is False:
            raise CaseworkError("casework.code.not_codable", code=str(code))
        exists = one(
            con,
            "SELECT id FROM cw_codings WHERE excerpt_id = ? AND code_id = ? AND coder = ?",
            [excerpt, code, coder],
        )
        if exists is None:
            coding = {"excerpt_id": excerpt, "code_id": code, "coder": coder}
            insert_item(con, "cw_codings", coding)
            applied.append(code)
    return applied


def code_span(
    con: duckdb.DuckDBPyConnection,
    document: int,
    start: int,
    end: int,
    codes: Sequence[int],
    coder: str,
) -> tuple[int, list[int]]:
    """Code ``[start, end)`` of ``document`` with ``codes`` as ``coder`` (inside the caller's
    transaction, without an audit entry): the coder's excerpt of that span is reused if it
    exists. Returns the excerpt and the codes newly applied."""
    quote = check_span(con, document, start, end)
    coder_guid(con, coder)
    excerpt = one(
        con,
        "SELECT id FROM cw_excerpts WHERE document_id = ? AND start_pos = ? AND end_pos = ? "
        "AND coder = ?",
        [document, start, end, coder],
    )
    if excerpt is None:
        excerpt = insert_item(
            con,
            "cw_excerpts",
            {
                "document_id": document,
                "start_pos": start,
                "end_pos": end,
                "quote": quote,
                "coder": coder,
            },
        )
    return int(excerpt), _apply_codes(con, int(excerpt), codes, coder)


def _code_recorded(
    con: duckdb.DuckDBPyConnection,
    doc: int,
    start: int,
    end: int,
    code_ids: Sequence[int],
    who: str,
    rationale: str | None,
) -> int:
    """:func:`code_span` with its audit entry (inside the caller's transaction)."""
    excerpt, applied = code_span(con, doc, start, end, code_ids, who)
    paths = code_paths(con)
    detail = {
        "document": doc,
        "start": start,
        "end": end,
        "codes": [paths[c] for c in applied],
        "already_coded": [paths[c] for c in code_ids if c not in applied],
    }
    audit.record(con, "code", f"excerpt:{excerpt}", detail, actor=who, rationale=rationale)
    return excerpt


def add_excerpt(
    workspace: Workspace,
    document: str | int,
    start: int,
    end: int,
    codes: Sequence[str | int],
    *,
    coder: str | None = None,
    rationale: str | None = None,
) -> ExcerptRecord:
    """Code the span ``[start, end)`` (code points) of ``document`` with ``codes``."""
    if not codes:
        raise CaseworkError("casework.excerpt.no_codes")
    with change(workspace, coder) as (con, who):
        doc = document_id(con, document)
        code_ids = [code_id(con, c) for c in codes]
        excerpt = _code_recorded(con, doc, start, end, code_ids, who, rationale)
    return get_excerpt(workspace, excerpt)


@dataclass(frozen=True)
class Span:
    """One span to code: ``[start, end)`` in code points, its codes and who codes it."""

    start: int
    end: int
    codes: Sequence[str | int]
    coder: str


def add_excerpts(
    workspace: Workspace,
    document: str | int,
    spans: Sequence[Span],
    *,
    rationale: str | None = None,
) -> list[int]:
    """Code many spans of one document in one transaction (each with its audit entry), as
    :func:`add_excerpt` does one by one; returns the excerpt ids. Nothing is coded if one span
    is wrong."""
    if any(not span.codes for span in spans):
        raise CaseworkError("casework.excerpt.no_codes")
    con = workspace.con
    with transaction(con):
        doc = document_id(con, document)
        known: dict[str | int, int] = {}
        out = []
        for span in spans:
            ids = [known.setdefault(c, code_id(con, c)) for c in span.codes]
            out.append(_code_recorded(con, doc, span.start, span.end, ids, span.coder, rationale))
    return out


def uncode(
    workspace: Workspace,
    excerpt: int,
    *,
    code: str | int | None = None,
    coder: str | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> Uncoded:
    """Remove ``code`` (every code when ``None``) from an excerpt, for ``coder`` (every coder
    when ``None``). An excerpt left without codes and without memos is removed."""
    with change(workspace, actor) as (con, who):
        if one(con, "SELECT id FROM cw_excerpts WHERE id = ?", [excerpt]) is None:
            raise NotFoundError("casework.excerpt.not_found", excerpt=excerpt)
        where = Filter()
        where.add("excerpt_id = ?", excerpt)
        code_path = None
        if code is not None:
            found = code_id(con, code)
            where.add("code_id = ?", found)
            code_path = code_paths(con)[found]
        if coder is not None:
            where.add("coder = ?", coder)
        counted = f"SELECT count(*) FROM cw_codings {where.clause}"
        removed = int(one(con, counted, where.params) or 0)
        if removed == 0:
            raise CaseworkError("casework.excerpt.nothing_to_uncode", excerpt=excerpt)
        con.execute(f"DELETE FROM cw_codings {where.clause}", where.params)
        left = one(con, "SELECT count(*) FROM cw_codings WHERE excerpt_id = ?", [excerpt])
        memos = one(
            con,
            "SELECT count(*) FROM cw_memos WHERE kind = 'excerpt' AND target_id = ?",
            [excerpt],
        )
        dropped = not left and not memos
        if dropped:
            con.execute("DELETE FROM cw_excerpts WHERE id = ?", [excerpt])
        detail = {
            "code": code_path,
            "coder": coder,
            "codings_removed": removed,
            "excerpt_removed": dropped,
        }
        audit.record(con, "uncode", f"excerpt:{excerpt}", detail, actor=who, rationale=rationale)
    return {"excerpt": excerpt, "codings_removed": removed, "excerpt_removed": dropped}


def list_excerpts(
    workspace: Workspace,
    *,
    document: str | int | None = None,
    code: str | int | None = None,
    case: str | int | None = None,
    coder: str | None = None,
    include_subcodes: bool = True,
) -> list[ExcerptRecord]:
    """Excerpts with their document, span, quote, coder and code paths, in document order.

    ``code`` keeps excerpts carrying that code (or, with ``include_subcodes``, one below it)."""
    con = workspace.con
    where = Filter()
    if document is not None:
        where.add("e.document_id = ?", document_id(con, document))
    if case is not None:
        where.add(
            "e.document_id IN (SELECT document_id FROM cw_case_documents WHERE case_id = ?)",
            case_id(con, case),
        )
    if coder is not None:
        where.add("e.coder = ?", coder)
    paths = code_paths(con)
    if code is not None:
        wanted = code_id(con, code)
        chosen = sorted(descendants_and_self(con, wanted)) if include_subcodes else [wanted]
        marks = ", ".join("?" * len(chosen))
        where.add(
            f"e.id IN (SELECT excerpt_id FROM cw_codings WHERE code_id IN ({marks}))", *chosen
        )
    found = rows(
        con,
        f"""
        SELECT e.id, e.guid, e.document_id, d.name AS document, e.start_pos AS start,
               e.end_pos AS "end", e.quote, e.coder, e.created_at
        FROM cw_excerpts e JOIN cw_documents d ON d.id = e.document_id
        {where.clause} ORDER BY e.document_id, e.start_pos, e.end_pos, e.id
        """,
        where.params,
        ExcerptRecord,
    )
    codings: dict[int, list[CodingRef]] = {}
    for excerpt, code_ref, by in con.execute(
        "SELECT excerpt_id, code_id, coder FROM cw_codings ORDER BY id"
    ).fetchall():
        codings.setdefault(int(excerpt), []).append(
            {
                "code": PATH_SEPARATOR.join(paths[int(code_ref)]),
                "code_id": int(code_ref),
                "coder": by,
            }
        )
    for excerpt in found:
        excerpt["codings"] = codings.get(excerpt["id"], [])
        excerpt["codes"] = sorted({c["code"] for c in excerpt["codings"]})
    return found


def get_excerpt(workspace: Workspace, excerpt: int) -> ExcerptRecord:
    con = workspace.con
    document = one(con, "SELECT document_id FROM cw_excerpts WHERE id = ?", [excerpt])
    if document is None:
        raise NotFoundError("casework.excerpt.not_found", excerpt=excerpt)
    return next(e for e in list_excerpts(workspace, document=int(document)) if e["id"] == excerpt)
