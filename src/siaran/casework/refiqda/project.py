"""Reading a workspace's casework as a :class:`~siaran.casework.refiqda.model.Project`."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from siaran.casework.refiqda.model import (
    CaseItem,
    CodeItem,
    CodingItem,
    DocumentItem,
    ExcerptItem,
    MemoItem,
    Project,
    VariableItem,
)

if TYPE_CHECKING:
    from siaran.workspace import Workspace

PROJECT_NAME_SETTING: Final = "casework.project_name"


def project_name(workspace: Workspace) -> str:
    return workspace.setting(PROJECT_NAME_SETTING) or workspace.path.resolve().name


def _utc(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    assert isinstance(value, dt.datetime)
    return value.astimezone(dt.UTC)


def load_project(workspace: Workspace) -> Project:
    """Every case, document, code, excerpt, coding and memo of the workspace, by guid."""
    con = workspace.con
    project = Project(name=project_name(workspace))
    project.coders = {
        str(n): str(g) for n, g in con.execute("SELECT name, guid FROM cw_coders").fetchall()
    }
    code_guid: dict[int, str] = {}
    raw_codes = con.execute(
        "SELECT id, guid, name, parent_id, description, inclusion, exclusion, color, codable, "
        "keywords, cues FROM cw_codes ORDER BY parent_id NULLS FIRST, position, id"
    ).fetchall()
    for row in raw_codes:
        code_guid[int(row[0])] = str(row[1])
    for cid, guid, name, parent, desc, inc, exc, color, codable, keywords, cues in raw_codes:
        del cid
        project.codes.append(
            CodeItem(
                str(guid),
                str(name),
                None if parent is None else code_guid[int(parent)],
                desc,
                inc,
                exc,
                color,
                bool(codable),
                json.loads(keywords) if keywords else [],
                json.loads(cues) if cues else [],
            )
        )
    project.variables = [
        VariableItem(str(g), str(n), str(t))
        for g, n, t in con.execute(
            "SELECT guid, name, type FROM cw_variables ORDER BY name"
        ).fetchall()
    ]
    doc_guid = {
        int(i): str(g) for i, g in con.execute("SELECT id, guid FROM cw_documents").fetchall()
    }
    values: dict[int, dict[str, str]] = defaultdict(dict)
    for case, variable, value in con.execute(
        "SELECT case_id, variable_guid, value FROM cw_case_values"
    ).fetchall():
        values[int(case)][str(variable)] = str(value)
    documents: dict[int, list[str]] = defaultdict(list)
    for case, document in con.execute(
        "SELECT case_id, document_id FROM cw_case_documents ORDER BY document_id"
    ).fetchall():
        documents[int(case)].append(doc_guid[int(document)])
    accounts: dict[int, list[str]] = defaultdict(list)
    for case, account in con.execute(
        "SELECT case_id, account FROM cw_case_accounts ORDER BY account"
    ).fetchall():
        accounts[int(case)].append(str(account))
    case_guid: dict[int, str] = {}
    for cid, guid, name, desc in con.execute(
        "SELECT id, guid, name, description FROM cw_cases ORDER BY id"
    ).fetchall():
        case_guid[int(cid)] = str(guid)
        project.cases.append(
            CaseItem(
                str(guid),
                str(name),
                desc,
                values[int(cid)],
                documents[int(cid)],
                accounts[int(cid)],
            )
        )
    for guid, name, source_type, fmt, text, desc, by, at in con.execute(
        "SELECT guid, name, source_type, format, text, description, created_by, created_at "
        "FROM cw_documents ORDER BY id"
    ).fetchall():
        project.documents.append(
            DocumentItem(str(guid), str(name), str(source_type), str(fmt), text, desc, by, _utc(at))
        )
    codings: dict[int, list[CodingItem]] = defaultdict(list)
    for excerpt, guid, code, coder, at in con.execute(
        "SELECT excerpt_id, guid, code_id, coder, created_at FROM cw_codings ORDER BY id"
    ).fetchall():
        codings[int(excerpt)].append(
            CodingItem(str(guid), code_guid[int(code)], str(coder), _utc(at))
        )
    excerpt_guid: dict[int, str] = {}
    for eid, guid, document, start, end, quote, coder, at in con.execute(
        "SELECT id, guid, document_id, start_pos, end_pos, quote, coder, created_at "
        "FROM cw_excerpts ORDER BY document_id, start_pos, id"
    ).fetchall():
        excerpt_guid[int(eid)] = str(guid)
        project.excerpts.append(
            ExcerptItem(
                str(guid),
                doc_guid[int(document)],
                int(start),
                int(end),
                str(coder),
                quote,
                _utc(at),
                codings[int(eid)],
            )
        )
    targets = {"case": case_guid, "document": doc_guid, "code": code_guid, "excerpt": excerpt_guid}
    for guid, kind, target, title, body, author, at in con.execute(
        "SELECT guid, kind, target_id, title, body, author, created_at FROM cw_memos ORDER BY id"
    ).fetchall():
        lookup = targets.get(str(kind), {})
        project.memos.append(
            MemoItem(
                str(guid),
                str(kind),
                None if target is None else lookup.get(int(target)),
                str(title),
                str(body),
                str(author),
                _utc(at),
            )
        )
    return project
