"""The report's section on what to do next: each account's six areas and its first
recommendations (:mod:`siaran.advice`), or what to collect when the data do not support
advice yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from siaran.advice.model import AREAS
from siaran.advice.texts import effect_sentence
from siaran.i18n import Lang, text
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.advice import Advice
    from siaran.report.sections import ReportData

RECOMMENDATIONS_SHOWN: Final = 2


@dataclass(frozen=True)
class AdviceRow:
    account: str
    statuses: list[tuple[str, str]]  # (status code, its label) per area
    advice: list[tuple[str, str, str]]  # (action, confidence label, effect sentence)
    collect: list[str]


def advice_rows(found: list[Advice], lang: Lang) -> list[AdviceRow]:
    rows = []
    for advice in found:
        statuses: list[tuple[str, str]] = [
            (str(area.status), text(f"advice.status.{area.status}", lang)) for area in advice.areas
        ]
        shown = [
            (
                rec.action[lang],
                text(f"advice.confidence.{rec.confidence}", lang),
                effect_sentence(rec.effect, None)[lang],
            )
            for rec in advice.recommendations[:RECOMMENDATIONS_SHOWN]
        ]
        collect = [] if shown else [words[lang] for _key, words in advice.collect_next[:1]]
        rows.append(AdviceRow(advice.account, statuses, shown, collect))
    return rows


def advice(data: ReportData, lang: Lang) -> Markup:
    """Accounts by handle: the status of each area, then the first recommendations."""
    headers = [(text("report.advice.account", lang), False)]
    headers += [(text(f"advice.area.{area}", lang), False) for area in AREAS]
    return render(
        "sections/advice.html",
        **context(lang, headers=headers, rows=advice_rows(data.advice, lang)),
    )
