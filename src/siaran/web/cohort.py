"""The cohort a viewer may see, compared: every account for an admin or the local user, only
their own accounts for an owner or a coach.

Both are :func:`siaran.metrics.compare_accounts` itself, the restricted one with ``accounts=``,
so that an owner's page never carries a figure (rollup, median, correlation, weekly view or
estimate) of an account they may not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from siaran.metrics.compare import Comparison
    from siaran.workspace import Workspace


def compare_cohort(
    workspace: Workspace,
    *,
    accounts: Collection[str] | None,
    window_days: int = 28,
    end: dt.date | None = None,
) -> Comparison:
    """:func:`~siaran.metrics.compare_accounts` over ``accounts`` (``None``: all), with the
    third-party estimates of those accounts under ``estimates``."""
    from siaran.metrics import compare_accounts

    return compare_accounts(
        workspace,
        window_days=window_days,
        end=window_end(workspace, accounts, end),
        include_estimates=True,
        accounts=None if accounts is None else sorted(accounts),
    )


def window_end(
    workspace: Workspace, accounts: Collection[str] | None, end: dt.date | None
) -> dt.date | None:
    """``end``, or for a viewer restricted to ``accounts`` the day of their latest live, so
    that no window a restricted viewer sees depends on another account's sessions (``None``:
    the core's default, the workspace's latest live)."""
    if end is not None or accounts is None:
        return end
    from siaran.metrics.rollups import latest_session_date
    from siaran.store.engine import engine_context

    return latest_session_date(engine_context(workspace), sorted(accounts))
