"""Metrics: the KPI registry (every KPI defined once), sessions with their derived KPIs,
per-account rollups over N-day windows, and the cohort comparison of frequency and value.

Everything is computed by the engine through portable Ibis expressions; see
:mod:`siaran.metrics.registry` for the definitions. The glossary (``glossary(lang)``,
``render_markdown(lang)``) is in :mod:`siaran.metrics.glossary`, not re-exported here, so that
``python -m siaran.metrics.glossary --write`` runs it cleanly.
"""

from siaran.metrics.compare import compare_accounts
from siaran.metrics.money import FxTable, read_fx_table
from siaran.metrics.registry import (
    DISAGREEMENT_THRESHOLD,
    KPIS,
    Kpi,
    kpi,
    rollup_kpi_names,
    session_kpi_names,
    with_session_kpis,
)
from siaran.metrics.rollups import (
    account_rollups,
    account_trends,
    estimate_rollups,
    weekday_hour_activity,
)
from siaran.metrics.sessions import list_sessions
from siaran.metrics.spearman import bootstrap_spearman, permutation_test, spearman

__all__ = [
    "DISAGREEMENT_THRESHOLD",
    "KPIS",
    "FxTable",
    "Kpi",
    "account_rollups",
    "account_trends",
    "bootstrap_spearman",
    "compare_accounts",
    "estimate_rollups",
    "kpi",
    "list_sessions",
    "permutation_test",
    "read_fx_table",
    "rollup_kpi_names",
    "session_kpi_names",
    "spearman",
    "weekday_hour_activity",
    "with_session_kpis",
]
