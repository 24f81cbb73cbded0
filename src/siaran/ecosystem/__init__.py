"""The live as the hub of an ecosystem: affiliates who sell the products and resellers who
buy to sell again.

- :func:`import_ecosystem_file`: an affiliate order export (TikTok Shop or the canonical CSV)
  or a reseller register into the workspace, without buyers' personal data
  (:mod:`siaran.ecosystem.layouts`, :mod:`siaran.ecosystem.parsing`,
  :mod:`siaran.ecosystem.importer`).
- :func:`channel_gmv`, :func:`partners_by_month`, :func:`signup_comparison`,
  :func:`summaries`: GMV by channel, partners active per month, reseller sign-ups after lives
  with and without an ecosystem call, and the ecosystem KPIs (:mod:`siaran.ecosystem.measures`).
"""

from __future__ import annotations

from siaran.ecosystem.importer import (
    EcosystemImportReport,
    import_ecosystem_file,
    is_ecosystem_file,
    is_ecosystem_header,
    mapping_kind,
)
from siaran.ecosystem.layouts import CONTENT_TYPES, LAYOUT_NAMES
from siaran.ecosystem.measures import (
    CHANNELS,
    DEFAULT_WINDOW_DAYS,
    ChannelMonth,
    EcosystemSummary,
    PartnerMonth,
    SignupComparison,
    SignupLive,
    channel_gmv,
    partners_by_month,
    signup_comparison,
    summaries,
)

__all__ = [
    "CHANNELS",
    "CONTENT_TYPES",
    "DEFAULT_WINDOW_DAYS",
    "LAYOUT_NAMES",
    "ChannelMonth",
    "EcosystemImportReport",
    "EcosystemSummary",
    "PartnerMonth",
    "SignupComparison",
    "SignupLive",
    "channel_gmv",
    "import_ecosystem_file",
    "is_ecosystem_file",
    "is_ecosystem_header",
    "mapping_kind",
    "partners_by_month",
    "signup_comparison",
    "summaries",
]
