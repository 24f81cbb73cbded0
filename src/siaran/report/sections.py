"""The report's text and table sections: header, verdict, cohort, estimates, glossary, footer.
Charts live in :mod:`siaran.report.figures`.

Each section is a function from :class:`ReportData` and a language to the section's HTML,
rendered from its template under ``templates/sections/`` (autoescaped: user data such as
account handles, sources and titles cannot be forgotten to escape). An unknown value is an em
dash with its reason in a ``title`` attribute, never a 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from markupsafe import Markup

from siaran.formatting import UNKNOWN, format_date, format_decimal, format_number, format_percent
from siaran.i18n import Lang, text
from siaran.metrics.glossary import GLOSSARY_LEVELS
from siaran.report.markup import Figures
from siaran.report.templating import render, translator

if TYPE_CHECKING:
    from siaran.advice import Advice
    from siaran.crew import CrewEffect
    from siaran.experiments import Evaluation
    from siaran.feedback import FeedbackSummary
    from siaran.metrics.compare import ComparedAccount, Comparison
    from siaran.metrics.money import MoneyJson
    from siaran.metrics.rollups import WindowJson
    from siaran.operations import AccountOperations, FulfilmentSettings, LiveOperations
    from siaran.report.ecosystem_section import EcosystemView
    from siaran.talk import Scorecard

Row = Mapping[str, Any]


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, gathered once from the metrics layer."""

    comparison: Comparison | Mapping[str, Any]  # a partial one (``{}``) renders as unknown
    trends: Sequence[Row] = field(default_factory=list)
    activity: Sequence[Row] = field(default_factory=list)
    estimates: Sequence[Row] = field(default_factory=list)
    glossary: Sequence[Row] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    timelines: Sequence[Row] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)
    experiments: list[Evaluation] = field(default_factory=list)
    ecosystem: list[EcosystemView] = field(default_factory=list)
    operations: list[AccountOperations] = field(default_factory=list)
    operations_lives: list[LiveOperations] = field(default_factory=list)
    fulfilment: FulfilmentSettings | None = None
    feedback: Sequence[FeedbackSummary] = field(default_factory=list)
    """Per account then per product: :class:`siaran.feedback.FeedbackSummary` rows."""
    crew: list[CrewEffect] = field(default_factory=list)
    """Per account with a roster: :func:`siaran.crew.crew_effect` (empty without rosters)."""
    timezone: str = "Asia/Jakarta"
    version: str = ""

    @property
    def accounts(self) -> list[ComparedAccount]:
        found: list[ComparedAccount] = self.comparison.get("accounts") or []
        return list(found)

    @property
    def window(self) -> WindowJson | None:
        found: WindowJson | None = self.comparison.get("window")
        return found

    @property
    def window_days(self) -> int:
        return self.window["days"] if self.window else 28

    @property
    def currency(self) -> str | None:
        """The cohort's currency when every account shares one, else ``None``."""
        found = {row.get("currency") for row in self.accounts}
        return found.pop() if len(found) == 1 else None

    @property
    def money(self) -> MoneyJson | None:
        """Which money the comparison compared (``currency``, ``gmv_bases``, ``fx``)."""
        found: MoneyJson | None = self.comparison.get("money")
        return found

    @property
    def compared_currency(self) -> str | None:
        """The currency of the accounts in the comparison (converted ones included)."""
        found = self.money["currency"] if self.money else None
        return found or self.currency


def context(lang: Lang, **values: object) -> dict[str, object]:
    """What every report template is rendered with: ``t`` (the catalogue), ``fig`` (the
    formatting) and ``lang``, plus ``values``."""
    return {"t": translator(lang), "fig": Figures(lang), "lang": lang, **values}


