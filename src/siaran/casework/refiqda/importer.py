"""Storing a read REFI-QDA project in a workspace, in one transaction.

Items already in the workspace are recognised and not duplicated: documents, excerpts, codings
and memos by guid; codes by guid, else by the same name under the same parent; cases by guid,
else by name; attribute variables by name. Importing the same file twice therefore adds nothing
the second time. Selections whose positions fall outside their document's text reject the whole
file unless the caller asks to skip them (each is then listed in the report).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import duckdb

from siaran.casework import audit
from siaran.casework.code_edits import CodeFields, insert_code
from siaran.casework.db import coder_guid, default_actor, now, one
from siaran.casework.documents import archive_raw, insert_document
from siaran.casework.memos import insert_memo
from siaran.casework.refiqda.code_paths import codes_from_paths
from siaran.casework.refiqda.codebook_file import read_codebook
from siaran.casework.refiqda.model import CodeItem, Project
from siaran.casework.refiqda.reader import Lost, ReadResult, read_qdpx
from siaran.casework.refiqda.repairs import TAGUETTE, Repair
from siaran.errors import BadInputError, Problem
from siaran.i18n import Lang, text
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace


class ImportJson(TypedDict):
    """What an import brought over, found present, repaired, changed and could not bring over,
    the notes in the reader's language."""

    path: str
    project: str
    added: dict[str, int]
    already_present: dict[str, int]
    repaired: list[str]
    changed: list[str]
    not_brought_over: list[str]


class RepairDetail(TypedDict):
    key: str
    tool: str
    elements: tuple[str, ...]


class ImportAuditDetail(TypedDict):
    """An import's audit entry: counts, and repairs and losses as catalogue keys with their
    figures."""

    added: dict[str, int]
    already_present: dict[str, int]
    repaired: list[RepairDetail]
    changed: list[dict[str, object]]
    not_brought_over: list[dict[str, object]]


@dataclass
class ImportReport:
    """What an import brought over (``added``), found already present (``present``) and could
    not bring over (``lost``, each a catalogue key with its figures)."""

    path: Path
    project: str
    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    lost: list[Lost] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    changed: list[Lost] = field(default_factory=list)  # converted on the way in

    def notes(self, lang: Lang) -> list[str]:
        found = [text(item.key, lang, **item.params) for item in self.lost]
        found.extend(p.describe(lang) for p in self.skipped)
        return found

    def repair_notes(self, lang: Lang) -> list[str]:
        return [
            text(r.key, lang, tool=r.tool, elements=", ".join(r.elements)) for r in self.repairs
        ]

    def to_dict(self, lang: Lang = "en") -> ImportJson:
        return {
            "path": str(self.path),
            "project": self.project,
            "added": dict(self.added),
            "already_present": dict(self.present),
            "repaired": self.repair_notes(lang),
            "changed": [text(item.key, lang, **item.params) for item in self.changed],
            "not_brought_over": self.notes(lang),
        }

    def audit_detail(self) -> ImportAuditDetail:
        return {
            "added": self.added,
            "already_present": self.present,
            "repaired": [
                {"key": r.key, "tool": r.tool, "elements": r.elements} for r in self.repairs
            ],
            "changed": [{"key": x.key, **x.params} for x in self.changed],
            "not_brought_over": [{"key": x.key, **x.params} for x in self.lost],
        }


def _count(report: ImportReport, what: str, added: bool) -> None:
    target = report.added if added else report.present
    target[what] = target.get(what, 0) + 1


def _store_codes(
    con: duckdb.DuckDBPyConnection, codes: list[CodeItem], actor: str, report: ImportReport
) -> dict[str, int]:
    """Codes by guid (lower-cased) -> id; parents are placed before their children."""
    mapped: dict[str, int] = {}
    pending = list(codes)
    while pending:
        progress = False
        later = []
        for code in pending:
            parent_guid = code.parent.lower() if code.parent else None
            if parent_guid is not None and parent_guid not in mapped:
                later.append(code)
                continue
            progress = True
            parent = None if parent_guid is None else mapped[parent_guid]
            found = one(con, "SELECT id FROM cw_codes WHERE lower(guid) = ?", [code.guid.lower()])
            if found is None:
                found = one(
                    con,
                    "SELECT id FROM cw_codes WHERE lower(name) = lower(?) "
                    "AND parent_id IS NOT DISTINCT FROM ?",
                    [code.name.strip(), parent],
                )
            if found is not None:
                mapped[code.guid.lower()] = int(found)
                _count(report, "codes", added=False)
                continue
            mapped[code.guid.lower()] = insert_code(
                con,
                code.name.strip() or "?",
                CodeFields(
                    description=code.description,
                    inclusion=code.inclusion,
                    exclusion=code.exclusion,
                    color=code.color,
                    codable=code.codable,
                    keywords=code.keywords,
                    cues=code.cues,
                ),
                parent=parent,
                actor=actor,
                guid=code.guid,
                check_name=False,
            )
            _count(report, "codes", added=True)
        if not progress:  # a parent that is not in the file: put its children at the top
            for code in later:
                code.parent = None
        pending = later
    return mapped


