from __future__ import annotations

from pathlib import Path

import pytest

from siaran import casework as cw
from siaran.casework.db import CaseworkError
from siaran.casework.matrices import TriangulationRow
from siaran.workspace import Workspace
from tests.casework.conftest import span

THEME1 = "Session design for attention and engagement"
THEME2 = "Transparency and demonstration as the basis of trust"
GREETING = f"{THEME1}/Persuasive greeting and opening"
DEMO = f"{THEME2}/Product demonstration"
PROCESS = f"{THEME2}/Showing the production process"


@pytest.fixture
def analysed(coded: Workspace, tmp_path: Path) -> Workspace:
    text = cw.document_text(coded, 1) or ""
    cw.add_excerpt(coded, 1, *span(text, "Halo kak"), [GREETING], coder="ana")
    cw.add_excerpt(coded, 1, *span(text, "opak asli"), [DEMO], coder="ana")
    cw.add_excerpt(
        coded, 1, *span(text, "opak asli, kami tunjukkan proses"), [PROCESS], coder="ana"
    )
    notes = tmp_path / "obs.txt"
    notes.write_text("Host menunjukkan anggrek dari dekat.\n", encoding="utf-8")
    cw.add_document(coded, notes, source_type="observation", cases=["Cilengko Orchids"])
    cw.add_excerpt(coded, 2, 0, 35, [DEMO], coder="ana")
    return coded


def test_case_by_theme_matrix_counts_and_quotes(analysed: Workspace) -> None:
    matrix = cw.case_matrix(analysed, quotes=1)
    assert matrix["columns"][:2] == [THEME1, THEME2]
    rows = {r["case"]: r["cells"] for r in matrix["rows"]}
    assert rows["Opak Izul Berkah"][THEME1]["excerpts"] == 1
    assert rows["Opak Izul Berkah"][THEME2]["excerpts"] == 2
    assert rows["Opak Izul Berkah"][THEME2]["quotes"][0]["text"] == "opak asli"
    assert rows["Cilengko Orchids"][THEME2]["excerpts"] == 1
    assert rows["Cilengko Orchids"][THEME1] == {"excerpts": 0, "documents": 0, "quotes": []}
    by_code = cw.case_matrix(analysed, level="code")
    assert by_code["rows"][0]["cells"][DEMO]["excerpts"] == 1


def test_triangulation_counts_source_types(analysed: Workspace) -> None:
    rows = {r["theme"]: r for r in cw.triangulation_matrix(analysed)}
    trust = rows[THEME2]
    assert (trust["interview"], trust["observation"], trust["source_types"], trust["cases"]) == (
        2,
        1,
        2,
        2,
    )
    assert rows[THEME1]["source_types"] == 1
    # The row's declared keys are the ones it carries: one count per source type, in order.
    assert list(trust) == ["theme", *cw.SOURCE_TYPES, "source_types", "cases"]
    assert set(trust) == set(TriangulationRow.__required_keys__)


def test_cooccurrence_of_overlapping_codes(analysed: Workspace) -> None:
    pairs = cw.cooccurrence(analysed)
    assert pairs == [{"a": DEMO, "b": PROCESS, "overlaps": 1, "documents": 1}]
    assert cw.cooccurrence(analysed, level="theme") == []  # both codes are in one theme


def test_joint_display_without_linked_accounts_has_unknown_kpis(analysed: Workspace) -> None:
    joint = cw.joint_display(analysed)
    row = joint["rows"][0]
    assert row["themes"][THEME2] == 2
    assert row["accounts"] == [] and row["kpis"]["sessions"] is None


def test_joint_display_uses_live_kpis_of_linked_accounts(tmp_path: Path) -> None:
    from siaran.demo.build import build_demo_workspace
    from siaran.metrics.rollups import account_rollups

    folder = tmp_path / "demo"
    build_demo_workspace(folder)
    with Workspace.open(folder) as ws:
        examples = cw.list_cases(ws, case_set=cw.EXAMPLE_CASE_SET)
        assert len(examples) == 10 and all(c["accounts"] == [] for c in examples)
        account = account_rollups(ws)[0]
        cw.add_case(ws, "Fictional shop", accounts=[account["account"]])
        joint = cw.joint_display(ws)
        row = next(r for r in joint["rows"] if r["case"] == "Fictional shop")
        assert row["kpis"]["sessions"] == account["sessions"]
        assert row["kpis"]["gmv_mean_per_session"] == account["gmv_mean_per_session"]


def test_keyword_and_cue_suggestions_wait_for_a_person(coded: Workspace) -> None:
    proposed = cw.suggest_from_keywords(coded, actor="ana")
    assert proposed > 0
    assert cw.list_excerpts(coded) == []  # never silent: nothing coded yet
    pending = cw.list_suggestions(coded)
    urgency = next(s for s in pending if s["code"].endswith("Promotional urgency"))
    assert urgency["text"] == "Buruan checkout sekarang, stok terbatas ya kak."
    accepted = cw.accept_suggestion(coded, urgency["id"], coder="budi", rationale="clear urgency")
    excerpt = cw.list_excerpts(coded)[0]
    assert excerpt["id"] == accepted["excerpt"] and excerpt["coder"] == "budi"
    other = next(s for s in cw.list_suggestions(coded) if s["id"] != urgency["id"])
    cw.reject_suggestion(coded, other["id"], actor="ana", rationale="keyword out of context")
    decided = [e["action"] for e in cw.audit_log(coded)][-2:]
    assert decided == ["accept_suggestion", "reject_suggestion"]
    with pytest.raises(CaseworkError):
        cw.accept_suggestion(coded, urgency["id"])
    assert cw.suggest_from_keywords(coded) == 0  # nothing proposed twice
    cues = cw.suggest_from_cues(coded, documents=[1])
    assert cues > 0
    assert any(s["source"] == "talk_cue" for s in cw.list_suggestions(coded))


def test_rules_file_for_keywords(coded: Workspace, tmp_path: Path) -> None:
    from siaran.casework.suggestions import read_rules
    from siaran.errors import BadInputError

    rules = tmp_path / "rules.toml"
    rules.write_text(f'[keywords]\n"{GREETING}" = ["selamat datang"]\n', encoding="utf-8")
    assert cw.suggest_from_keywords(coded, rules=read_rules(rules)) == 1
    rules.write_text("[keywords]\nx = 3\n", encoding="utf-8")
    with pytest.raises(BadInputError):
        read_rules(rules)
