"""The comparison behind the overview for a restricted viewer: compare_accounts over their
accounts, within-account weekly view included."""

from __future__ import annotations

from pathlib import Path

from siaran.metrics import compare_accounts
from siaran.web.cohort import compare_cohort
from siaran.workspace import Workspace


def test_a_coachs_comparison_is_compare_accounts_over_their_accounts(
    cohort_workspace: Path,
) -> None:
    cohort = ["keripik.mantap", "kopi.senja"]
    with Workspace.open(cohort_workspace) as ws:
        restricted = compare_cohort(ws, accounts=set(cohort))
        # The same seed and resamples as every other comparison (siaran.resampling).
        expected = compare_accounts(ws, include_estimates=True, accounts=cohort)
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


def test_scatter_lines_sit_at_the_comparisons_medians_even_past_an_unplottable_account() -> None:
    """An account selling nothing is compared (its quadrant counts) but cannot sit on a log
    axis: the quadrant lines stay where the comparison split, not at the plotted points'
    medians."""
    from siaran.web.charts import scatter
    from siaran.web.formatting import Figures

    rows = [
        {"account": "a", "currency": "IDR", "sessions_per_28_days": 4.0,
         "gmv_mean_per_session": 0.0, "quadrant": "infrequent_low_value"},
        {"account": "b", "currency": "IDR", "sessions_per_28_days": 8.0,
         "gmv_mean_per_session": 100.0, "quadrant": "infrequent_low_value"},
        {"account": "c", "currency": "IDR", "sessions_per_28_days": 12.0,
         "gmv_mean_per_session": 300.0, "quadrant": "frequent_high_value"},
    ]  # fmt: skip
    medians = {"sessions_per_28_days": 8.0, "gmv_mean_per_session": 100.0}
    spec, missing = scatter(rows, medians, Figures("en"), {})
    assert missing == ["a"]
    lines = spec["layout"]["shapes"]
    assert [(line["x0"], line["y0"]) for line in lines] == [(8.0, 0), (0, 100.0)]
