"""Experiments (:mod:`siaran.experiments`): the list a viewer may see, and one experiment's
evaluation with its estimate, interval, p-value, verdict, the accounts it rests on and the
controls it was compared with.

In agency mode a viewer sees an experiment only when every account that made the change is
one of theirs, and its evaluation rests on their accounts alone (the controls are chosen
among them), as the comparison on the overview does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from siaran.errors import SiaranError
from siaran.experiments.estimate import MIN_LIVES_PER_CELL
from siaran.web.pages.common import not_found, web_of
from siaran.web.paths import account_url, segment
from siaran.web.rendering import render
from siaran.web.viewer import Viewer, viewer_of

if TYPE_CHECKING:
    from siaran.experiments import Evaluation, Experiment
    from siaran.workspace import Workspace

router = APIRouter()
NAV: Final = (35, "/experiments", "web.nav.experiments")


@dataclass(frozen=True)
class Listed:
    """One row of the list: the experiment and its evaluation (``None`` when it failed)."""

    experiment: Experiment
    evaluation: Evaluation | None
    href: str


def experiment_url(name: str) -> str:
    return "/experiments/" + segment(name)


def _cohort(viewer: Viewer) -> list[str] | None:
    return None if viewer.accounts is None else sorted(viewer.accounts)


def _visible(viewer: Viewer, experiment: Experiment) -> bool:
    return all(viewer.may_see(account) for account in experiment.accounts)


def _evaluate(ws: Workspace, name: str, cohort: list[str] | None) -> Evaluation | None:
    from siaran.experiments import evaluate_experiment

    try:
        return evaluate_experiment(ws, name, cohort=cohort)
    except SiaranError:
        return None


@router.get("/experiments", response_class=HTMLResponse)
def experiments_page(request: Request) -> HTMLResponse:
    from siaran.experiments import list_experiments

    viewer = viewer_of(request)
    cohort = _cohort(viewer)

    def compute(ws: Workspace) -> list[Listed]:
        return [
            Listed(e, _evaluate(ws, e.name, cohort), experiment_url(e.name))
            for e in list_experiments(ws)
            if _visible(viewer, e)
        ]

    rows = web_of(request).access.cached(("experiments", tuple(cohort or ())), compute)
    return render(request, viewer, "experiments.html", rows=rows, account_url=account_url)


@router.get("/experiments/{name:segment}", response_class=HTMLResponse)
def experiment_page(request: Request, name: str) -> HTMLResponse:
    from siaran.experiments import get_experiment

    viewer = viewer_of(request)
    cohort = _cohort(viewer)

    def compute(ws: Workspace) -> tuple[Experiment, Evaluation | None] | None:
        try:
            experiment = get_experiment(ws, name)
        except SiaranError:
            return None
        if not _visible(viewer, experiment):
            return None
        return experiment, _evaluate(ws, name, cohort)

    found = web_of(request).access.cached(("experiment", name, tuple(cohort or ())), compute)
    if found is None:
        raise not_found()
    experiment, evaluation = found
    return render(
        request,
        viewer,
        "experiment.html",
        experiment=experiment,
        evaluation=evaluation,
        result=evaluation.to_json() if evaluation is not None else None,
        account_url=account_url,
        min_lives=MIN_LIVES_PER_CELL,
    )
