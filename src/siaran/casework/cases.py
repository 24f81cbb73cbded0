"""Cases: the units of a multiple-case study, with typed attributes and linked accounts.

An attribute is a named variable shared by every case (``location``, ``sector``, ...), typed
once (text, integer, float, boolean or date) the first time it is used, as REFI-QDA variables
are. A case can be linked to one or more platform accounts of the workspace; the joint display
then puts the case's coded themes beside those accounts' live KPIs.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

import duckdb

from siaran.casework import audit
from siaran.casework.db import change, default_actor, new_guid, one, rows
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.records import insert, insert_item, set_link
from siaran.casework.results import AttributeValue, CaseRecord, VariableRecord
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

VARIABLE_TYPES: Final = ("text", "integer", "float", "boolean", "date")
EXAMPLE_CASE_SET: Final = "banyumas-2026"
"""The case set of the study's ten published cases (``siaran case load-example``)."""


def case_id(con: duckdb.DuckDBPyConnection, ref: str | int) -> int:
    """The id of the case named ``ref`` (case-insensitive) or numbered ``ref``."""
    text = str(ref).strip()
    found = one(con, "SELECT id FROM cw_cases WHERE lower(name) = lower(?)", [text])
    if found is None and text.isdigit():
        found = one(con, "SELECT id FROM cw_cases WHERE id = ?", [int(text)])
    if found is None:
        raise NotFoundError("casework.case.not_found", case=text)
    return int(found)


def canonical_value(value: AttributeValue, kind: str, *, variable: str) -> str:
    """The stored text of ``value`` as a ``kind`` attribute (ISO dates, true/false, digits)."""
    try:
        if kind == "text":
            return str(value)
        if kind == "boolean":
            if isinstance(value, bool):
                return "true" if value else "false"
            lowered = str(value).strip().lower()
            if lowered in ("true", "ya", "yes", "1"):
                return "true"
            if lowered in ("false", "tidak", "no", "0"):
                return "false"
            raise ValueError(value)
        if kind == "integer":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            if isinstance(value, dt.date):
                raise ValueError(value)
            return str(int(value.strip()) if isinstance(value, str) else int(value))
        if kind == "float":
            if isinstance(value, bool | dt.date):
                raise ValueError(value)
            return repr(float(value))
        if kind == "date":
            if isinstance(value, dt.date):
                return value.isoformat()
            return dt.date.fromisoformat(str(value).strip()).isoformat()
    except (TypeError, ValueError) as exc:
        raise CaseworkError(
            "casework.attribute.bad_value", variable=variable, value=str(value), type=kind
        ) from exc
    raise CaseworkError("casework.attribute.bad_type", variable=variable, type=kind)


def typed_value(text: str, kind: str) -> AttributeValue:
    """The Python value of a stored attribute."""
    if kind == "integer":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind == "date":
        return dt.date.fromisoformat(text)
    return text


def _infer_type(value: AttributeValue) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.date):
        return "date"
    return "text"


def variable_guid(
    con: duckdb.DuckDBPyConnection, name: str, kind: str, *, guid: str | None = None
) -> str:
    """The guid of variable ``name``, created with type ``kind`` on first use. A variable keeps
    the type it was created with; asking for another is an error."""
    if kind not in VARIABLE_TYPES:
        raise CaseworkError("casework.attribute.bad_type", variable=name, type=kind)
    found = con.execute(
        "SELECT guid, type FROM cw_variables WHERE lower(name) = lower(?)", [name]
    ).fetchone()
    if found is not None:
        if found[1] != kind:
            raise CaseworkError(
                "casework.attribute.type_clash", variable=name, type=kind, existing=found[1]
            )
        return str(found[0])
    chosen = guid or new_guid()
    insert(con, "cw_variables", {"guid": chosen, "name": name, "type": kind})
    return chosen


