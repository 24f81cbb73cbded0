"""Cross-case analysis: case x theme (or code) matrix, triangulation, co-occurrence, and the
joint display that puts each case's themes beside its live KPIs.

Counts are of excerpts (a span coded once or several times counts once per cell). A coding on a
sub-code counts for its theme. Quotes are the first excerpts of the cell in document order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypedDict, cast

import duckdb

from siaran.casework.codebook import PATH_SEPARATOR, code_paths, theme_of
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.metrics.rollups import AccountRollup
    from siaran.workspace import Workspace

Level = Literal["theme", "code"]
LEVELS: Final[tuple[Level, ...]] = ("theme", "code")
JOINT_KPIS: Final = (
    "sessions",
    "live_hours",
    "gmv_total",
    "gmv_mean_per_session",
    "views_per_session",
    "gmv_per_live_hour",
)
"""The KPIs of the joint display, from :func:`siaran.metrics.rollups.account_rollups`."""


class Quote(TypedDict):
    """An excerpt quoted in a matrix cell."""

    excerpt: int
    document: str
    start: int
    end: int
    text: str | None


class MatrixCell(TypedDict):
    """The excerpts and documents of a case under a theme (or code), and the first quotes."""

    excerpts: int
    documents: int
    quotes: list[Quote]


class MatrixRow(TypedDict):
    case: str
    case_id: int
    cells: dict[str, MatrixCell]


class CaseMatrix(TypedDict):
    """Case x theme (or code), every case and every column present."""

    level: Level
    columns: list[str]
    rows: list[MatrixRow]


class TriangulationRow(TypedDict):
    """A theme's excerpts per source type (:data:`siaran.casework.documents.SOURCE_TYPES`), the
    number of source types behind it and its cases."""

    theme: str
    interview: int
    observation: int
    published_case_study: int
    platform_analytics_note: int
    session_transcript: int
    other: int
    source_types: int
    cases: int


class Cooccurrence(TypedDict):
    """Two codes (or themes) applied to overlapping text: overlapping pairs and documents."""

    a: str
    b: str
    overlaps: int
    documents: int


class JointKpis(TypedDict):
    """The live KPIs of the joint display (:data:`JOINT_KPIS`) and their currency."""

    currency: str | None
    sessions: int | None
    live_hours: float | None
    gmv_total: float | None
    gmv_mean_per_session: float | None
    views_per_session: float | None
    gmv_per_live_hour: float | None


class AccountKpis(JointKpis):
    """One linked account's KPIs in the joint display."""

    account: str
    platform: str | None


class JointRow(TypedDict):
    """A case's excerpts per theme beside its accounts' KPIs, combined and one by one."""

    case: str
    themes: dict[str, int]
    accounts: list[str]
    kpis: JointKpis
    account_kpis: list[AccountKpis]


class JointDisplay(TypedDict):
    window_days: int
    themes: list[str]
    rows: list[JointRow]


class _Gathered(TypedDict):
    excerpts: set[int]
    documents: set[int]
    quotes: list[Quote]


def _labels(con: duckdb.DuckDBPyConnection, level: Level) -> tuple[dict[int, int], dict[int, str]]:
    """Map every code to its column (itself or its theme) and each column to its label."""
    paths = code_paths(con)
    if level == "code":
        return {c: c for c in paths}, {c: PATH_SEPARATOR.join(p) for c, p in paths.items()}
    themes = theme_of(con)
    return themes, {t: paths[t][0] for t in set(themes.values())}


def _coded(con: duckdb.DuckDBPyConnection, coder: str | None) -> list[tuple[Any, ...]]:
    where = "WHERE g.coder = ?" if coder is not None else ""
    return con.execute(
        f"""
        SELECT e.id, e.document_id, e.start_pos, e.end_pos, e.quote, g.code_id, d.source_type,
               d.name
        FROM cw_codings g JOIN cw_excerpts e ON e.id = g.excerpt_id
        JOIN cw_documents d ON d.id = e.document_id
        {where}
        ORDER BY e.document_id, e.start_pos, e.id
        """,
        [coder] if coder is not None else [],
    ).fetchall()


