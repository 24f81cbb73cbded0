"""The demo's plan for the next live: one account's run sheet written beside the report.

``dapur.sekar.arum`` is the demo account with every source a plan reads: imported lives, a
scored live with its comments, captured events and linked orders. Its plan is written as
:data:`PLAN_FILE` (an A4 PDF) in the demo folder, with the plan's JSON beside it, so that
``siaran plan check`` can be tried on it at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.plan import make_plan, write_plan
from siaran.plan.render import WrittenPlan
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.i18n import Lang
    from siaran.workspace import Workspace

PLAN_ACCOUNT: Final = "dapur.sekar.arum"
PLAN_FILE: Final = f"plan-{PLAN_ACCOUNT}.pdf"


def write_demo_plan(
    workspace: Workspace, folder: Path, lang: Lang, engine: EngineName = DEFAULT_ENGINE
) -> WrittenPlan:
    """The plan of :data:`PLAN_ACCOUNT`'s next live, as ``folder / PLAN_FILE``."""
    found = make_plan(workspace, PLAN_ACCOUNT, engine=engine)
    return write_plan(found, folder / PLAN_FILE, lang)
