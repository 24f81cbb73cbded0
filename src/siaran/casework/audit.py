"""The audit trail: every analytic action, appended and hash-chained.

Each entry records who acted, when (UTC, ISO 8601), what (an action, its target and the details
needed to understand it) and why (an optional rationale). Its ``hash`` is the SHA-256 of the
previous entry's hash and of its own fields, so editing any entry breaks its own hash and
deleting one breaks the link of the next. The latest sequence number and hash are also kept in
the workspace's settings, so that removing the last entries is caught too. An auditor who keeps
the head hash that ``siaran audit verify`` prints can later check that the trail they saw is
still the beginning of the trail they are shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypedDict

import duckdb

from siaran.casework.db import default_actor, now, one, rows

if TYPE_CHECKING:
    from siaran.workspace import Workspace

GENESIS: Final = "0" * 64
HEAD_SETTING: Final = "casework.audit_head"

ACTIONS: Final = (
    "create",
    "update",
    "delete",
    "link",
    "unlink",
    "code",
    "uncode",
    "rename",
    "move",
    "merge",
    "split",
    "memo",
    "suggest",
    "accept_suggestion",
    "reject_suggestion",
    "import",
    "export",
)


def _canonical(detail: Mapping[str, Any]) -> str:
    return json.dumps(
        detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    detail: str,
    rationale: str | None,
) -> str:
    """The hash of one entry given its predecessor's hash (fields joined by a unit separator)."""
    parts = (prev_hash, str(seq), at, actor, action, target, detail, rationale or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _head(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    found = one(con, "SELECT value FROM settings WHERE key = ?", [HEAD_SETTING])
    if found is None:
        return 0, GENESIS
    seq, digest = str(found).split(" ", 1)
    return int(seq), digest


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    target: str,
    detail: Mapping[str, Any] | None = None,
    *,
    actor: str | None = None,
    rationale: str | None = None,
) -> int:
    """Append one entry (inside the caller's transaction) and return its sequence number."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    seq, prev = _head(con)
    seq += 1
    at = now().isoformat()
    who = actor or default_actor()
    text = _canonical(detail or {})
    why = rationale.strip() if rationale and rationale.strip() else None
    digest = entry_hash(prev, seq, at, who, action, target, text, why)
    con.execute(
        "INSERT INTO cw_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, who, action, target, text, why, prev, digest],
    )
    con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [HEAD_SETTING, f"{seq} {digest}"])
    return seq


class _EntryFields(TypedDict):
    seq: int
    at: str
    actor: str
    action: str
    target: str
    rationale: str | None
    hash: str


class AuditEntry(_EntryFields):
    """One entry of the trail, its detail read back from JSON."""

    detail: dict[str, object]


class _StoredEntry(_EntryFields):
    detail: str


class AuditProblemJson(TypedDict):
    seq: int
    reason: str


class AuditVerdictJson(TypedDict):
    intact: bool
    entries: int
    head_hash: str
    problems: list[AuditProblemJson]


def audit_log(
    workspace: Workspace,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries oldest first (the last ``limit`` of them when given), details as objects."""
    con = workspace.con
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("actor", actor), ("action", action), ("target", target)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    found = rows(
        con,
        f"SELECT seq, recorded_at AS at, actor, action, target, detail, rationale, hash "
        f"FROM cw_audit "
        f"{clause} ORDER BY seq",
        params,
        _StoredEntry,
    )
    if limit is not None:
        found = found[-limit:] if limit > 0 else []
    return [{**entry, "detail": json.loads(entry["detail"])} for entry in found]


@dataclass(frozen=True)
class AuditProblem:
    """Where the chain breaks: ``seq`` of the entry and a reason key of the catalogue."""

    seq: int
    reason: str


@dataclass(frozen=True)
class AuditVerdict:
    entries: int
    head_hash: str
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def to_dict(self) -> AuditVerdictJson:
        return {
            "intact": self.intact,
            "entries": self.entries,
            "head_hash": self.head_hash,
            "problems": [{"seq": p.seq, "reason": p.reason} for p in self.problems],
        }


def verify_audit(workspace: Workspace) -> AuditVerdict:
    """Recompute the chain from the first entry and compare it with what is stored."""
    con = workspace.con
    stored = con.execute(
        "SELECT seq, recorded_at, actor, action, target, detail, rationale, prev_hash, hash "
        "FROM cw_audit ORDER BY seq"
    ).fetchall()
    problems: list[AuditProblem] = []
    prev = GENESIS
    expected_seq = 1
    for seq, at, actor, action, target, detail, rationale, prev_hash, digest in stored:
        if seq != expected_seq:
            problems.append(AuditProblem(int(seq), "casework.audit.problem.gap"))
        if prev_hash != prev:
            problems.append(AuditProblem(int(seq), "casework.audit.problem.broken_link"))
        recomputed = entry_hash(prev_hash, seq, at, actor, action, target, detail, rationale)
        if recomputed != digest:
            problems.append(AuditProblem(int(seq), "casework.audit.problem.altered"))
        prev = digest
        expected_seq = int(seq) + 1
    head_seq, head_hash = _head(con)
    last_seq = int(stored[-1][0]) if stored else 0
    if (head_seq, head_hash) != (last_seq, prev if stored else GENESIS):
        problems.append(AuditProblem(last_seq, "casework.audit.problem.head"))
    return AuditVerdict(len(stored), prev, problems)
