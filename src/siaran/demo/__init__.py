"""A calibrated synthetic cohort, written through the real export layouts and imported.

``siaran demo`` builds a workspace from it, so that every command and report has something
to show before a seller imports their own exports. The accounts and numbers are invented;
only their ranges follow the field study (see :mod:`siaran.demo.cohort`).
"""

from __future__ import annotations

from siaran.demo.build import DemoExport, DemoSummary, build_demo_workspace, write_demo_exports
from siaran.demo.cohort import DEMO_PROFILES, CohortProfile, generate_cohort

__all__ = [
    "DEMO_PROFILES",
    "CohortProfile",
    "DemoExport",
    "DemoSummary",
    "build_demo_workspace",
    "generate_cohort",
    "write_demo_exports",
]