def case_matrix(
    workspace: Workspace,
    *,
    level: Level = "theme",
    quotes: int = 2,
    coder: str | None = None,
) -> CaseMatrix:
    """Case x theme (or code): for each cell the excerpts, documents and first ``quotes``.

    Returns ``{"level", "columns": [labels], "rows": [{"case", "cells": {label: cell}}]}`` with
    every case and every column present (empty cells count 0)."""
    con = workspace.con
    column_of, labels = _labels(con, level)
    docs_of_case: dict[int, set[int]] = defaultdict(set)
    for case, document in con.execute(
        "SELECT case_id, document_id FROM cw_case_documents"
    ).fetchall():
        docs_of_case[int(case)].add(int(document))
    cases_of_doc: dict[int, list[int]] = defaultdict(list)
    for case, documents in docs_of_case.items():
        for document in documents:
            cases_of_doc[document].append(case)
    cells: dict[tuple[int, int], _Gathered] = {}
    for excerpt, document, start, end, quote, code, _source, doc_name in _coded(con, coder):
        column = column_of[int(code)]
        for case in cases_of_doc.get(int(document), ()):
            cell = cells.setdefault(
                (case, column), {"excerpts": set(), "documents": set(), "quotes": []}
            )
            if excerpt in cell["excerpts"]:
                continue
            cell["excerpts"].add(excerpt)
            cell["documents"].add(document)
            if len(cell["quotes"]) < quotes:
                cell["quotes"].append(
                    {
                        "excerpt": int(excerpt),
                        "document": doc_name,
                        "start": int(start),
                        "end": int(end),
                        "text": quote,
                    }
                )
    ordered_columns = _ordered(con, labels)
    rows_out: list[MatrixRow] = []
    for case, name in con.execute("SELECT id, name FROM cw_cases ORDER BY id").fetchall():
        row_cells: dict[str, MatrixCell] = {}
        for column in ordered_columns:
            found = cells.get((int(case), column))
            row_cells[labels[column]] = {
                "excerpts": len(found["excerpts"]) if found else 0,
                "documents": len(found["documents"]) if found else 0,
                "quotes": found["quotes"] if found else [],
            }
        rows_out.append({"case": name, "case_id": int(case), "cells": row_cells})
    return {"level": level, "columns": [labels[c] for c in ordered_columns], "rows": rows_out}


def _ordered(con: duckdb.DuckDBPyConnection, labels: dict[int, str]) -> list[int]:
    """Columns in codebook order (depth first, siblings by position)."""
    paths = code_paths(con)
    positions = dict(con.execute("SELECT id, position FROM cw_codes").fetchall())
    parents = dict(con.execute("SELECT id, parent_id FROM cw_codes").fetchall())

    def key(code: int) -> list[tuple[int, int]]:
        chain: list[tuple[int, int]] = []
        current: int | None = code
        while current is not None and len(chain) <= len(paths):
            chain.append((int(positions[current]), current))
            current = parents.get(current)
        return chain[::-1]

    return sorted(labels, key=key)


def triangulation_matrix(
    workspace: Workspace, *, coder: str | None = None
) -> list[TriangulationRow]:
    """Theme x source type: excerpts, documents and cases behind each theme, per kind of
    evidence (interviews, observation, published case studies, analytics notes, transcripts)."""
    from siaran.casework.documents import SOURCE_TYPES

    con = workspace.con
    themes = theme_of(con)
    paths = code_paths(con)
    cases_of_doc: dict[int, set[int]] = defaultdict(set)
    for case, document in con.execute(
        "SELECT case_id, document_id FROM cw_case_documents"
    ).fetchall():
        cases_of_doc[int(document)].add(int(case))
    cells: dict[tuple[int, str], dict[str, set[int]]] = {}
    for excerpt, document, _s, _e, _q, code, source, _n in _coded(con, coder):
        cell = cells.setdefault(
            (themes[int(code)], str(source)),
            {"excerpts": set(), "documents": set(), "cases": set()},
        )
        cell["excerpts"].add(int(excerpt))
        cell["documents"].add(int(document))
        cell["cases"].update(cases_of_doc.get(int(document), ()))
    out: list[TriangulationRow] = []
    for theme in _ordered(con, {t: paths[t][0] for t in set(themes.values())}):
        found = {source: cells.get((theme, source)) for source in SOURCE_TYPES}
        row = {
            "theme": paths[theme][0],
            **{source: len(cell["excerpts"]) if cell else 0 for source, cell in found.items()},
            "source_types": sum(bool(cell) for cell in found.values()),
            "cases": len(set().union(*(c["cases"] for (t, _), c in cells.items() if t == theme))),
        }
        out.append(cast(TriangulationRow, row))
    return out