def _set_value(
    con: duckdb.DuckDBPyConnection, case: int, name: str, value: AttributeValue, kind: str | None
) -> dict[str, Any]:
    existing = one(con, "SELECT type FROM cw_variables WHERE lower(name) = lower(?)", [name])
    chosen = kind or (str(existing) if existing is not None else _infer_type(value))
    guid = variable_guid(con, name, chosen)
    stored = canonical_value(value, chosen, variable=name)
    con.execute("DELETE FROM cw_case_values WHERE case_id = ? AND variable_guid = ?", [case, guid])
    insert(con, "cw_case_values", {"case_id": case, "variable_guid": guid, "value": stored})
    return {"attribute": name, "type": chosen, "value": stored}


def _insert_case(
    con: duckdb.DuckDBPyConnection,
    name: str,
    *,
    description: str | None,
    case_set: str | None,
    actor: str,
    guid: str | None = None,
) -> int:
    clean = name.strip()
    if not clean:
        raise CaseworkError("casework.case.empty_name")
    if one(con, "SELECT id FROM cw_cases WHERE lower(name) = lower(?)", [clean]) is not None:
        raise CaseworkError("casework.case.exists", case=clean)
    return insert_item(
        con,
        "cw_cases",
        {"name": clean, "description": description, "case_set": case_set, "created_by": actor},
        guid=guid,
    )


