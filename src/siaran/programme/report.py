"""``siaran programme report``: the programme's report for a funder, as a PDF (WeasyPrint).

A summary page (the cohort, the coaching given, the overall impact), the charts (static SVG,
:mod:`siaran.programme.charts`), the training-needs matrix, the impact per capability area with
its method and assumptions, and one page per seller (needs, coaching sessions, the first
recommendations of ``siaran advise``). Everything in the document is inline: no font, image or
style sheet is fetched. The file is written whole or not at all (a temporary file renamed).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from jinja2 import PackageLoader

from siaran.advice import advise_all
from siaran.errors import BadInputError
from siaran.formatting import format_percent
from siaran.formatting.times import format_date
from siaran.i18n import Lang
from siaran.programme.charts import NEED_COLOURS, impact_chart, sessions_chart
from siaran.programme.coaching import CoachingSession
from siaran.programme.coaching import list_sessions as list_coaching
from siaran.programme.impact import programme_impact
from siaran.programme.needs import matrix_of
from siaran.progress import NO_PROGRESS, Progress
from siaran.report.templating import make_environment, translator

if TYPE_CHECKING:
    from siaran.advice import Advice
    from siaran.workspace import Workspace

TOP_RECOMMENDATIONS: Final = 3


@dataclass(frozen=True)
class SellerPage:
    """One seller's page: their diagnosis and their coaching."""

    advice: Advice
    sessions: tuple[CoachingSession, ...]


def render_html(workspace: Workspace, lang: Lang, *, accounts: list[str] | None = None) -> str:
    """The report as one self-contained HTML document (what the PDF is printed from)."""
    advices = advise_all(workspace, accounts=accounts)
    sessions = list_coaching(workspace, accounts=accounts)
    matrix = matrix_of(advices, sessions)
    impact = programme_impact(workspace, accounts=accounts)
    impacts = (impact.overall, *impact.areas)
    pages = [
        SellerPage(a, tuple(s for s in sessions if s.account == a.account))
        for a in sorted(advices, key=lambda a: a.account)
    ]
    env = make_environment(PackageLoader("siaran.programme", "templates"))
    template = env.get_template("programme_report.html")
    return template.render(
        t=translator(lang),
        lang=lang,
        today=format_date(dt.date.today(), lang),
        matrix=matrix,
        impacts=impacts,
        overall=impact.overall,
        assumptions=impact.to_json()["assumptions"][lang],
        sessions=sessions,
        coaches=sorted({s.coach for s in sessions}),
        coached=sorted({s.account for s in sessions}),
        pages=pages,
        top=TOP_RECOMMENDATIONS,
        impact_svg=impact_chart(impacts, lang),
        sessions_svg=sessions_chart(sessions, lang),
        colours=NEED_COLOURS,
        percent=lambda v: format_percent(v, lang),
        date=lambda d: format_date(d, lang),
    )


def write_report(
    workspace: Workspace, out: Path, *, lang: Lang = "id", progress: Progress = NO_PROGRESS
) -> Path:
    """Write the PDF report to ``out``; the file appears whole or not at all. ``progress`` is
    told of its two steps: the figures gathered, the PDF laid out."""
    import weasyprint

    out = Path(out)
    if out.is_dir() or not out.parent.is_dir():
        raise BadInputError("programme.report.bad_out", path=out)
    with progress.task("pdf", "steps", total=2) as steps:
        document = render_html(workspace, lang)
        steps.advance(1)
        handle, temporary = tempfile.mkstemp(prefix=".siaran-", suffix=".pdf", dir=out.parent)
        os.close(handle)
        try:
            weasyprint.HTML(string=document, base_url=None).write_pdf(temporary)
            Path(temporary).replace(out)
        finally:
            Path(temporary).unlink(missing_ok=True)
        steps.advance(1)
    return out
