"""The report's section on scored lives: each talk scorecard with the suggestions it makes."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Final

from siaran.formatting import format_number
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.report.sections import ReportData
    from siaran.talk import Scorecard

STATUS_MARK: Final[dict[str, str]] = {"ok": "●", "warn": "◐", "fail": "○", "unknown": "·"}
SUGGESTIONS_SHOWN: Final = 3


def _checks(card: Scorecard, lang: Lang) -> str:
    items = "".join(
        f'<li class="check {check.status}"><span class="mark" aria-hidden="true">'
        f"{STATUS_MARK[check.status]}</span> {escape(text(f'talk.check.{check.key}', lang))}: "
        f"<b>{escape(text(f'talk.status.{check.status}', lang))}</b></li>"
        for check in card.checks
    )
    return f'<ul class="checks">{items}</ul>'


def _suggestions(card: Scorecard, lang: Lang) -> str:
    chosen = [s for s in card.suggestions(lang) if s.status != "ok"][:SUGGESTIONS_SHOWN]
    if not chosen:
        chosen = card.suggestions(lang)[:1]
    return "<ol>" + "".join(f"<li>{escape(s.text)}</li>" for s in chosen) + "</ol>"


def _card(card: Scorecard, lang: Lang) -> str:
    score = "—" if card.score is None else format_number(card.score, lang)
    heading = text("report.talk.card", lang, room=card.room_id or "—", score=score)
    return (
        f'<article class="scorecard"><h3>{escape(heading)}</h3>'
        f"{_checks(card, lang)}"
        f"<p>{escape(text('report.talk.suggestions', lang))}</p>{_suggestions(card, lang)}"
        "</article>"
    )


def talk(data: ReportData, lang: Lang) -> str:
    """Scored lives, best score last so that the lives needing work come first."""
    if not data.scorecards:
        return f'<p class="empty">{escape(text("report.talk.none", lang))}</p>'
    ordered = sorted(data.scorecards, key=lambda c: (c.score is None, c.score or 0.0))
    intro = f'<p class="note">{escape(text("report.talk.intro", lang))}</p>'
    return intro + "\n".join(_card(card, lang) for card in ordered)
