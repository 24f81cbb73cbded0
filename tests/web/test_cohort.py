"""The comparison behind the overview for a restricted viewer: compare_accounts over their
accounts, within-account weekly view included."""

from __future__ import annotations

from pathlib import Path

from siaran.metrics import compare_accounts
from siaran.web.cohort import RESAMPLES, SEED, compare_cohort
from siaran.workspace import Workspace


def test_a_coachs_comparison_is_compare_accounts_over_their_accounts(
    cohort_workspace: Path,
) -> None:
    cohort = ["keripik.mantap", "kopi.senja"]
    with Workspace.open(cohort_workspace) as ws:
        restricted = compare_cohort(ws, accounts=set(cohort))
        expected = compare_accounts(
            ws, seed=SEED, resamples=RESAMPLES, include_estimates=True, accounts=cohort
        )
        everyone = compare_cohort(ws, accounts=None)
    assert restricted == expected
    assert [a["account"] for a in restricted["accounts"]] == cohort
    assert [w["account"] for w in restricted["within_account"]] == cohort
    assert all(w["weeks"] for w in restricted["within_account"])
    assert len(everyone["accounts"]) == 5
    # An account left out of the comparison (no GMV, no currency) gets no weekly view either.
    assert [(e["account"], e["reason"]) for e in everyone["excluded"]] == [
        ("tanaman.hias", "no_gmv")
    ]
    assert len(everyone["within_account"]) == 4
