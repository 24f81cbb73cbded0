"""The report's section on customer feedback: per account and per product, the reviews, mean
stars, negative review rate over 7 and 30 days, the cue complained of most and the complaints
raised in live comments (:mod:`siaran.feedback`). Shown only when reviews are stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from siaran.feedback.measures import SUMMARY_FIELDS
from siaran.i18n import Lang
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.feedback import FeedbackSummary
    from siaran.report.sections import ReportData
    from siaran.workspace import Workspace


def collect_feedback(workspace: Workspace) -> list[FeedbackSummary]:
    """Every account's summary and, after it, its products' (none without reviews)."""
    from siaran.feedback import feedback_overview

    found = workspace.con.execute("SELECT count(*) FROM reviews").fetchone()
    if not found or not found[0]:
        return []
    overview = feedback_overview(workspace)
    rows: list[FeedbackSummary] = []
    for summary in overview.accounts:
        rows.append(summary)
        rows += [p for p in overview.products if p.account == summary.account]
    return rows


def feedback(data: ReportData, lang: Lang) -> Markup:
    return render(
        "sections/feedback.html", **context(lang, rows=data.feedback, columns=SUMMARY_FIELDS)
    )
