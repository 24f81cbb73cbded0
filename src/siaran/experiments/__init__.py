"""Experiments: a change a seller or coach made, and whether it moved a live-level KPI.

Record one (:func:`add_experiment`), assign the lives of a switchback (:func:`assign_lives`)
and evaluate it (:func:`evaluate_experiment`): before/after with a difference-in-differences
against cohort accounts without the change, or with and without the change by live, with a
bootstrap interval, a permutation p-value and a verdict that says "too little data" below the
minimums (:mod:`siaran.experiments.estimate`). :mod:`siaran.experiments.simulation` plants
known effects to measure how often the interval covers them and how often an effect is
claimed where there is none.
"""

from siaran.experiments.evaluate import Evaluation, evaluate_all, evaluate_experiment
from siaran.experiments.records import (
    Experiment,
    ExperimentError,
    add_experiment,
    assign_lives,
    experiment_kpis,
    get_experiment,
    list_experiments,
    parse_accounts,
    remove_experiment,
)

__all__ = [
    "Evaluation",
    "Experiment",
    "ExperimentError",
    "add_experiment",
    "assign_lives",
    "evaluate_all",
    "evaluate_experiment",
    "experiment_kpis",
    "get_experiment",
    "list_experiments",
    "parse_accounts",
    "remove_experiment",
]
