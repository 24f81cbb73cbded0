"""The report's text and table sections: header, verdict, cohort, within-account, estimates,
glossary. Charts live in :mod:`siaran.report.figures`.

Each section is a function from :class:`ReportData` and a language to an HTML fragment. User
data (account handles, sources, titles) is always passed through :func:`html.escape`; an
unknown value is an em dash with its reason in a ``title`` attribute, never a 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any, Final

from siaran.formatting import (
    UNKNOWN,
    format_date,
    format_decimal,
    format_field,
    format_hours,
    format_money,
    format_number,
    format_percent,
    label,
)
from siaran.i18n import Lang, text
from siaran.report.svg import marker_svg

if TYPE_CHECKING:
    from siaran.talk import Scorecard

Row = dict[str, Any]

QUADRANTS: Final[tuple[str, ...]] = (
    "frequent_high_value",
    "infrequent_high_value",
    "frequent_low_value",
    "infrequent_low_value",
)
# Colour and shape per quadrant: the shape carries the meaning for readers who cannot tell
# the colours apart (and in black-and-white print).
QUADRANT_STYLE: Final[dict[str, tuple[str, str]]] = {
    "frequent_high_value": ("#009E73", "circle"),
    "infrequent_high_value": ("#0072B2", "square"),
    "frequent_low_value": ("#D55E00", "triangle"),
    "infrequent_low_value": ("#7F7F7F", "diamond"),
}

# Why a rollup field can be unknown, for the title attribute next to its dash.
UNKNOWN_REASON: Final[dict[str, str]] = {
    "live_hours": "report.unknown.duration",
    "gmv_per_live_hour": "report.unknown.duration",
    "gmv_total": "report.unknown.gmv",
    "gmv_mean_per_session": "report.unknown.gmv",
    "gmv_median_per_session": "report.unknown.gmv",
    "zero_gmv_share": "report.unknown.gmv",
    "views_per_session": "report.unknown.views",
    "viewers_per_session": "report.unknown.viewers",
    "quadrant": "report.unknown.quadrant",
}


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, gathered once from the metrics layer."""

    comparison: dict[str, Any]
    trends: list[Row] = field(default_factory=list)
    activity: list[Row] = field(default_factory=list)
    estimates: list[Row] = field(default_factory=list)
    glossary: list[Row] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    timelines: list[Row] = field(default_factory=list)
    timezone: str = "Asia/Jakarta"
    version: str = ""

    @property
    def accounts(self) -> list[Row]:
        return list(self.comparison.get("accounts") or [])

    @property
    def window(self) -> dict[str, Any]:
        return dict(self.comparison.get("window") or {})

    @property
    def window_days(self) -> int:
        return int(self.window.get("days") or 28)

    @property
    def currency(self) -> str | None:
        """The cohort's currency when every account shares one, else ``None``."""
        found = {row.get("currency") for row in self.accounts}
        return found.pop() if len(found) == 1 else None

    @property
    def money(self) -> dict[str, Any]:
        """Which money the comparison compared (``currency``, ``gmv_bases``, ``fx``)."""
        return dict(self.comparison.get("money") or {})

    @property
    def compared_currency(self) -> str | None:
        """The currency of the accounts in the comparison (converted ones included)."""
        found = self.money.get("currency")
        return str(found) if found else self.currency