def as_date(value: object) -> date | None:
    """A window bound as a date, whether given as a date, datetime or ISO string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def platform_text(row: Row) -> str:
    """The platform(s) of a rollup: ``platforms`` is a list, ``platform`` a single name."""
    found = row.get("platforms")
    if found is None:
        found = [row["platform"]] if row.get("platform") else []
    return ", ".join(str(p) for p in found) or UNKNOWN


def basis_name(basis: object, lang: Lang) -> str:
    """A GMV basis as written, or "unstated" for a session whose import did not say."""
    return str(basis) if basis is not None else text("verdict.basis_unstated", lang)


def platform_and_basis(row: Row, lang: Lang) -> str:
    """``tiktok (attributed)``: the platform with the GMV basis of the account's sessions,
    when any is stated (a cohort of unstated bases shows the platform alone)."""
    bases = list(row.get("gmv_bases") or ())
    if not any(b is not None for b in bases):
        return platform_text(row)
    return f"{platform_text(row)} ({' + '.join(basis_name(b, lang) for b in bases)})"


def by_value(rows: Sequence[Row], key: str) -> list[Row]:
    """Highest ``key`` first, unknown last, ties by platform and account: a stable order.
    Money is ranked within its currency only (currencies in code order), never across."""
    from siaran.metrics.money import MONEY_FIELDS

    per_currency = key in MONEY_FIELDS
    return sorted(
        rows,
        key=lambda r: (
            str(r.get("currency") or "~") if per_currency else "",
            r.get(key) is None,
            -(r.get(key) or 0.0),
            str(r.get("account")),
            str(r.get("currency")),
            platform_text(r),
        ),
    )


# -- header -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MoneyShown:
    """One money total as a tile shows it: the amount in its currency, with its GMV bases."""

    amount: float | None
    currency: str | None
    bases: str


def money_totals(accounts: Sequence[Row], fig: Figures) -> Markup:
    """The GMV tile: one total per currency and GMV basis (named when there are several),
    never summed across them (the report's header and the dashboard's overview)."""
    from siaran.metrics.money import totals_by_money

    totals = [
        MoneyShown(
            group.total,
            group.currency,
            " + ".join(basis_name(b, fig.lang) for b in group.gmv_bases) or UNKNOWN,
        )
        for group in totals_by_money(accounts)
    ]
    reason = text("report.unknown.total", fig.lang)
    return render("partials/money_totals.html", totals=totals, reason=reason, fig=fig)


def headline_tiles(accounts: Sequence[Row], fig: Figures) -> list[tuple[str, str | Markup]]:
    """The headline figures of the window over ``accounts``: how many accounts and lives,
    how many live hours (unknown if any account's are), and the GMV totals."""
    lang = fig.lang
    sessions = sum(int(r.get("sessions") or 0) for r in accounts)
    hours = [r.get("live_hours") for r in accounts]
    known_hours = None if None in hours or not hours else sum(float(h or 0) for h in hours)
    return [
        (text("report.tile.accounts", lang), fig.number(len(accounts))),
        (text("report.tile.sessions", lang), fig.number(sessions)),
        (text("report.tile.live_hours", lang), fig.kpi("live_hours", known_hours)),
        (text("report.tile.gmv", lang), money_totals(accounts, fig)),
    ]


def header(data: ReportData, lang: Lang, nav: Sequence[tuple[str, str]]) -> Markup:
    window = data.window
    start = as_date(window["start"]) if window else None
    end = as_date(window["end"]) if window else None
    fig = Figures(lang)
    return render(
        "sections/header.html",
        **context(
            lang,
            days=data.window_days,
            start=format_date(start, lang),
            end=format_date(end, lang),
            headline=headline_tiles(data.accounts, fig),
            nav=nav,
        ),
    )


# -- verdict ----------------------------------------------------------------------------------
def verdict_details(comparison: Mapping[str, Any], days: int, lang: Lang) -> list[str]:
    """The plain-text lines under a verdict sentence: the statistics, how they were found,
    the GMV bases of the window, the accounts left out and the rules (report and web)."""
    from siaran.formatting import format_p_value
    from siaran.metrics.verdict import RULES

    corr = comparison.get("correlation") or {}
    lines = []
    if corr.get("rho") is not None:
        level = corr.get("confidence")
        lines.append(
            text(
                "report.verdict.stats",
                lang,
                rho=format_decimal(corr.get("rho"), lang),
                level=format_percent(level, lang, decimals=0) if level else UNKNOWN,
                low=format_decimal(corr.get("ci_low"), lang),
                high=format_decimal(corr.get("ci_high"), lang),
                p=format_p_value(corr.get("p_value"), lang),
                n=format_number(corr.get("n"), lang),
            )
        )
        method = corr.get("p_value_method") or "exact"
        test = text(
            f"report.verdict.test.{method}",
            lang,
            count=format_number(corr.get("permutations"), lang),
        )
        lines.append(
            text(
                "report.verdict.method",
                lang,
                days=days,
                resamples=format_number(corr.get("resamples"), lang),
                dropped=format_number(corr.get("dropped_resamples"), lang),
                test=test,
                seed=corr.get("seed", UNKNOWN),
            )
        )
    bases = [
        text(
            "report.verdict.basis_item",
            lang,
            basis=basis_name(item.get("gmv_basis"), lang),
            accounts=format_number(item.get("accounts"), lang),
            compared=format_number(item.get("compared_accounts"), lang),
        )
        for item in comparison.get("gmv_bases") or []
    ]
    if bases:
        lines.append(text("report.verdict.bases", lang, bases="; ".join(bases)))
    left = []
    for item in comparison.get("excluded") or []:
        reason = text(f"compare.reason.{item.get('reason')}", lang)
        left.append(f"{item.get('account')} ({reason})")
    if left:
        lines.append(text("report.verdict.excluded", lang, accounts=", ".join(left)))
    rules = {k: format_number(v, lang) if isinstance(v, int) else v for k, v in RULES.items()}
    lines.append(
        text(
            "report.verdict.rules",
            lang,
            min_accounts=rules["min_accounts"],
            min_distinct=rules["min_distinct_values"],
            alpha=format_decimal(RULES["alpha"], lang),
            strong=format_decimal(RULES["strong_rho"], lang),
            max_share=format_percent(RULES["max_dropped_share"], lang, decimals=0),
        )
    )
    return lines


def verdict_figures(
    comparison: Mapping[str, Any], days: int, fig: Figures
) -> tuple[str | Markup, list[str]]:
    """The verdict's statistics line (a dash with its reason when there is no correlation)
    and the lines under it, as :func:`verdict_details` gives them (report and web)."""
    details = verdict_details(comparison, days, fig.lang)
    if (comparison.get("correlation") or {}).get("rho") is None:
        return fig.unknown(text("report.unknown.correlation", fig.lang)), details
    return details.pop(0), details


def verdict(data: ReportData, lang: Lang) -> Markup:
    found = data.comparison.get("verdict") or {}
    stats, details = verdict_figures(data.comparison, data.window_days, Figures(lang))
    return render(
        "sections/verdict.html",
        **context(
            lang,
            sentence=str(found.get(lang) or ""),
            stats=stats,
            details=details,
            code=text("report.verdict.code", lang, code=found.get("code") or UNKNOWN),
        ),
    )


# -- cohort -----------------------------------------------------------------------------------
COHORT_COLUMNS: Final[tuple[str, ...]] = (
    "sessions",
    "sessions_per_28_days",
    "live_hours",
    "gmv_total",
    "gmv_mean_per_session",
    "gmv_median_per_session",
    "views_per_session",
    "viewers_per_session",
    "gmv_per_live_hour",
    "zero_gmv_share",
)


def cohort(data: ReportData, lang: Lang) -> Markup:
    # Over a 28-day window "sessions per 28 days" is "sessions" again: leave the copy out.
    columns = [c for c in COHORT_COLUMNS if c != "sessions_per_28_days" or data.window_days != 28]
    rows = by_value(data.accounts, "gmv_mean_per_session")
    fig = Figures(lang)
    headers = [
        (fig.label("account"), False),
        (fig.label("platform"), False),
        *((fig.label(c), True) for c in columns),
        (fig.label("quadrant"), False),
    ]
    return render(
        "sections/cohort.html",
        **context(
            lang,
            headers=headers,
            columns=columns,
            rows=[(row, platform_and_basis(row, lang)) for row in rows],
        ),
    )


# -- estimates --------------------------------------------------------------------------------
def estimates(data: ReportData, lang: Lang) -> Markup:
    ordered = sorted(
        data.estimates,
        key=lambda r: (
            str(r.get("account")),
            str(r.get("source")),
            str(r.get("window_end")),
            platform_text(r),
        ),
    )
    rows = [
        {
            **row,
            "platform_text": platform_text(row),
            "period": f"{format_date(as_date(row.get('window_start')), lang)} – "
            f"{format_date(as_date(row.get('window_end')), lang)}",
            "basis": text("report.estimates.basis", lang, source=row.get("source") or UNKNOWN),
        }
        for row in ordered
    ]
    fig = Figures(lang)
    headers = [
        (fig.label("account"), False),
        (fig.label("platform"), False),
        (text("report.column.period", lang), False),
        (fig.label("sessions"), True),
        (fig.label("gmv"), True),
        (fig.label("gmv_mean_per_session"), True),
        (fig.label("views_per_session"), True),
        (text("report.column.basis", lang), False),
    ]
    return render("sections/estimates.html", **context(lang, headers=headers, rows=rows))


# -- glossary ---------------------------------------------------------------------------------


def _unit(unit: object, lang: Lang) -> str:
    try:
        return text(f"kpi.unit.{unit}", lang)
    except KeyError:
        return str(unit or UNKNOWN)


def glossary(data: ReportData, lang: Lang) -> Markup:
    """Every registry KPI, per-session ones first, then the per-account window ones."""
    levels: list[str] = [*GLOSSARY_LEVELS]
    levels += sorted({str(e.get("level")) for e in data.glossary} - set(levels))
    groups = []
    for level in levels:
        entries = [e for e in data.glossary if str(e.get("level", "session")) == level]
        if not entries:
            continue
        try:
            heading = text(f"kpi.glossary.{level}", lang)
        except KeyError:
            heading = level
        rows = [
            {
                "name": str(entry.get("name")),
                "unit": _unit(entry.get("unit"), lang),
                "formula": str(entry.get("formula") or UNKNOWN),
                "follows": str(entry.get("follows") or UNKNOWN),
                "explanation": str(entry.get("explanation") or UNKNOWN),
            }
            for entry in entries
        ]
        groups.append((heading, rows))
    columns = ("kpi", "unit", "formula", "follows", "explanation")
    headers = [(text(f"report.column.{name}", lang), False) for name in columns]
    return render("sections/glossary.html", **context(lang, headers=headers, groups=groups))


def footer(data: ReportData, lang: Lang) -> Markup:
    end = format_date(as_date(data.window["end"] if data.window else None), lang)
    body = text("report.footer", lang, version=data.version, end=end, timezone=data.timezone)
    return render("sections/footer.html", body=body)