def add_case(
    workspace: Workspace,
    name: str,
    *,
    description: str | None = None,
    attributes: Mapping[str, AttributeValue] | None = None,
    types: Mapping[str, str] | None = None,
    accounts: Iterable[str] = (),
    case_set: str | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> CaseRecord:
    """Create a case with its attributes (types inferred unless given) and linked accounts."""
    with change(workspace, actor) as (con, who):
        case = _insert_case(con, name, description=description, case_set=case_set, actor=who)
        values = [
            _set_value(con, case, key, value, (types or {}).get(key))
            for key, value in (attributes or {}).items()
        ]
        linked = sorted({a.strip() for a in accounts if a.strip()})
        for account in linked:
            insert(con, "cw_case_accounts", {"case_id": case, "account": account})
        detail = {
            "name": name.strip(),
            "attributes": values,
            "accounts": linked,
            "case_set": case_set,
        }
        audit.record(con, "create", f"case:{case}", detail, actor=who, rationale=rationale)
    return _get_case(con, case)


def set_attribute(
    workspace: Workspace,
    case: str | int,
    name: str,
    value: AttributeValue | None,
    *,
    kind: str | None = None,
    actor: str | None = None,
    rationale: str | None = None,
) -> CaseRecord:
    """Set (or, with ``value=None``, clear) one attribute of a case."""
    with change(workspace, actor) as (con, who):
        found = case_id(con, case)
        if value is None:
            con.execute(
                "DELETE FROM cw_case_values WHERE case_id = ? AND variable_guid IN "
                "(SELECT guid FROM cw_variables WHERE lower(name) = lower(?))",
                [found, name],
            )
            detail: dict[str, Any] = {"attribute": name, "value": None}
        else:
            detail = _set_value(con, found, name, value, kind)
        audit.record(con, "update", f"case:{found}", detail, actor=who, rationale=rationale)
    return _get_case(con, found)


def link_account(
    workspace: Workspace,
    case: str | int,
    account: str,
    *,
    unlink: bool = False,
    actor: str | None = None,
    rationale: str | None = None,
) -> CaseRecord:
    """Link a platform account (its handle, as in ``siaran sessions``) to a case, or unlink it."""
    handle = account.strip()
    with change(workspace, actor) as (con, who):
        found = case_id(con, case)
        set_link(
            con,
            "cw_case_accounts",
            {"case_id": found, "account": handle},
            linked=not unlink,
            target=f"case:{found}",
            detail={"account": handle},
            actor=who,
            rationale=rationale,
        )
    return _get_case(con, found)


def _attributes(con: duckdb.DuckDBPyConnection) -> dict[int, dict[str, AttributeValue]]:
    out: dict[int, dict[str, AttributeValue]] = {}
    for case, name, kind, value in con.execute(
        "SELECT v.case_id, var.name, var.type, v.value FROM cw_case_values v "
        "JOIN cw_variables var ON var.guid = v.variable_guid ORDER BY var.name"
    ).fetchall():
        out.setdefault(int(case), {})[str(name)] = typed_value(str(value), str(kind))
    return out


def list_cases(workspace: Workspace, *, case_set: str | None = None) -> list[CaseRecord]:
    """Every case (of ``case_set`` when given) with attributes, accounts and document count."""
    return _list_cases(workspace.con, case_set=case_set)


def _list_cases(con: duckdb.DuckDBPyConnection, *, case_set: str | None = None) -> list[CaseRecord]:
    attributes = _attributes(con)
    accounts: dict[int, list[str]] = {}
    for case, account in con.execute(
        "SELECT case_id, account FROM cw_case_accounts ORDER BY account"
    ).fetchall():
        accounts.setdefault(int(case), []).append(str(account))
    where = "WHERE c.case_set = ?" if case_set is not None else ""
    found = rows(
        con,
        f"""
        SELECT c.id, c.guid, c.name, c.description, c.case_set,
               (SELECT count(*) FROM cw_case_documents d WHERE d.case_id = c.id) AS documents
        FROM cw_cases c {where} ORDER BY c.id
        """,
        [case_set] if case_set is not None else [],
        CaseRecord,
    )
    for case in found:
        case["attributes"] = attributes.get(case["id"], {})
        case["accounts"] = accounts.get(case["id"], [])
    return found


def get_case(workspace: Workspace, case: str | int) -> CaseRecord:
    """One case by name or id, as :func:`list_cases` shows it."""
    return _get_case(workspace.con, case)


def _get_case(con: duckdb.DuckDBPyConnection, case: str | int) -> CaseRecord:
    found = case_id(con, case)
    return next(c for c in _list_cases(con) if c["id"] == found)


def variables(workspace: Workspace) -> list[VariableRecord]:
    """Every attribute variable with its type."""
    return rows(
        workspace.con,
        "SELECT guid, name, type, description FROM cw_variables ORDER BY name",
        (),
        VariableRecord,
    )


def example_cases() -> list[dict[str, AttributeValue]]:
    """The study's ten cases with their published attributes (``data/study_cases.toml``)."""
    source = resources.files("siaran.casework") / "data" / "study_cases.toml"
    loaded = tomllib.loads(source.read_text(encoding="utf-8"))
    cases: list[dict[str, AttributeValue]] = loaded["case"]
    return cases


def load_example_cases(workspace: Workspace, *, actor: str | None = None) -> list[CaseRecord]:
    """Add the study's ten cases as the example case set, unlinked to any account (the
    study's accounts are not in a workspace unless their own exports are imported). Cases
    already present by name are left as they are."""
    con = workspace.con
    who = actor or default_actor()
    added = []
    with transaction(con):
        for entry in example_cases():
            name = str(entry["name"])
            if one(con, "SELECT id FROM cw_cases WHERE lower(name) = lower(?)", [name]):
                continue
            case = _insert_case(
                con,
                name,
                description=str(entry["description"]) if "description" in entry else None,
                case_set=EXAMPLE_CASE_SET,
                actor=who,
            )
            values = [
                _set_value(con, case, key, value, "text")
                for key, value in entry.items()
                if key not in ("name", "description")
            ]
            detail = {"name": name, "attributes": values, "case_set": EXAMPLE_CASE_SET}
            audit.record(
                con,
                "create",
                f"case:{case}",
                detail,
                actor=who,
                rationale="example case set: the study's published case table",
            )
            added.append(case)
    return [c for c in _list_cases(con) if c["id"] in added]
