"""The cohort a viewer may see, compared: every account for an admin or the local user, only
their own accounts for an owner or a coach.

The whole cohort is :func:`siaran.metrics.compare_accounts` itself. A restricted view is the
same comparison over the visible accounts, built from the same public pieces (the rollups,
Spearman's rho with the seeded bootstrap, the verdict), so that an owner's page never carries
a figure of an account they may not see. It leaves out the within-account weekly view, which
the comparison computes only for a whole cohort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from siaran.workspace import Workspace

RESAMPLES: Final = 2000
SEED: Final = 20260704


def compare_cohort(
    workspace: Workspace,
    *,
    accounts: Collection[str] | None,
    window_days: int = 28,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """:func:`~siaran.metrics.compare_accounts` over ``accounts`` (``None``: all), with the
    third-party estimates of those accounts under ``estimates``."""
    from siaran.metrics import compare_accounts

    if accounts is None:
        return compare_accounts(
            workspace,
            window_days=window_days,
            end=end,
            seed=SEED,
            resamples=RESAMPLES,
            include_estimates=True,
        )
    return _restricted(workspace, sorted(accounts), window_days, end)


def _restricted(
    workspace: Workspace, accounts: list[str], window_days: int, end: dt.date | None
) -> dict[str, Any]:
    from siaran.metrics import bootstrap_spearman, spearman
    from siaran.metrics.compare import CONFIDENCE, FREQUENCY, MIN_ACCOUNTS, VALUE, verdict
    from siaran.metrics.rollups import estimate_rollups, resolve_window, rollups_for
    from siaran.metrics.sessions import engine_context
    from siaran.report.figures import splits

    context = engine_context(workspace)
    window = resolve_window(context, window_days, end)
    rows = rollups_for(context, window, accounts)
    x_split, y_split = splits(rows)
    complete = []
    for row in rows:
        x, y = row[FREQUENCY], row[VALUE]
        if x is None or y is None or x_split is None or y_split is None:
            row["quadrant"] = None
            continue
        frequency = "frequent" if x > x_split else "infrequent"
        value = "high_value" if y > y_split else "low_value"
        row["quadrant"] = f"{frequency}_{value}"
        complete.append(row)
    n = len(complete)
    xs = [float(r[FREQUENCY]) for r in complete]
    ys = [float(r[VALUE]) for r in complete]
    rho = low = high = None
    if n >= MIN_ACCOUNTS:
        rho = spearman(xs, ys)
        if rho is not None:
            low, high = bootstrap_spearman(xs, ys, resamples=RESAMPLES, seed=SEED)
    visible = set(accounts)
    return {
        "window": window.as_dict(),
        "accounts": rows,
        "correlation": {
            "method": "spearman",
            "rho": rho,
            "ci_low": low,
            "ci_high": high,
            "n": n,
            "confidence": CONFIDENCE,
            "resamples": RESAMPLES,
            "seed": SEED,
        },
        "within_account": [],
        "verdict": verdict(rho, low, high, n),
        "estimates": [e for e in estimate_rollups(workspace) if e["account"] in visible],
    }
