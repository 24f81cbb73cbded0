"""The report's experiments section: every recorded experiment with its verdict sentence,
escaped, in both languages; and the section's empty state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from siaran.experiments import add_experiment, evaluate_experiment
from siaran.experiments.evaluate import verdict_sentence
from siaran.report import ReportOptions, render_report
from tests.report.test_html import END, EVIL, build_cohort


def _section(document: str) -> str:
    start = document.index('<section id="experiments"')
    return document[start : document.index("</section>", start)]


def test_each_experiment_is_listed_with_its_verdict(tmp_path: Path) -> None:
    start = END - dt.timedelta(days=28)
    with build_cohort(tmp_path / "ws") as ws:
        add_experiment(ws, "pagi", accounts=["keripik_bu_sri"], start=start, kpi="gmv")
        add_experiment(ws, EVIL, accounts=["gajahsakti.pwt"], start=start, kpi="gmv_per_live_hour")
        evaluation = evaluate_experiment(ws, "pagi")
        english = _section(render_report(ws, ReportOptions(lang="en", end=END)))
        indonesian = _section(render_report(ws, ReportOptions(lang="id", end=END)))
    assert english.count("<tr data-experiment=") == 2
    assert "Experiments: did the change work?" in english
    assert "Eksperimen: apakah perubahan berhasil?" in indonesian
    row = english.split('data-experiment="pagi"')[1].split("</tr>")[0]
    assert "keripik_bu_sri" in row and "before/after" in row
    assert f'class="experiment-verdict {evaluation.code}"' in row
    # The sentence as the CLI gives it (quotes escaped for HTML).
    assert verdict_sentence(evaluation, "en").replace("'", "&#39;").split(".")[0] in row
    assert EVIL not in english and "&lt;script&gt;" in english


def test_no_experiment_says_so(tmp_path: Path) -> None:
    with build_cohort(tmp_path / "ws") as ws:
        part = _section(render_report(ws, ReportOptions(lang="en", end=END)))
    assert "No experiment recorded yet." in part
