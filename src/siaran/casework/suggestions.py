"""Suggestions, never silent: rules propose excerpts for codes, a person accepts or rejects each.

Two sources propose: keyword rules (a code's ``keywords`` in the codebook, or a rules file) and
the talk cue tagger (:func:`siaran.talk.tag_lines`, host cues mapped to codes by each code's
``cues``). A proposal is one line of a document (the unit a transcript is written in), stored
as ``pending``; nothing is coded until a person accepts it, and both the acceptance and the
rejection are recorded in the audit trail with who decided and why.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import duckdb

from siaran.casework import audit
from siaran.casework.codebook import PATH_SEPARATOR, code_id, code_paths
from siaran.casework.coding import code_span
from siaran.casework.db import change, default_actor, now, rows
from siaran.casework.documents import document_id
from siaran.casework.errors import CaseworkError, NotFoundError
from siaran.casework.results import Decision, SuggestionRecord
from siaran.errors import BadInputError
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

_LINE: Final = re.compile(r"[^\r\n]+")


def lines_with_offsets(text: str) -> Iterator[tuple[int, int, str]]:
    """Every non-empty line as (start, end, text), ``end`` before the line break."""
    for match in _LINE.finditer(text):
        if match.group().strip():
            yield match.start(), match.end(), match.group()


def keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str]:
    """Whole words or phrases, case-insensitive, spaces matching any run of spaces."""
    parts = [r"\s+".join(map(re.escape, k.split())) for k in keywords if k.strip()]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def read_rules(path: Path) -> dict[str, list[str]]:
    """A rules file: TOML with a ``[keywords]`` table of ``"Theme/Code" = ["word", ...]``."""
    try:
        loaded = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInputError("casework.suggest.bad_rules", path=path, reason=str(exc)) from exc
    table = loaded.get("keywords")
    if not isinstance(table, dict) or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in table.values()
    ):
        raise BadInputError("casework.suggest.bad_rules", path=path, reason="[keywords]")
    return {str(k): list(v) for k, v in table.items()}


def _documents(
    con: duckdb.DuckDBPyConnection, documents: Sequence[str | int] | None
) -> list[tuple[int, str]]:
    wanted = None if documents is None else {document_id(con, d) for d in documents}
    return [
        (int(i), str(t))
        for i, t in con.execute(
            "SELECT id, text FROM cw_documents WHERE text IS NOT NULL ORDER BY id"
        ).fetchall()
        if wanted is None or int(i) in wanted
    ]


def _known(con: duckdb.DuckDBPyConnection) -> set[tuple[int, int, int, int]]:
    """Spans already proposed (any status) or already coded with the same code."""
    known = {
        (int(d), int(s), int(e), int(c))
        for d, s, e, c in con.execute(
            "SELECT document_id, start_pos, end_pos, code_id FROM cw_suggestions"
        ).fetchall()
    }
    known.update(
        (int(d), int(s), int(e), int(c))
        for d, s, e, c in con.execute(
            "SELECT e.document_id, e.start_pos, e.end_pos, g.code_id FROM cw_excerpts e "
            "JOIN cw_codings g ON g.excerpt_id = e.id"
        ).fetchall()
    )
    return known


def _store(
    con: duckdb.DuckDBPyConnection,
    proposals: list[tuple[int, int, int, int, str, str]],
    actor: str,
    source: str,
) -> int:
    known = _known(con)
    fresh = []
    for doc, start, end, code, src, rule in proposals:
        key = (doc, start, end, code)
        if key not in known:
            known.add(key)
            fresh.append((doc, start, end, code, src, rule))
    with transaction(con):
        created = now()
        for doc, start, end, code, src, rule in fresh:
            con.execute(
                "INSERT INTO cw_suggestions (document_id, start_pos, end_pos, code_id, source, "
                "rule, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
                [doc, start, end, code, src, rule, created],
            )
        if fresh:
            detail = {"source": source, "proposed": len(fresh)}
            audit.record(con, "suggest", f"suggestions:{source}", detail, actor=actor)
    return len(fresh)


def suggest_from_keywords(
    workspace: Workspace,
    *,
    rules: Mapping[str, Sequence[str]] | None = None,
    documents: Sequence[str | int] | None = None,
    actor: str | None = None,
) -> int:
    """Propose every line that contains a code's keyword; returns how many new proposals.

    ``rules`` (code reference -> keywords) replaces the codebook's own keywords when given."""
    con = workspace.con
    if rules is not None:
        keyed = {code_id(con, ref): list(words) for ref, words in rules.items()}
    else:
        keyed = {
            int(i): json.loads(k)
            for i, k in con.execute(
                "SELECT id, keywords FROM cw_codes WHERE keywords IS NOT NULL AND codable"
            ).fetchall()
        }
    patterns = {code: keyword_pattern(words) for code, words in keyed.items() if words}
    proposals = []
    for doc, text in _documents(con, documents):
        for start, end, line in lines_with_offsets(text):
            for code, pattern in patterns.items():
                found = pattern.search(line)
                if found:
                    proposals.append((doc, start, end, code, "keyword", found.group().lower()))
    return _store(con, proposals, actor or default_actor(), "keyword")


