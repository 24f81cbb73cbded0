"""The report's section on scored lives: each talk scorecard with the suggestions it makes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from siaran.i18n import Lang
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.report.sections import ReportData
    from siaran.talk import Scorecard
    from siaran.talk.scorecard import Suggestion

SUGGESTIONS_SHOWN: Final = 3


def chosen_suggestions(card: Scorecard, lang: Lang, limit: int, fallback: int) -> list[Suggestion]:
    """The first ``limit`` suggestions that ask for a change; when none does (every check
    passed), the first ``fallback`` of them."""
    chosen = [s for s in card.suggestions(lang) if s.status != "ok"][:limit]
    return chosen or card.suggestions(lang)[:fallback]


def talk(data: ReportData, lang: Lang) -> Markup:
    """Scored lives, best score last so that the lives needing work come first."""
    ordered = sorted(data.scorecards, key=lambda c: (c.score is None, c.score or 0.0))
    cards = [(card, chosen_suggestions(card, lang, SUGGESTIONS_SHOWN, 1)) for card in ordered]
    return render("sections/talk.html", **context(lang, cards=cards))