def store_project(
    workspace: Workspace,
    result: ReadResult,
    path: Path,
    *,
    actor: str | None = None,
    skip_invalid: bool = False,
    paths_as_tree: bool | None = None,
    origin: str = "qdpx",
) -> ImportReport:
    """Store ``result`` (from :func:`read_qdpx`) in the workspace; see the module docs.

    ``paths_as_tree``: code names holding a path become a code tree (default: for the tools
    known to flatten their hierarchy that way, see :func:`tree_by_default`). ``origin`` names
    the kind of file in the audit trail."""
    if result.bad_selections and not skip_invalid:
        raise BadInputError(
            "casework.qdpx.bad_selections", path=path, problems=result.bad_selections
        )
    project = result.project
    con = workspace.con
    who = actor or default_actor()
    report = ImportReport(path, project.name, lost=list(result.lost), repairs=result.repairs)
    project.codes = codes_as_tree(project.codes, project.origin, paths_as_tree, report)
    if skip_invalid:
        report.skipped = list(result.bad_selections)
    data = path.read_bytes()
    sha, raw_file = archive_raw(workspace, data, path.suffix)
    with transaction(con):
        for name, guid in project.coders.items():
            coder_guid(con, name, guid or None)
        codes = _store_codes(con, project.codes, who, report)
        variables = _store_variables(con, project, report)
        documents = _store_documents(con, project, raw_file, who, report)
        _store_cases(con, project, variables, documents, who, report)
        excerpts = _store_excerpts(con, project, documents, codes, report)
        _store_memos(con, project, codes, documents, excerpts, report)
        audit.record(
            con,
            "import",
            f"{origin}:{path.name}",
            {
                "sha256": sha,
                "project": project.name,
                "origin": project.origin,
                **report.audit_detail(),
            },
            actor=who,
        )
    return report


def _store_variables(
    con: duckdb.DuckDBPyConnection, project: Project, report: ImportReport
) -> dict[str, str | None]:
    """Imported variable guid (lower) -> workspace variable guid (``None``: type clash)."""
    out: dict[str, str | None] = {}
    for variable in project.variables:
        found = con.execute(
            "SELECT guid, type FROM cw_variables WHERE lower(name) = lower(?) OR lower(guid) = ?",
            [variable.name, variable.guid.lower()],
        ).fetchone()
        if found is None:
            con.execute(
                "INSERT INTO cw_variables VALUES (?, ?, ?, NULL)",
                [variable.guid, variable.name, variable.type],
            )
            out[variable.guid.lower()] = variable.guid
            _count(report, "variables", added=True)
        elif found[1] == variable.type:
            out[variable.guid.lower()] = str(found[0])
            _count(report, "variables", added=False)
        else:
            out[variable.guid.lower()] = None
            report.lost.append(
                Lost(
                    "casework.qdpx.lost.variable_type",
                    {"variable": variable.name, "type": variable.type, "existing": found[1]},
                )
            )
    return out


def _store_documents(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    raw_file: str,
    actor: str,
    report: ImportReport,
) -> dict[str, int]:
    out: dict[str, int] = {}
    for document in project.documents:
        found = one(
            con, "SELECT id FROM cw_documents WHERE lower(guid) = ?", [document.guid.lower()]
        )
        if found is not None:
            out[document.guid.lower()] = int(found)
            _count(report, "documents", added=False)
            continue
        out[document.guid.lower()] = insert_document(
            con,
            name=document.name,
            source_type=document.source_type,
            fmt=document.format,
            text=document.text,
            actor=document.created_by or actor,
            raw_file=raw_file,
            original_name=document.name,
            description=document.description,
            guid=document.guid,
        )
        _count(report, "documents", added=True)
    return out


