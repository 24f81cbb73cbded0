"""Where the indicators of each area come from, and what an area lacks when no source has it.

A source measures indicators of one or more areas for an account (:class:`Source`): the
workspace's imported sessions and stored talk scorecards here, and the data behind the lives
(fulfilment of orders, crew rosters, reviews, affiliate and reseller records) in
:mod:`siaran.advice.behind`. An area none of whose sources has data for the account is
``unknown`` and says which data would answer it (:data:`AREA_NEEDS`). A new source is one
class with the areas it covers, registered in :data:`SOURCES`; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Protocol

from siaran.advice.behind import BEHIND_SOURCES, Behind
from siaran.advice.indicators import (
    COHORT_ALL,
    COHORT_SCORED,
    SESSION_INDICATORS,
    TALK_INDICATORS,
    Definition,
    lives_per_week,
    money_cohort_name,
    money_group,
    place,
)
from siaran.advice.lives import Live, ScoredLive, lives_between
from siaran.advice.model import Indicator


@dataclass(frozen=True)
class AdviceData:
    """Everything the sources read, once: the workspace's lives and scored lives, the window
    judged and the window before it (the account's own history), and the data behind the
    lives (empty unless read)."""

    lives: tuple[Live, ...]
    scored: tuple[ScoredLive, ...]
    start: dt.date
    end: dt.date
    window_days: int
    behind: Behind = field(default_factory=Behind)

    @property
    def previous(self) -> tuple[dt.date, dt.date]:
        return (
            self.start - dt.timedelta(days=self.window_days),
            self.start - dt.timedelta(days=1),
        )

    def in_window(self, account: str | None = None) -> list[Live]:
        found = lives_between(self.lives, self.start, self.end)
        return found if account is None else [v for v in found if v.account == account]


class Source(Protocol):
    """A source of indicators: ``name`` (the data it reads), the ``areas`` it measures, and
    whether the workspace holds any of its data for ``account``."""

    name: str
    areas: tuple[str, ...]

    def has_data(self, data: AdviceData, account: str) -> bool: ...

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]: ...


class SessionSource:
    """KPIs of the imported sessions in the window (rhythm, session design, conversion)."""

    name = "sessions"
    areas: tuple[str, ...] = ("rhythm", "session_design", "conversion")

    def has_data(self, data: AdviceData, account: str) -> bool:
        return bool(data.in_window(account))

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        window = data.in_window()
        by_account: dict[str, list[Live]] = {}
        for live in window:
            by_account.setdefault(live.account, []).append(live)
        own = by_account.get(account, [])
        group = money_group(own)
        same_money = {
            name: [v for v in lives if v.money_group == group] for name, lives in by_account.items()
        }
        start, end = data.previous
        history = [v for v in lives_between(data.lives, start, end) if v.account == account]
        frequency: Definition[Live] = Definition(
            "lives_per_week",
            "rhythm",
            "per_week",
            "neutral",
            lambda lives: lives_per_week(lives, data.window_days),
        )
        found = []
        for definition in (frequency, *SESSION_INDICATORS):
            if definition.money:
                cohort: dict[str, Sequence[Live]] = dict(same_money)
                name = money_cohort_name(group)
                past = [v for v in history if v.money_group == group]
            else:
                cohort, name, past = dict(by_account), COHORT_ALL, history
            found.append(
                (
                    definition.area,
                    place(definition, account, cohort, cohort_name=name, history=past),
                )
            )
        return found


class TalkSource:
    """Stored talk scorecards and their host lines, of any time (trust, session design,
    conversion, and mentions of other channels for the ecosystem)."""

    name = "talk"
    areas: tuple[str, ...] = ("session_design", "trust", "conversion", "ecosystem")

    def has_data(self, data: AdviceData, account: str) -> bool:
        return any(s.account == account for s in data.scored)

    def indicators(self, data: AdviceData, account: str) -> list[tuple[str, Indicator]]:
        by_account: dict[str, list[ScoredLive]] = {}
        for scored in data.scored:
            by_account.setdefault(scored.account, []).append(scored)
        return [
            (d.area, place(d, account, dict(by_account), cohort_name=COHORT_SCORED))
            for d in TALK_INDICATORS
        ]


SOURCES: Final[tuple[Source, ...]] = (SessionSource(), TalkSource(), *BEHIND_SOURCES)
"""The registered sources, in the order their indicators are listed."""

AREA_NEEDS: Final[dict[str, tuple[str, ...]]] = {
    "session_design": ("sessions", "talk"),
    "trust": ("talk",),
    "conversion": ("sessions", "talk"),
    "ecosystem": ("channel_orders", "resellers"),
    "operations": ("crew_roles", "fulfilment", "reviews"),
    "rhythm": ("sessions",),
}
"""The sources that judge each area: an area none of whose sources has data is ``unknown``;
a source missing from a judged area is listed as what would complete it. ``ecosystem`` is
judged on GMV by channel and reseller records: the talk cue of other channels only
describes what the host said about them, so it is shown but does not judge the area. Reviews
add the negative review rate to ``trust`` but do not judge it alone."""


def registered(sources: Sequence[Source] = SOURCES) -> dict[str, Source]:
    return {source.name: source for source in sources}
