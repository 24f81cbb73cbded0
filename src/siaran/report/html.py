"""One self-contained, offline HTML report: frequency vs value for a cohort of accounts.

The file carries its CSS and SVG inline and asks for nothing over the network (no scripts,
fonts, images or style sheets from anywhere), so it can be emailed, opened on a phone without
signal, or printed. The same workspace and window always give the same bytes: there is no
"generated at" clock time, only the window's end date. It is ``templates/report.html``
with the style sheet ``templates/report.css`` and one rendered template per section.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

from markupsafe import Markup

from siaran.formatting import format_date
from siaran.i18n import Lang, text
from siaran.progress import NO_PROGRESS, Progress
from siaran.report import (
    advice_section,
    crew_section,
    ecosystem_section,
    experiments_section,
    feedback_section,
    figures,
    operations_section,
    sections,
    talk_section,
    timeline,
)
from siaran.report.sections import ReportData, context
from siaran.report.templating import render
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

SECTIONS: Final[tuple[str, ...]] = (
    "verdict",
    "cohort",
    "scatter",
    "trends",
    "activity",
    "within",
    "talk",
    "timeline",
    "advice",
    "experiments",
    "ecosystem",
    "operations",
    "estimates",
    "glossary",
)
"""The sections every report with accounts shows, in order."""
FEEDBACK_SECTION: Final = "feedback"
"""Shown after ``advice`` only when reviews are stored (a report without them is unchanged)."""
CREW_SECTION: Final = "crew"
"""Shown after ``operations`` only when crew rosters are stored (a report without them is
unchanged)."""


_T = TypeVar("_T")


@dataclass(frozen=True)
class ReportOptions:
    """What a report shows and how it is computed: its language, the window of
    ``window_days`` ending on ``end`` (``None``: the metrics layer's choice, the latest
    session's day), and the engine its analytics run on."""

    lang: Lang
    window_days: int = 28
    end: date | None = None
    engine: EngineName = DEFAULT_ENGINE


def collect(
    workspace: Workspace, options: ReportOptions, *, progress: Progress = NO_PROGRESS
) -> ReportData:
    """Gather what the report shows from the metrics layer (one call per figure), the KPIs and
    timelines computed on ``options.engine``; ``progress`` is told of each figure gathered and
    of each live's timeline."""
    from siaran import __version__
    from siaran.advice import advise_all
    from siaran.experiments import evaluate_all
    from siaran.metrics.compare import compare_accounts
    from siaran.metrics.glossary import glossary
    from siaran.metrics.rollups import account_trends, estimate_rollups, weekday_hour_activity
    from siaran.store.engine import engine_context
    from siaran.talk.storage import stored_scorecards

    lang, window_days, end, engine = options.lang, options.window_days, options.end, options.engine
    with progress.task("report", "steps", total=COLLECT_STEPS) as steps:

        def done(value: _T) -> _T:
            steps.advance(1)
            return value

        operations = done(operations_section.collect_operations(workspace))
        comparison = done(
            compare_accounts(workspace, window_days=window_days, end=end, engine=engine)
        )
        window_end = sections.as_date(comparison["window"]["end"]) or end
        return ReportData(
            comparison=comparison,
            trends=done(
                account_trends(workspace, window_days=window_days, end=window_end, engine=engine)
            ),
            activity=done(
                weekday_hour_activity(
                    workspace, window_days=window_days, end=window_end, engine=engine
                )
            ),
            estimates=done(estimate_rollups(workspace, engine=engine)),
            scorecards=done(stored_scorecards(workspace)),
            timelines=done(
                timeline.collect_timelines(
                    engine_context(workspace, engine), workspace, progress=progress
                )
            ),
            advice=done(
                advise_all(workspace, window_days=window_days, end=window_end, engine=engine)
            ),
            experiments=done(evaluate_all(workspace, engine=engine)),
            ecosystem=done(ecosystem_section.collect(workspace)),
            operations=operations.accounts,
            operations_lives=operations.lives,
            fulfilment=operations.settings,
            glossary=glossary(lang),
            feedback=done(feedback_section.collect_feedback(workspace)),
            crew=done(crew_section.collect_crew(workspace, engine=engine)),
            timezone=workspace.timezone.key,
            version=__version__,
        )


COLLECT_STEPS: Final = 12
"""The figures :func:`collect` gathers one by one (each one step of its progress)."""


BUILDERS: Final[dict[str, Callable[[ReportData, Lang], Markup]]] = {
    "verdict": sections.verdict,
    "cohort": sections.cohort,
    "scatter": figures.scatter,
    "trends": figures.trends,
    "activity": figures.activity,
    "within": figures.within,
    "talk": talk_section.talk,
    "timeline": timeline.timelines,
    "advice": advice_section.advice,
    "experiments": experiments_section.experiments,
    "ecosystem": ecosystem_section.ecosystem,
    "operations": operations_section.operations,
    "feedback": feedback_section.feedback,
    "crew": crew_section.crew,
    "estimates": sections.estimates,
    "glossary": sections.glossary,
}


def _css() -> Markup:
    """The report's style sheet (ours: placed as it is, inside ``<style>``)."""
    return Markup((resources.files("siaran.report") / "templates" / "report.css").read_text())


def render_html(data: ReportData, lang: Lang) -> str:
    """The report for ``data`` as one HTML document (a pure function of its inputs)."""
    titles = {
        name: text(f"report.section.{name}", lang, days=data.window_days)
        if name == "trends"
        else text(f"report.section.{name}", lang)
        for name in (*SECTIONS, FEEDBACK_SECTION, CREW_SECTION)
    }
    shown = SECTIONS if data.accounts else ("glossary",)
    if data.accounts and data.feedback:
        at = SECTIONS.index("advice") + 1
        shown = (*SECTIONS[:at], FEEDBACK_SECTION, *SECTIONS[at:])
    if data.accounts and data.crew:
        at = shown.index("operations") + 1
        shown = (*shown[:at], CREW_SECTION, *shown[at:])
    document = render(
        "report.html",
        **context(
            lang,
            version=data.version,
            end=format_date(sections.as_date(data.window["end"] if data.window else None), lang),
            css=_css(),
            header=sections.header(data, lang, [(name, titles[name]) for name in shown]),
            empty=not data.accounts,
            sections=[(name, titles[name], BUILDERS[name](data, lang)) for name in shown],
            footer=sections.footer(data, lang),
        ),
    )
    return document + "\n"


def render_report(
    workspace: Workspace, options: ReportOptions, *, progress: Progress = NO_PROGRESS
) -> str:
    """The HTML report of ``workspace`` as ``options`` say: over the ``window_days`` ending on
    ``end``, its analytics run on ``engine``.

    The result is one self-contained document in ``options.lang``; it is deterministic for the
    same data. Its figures are reported on ``progress`` as they are gathered.
    """
    return render_html(collect(workspace, options, progress=progress), options.lang)


def write_report(
    workspace: Workspace, out: Path, options: ReportOptions, *, progress: Progress = NO_PROGRESS
) -> Path:
    """Render the report (:func:`render_report` with ``options``) and write it to ``out``
    atomically; returns ``out``.

    The text goes to a temporary file beside ``out`` that replaces it in one step, so a
    reader never sees half a report and a failure leaves any earlier report untouched.
    """
    document = render_report(workspace, options, progress=progress)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(document)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o644)
        temp.replace(out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return out
