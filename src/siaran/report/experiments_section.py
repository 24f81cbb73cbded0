"""The report's section on experiments (:mod:`siaran.experiments`): each recorded change with
its KPI, design, accounts and period, and its verdict in plain words with the interval and
p-value it rests on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from siaran.formatting import format_date
from siaran.formatting.fields import label
from siaran.i18n import Lang, text
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.experiments import Evaluation
    from siaran.report.sections import ReportData


@dataclass(frozen=True)
class ExperimentRow:
    name: str
    kpi: str
    design: str
    accounts: str
    period: str
    code: str
    verdict: str


def experiment_rows(found: list[Evaluation], lang: Lang) -> list[ExperimentRow]:
    from siaran.experiments.evaluate import verdict_sentence

    rows = []
    for evaluation in found:
        experiment = evaluation.experiment
        end = (
            format_date(experiment.end, lang)
            if experiment.end
            else text("report.experiments.ongoing", lang)
        )
        rows.append(
            ExperimentRow(
                name=experiment.name,
                kpi=label(experiment.kpi, lang),
                design=text(f"report.experiments.designs.{experiment.design}", lang),
                accounts=", ".join(experiment.accounts),
                period=f"{format_date(experiment.start, lang)} – {end}",
                code=evaluation.code,
                verdict=verdict_sentence(evaluation, lang),
            )
        )
    return rows


def experiments(data: ReportData, lang: Lang) -> Markup:
    """Every experiment of the workspace and its verdict."""
    headers = [
        (text(f"report.experiments.{name}", lang), False)
        for name in ("name", "kpi", "design", "accounts", "period", "verdict")
    ]
    return render(
        "sections/experiments.html",
        **context(lang, headers=headers, rows=experiment_rows(data.experiments, lang)),
    )