def as_date(value: object) -> date | None:
    """A window bound as a date, whether given as a date, datetime or ISO string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def unknown(reason: str) -> str:
    return f'<span class="unknown" title="{escape(reason)}">{UNKNOWN}</span>'


def shown(body: str, reason: str) -> str:
    """``body`` (already formatted), or a dash with ``reason`` when it is unknown."""
    return unknown(reason) if body == UNKNOWN else escape(body)


def _td(body: str, *, numeric: bool = True) -> str:
    return f'<td class="num">{body}</td>' if numeric else f"<td>{body}</td>"


def table(headers: Sequence[tuple[str, bool]], rows: Sequence[str], caption: str = "") -> str:
    """A scrollable table; ``headers`` are (text, numeric) pairs, ``rows`` ready ``<tr>``s."""
    numeric_class = ' class="num"'
    head = "".join(
        f'<th scope="col"{numeric_class if numeric else ""}>{escape(title)}</th>'
        for title, numeric in headers
    )
    # The caption goes above the scrolling box, so that it wraps at the phone's width.
    cap = f'<p class="note">{escape(caption)}</p>' if caption else ""
    body = "\n".join(rows)
    return (
        f'{cap}<div class="scroll"><table><thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def quadrant_badge(quadrant: str | None, lang: Lang) -> str:
    if quadrant not in QUADRANT_STYLE:
        return unknown(text("report.unknown.quadrant", lang))
    colour, shape = QUADRANT_STYLE[quadrant]
    name = text(f"report.quadrant.{quadrant}", lang)
    return f'<span class="q">{marker_svg(shape, colour)}{escape(name)}</span>'


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
def header(data: ReportData, lang: Lang, nav: Sequence[tuple[str, str]]) -> str:
    window = data.window
    start, end = as_date(window.get("start")), as_date(window.get("end"))
    span = text(
        "report.window",
        lang,
        days=data.window_days,
        start=format_date(start, lang),
        end=format_date(end, lang),
    )
    accounts = data.accounts
    sessions = sum(int(r.get("sessions") or 0) for r in accounts)
    hours = [r.get("live_hours") for r in accounts]
    known_hours = None if None in hours or not hours else sum(float(h or 0) for h in hours)
    tiles = [
        ("report.tile.accounts", escape(format_number(len(accounts), lang))),
        ("report.tile.sessions", escape(format_number(sessions, lang))),
        (
            "report.tile.live_hours",
            shown(format_hours(known_hours, lang), text("report.unknown.duration", lang)),
        ),
        ("report.tile.gmv", gmv_totals(accounts, lang)),
    ]
    tile_html = "".join(
        f'<div class="tile"><span>{escape(text(key, lang))}</span><b>{value}</b></div>'
        for key, value in tiles
    )
    links = "".join(f'<li><a href="#{anchor}">{escape(title)}</a></li>' for anchor, title in nav)
    return (
        f'<header class="top"><p class="kicker">siaran</p>'
        f"<h1>{escape(text('report.title', lang))}</h1>"
        f'<p class="meta">{escape(span)}</p>'
        f'<p class="intro">{escape(text("report.intro", lang))}</p>'
        f'<div class="tiles">{tile_html}</div></header>\n'
        f'<nav class="toc" aria-label="{escape(text("report.contents", lang))}">'
        f"<ol>{links}</ol></nav>"
    )


def gmv_totals(accounts: Sequence[Row], lang: Lang) -> str:
    """The GMV tile: one total per currency and GMV basis, never summed across them."""
    from siaran.metrics.money import totals_by_money

    reason = text("report.unknown.total", lang)
    groups = totals_by_money(accounts)
    if not groups:
        return unknown(reason)
    labelled = len(groups) > 1
    parts = []
    for group in groups:
        body = shown(format_money(group.total, lang, currency=group.currency), reason)
        if labelled:
            bases = " + ".join(basis_name(b, lang) for b in group.gmv_bases)
            body += f" <small>({escape(bases or UNKNOWN)})</small>"
        parts.append(body)
    return "<br>".join(parts)


# -- verdict ----------------------------------------------------------------------------------
def verdict_details(comparison: dict[str, Any], days: int, lang: Lang) -> list[str]:
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


def verdict(data: ReportData, lang: Lang) -> str:
    found = data.comparison.get("verdict") or {}
    corr = data.comparison.get("correlation") or {}
    sentence = str(found.get(lang) or "")
    details = verdict_details(data.comparison, data.window_days, lang)
    if corr.get("rho") is None:
        stats = unknown(text("report.unknown.correlation", lang))
    else:
        stats = escape(details.pop(0))
    code = text("report.verdict.code", lang, code=found.get("code") or UNKNOWN)
    smalls = "".join(f'<p class="small">{escape(line)}</p>' for line in details)
    return (
        f'<div class="verdict"><p class="sentence">{escape(sentence)}</p>'
        f'<p class="stats">{stats}</p>{smalls}'
        f'<p class="small"><span class="code">{escape(code)}</span></p>'
        f'<p class="small caution">{escape(text("report.verdict.caution", lang))}</p></div>'
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


def rollup_cell(column: str, row: Row, lang: Lang) -> str:
    value = row.get(column)
    reason = text(UNKNOWN_REASON.get(column, "report.unknown.generic"), lang)
    return _td(shown(format_field(column, value, lang, currency=row.get("currency")), reason))


def cohort(data: ReportData, lang: Lang) -> str:
    # Over a 28-day window "sessions per 28 days" is "sessions" again: leave the copy out.
    columns = [c for c in COHORT_COLUMNS if c != "sessions_per_28_days" or data.window_days != 28]
    headers = [
        (label("account", lang), False),
        (label("platform", lang), False),
        *((label(c, lang), True) for c in columns),
        (label("quadrant", lang), False),
    ]
    rows = []
    for row in by_value(data.accounts, "gmv_mean_per_session"):
        cells = [
            f'<th scope="row">{escape(str(row.get("account")))}</th>',
            _td(escape(platform_and_basis(row, lang)), numeric=False),
            *(rollup_cell(c, row, lang) for c in columns),
            _td(quadrant_badge(row.get("quadrant"), lang), numeric=False),
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return table(headers, rows, text("report.cohort.caption", lang))


# -- estimates --------------------------------------------------------------------------------
def estimates(data: ReportData, lang: Lang) -> str:
    intro = f'<p class="note estimate-note">{escape(text("report.estimates.intro", lang))}</p>'
    if not data.estimates:
        return intro + f'<p class="empty">{escape(text("report.estimates.none", lang))}</p>'
    headers = [
        (label("account", lang), False),
        (label("platform", lang), False),
        (text("report.column.period", lang), False),
        (label("sessions", lang), True),
        (label("gmv", lang), True),
        (label("gmv_mean_per_session", lang), True),
        (label("views_per_session", lang), True),
        (text("report.column.basis", lang), False),
    ]
    generic = text("report.unknown.generic", lang)
    ordered = sorted(
        data.estimates,
        key=lambda r: (
            str(r.get("account")),
            str(r.get("source")),
            str(r.get("window_end")),
            platform_text(r),
        ),
    )
    rows = []
    for row in ordered:
        currency = row.get("currency")
        start = format_date(as_date(row.get("window_start")), lang)
        period = f"{start} – {format_date(as_date(row.get('window_end')), lang)}"
        basis = text("report.estimates.basis", lang, source=row.get("source") or UNKNOWN)
        cells = [
            f'<th scope="row">{escape(str(row.get("account")))}</th>',
            _td(escape(platform_text(row)), numeric=False),
            _td(escape(period), numeric=False),
            _td(shown(format_number(row.get("sessions"), lang), generic)),
            _td(shown(format_money(row.get("gmv_total"), lang, currency=currency), generic)),
            _td(
                shown(
                    format_money(row.get("gmv_mean_per_session"), lang, currency=currency), generic
                )
            ),
            _td(shown(format_number(row.get("views_per_session"), lang), generic)),
            _td(f'<span class="badge estimate">{escape(basis)}</span>', numeric=False),
        ]
        rows.append('<tr class="estimate-row">' + "".join(cells) + "</tr>")
    return intro + table(headers, rows)


# -- glossary ---------------------------------------------------------------------------------
GLOSSARY_LEVELS: Final[tuple[str, ...]] = ("session", "rollup")


def _unit(unit: object, lang: Lang) -> str:
    try:
        return text(f"kpi.unit.{unit}", lang)
    except KeyError:
        return str(unit or UNKNOWN)


def glossary(data: ReportData, lang: Lang) -> str:
    """Every registry KPI, per-session ones first, then the per-account window ones."""
    headers = [
        (text("report.column.kpi", lang), False),
        (text("report.column.unit", lang), False),
        (text("report.column.formula", lang), False),
        (text("report.column.follows", lang), False),
        (text("report.column.explanation", lang), False),
    ]
    parts = [
        f'<p class="note">{escape(text("report.glossary.intro", lang))} '
        f"{escape(text('kpi.glossary.notation', lang))}</p>"
    ]
    levels = [*GLOSSARY_LEVELS]
    levels += sorted({str(e.get("level")) for e in data.glossary} - set(levels))
    for level in levels:
        entries = [e for e in data.glossary if str(e.get("level", "session")) == level]
        if not entries:
            continue
        rows = []
        for entry in entries:
            name = escape(str(entry.get("name")))
            rows.append(
                f'<tr id="kpi-{name}"><th scope="row"><code>{name}</code></th>'
                f"<td>{escape(_unit(entry.get('unit'), lang))}</td>"
                f"<td><code>{escape(str(entry.get('formula') or UNKNOWN))}</code></td>"
                f"<td>{escape(str(entry.get('follows') or UNKNOWN))}</td>"
                f"<td>{escape(str(entry.get('explanation') or UNKNOWN))}</td></tr>"
            )
        try:
            heading = text(f"kpi.glossary.{level}", lang)
        except KeyError:
            heading = level
        parts.append(f"<h3>{escape(heading)}</h3>{table(headers, rows)}")
    return "".join(parts)


def footer(data: ReportData, lang: Lang) -> str:
    end = format_date(as_date(data.window.get("end")), lang)
    body = text("report.footer", lang, version=data.version, end=end, timezone=data.timezone)
    return f"<footer><p>{escape(body)}</p></footer>"
