"""A plan for the next live: the run sheet of an account's next live (architecture with
minute marks, product lineup, time slot, crew, prepared answers, calls to action and checks,
top recommendations), written as an A4 PDF, a phone-friendly page and JSON, and the plan
checked against the live that followed (``siaran plan``, docs/en/plan.md)."""

from siaran.plan.build import make_plan
from siaran.plan.check import CheckRow, PlanCheck, check_plan
from siaran.plan.model import PLAN_FORMAT, Plan, plan_from_json
from siaran.plan.render import plan_html, plan_pdf, sheet_html, write_plan

__all__ = [
    "PLAN_FORMAT",
    "CheckRow",
    "Plan",
    "PlanCheck",
    "check_plan",
    "make_plan",
    "plan_from_json",
    "plan_html",
    "plan_pdf",
    "sheet_html",
    "write_plan",
]