def _store_cases(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    variables: dict[str, str | None],
    documents: dict[str, int],
    actor: str,
    report: ImportReport,
) -> None:
    for case in project.cases:
        found = one(con, "SELECT id FROM cw_cases WHERE lower(guid) = ?", [case.guid.lower()])
        if found is None:
            found = one(con, "SELECT id FROM cw_cases WHERE lower(name) = lower(?)", [case.name])
        if found is None:
            created = con.execute(
                "INSERT INTO cw_cases (guid, name, description, case_set, created_at, created_by)"
                " VALUES (?, ?, ?, NULL, ?, ?) RETURNING id",
                [case.guid, case.name, case.description, now(), actor],
            ).fetchone()
            assert created is not None
            found = created[0]
            _count(report, "cases", added=True)
        else:
            _count(report, "cases", added=False)
        case_id = int(found)
        for variable, value in case.values.items():
            target = variables.get(variable.lower())
            if target is None:
                continue
            con.execute(
                "DELETE FROM cw_case_values WHERE case_id = ? AND variable_guid = ?",
                [case_id, target],
            )
            con.execute("INSERT INTO cw_case_values VALUES (?, ?, ?)", [case_id, target, value])
        for account in case.accounts:
            con.execute(
                "DELETE FROM cw_case_accounts WHERE case_id = ? AND account = ?", [case_id, account]
            )
            con.execute("INSERT INTO cw_case_accounts VALUES (?, ?)", [case_id, account])
        for document in case.documents:
            doc = documents.get(document.lower())
            if doc is None:
                continue
            con.execute(
                "DELETE FROM cw_case_documents WHERE case_id = ? AND document_id = ?",
                [case_id, doc],
            )
            con.execute("INSERT INTO cw_case_documents VALUES (?, ?)", [case_id, doc])


def _store_excerpts(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    documents: dict[str, int],
    codes: dict[str, int],
    report: ImportReport,
) -> dict[str, int]:
    """Bulk insert of excerpts and codings (Arrow tables, not row by row)."""
    import pyarrow as pa

    existing = {
        str(g).lower(): int(i)
        for i, g in con.execute("SELECT id, guid FROM cw_excerpts").fetchall()
    }
    existing_codings = {
        str(g[0]).lower() for g in con.execute("SELECT guid FROM cw_codings").fetchall()
    }
    stamp = now()
    fresh = [e for e in project.excerpts if e.guid.lower() not in existing]
    report.present["excerpts"] = len(project.excerpts) - len(fresh)
    report.added["excerpts"] = len(fresh)
    coders = {e.coder for e in fresh} | {c.coder for e in fresh for c in e.codings}
    for coder in sorted(coders):
        coder_guid(con, coder)
    if fresh:
        table = pa.table(
            {
                "guid": [e.guid for e in fresh],
                "document_id": [documents[e.document.lower()] for e in fresh],
                "start_pos": [e.start for e in fresh],
                "end_pos": [e.end for e in fresh],
                "quote": [e.quote for e in fresh],
                "coder": [e.coder for e in fresh],
                "created_at": pa.array(
                    [e.created_at or stamp for e in fresh], pa.timestamp("us", tz="UTC")
                ),
            }
        )
        con.register("incoming_excerpts", table)
        try:
            con.execute(
                "INSERT INTO cw_excerpts (guid, document_id, start_pos, end_pos, quote, coder, "
                "created_at) SELECT * FROM incoming_excerpts"
            )
        finally:
            con.unregister("incoming_excerpts")
        existing = {
            str(g).lower(): int(i)
            for i, g in con.execute("SELECT id, guid FROM cw_excerpts").fetchall()
        }
    rows: dict[str, list[Any]] = {
        "guid": [],
        "excerpt_id": [],
        "code_id": [],
        "coder": [],
        "created_at": [],
    }
    unknown_codes = 0
    present = 0
    for excerpt in project.excerpts:
        for coding in excerpt.codings:
            if coding.guid.lower() in existing_codings:
                present += 1
                continue
            code = codes.get(coding.code.lower())
            if code is None:
                unknown_codes += 1
                continue
            rows["guid"].append(coding.guid)
            rows["excerpt_id"].append(existing[excerpt.guid.lower()])
            rows["code_id"].append(code)
            rows["coder"].append(coding.coder)
            rows["created_at"].append(coding.created_at or stamp)
    if unknown_codes:
        report.lost.append(Lost("casework.qdpx.lost.unknown_code_refs", {"count": unknown_codes}))
    report.added["codings"] = len(rows["guid"])
    report.present["codings"] = present
    if rows["guid"]:
        table = pa.table(
            {
                **{k: v for k, v in rows.items() if k != "created_at"},
                "created_at": pa.array(rows["created_at"], pa.timestamp("us", tz="UTC")),
            }
        )
        con.register("incoming_codings", table)
        try:
            con.execute(
                "INSERT INTO cw_codings (guid, excerpt_id, code_id, coder, created_at) "
                "SELECT guid, excerpt_id, code_id, coder, created_at FROM incoming_codings"
            )
        finally:
            con.unregister("incoming_codings")
    return existing


