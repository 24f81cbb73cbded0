"""The report's "Crew and roles" section on the twelve lives of :mod:`tests.crew.lives`
(figures worked out by hand there): shown only with rosters, per account, with the role
coverage, the group sizes and the interval of the interaction-admin split."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from siaran.report.crew_section import collect_crew, crew_view
from siaran.report.html import ReportOptions, render_report
from siaran.workspace import Workspace
from tests.crew.lives import ACCOUNT, OTHER, import_lives, set_rosters

END = dt.date(2026, 8, 28)


@pytest.fixture
def lives(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "ws") as ws:
        import_lives(ws, tmp_path / "files")
        yield ws


def _section(document: str) -> str:
    start = document.index('<section id="crew"')
    return document[start : document.index("</section>", start)]


def test_no_roster_no_section(lives: Workspace) -> None:
    assert collect_crew(lives) == []
    assert '<section id="crew"' not in render_report(lives, ReportOptions(lang="en", end=END))


def test_the_section_per_account_with_a_roster(lives: Workspace) -> None:
    set_rosters(lives)
    document = render_report(lives, ReportOptions(lang="en", end=END))
    part = _section(document)
    assert "Crew and roles" in part and "association, not a cause" in part
    assert f"<h3>{ACCOUNT}</h3>" in part and f"<h3>{OTHER}</h3>" not in part
    # 10 of 12 lives have a roster, 5 with a dedicated admin (live 6's admin is its host).
    assert "10 of 12 lives have a roster, 5 with a dedicated interaction admin" in part
    # Coverage: host in all 10 (100 %), fulfilment in 2 (20 %), other in 1 (10 %).
    assert '<th scope="row">Host</th><td class="num">10</td><td class="num">100%</td>' in part
    assert '<th scope="row">Fulfilment</th><td class="num">2</td><td class="num">20%</td>' in part
    assert '<th scope="row">Other</th><td class="num">1</td><td class="num">10%</td>' in part
    # Comments per minute: 5 lives each side, means 10 and 5.
    row = part[part.index('<th scope="row">Comments per minute</th>') :]
    row = row[: row.index("</tr>")]
    cells = ("5", "5", "10.00", "5.00")
    assert "".join(f'<td class="num">{c}</td>' for c in cells) in row
    assert " to " in row  # an interval, not "too little data"
    assert "too little data" in part  # no scorecards: the answer measures
    indonesian = _section(render_report(lives, ReportOptions(lang="id", end=END)))
    assert "Kru dan peran" in indonesian and "asosiasi, bukan sebab" in indonesian


def test_the_view_writes_the_interval_of_the_difference(lives: Workspace) -> None:
    set_rosters(lives)
    (effect,) = collect_crew(lives)
    view = crew_view(effect, "en")
    split = next(s for s in effect.splits if s.measure == "comments_per_minute")
    assert split.low is not None and split.high is not None and split.low > 0
    row = next(s for s in view.splits if s.measure == "Comments per minute")
    assert row.difference.startswith("5.00 (")
    assert (row.lives_with, row.lives_without) == (5, 5)