def suggest_from_cues(
    workspace: Workspace,
    *,
    documents: Sequence[str | int] | None = None,
    actor: str | None = None,
) -> int:
    """Tag each line of the documents (session transcripts when none are named) with the talk
    cue tagger and propose it for every code whose ``cues`` include one of its cues."""
    from siaran.talk import tag_lines

    con = workspace.con
    by_cue: dict[str, list[int]] = {}
    for code, cues in con.execute(
        "SELECT id, cues FROM cw_codes WHERE cues IS NOT NULL AND codable"
    ).fetchall():
        for cue in json.loads(cues):
            by_cue.setdefault(str(cue), []).append(int(code))
    if documents is None:
        chosen = [
            int(r[0])
            for r in con.execute(
                "SELECT id FROM cw_documents WHERE source_type = 'session_transcript'"
            ).fetchall()
        ]
        texts = [(d, t) for d, t in _documents(con, None) if d in chosen]
    else:
        texts = _documents(con, documents)
    proposals = []
    for doc, text in texts:
        lines = list(lines_with_offsets(text))
        tagged = tag_lines([line for _s, _e, line in lines], "host")
        for (start, end, _line), result in zip(lines, tagged, strict=True):
            for cue in result.cues:
                for code in by_cue.get(cue, []):
                    proposals.append((doc, start, end, code, "talk_cue", cue))
    return _store(con, proposals, actor or default_actor(), "talk_cue")


def list_suggestions(
    workspace: Workspace, *, status: str | None = "pending"
) -> list[SuggestionRecord]:
    con = workspace.con
    where = "WHERE s.status = ?" if status is not None else ""
    found = rows(
        con,
        f"""
        SELECT s.id, s.document_id, d.name AS document, s.start_pos AS start, s.end_pos AS "end",
               substr(d.text, s.start_pos + 1, s.end_pos - s.start_pos) AS text, s.code_id,
               s.source, s.rule, s.status, s.decided_by, s.decided_at, s.excerpt_id
        FROM cw_suggestions s JOIN cw_documents d ON d.id = s.document_id
        {where} ORDER BY s.document_id, s.start_pos, s.id
        """,
        [status] if status is not None else [],
        SuggestionRecord,
    )
    paths = code_paths(con)
    for suggestion in found:
        suggestion["code"] = PATH_SEPARATOR.join(paths.get(suggestion["code_id"], ["?"]))
    return found


def _pending(con: duckdb.DuckDBPyConnection, suggestion: int) -> tuple[Any, ...]:
    found = con.execute(
        "SELECT document_id, start_pos, end_pos, code_id, source, rule, status "
        "FROM cw_suggestions WHERE id = ?",
        [suggestion],
    ).fetchone()
    if found is None:
        raise NotFoundError("casework.suggest.not_found", suggestion=suggestion)
    if found[6] != "pending":
        raise CaseworkError("casework.suggest.decided", suggestion=suggestion, status=found[6])
    return tuple(found)


def _decide(
    con: duckdb.DuckDBPyConnection,
    suggestion: int,
    pending: tuple[Any, ...],
    status: str,
    who: str,
    *,
    excerpt: int | None = None,
    rationale: str | None = None,
) -> None:
    """Mark a pending suggestion ``accepted`` or ``rejected`` and record the decision."""
    doc, start, end, code, source, rule, _status = pending
    con.execute(
        "UPDATE cw_suggestions SET status = ?, decided_by = ?, decided_at = ?, "
        "excerpt_id = ? WHERE id = ?",
        [status, who, now(), excerpt, suggestion],
    )
    accepted = {"excerpt": excerpt} if status == "accepted" else {}
    detail = {
        **accepted,
        "document": int(doc),
        "start": int(start),
        "end": int(end),
        "code": code_paths(con)[int(code)],
        "source": source,
        "rule": rule,
    }
    action = "accept_suggestion" if status == "accepted" else "reject_suggestion"
    audit.record(con, action, f"suggestion:{suggestion}", detail, actor=who, rationale=rationale)


def accept_suggestion(
    workspace: Workspace,
    suggestion: int,
    *,
    coder: str | None = None,
    rationale: str | None = None,
) -> Decision:
    """Code the proposed span as ``coder`` and mark the suggestion accepted."""
    with change(workspace, coder) as (con, who):
        pending = _pending(con, suggestion)
        doc, start, end, code = (int(value) for value in pending[:4])
        excerpt, _applied = code_span(con, doc, start, end, [code], who)
        _decide(con, suggestion, pending, "accepted", who, excerpt=excerpt, rationale=rationale)
    return {"suggestion": suggestion, "status": "accepted", "excerpt": excerpt}


def reject_suggestion(
    workspace: Workspace,
    suggestion: int,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> Decision:
    with change(workspace, actor) as (con, who):
        pending = _pending(con, suggestion)
        _decide(con, suggestion, pending, "rejected", who, rationale=rationale)
    return {"suggestion": suggestion, "status": "rejected"}
