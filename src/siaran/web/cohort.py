"""The cohort a viewer may see, compared: every account for an admin or the local user, only
their own accounts for an owner or a coach.

Both are :func:`siaran.metrics.compare_accounts` itself, the restricted one with ``accounts=``,
so that an owner's page never carries a figure (rollup, median, correlation, weekly view or
estimate) of an account they may not see.
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

    return compare_accounts(
        workspace,
        window_days=window_days,
        end=end,
        seed=SEED,
        resamples=RESAMPLES,
        include_estimates=True,
        accounts=None if accounts is None else sorted(accounts),
    )
