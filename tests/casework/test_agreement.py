"""Agreement measures against values computed by hand (see docs/en/casework.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from siaran import casework as cw
from siaran.casework.db import CaseworkError
from siaran.workspace import Workspace


@pytest.fixture
def ten(workspace: Workspace, tmp_path: Path) -> Workspace:
    """A 10-character document; ana codes [0, 5), budi codes [2, 7) with the same code."""
    path = tmp_path / "ten.txt"
    path.write_text("abcdefghij", encoding="utf-8")
    cw.add_document(workspace, path, source_type="interview")
    cw.add_code(workspace, "Trust")
    cw.add_excerpt(workspace, 1, 0, 5, ["Trust"], coder="ana")
    cw.add_excerpt(workspace, 1, 2, 7, ["Trust"], coder="budi")
    return workspace


def test_uncoded_text_included(ten: Workspace) -> None:
    # both 1: c,d,e (3); ana only: a,b (2); budi only: f,g (2); neither: h,i,j (3)
    # po = 6/10; pe = .5*.5 + .5*.5 = .5; kappa = (.6-.5)/(1-.5) = 0.2
    # alpha: n = 20 values, n1 = n0 = 10, o10 + o01 = 8 -> 1 - 19*8/(2*10*10) = 0.24
    result = cw.agreement(ten, coders=["ana", "budi"])
    (trust,) = result["codes"]
    assert trust["units"] == 10 and result["documents"] == 1
    assert result["code_set"] == "applied" and result["compared_codes"] == ["Trust"]
    assert trust["agreement"] == pytest.approx(0.6)
    assert trust["kappa"] == pytest.approx(0.2)
    assert trust["alpha"] == pytest.approx(0.24)
    assert result["pooled_alpha"] == pytest.approx(0.24)


def test_uncoded_text_excluded(ten: Workspace) -> None:
    # units a..g (7): both 3, ana only 2, budi only 2, neither 0
    # po = 3/7; p_ana = p_budi = 5/7; pe = 25/49 + 4/49 = 29/49; kappa = (21-29)/(49-29) = -0.4
    # alpha: n = 14, n1 = 10, n0 = 4, o10 + o01 = 8 -> 1 - 13*8/(2*10*4) = -0.3
    result = cw.agreement(ten, uncoded="exclude")
    (trust,) = result["codes"]
    assert trust["units"] == 7
    assert trust["kappa"] == pytest.approx(-0.4)
    assert trust["alpha"] == pytest.approx(-0.3)


def test_perfect_agreement_and_undefined_kappa(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("0123456789", encoding="utf-8")
    cw.add_document(workspace, path, source_type="interview")
    cw.add_code(workspace, "A")
    cw.add_code(workspace, "B")
    cw.add_excerpt(workspace, 1, 3, 6, ["A"], coder="ana")
    cw.add_excerpt(workspace, 1, 3, 6, ["A"], coder="budi")
    cw.add_excerpt(workspace, 1, 0, 10, ["B"], coder="ana")
    cw.add_excerpt(workspace, 1, 0, 10, ["B"], coder="budi")
    by_code = {c["code"]: c for c in cw.agreement(workspace)["codes"]}
    assert by_code["A"]["kappa"] == pytest.approx(1.0)
    assert by_code["A"]["alpha"] == pytest.approx(1.0)
    assert by_code["B"]["kappa"] is None  # both coders coded everything: no variation
    assert by_code["B"]["alpha"] is None


def test_three_coders_alpha(workspace: Workspace, tmp_path: Path) -> None:
    # 4 characters; coder values per character: x=(1,1,1), y=(1,1,0), z=(0,0,0), w=(0,0,0)
    # coincidences: x: o11 += 3*2/2 = 3; y: o11 += 2*1/2 = 1, o10+o01 += 2*2*1/2 = 2;
    # z, w: o00 += 3 each -> n1 = 3+1+1 = 5, n0 = 6+1 = 7, n = 12
    # alpha = 1 - 11 * 2 / (2*5*7) = 1 - 22/70
    path = tmp_path / "t.txt"
    path.write_text("xyzw", encoding="utf-8")
    cw.add_document(workspace, path, source_type="interview")
    cw.add_code(workspace, "C")
    cw.add_excerpt(workspace, 1, 0, 2, ["C"], coder="a")
    cw.add_excerpt(workspace, 1, 0, 2, ["C"], coder="b")
    cw.add_excerpt(workspace, 1, 0, 1, ["C"], coder="c")
    result = cw.agreement(workspace, coders=["a", "b", "c"])
    (code,) = result["codes"]
    assert code["kappa"] is None  # Cohen's kappa is for two coders
    assert code["alpha"] == pytest.approx(1 - 22 / 70)


def test_one_coder_is_not_enough(ten: Workspace) -> None:
    with pytest.raises(CaseworkError):
        cw.agreement(ten, coders=["ana"])


def test_the_result_names_the_code_set_of_its_pooled_alpha(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "t.txt"
    path.write_text("0123456789", encoding="utf-8")
    cw.add_document(workspace, path, source_type="interview")
    for name in ("A", "B"):
        cw.add_code(workspace, name)
    cw.add_excerpt(workspace, 1, 0, 4, ["A"], coder="ana")
    cw.add_excerpt(workspace, 1, 0, 4, ["A"], coder="budi")
    cw.add_excerpt(workspace, 1, 5, 9, ["B"], coder="ana")
    everything = cw.agreement(workspace, uncoded="exclude")
    only_a = cw.agreement(workspace, codes=["A"], uncoded="exclude")
    assert (everything["code_set"], everything["compared_codes"]) == ("applied", ["A", "B"])
    assert (only_a["code_set"], only_a["compared_codes"]) == ("chosen", ["A"])
    # A different code set, different units and pooled figure: the output must say which.
    assert (only_a["units"], everything["units"]) == (4, 8)
    assert only_a["pooled_alpha"] is None  # both coders coded every unit: no variation
    assert everything["pooled_alpha"] is not None
