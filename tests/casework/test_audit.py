"""The audit trail detects any edit or deletion, tested by tampering with the table directly."""

from __future__ import annotations

from siaran import casework as cw
from siaran.workspace import Workspace

GREETING = "Session design for attention and engagement/Persuasive greeting and opening"


def _trail(ws: Workspace) -> None:
    cw.add_excerpt(ws, 1, 0, 4, [GREETING], coder="ana", rationale="opening line")
    cw.add_memo(ws, "memo", author="budi")
    cw.rename_code(ws, GREETING, "Greeting", actor="ana")


def test_every_analytic_action_is_recorded_with_who_when_what_why(coded: Workspace) -> None:
    _trail(coded)
    log = cw.audit_log(coded)
    actions = [e["action"] for e in log]
    assert actions[:3] == ["create", "create", "create"]  # two cases, the starter codebook
    assert actions[-3:] == ["code", "memo", "rename"]
    code = log[-3]
    assert code["actor"] == "ana" and code["rationale"] == "opening line"
    assert code["detail"]["start"] == 0 and code["detail"]["codes"] == [GREETING.split("/")]
    assert code["at"].endswith("+00:00")
    verdict = cw.verify_audit(coded)
    assert verdict.intact and verdict.entries == len(log)


def test_editing_an_entry_is_detected(coded: Workspace) -> None:
    _trail(coded)
    coded.con.execute("UPDATE cw_audit SET actor = 'mallory' WHERE action = 'code'")
    verdict = cw.verify_audit(coded)
    assert not verdict.intact
    assert [(p.seq, p.reason) for p in verdict.problems] == [
        (cw.audit_log(coded, action="code")[0]["seq"], "casework.audit.problem.altered")
    ]


def test_editing_the_rationale_or_detail_is_detected(coded: Workspace) -> None:
    _trail(coded)
    coded.con.execute("UPDATE cw_audit SET rationale = NULL WHERE action = 'code'")
    assert not cw.verify_audit(coded).intact


def test_deleting_an_entry_in_the_middle_is_detected(coded: Workspace) -> None:
    _trail(coded)
    coded.con.execute("DELETE FROM cw_audit WHERE action = 'memo'")
    reasons = {p.reason for p in cw.verify_audit(coded).problems}
    assert {"casework.audit.problem.gap", "casework.audit.problem.broken_link"} <= reasons


def test_deleting_the_last_entry_is_detected(coded: Workspace) -> None:
    _trail(coded)
    coded.con.execute("DELETE FROM cw_audit WHERE seq = (SELECT max(seq) FROM cw_audit)")
    reasons = [p.reason for p in cw.verify_audit(coded).problems]
    assert reasons == ["casework.audit.problem.head"]


def test_rewriting_an_entry_with_a_recomputed_hash_breaks_the_next_link(coded: Workspace) -> None:
    from siaran.casework.audit import entry_hash

    _trail(coded)
    row = coded.con.execute(
        "SELECT seq, recorded_at, action, target, detail, rationale, prev_hash FROM cw_audit "
        "WHERE action = 'code'"
    ).fetchone()
    assert row is not None
    seq, at, action, target, detail, rationale, prev = row
    forged = entry_hash(prev, seq, at, "mallory", action, target, detail, rationale)
    coded.con.execute(
        "UPDATE cw_audit SET actor = 'mallory', hash = ? WHERE seq = ?", [forged, seq]
    )
    problems = cw.verify_audit(coded).problems
    assert [(p.seq, p.reason) for p in problems] == [
        (seq + 1, "casework.audit.problem.broken_link")
    ]


def test_a_failed_action_leaves_no_entry(coded: Workspace) -> None:
    import pytest

    from siaran.casework.db import CaseworkError

    before = len(cw.audit_log(coded))
    with pytest.raises(CaseworkError):
        cw.add_excerpt(coded, 1, 0, 10_000, [GREETING], coder="ana")
    assert len(cw.audit_log(coded)) == before
    assert cw.verify_audit(coded).intact