def cooccurrence(
    workspace: Workspace, *, level: Level = "code", coder: str | None = None
) -> list[Cooccurrence]:
    """Pairs of codes (or themes) applied to overlapping text of the same document: how many
    overlapping excerpt pairs there are (an excerpt carrying both counts once) and in how many
    documents. Pairs that never co-occur are left out."""
    con = workspace.con
    column_of, labels = _labels(con, level)
    codes = list(column_of)
    where = "AND g.coder = ?" if coder is not None else ""
    params: list[Any] = [codes, [column_of[c] for c in codes]]
    if coder is not None:
        params.append(coder)
    found = con.execute(
        f"""
        WITH map AS (SELECT unnest(?::BIGINT[]) AS code, unnest(?::BIGINT[]) AS col),
        coded AS (
          SELECT DISTINCT e.id AS ex, e.document_id AS doc, e.start_pos AS s, e.end_pos AS t,
                 map.col
          FROM cw_excerpts e JOIN cw_codings g ON g.excerpt_id = e.id {where}
          JOIN map ON map.code = g.code_id
        ),
        pairs AS (
          SELECT DISTINCT a.col AS a_col, b.col AS b_col, a.ex AS a_ex, b.ex AS b_ex, a.doc
          FROM coded a JOIN coded b
            ON a.doc = b.doc AND a.s < b.t AND b.s < a.t AND a.col < b.col
        )
        SELECT a_col, b_col, count(*) AS n_pairs, count(DISTINCT doc) AS n_documents
        FROM pairs GROUP BY a_col, b_col ORDER BY n_pairs DESC, a_col, b_col
        """,
        params,
    ).fetchall()
    return [
        {"a": labels[int(a)], "b": labels[int(b)], "overlaps": int(n), "documents": int(d)}
        for a, b, n, d in found
    ]


def joint_display(
    workspace: Workspace,
    *,
    window_days: int = 28,
    end: dt.date | None = None,
    coder: str | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> JointDisplay:
    """The case x theme matrix beside each case's live KPIs over the window (computed on
    ``engine``).

    KPIs come from the case's linked accounts (:func:`siaran.metrics.rollups.account_rollups`);
    a case linked to several accounts of one currency gets their sum (sessions, hours, GMV) and
    the per-session and per-hour figures recomputed from those sums; with mixed currencies the
    combined figures stay unknown and the per-account rows still show. A case with no linked
    account, or whose accounts had no live in the window, has unknown (null) KPIs, never 0."""
    matrix = case_matrix(workspace, level="theme", quotes=0, coder=coder)
    con = workspace.con
    linked: dict[int, list[str]] = defaultdict(list)
    for case, account in con.execute(
        "SELECT case_id, account FROM cw_case_accounts ORDER BY account"
    ).fetchall():
        linked[int(case)].append(str(account))
    accounts = sorted({a for values in linked.values() for a in values})
    per_account: dict[str, list[AccountRollup]] = defaultdict(list)
    if accounts:
        from siaran.metrics.rollups import account_rollups

        for rollup in account_rollups(
            workspace, window_days=window_days, end=end, accounts=accounts, engine=engine
        ):
            per_account[rollup["account"]].append(rollup)
    rows_out: list[JointRow] = []
    for row in matrix["rows"]:
        own = [r for a in linked.get(row["case_id"], []) for r in per_account.get(a, [])]
        rows_out.append(
            {
                "case": row["case"],
                "themes": {label: cell["excerpts"] for label, cell in row["cells"].items()},
                "accounts": linked.get(row["case_id"], []),
                "kpis": _combined(own),
                "account_kpis": [
                    cast(
                        AccountKpis,
                        {
                            "account": r["account"],
                            "platform": r.get("platform"),
                            "currency": r.get("currency"),
                            **{k: r.get(k) for k in JOINT_KPIS},
                        },
                    )
                    for r in own
                ],
            }
        )
    return {"window_days": window_days, "themes": matrix["columns"], "rows": rows_out}


def _combined(rollups: Sequence[Mapping[str, Any]]) -> JointKpis:
    empty = cast(JointKpis, {"currency": None, **dict.fromkeys(JOINT_KPIS)})
    if not rollups:
        return empty
    if len(rollups) == 1:
        only = rollups[0]
        return cast(
            JointKpis, {"currency": only.get("currency"), **{k: only.get(k) for k in JOINT_KPIS}}
        )
    currencies = {r.get("currency") for r in rollups}

    def total(name: str) -> float | None:
        values = [r.get(name) for r in rollups]
        return None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]

    sessions, hours = total("sessions"), total("live_hours")
    out = empty.copy()
    out["sessions"] = None if sessions is None else int(sessions)
    out["live_hours"] = hours
    if len(currencies) == 1:
        gmv = total("gmv_total")
        out["currency"] = next(iter(currencies))
        out["gmv_total"] = gmv
        out["gmv_mean_per_session"] = gmv / sessions if gmv is not None and sessions else None
        out["gmv_per_live_hour"] = gmv / hours if gmv is not None and hours else None
    views = [r.get("views_per_session") for r in rollups]
    if sessions and all(v is not None for v in views):
        weighted = 0.0
        for per_session, rollup in zip(views, rollups, strict=True):
            weighted += float(per_session or 0) * float(rollup["sessions"] or 0)
        out["views_per_session"] = weighted / sessions
    return out