def _store_memos(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    codes: dict[str, int],
    documents: dict[str, int],
    excerpts: dict[str, int],
    report: ImportReport,
) -> None:
    cases = {
        str(g).lower(): int(i) for i, g in con.execute("SELECT id, guid FROM cw_cases").fetchall()
    }
    existing = {str(g[0]).lower() for g in con.execute("SELECT guid FROM cw_memos").fetchall()}
    targets = {"case": cases, "document": documents, "code": codes, "excerpt": excerpts}
    for memo in project.memos:
        if memo.guid.lower() in existing:
            _count(report, "memos", added=False)
            continue
        kind, target = memo.kind, None
        if kind in targets:
            target = targets[kind].get((memo.target or "").lower())
            if target is None:
                kind = "project"
                report.lost.append(Lost("casework.qdpx.lost.memo_target", {"title": memo.title}))
        memo_id = insert_memo(con, kind, target, memo.title, memo.body, memo.author, guid=memo.guid)
        if memo.created_at is not None:
            con.execute(
                "UPDATE cw_memos SET created_at = ? WHERE id = ?", [memo.created_at, memo_id]
            )
        _count(report, "memos", added=True)


def tree_by_default(origin: str | None) -> bool:
    """Whether code names holding a path become a tree when the caller does not say."""
    return (origin or "").lower().startswith(TAGUETTE.lower())


def codes_as_tree(
    codes: list[CodeItem], origin: str | None, paths_as_tree: bool | None, report: ImportReport
) -> list[CodeItem]:
    """``codes`` with path-holding names made a tree when asked (or by default for ``origin``)."""
    wanted = tree_by_default(origin) if paths_as_tree is None else paths_as_tree
    if not wanted:
        return codes
    tree = codes_from_paths(codes)
    if tree.split:
        report.changed.append(
            Lost("casework.import.paths_as_tree", {"count": tree.split, "created": tree.created})
        )
    return tree.codes


def import_qdpx(
    workspace: Workspace,
    path: Path | str,
    *,
    actor: str | None = None,
    skip_invalid: bool = False,
    paths_as_tree: bool | None = None,
    limits: ImportLimits | None = None,
) -> ImportReport:
    """Import a REFI-QDA project (``.qdpx``, or a bare ``.qde``) into the workspace. A file
    beyond ``limits`` (default: the workspace's, see :mod:`siaran.ingest.limits`) is refused."""
    source = Path(path)
    return store_project(
        workspace,
        read_qdpx(source, limits or workspace_limits(workspace)),
        source,
        actor=actor,
        skip_invalid=skip_invalid,
        paths_as_tree=paths_as_tree,
    )


def store_codebook(
    workspace: Workspace,
    codes: list[CodeItem],
    source: Path,
    *,
    origin: str | None,
    kind: str,
    actor: str | None = None,
    paths_as_tree: bool | None = None,
    repairs: list[Repair] | None = None,
) -> ImportReport:
    """Store a codebook's ``codes`` (parents before children) in one transaction."""
    con = workspace.con
    who = actor or default_actor()
    report = ImportReport(source, source.stem, repairs=list(repairs or []))
    codes = codes_as_tree(codes, origin, paths_as_tree, report)
    with transaction(con):
        _store_codes(con, codes, who, report)
        audit.record(
            con,
            "import",
            f"{kind}:{source.name}",
            {
                "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                "origin": origin,
                **report.audit_detail(),
            },
            actor=who,
        )
    return report


def import_qdc(
    workspace: Workspace,
    path: Path | str,
    *,
    actor: str | None = None,
    paths_as_tree: bool | None = None,
    limits: ImportLimits | None = None,
) -> ImportReport:
    """Import a REFI-QDA codebook (``.qdc``) into the workspace's codebook, refused beyond
    ``limits`` (default: the workspace's).

    Code names holding a path become a tree by default for Taguette's codebooks."""
    source = Path(path)
    read = read_codebook(source, limits or workspace_limits(workspace))
    return store_codebook(
        workspace,
        read.codes,
        source,
        origin=read.origin,
        kind="qdc",
        actor=actor,
        paths_as_tree=paths_as_tree,
        repairs=read.repairs,
    )
