"""Documents: the texts a study codes, each with its source type for triangulation.

Adding a file archives its bytes in ``raw/`` under their SHA-256 (before anything is parsed),
extracts its text once (:mod:`siaran.casework.extract`) and stores that text; offsets of
excerpts count code points in it. Adding the same file again changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import duckdb

from siaran.casework import audit
from siaran.casework.cases import case_id
from siaran.casework.db import change, default_actor, one, rows
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.extract import extract_text
from siaran.casework.records import insert, insert_item, set_link
from siaran.casework.results import AddedDocument, DocumentRecord
from siaran.files import read_input
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

SOURCE_TYPES: Final = (
    "interview",
    "observation",
    "published_case_study",
    "platform_analytics_note",
    "session_transcript",
    "other",
)


def check_source_type(value: str) -> str:
    if value not in SOURCE_TYPES:
        raise CaseworkError(
            "casework.document.bad_source_type", value=value, known=", ".join(SOURCE_TYPES)
        )
    return value


def document_id(con: duckdb.DuckDBPyConnection, ref: str | int) -> int:
    """The document numbered ``ref``, else named ``ref`` (case-insensitive), else with that guid."""
    text = str(ref).strip()
    found = None
    if text.isdigit():
        found = one(con, "SELECT id FROM cw_documents WHERE id = ?", [int(text)])
    if found is None:
        named = con.execute(
            "SELECT id FROM cw_documents WHERE lower(name) = lower(?) OR lower(guid) = lower(?)",
            [text, text],
        ).fetchall()
        if len(named) > 1:
            raise CaseworkError("casework.document.ambiguous", document=text)
        found = named[0][0] if named else None
    if found is None:
        raise NotFoundError("casework.document.not_found", document=text)
    return int(found)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def archive_raw(workspace: Workspace, data: bytes, suffix: str) -> tuple[str, str]:
    """Keep ``data`` in ``raw/`` as ``<sha256><suffix>`` (atomically); return (sha, file name)."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"{digest}{suffix.lower()}"
    target = workspace.raw_dir / name
    if not target.exists():
        workspace.raw_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=workspace.raw_dir, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return digest, name


def insert_document(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    source_type: str,
    fmt: str,
    text: str | None,
    actor: str,
    raw_sha256: str | None = None,
    raw_file: str | None = None,
    original_name: str | None = None,
    description: str | None = None,
    guid: str | None = None,
) -> int:
    """Insert one document (inside the caller's transaction), without an audit entry."""
    return insert_item(
        con,
        "cw_documents",
        {
            "name": name,
            "source_type": check_source_type(source_type),
            "format": fmt,
            "text": text,
            "text_length": None if text is None else len(text),
            "text_sha256": None if text is None else text_sha256(text),
            "raw_sha256": raw_sha256,
            "raw_file": raw_file,
            "original_name": original_name,
            "description": description,
            "created_by": actor,
        },
        guid=guid,
    )


def add_document(
    workspace: Workspace,
    path: Path | str,
    *,
    source_type: str,
    name: str | None = None,
    cases: Iterable[str | int] = (),
    description: str | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> AddedDocument:
    """Add the file at ``path`` as a document of ``source_type``, attached to ``cases``.

    Returns the document with ``status`` ``added`` or ``already_present`` (same bytes)."""
    source = Path(path)
    check_source_type(source_type)
    data = read_input(source, "casework.document.unreadable")
    extracted = extract_text(source, data)
    con = workspace.con
    who = actor or default_actor()
    digest = hashlib.sha256(data).hexdigest()
    existing = one(con, "SELECT id FROM cw_documents WHERE raw_sha256 = ?", [digest])
    if existing is not None:
        return {**get_document(workspace, int(existing)), "status": "already_present"}
    case_ids = [case_id(con, c) for c in cases]
    sha, raw_file = archive_raw(workspace, data, source.suffix)
    with transaction(con):
        document = insert_document(
            con,
            name=(name or source.name).strip(),
            source_type=source_type,
            fmt=extracted.format,
            text=extracted.text,
            actor=who,
            raw_sha256=sha,
            raw_file=raw_file,
            original_name=source.name,
            description=description,
        )
        for case in case_ids:
            insert(con, "cw_case_documents", {"case_id": case, "document_id": document})
        detail = {
            "name": (name or source.name).strip(),
            "file": source.name,
            "sha256": sha,
            "format": extracted.format,
            "source_type": source_type,
            "characters": len(extracted.text),
            "cases": case_ids,
        }
        audit.record(con, "create", f"document:{document}", detail, actor=who, rationale=rationale)
    return {**get_document(workspace, document), "status": "added"}


def attach_document(
    workspace: Workspace,
    document: str | int,
    case: str | int,
    *,
    detach: bool = False,
    actor: str | None = None,
    rationale: str | None = None,
) -> DocumentRecord:
    """Attach a document to a case (or detach it)."""
    with change(workspace, actor) as (con, who):
        doc = document_id(con, document)
        found = case_id(con, case)
        set_link(
            con,
            "cw_case_documents",
            {"case_id": found, "document_id": doc},
            linked=not detach,
            target=f"document:{doc}",
            detail={"case": found},
            actor=who,
            rationale=rationale,
        )
    return get_document(workspace, doc)


def set_source_type(
    workspace: Workspace,
    document: str | int,
    source_type: str,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> DocumentRecord:
    con = workspace.con
    check_source_type(source_type)
    with transaction(con):
        doc = document_id(con, document)
        before = one(con, "SELECT source_type FROM cw_documents WHERE id = ?", [doc])
        con.execute("UPDATE cw_documents SET source_type = ? WHERE id = ?", [source_type, doc])
        detail = {"source_type": {"from": before, "to": source_type}}
        audit.record(con, "update", f"document:{doc}", detail, actor=actor, rationale=rationale)
    return get_document(workspace, doc)


def list_documents(workspace: Workspace, *, case: str | int | None = None) -> list[DocumentRecord]:
    """Every document (of ``case`` when given) without its text, with its cases and counts."""
    con = workspace.con
    params: list[Any] = []
    where = ""
    if case is not None:
        where = "WHERE d.id IN (SELECT document_id FROM cw_case_documents WHERE case_id = ?)"
        params.append(case_id(con, case))
    found = rows(
        con,
        f"""
        SELECT d.id, d.guid, d.name, d.source_type, d.format, d.text_length AS characters,
               d.text IS NULL AS text_missing, d.raw_file, d.original_name, d.description,
               d.created_at, d.created_by,
               (SELECT count(*) FROM cw_excerpts e WHERE e.document_id = d.id) AS excerpts
        FROM cw_documents d {where} ORDER BY d.id
        """,
        params,
        DocumentRecord,
    )
    names: dict[int, list[str]] = {}
    for doc, name in con.execute(
        "SELECT cd.document_id, c.name FROM cw_case_documents cd "
        "JOIN cw_cases c ON c.id = cd.case_id ORDER BY c.name"
    ).fetchall():
        names.setdefault(int(doc), []).append(str(name))
    for document in found:
        document["cases"] = names.get(document["id"], [])
    return found


def get_document(workspace: Workspace, document: str | int) -> DocumentRecord:
    found = document_id(workspace.con, document)
    return next(d for d in list_documents(workspace) if d["id"] == found)


def document_text(workspace: Workspace, document: str | int) -> str | None:
    """The stored text of a document (``None`` when an imported project lacked it)."""
    con = workspace.con
    found = one(con, "SELECT text FROM cw_documents WHERE id = ?", [document_id(con, document)])
    return None if found is None else str(found)
