"""The report's section on crew and roles: per account with a recorded roster, the role
coverage across its lives and the live measures split by whether a dedicated interaction admin
was there, with each group's size and the interval of the difference
(:func:`siaran.crew.crew_effect`), said as an association. Shown only when rosters are stored
(a report without them is unchanged).

The dashboard's account page shows the same view with the same partial
(``partials/crew.html``) through :func:`crew_view`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from siaran.crew.wording import interval_text, measure_value, summary_text
from siaran.formatting import format_percent
from siaran.i18n import Lang, text
from siaran.report.sections import context
from siaran.report.templating import render
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.crew import CrewEffect, Split
    from siaran.report.sections import ReportData
    from siaran.workspace import Workspace


@dataclass(frozen=True)
class CoverageRow:
    role: str
    lives: int
    share: str


@dataclass(frozen=True)
class SplitRow:
    measure: str
    lives_with: int
    lives_without: int
    mean_with: str
    mean_without: str
    difference: str


@dataclass(frozen=True)
class CrewView:
    """One account's crew view, every figure written in one language."""

    account: str
    summary: str
    coverage: tuple[CoverageRow, ...]
    splits: tuple[SplitRow, ...]
    split_title: str
    association: str


def collect_crew(
    workspace: Workspace,
    accounts: list[str] | None = None,
    *,
    engine: EngineName = DEFAULT_ENGINE,
) -> list[CrewEffect]:
    """The crew effect of every account with a roster (only ``accounts`` when given), its
    session measures computed on ``engine``."""
    from siaran.crew import crew_accounts, crew_effect

    return [
        crew_effect(workspace, a, engine=engine)
        for a in crew_accounts(workspace)
        if accounts is None or a in accounts
    ]


def _difference(split: Split, min_lives: int, lang: Lang) -> str:
    if not split.enough or split.difference is None:
        return text(
            "crew.effect.too_little",
            lang,
            min=min_lives,
            with_=split.needed_with,
            without=split.needed_without,
        )
    return interval_text(split, lang)


def crew_view(effect: CrewEffect, lang: Lang) -> CrewView:
    """``effect`` written in ``lang`` for the partial."""
    coverage = tuple(
        CoverageRow(
            text(f"crew.role.{c.role}", lang),
            c.lives,
            "—" if c.share is None else format_percent(c.share, lang, decimals=0),
        )
        for c in effect.coverage
    )
    splits = tuple(
        SplitRow(
            text(f"crew.measure.{s.measure}", lang),
            s.lives_with,
            s.lives_without,
            measure_value(s.measure, s.mean_with, lang),
            measure_value(s.measure, s.mean_without, lang),
            _difference(s, effect.min_lives, lang),
        )
        for s in effect.splits
    )
    return CrewView(
        account=effect.account,
        summary=summary_text(effect, lang),
        coverage=coverage,
        splits=splits,
        split_title=text(
            "crew.effect.split_title",
            lang,
            confidence=format_percent(effect.confidence, lang, decimals=0),
        ),
        association=text("crew.effect.association", lang),
    )


def crew(data: ReportData, lang: Lang) -> Markup:
    """Per account with a roster: coverage and the interaction-admin split."""
    views = [crew_view(e, lang) for e in data.crew]
    return render("sections/crew.html", **context(lang, views=views))
