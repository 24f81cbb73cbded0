"""The ecosystem of each account, for the report's section and the dashboard's account page:
its ecosystem KPIs, GMV by channel and month, partners active per month, and reseller
sign-ups after lives with and without an ecosystem call (:mod:`siaran.ecosystem`). Both render
the shared partial ``partials/ecosystem.html``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from markupsafe import Markup

from siaran.ecosystem import (
    CHANNELS,
    ChannelMonth,
    EcosystemSummary,
    PartnerMonth,
    SignupComparison,
    channel_gmv,
    partners_by_month,
    signup_comparison,
    summaries,
)
from siaran.i18n import Lang, text
from siaran.report.markup import Figures
from siaran.report.sections import context
from siaran.report.templating import render

if TYPE_CHECKING:
    from siaran.report.sections import ReportData
    from siaran.workspace import Workspace

KPIS: Final = ("affiliate_gmv_share", "reseller_gmv_share", "active_affiliates", "active_resellers")


@dataclass(frozen=True)
class EcosystemView:
    """One account's ecosystem, as the report and the dashboard show it."""

    account: str
    summary: EcosystemSummary
    months: list[dt.date] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    cells: dict[tuple[dt.date, str], ChannelMonth] = field(default_factory=dict)
    partners: list[PartnerMonth] = field(default_factory=list)
    signups: SignupComparison | None = None


def collect(workspace: Workspace, accounts: Collection[str] | None = None) -> list[EcosystemView]:
    """The ecosystem of every account of ``accounts`` (``None``: all) that has ecosystem data."""
    channels = channel_gmv(workspace, accounts)
    partners = partners_by_month(workspace, accounts)
    signups = {s.account: s for s in signup_comparison(workspace, accounts)}
    views = []
    for summary in summaries(workspace, accounts):
        mine = [c for c in channels if c.account == summary.account]
        used = {c.channel for c in mine}
        views.append(
            EcosystemView(
                account=summary.account,
                summary=summary,
                months=sorted({c.month for c in mine}),
                channels=[c for c in CHANNELS if c in used],
                cells={(c.month, c.channel): c for c in mine if c.currency == summary.currency},
                partners=[p for p in partners if p.account == summary.account],
                signups=signups.get(summary.account),
            )
        )
    return views


def signup_sentence(found: SignupComparison | None, lang: Lang, fig: Figures) -> str:
    """The comparison in one sentence, said as an association; or why there is none."""
    if found is None:
        return ""
    if found.signup_interval_low is None or found.signup_interval_high is None:
        return text(
            "ecosystem.signups_too_few",
            lang,
            with_n=found.lives_with_call,
            without_n=found.lives_without_call,
        )
    return text(
        "ecosystem.signups_sentence",
        lang,
        with_n=found.lives_with_call,
        with_mean=fig.decimal(found.signups_with_call, 1),
        without_n=found.lives_without_call,
        without_mean=fig.decimal(found.signups_without_call, 1),
        days=found.window_days,
        difference=fig.decimal(found.signup_difference, 1),
        low=fig.decimal(found.signup_interval_low, 1),
        high=fig.decimal(found.signup_interval_high, 1),
    )


def month_label(day: dt.date, lang: Lang) -> str:
    """``Jul 2026`` / ``Agu 2026``: a month as the tables head it."""
    return f"{text('format.months', lang).split()[day.month - 1]} {day.year}"


def partial(view: EcosystemView | None, lang: Lang, fig: Figures, heading: str = "h3") -> Markup:
    """One account's ecosystem as HTML (``partials/ecosystem.html``); the dashboard passes its
    own ``fig`` so KPI names link to its glossary page."""
    return render(
        "partials/ecosystem.html",
        **{
            **context(lang),
            "fig": fig,
            "eco": view,
            "kpis": KPIS,
            "heading": heading,
            "month": lambda day: month_label(day, lang),
            "sentence": signup_sentence(view.signups if view else None, lang, fig),
        },
    )


def ecosystem(data: ReportData, lang: Lang) -> Markup:
    """The report's section: every account with ecosystem data, by handle."""
    fig = Figures(lang)
    if not data.ecosystem:
        return Markup('<p class="empty">{}</p>').format(text("ecosystem.report_empty", lang))
    parts = [Markup('<p class="note">{}</p>').format(text("ecosystem.section_intro", lang))]
    parts += [partial(view, lang, fig) for view in data.ecosystem]
    return Markup("\n").join(parts)
