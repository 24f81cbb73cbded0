"""One self-contained, offline HTML report: frequency vs value for a cohort of accounts.

The file carries its CSS and SVG inline and asks for nothing over the network (no scripts,
fonts, images or style sheets from anywhere), so it can be emailed, opened on a phone without
signal, or printed. The same workspace and window always give the same bytes: there is no
"generated at" clock time, only the window's end date.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.formatting import format_date
from siaran.i18n import Lang, text
from siaran.report import figures, sections, talk_section, timeline
from siaran.report.sections import ReportData
from siaran.store.engine import DEFAULT_ENGINE, EngineName

if TYPE_CHECKING:
    from siaran.workspace import Workspace

CSS: Final = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--soft:#f5f7fa;--accent:#0b4f8a;
--warn:#8a5a00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;
font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px 16px 40px}
h1{font-size:1.65rem;line-height:1.25;margin:.1rem 0 .3rem}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
h2{font-size:1.3rem;margin:2.4rem 0 .7rem;padding-top:.8rem;border-top:1px solid var(--line)}
a{color:var(--accent)}
code{font:.85em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
background:var(--soft);padding:.05em .3em;border-radius:3px}
.kicker{margin:0;color:var(--accent);font-weight:700;letter-spacing:.08em;text-transform:uppercase;
font-size:.8rem}
header.top{border-bottom:3px solid var(--accent);padding-bottom:1rem}
.meta{margin:.2rem 0;color:var(--muted);font-weight:600}
.intro{max-width:48rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;
margin-top:1rem}
.tile{background:var(--soft);border-radius:8px;padding:10px 12px}
.tile span{color:var(--muted);font-size:.85rem}
.tile b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}
nav.toc ol{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;margin:.9rem 0 0;padding:0;
list-style:none;font-size:.92rem}
.verdict{border-left:6px solid var(--accent);background:#eef4fb;padding:14px 18px;
border-radius:0 8px 8px 0}
.verdict .sentence{font-size:1.2rem;font-weight:700;margin:.2rem 0 .5rem}
.verdict .stats{font-variant-numeric:tabular-nums;font-weight:600;margin:.3rem 0}
.small{font-size:.88rem;color:var(--muted);margin:.4rem 0}
.caution{border-top:1px solid #c9d8ea;padding-top:.5rem}
.code{white-space:nowrap}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.86rem;margin:.4rem 0}
th,td{padding:6px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;vertical-align:bottom}
thead th.num{white-space:normal;min-width:5.5em}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody th:first-child,thead th:first-child{position:sticky;left:0;background:#fff;z-index:1}
thead th:first-child{background:var(--soft)}
.unknown{color:var(--muted);cursor:help;text-decoration:underline dotted}
.q{display:inline-flex;align-items:center;gap:.35rem;min-width:8.5em}
.mark{flex:none}
figure{margin:1rem 0 1.4rem}
.chart-box .chart{display:block;width:100%;height:auto;min-width:560px;max-width:880px}
.chart-box.wide .chart{min-width:720px;max-width:900px}
.chart-box .chart-bars{min-width:480px;max-width:680px}
.swipe{display:none;color:var(--muted);font-size:.8rem;margin:0 0 .3rem}
figcaption,.note{color:var(--muted);font-size:.88rem;margin:.4rem 0}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.3rem;padding:0;margin:.5rem 0;
font-size:.9rem}
.estimate-note{border-left:4px solid var(--warn);background:#fff8e6;color:#5c3d00;
padding:.5rem .8rem}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.8rem;
white-space:nowrap}
.badge.estimate{background:#fff1c2;color:#5c3d00;border:1px dashed var(--warn)}
.empty{color:var(--muted);font-style:italic}
.scorecard{border:1px solid var(--line);border-radius:8px;padding:.2rem 14px .6rem;margin:.8rem 0}
.checks{list-style:none;padding:0;margin:.3rem 0;columns:2 22rem;font-size:.9rem}
.check.fail .mark{color:#b42318}.check.warn .mark{color:var(--warn)}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--accent);font-size:.9rem}
footer{margin-top:2.5rem;padding-top:.8rem;border-top:1px solid var(--line);color:var(--muted);
font-size:.82rem}
@media (max-width:600px){body{font-size:14px}main{padding:14px 12px 32px}
h1{font-size:1.3rem}h2{font-size:1.12rem}.tile b{font-size:1.15rem}
.verdict .sentence{font-size:1rem;font-weight:650}.swipe{display:block}}
@media print{body{font-size:10.5pt}main{max-width:none;padding:0}nav.toc,.swipe{display:none}
h2{break-after:avoid}figure,.verdict,.tiles,tr{break-inside:avoid}
.scroll{overflow:visible}.chart-box .chart,.chart-box.wide .chart{min-width:0}
details{display:block}details>summary{display:none}a{color:inherit;text-decoration:none}
tbody th:first-child,thead th:first-child{position:static}}
"""

SECTIONS: Final[tuple[str, ...]] = (
    "verdict",
    "cohort",
    "scatter",
    "trends",
    "activity",
    "within",
    "talk",
    "timeline",
    "estimates",
    "glossary",
)


def collect(
    workspace: Workspace,
    *,
    lang: Lang,
    window_days: int = 28,
    end: date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> ReportData:
    """Gather what the report shows from the metrics layer (one call per figure), the KPIs and
    timelines computed on ``engine``."""
    from siaran import __version__
    from siaran.metrics.compare import compare_accounts
    from siaran.metrics.glossary import glossary
    from siaran.metrics.rollups import account_trends, estimate_rollups, weekday_hour_activity
    from siaran.store.engine import engine_context
    from siaran.talk.storage import stored_scorecards

    comparison = compare_accounts(workspace, window_days=window_days, end=end, engine=engine)
    window_end = sections.as_date((comparison.get("window") or {}).get("end")) or end
    return ReportData(
        comparison=comparison,
        trends=account_trends(workspace, window_days=window_days, end=window_end, engine=engine),
        activity=weekday_hour_activity(
            workspace, window_days=window_days, end=window_end, engine=engine
        ),
        estimates=estimate_rollups(workspace, engine=engine),
        scorecards=stored_scorecards(workspace),
        timelines=timeline.collect_timelines(engine_context(workspace, engine), workspace),
        glossary=glossary(lang),
        timezone=workspace.timezone.key,
        version=__version__,
    )


def render_html(data: ReportData, lang: Lang) -> str:
    """The report for ``data`` as one HTML document (a pure function of its inputs)."""
    days = data.window_days
    titles = {
        name: text(f"report.section.{name}", lang, days=days)
        if name == "trends"
        else text(f"report.section.{name}", lang)
        for name in SECTIONS
    }
    if not data.accounts:
        nav: list[tuple[str, str]] = [("glossary", titles["glossary"])]
        empty = f'<p class="empty">{escape(text("report.empty", lang))}</p>'
        body = [empty, _section("glossary", titles["glossary"], sections.glossary(data, lang))]
    else:
        nav = [(name, titles[name]) for name in SECTIONS]
        builders = {
            "verdict": sections.verdict,
            "cohort": sections.cohort,
            "scatter": figures.scatter,
            "trends": figures.trends,
            "activity": figures.activity,
            "within": figures.within,
            "talk": talk_section.talk,
            "timeline": timeline.timelines,
            "estimates": sections.estimates,
            "glossary": sections.glossary,
        }
        body = [_section(name, titles[name], builders[name](data, lang)) for name in SECTIONS]
    title = text("report.title", lang)
    end = format_date(sections.as_date(data.window.get("end")), lang)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="siaran {escape(data.version)}">\n'
        f"<title>{escape(title)} · {escape(end)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{sections.header(data, lang, nav)}\n"
        + "\n".join(body)
        + f"\n{sections.footer(data, lang)}\n</main>\n</body>\n</html>\n"
    )


def _section(anchor: str, title: str, body: str) -> str:
    return (
        f'<section id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f'<h2 id="{anchor}-h">{escape(title)}</h2>\n{body}\n</section>'
    )


def render_report(
    workspace: Workspace,
    *,
    lang: Lang,
    window_days: int = 28,
    end: date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> str:
    """The HTML report of ``workspace`` over the ``window_days`` ending on ``end``, its
    analytics run on ``engine``.

    ``end`` defaults to the metrics layer's choice (the latest session's day). The result is
    one self-contained document in ``lang``; it is deterministic for the same data.
    """
    data = collect(workspace, lang=lang, window_days=window_days, end=end, engine=engine)
    return render_html(data, lang)


def write_report(
    workspace: Workspace,
    out: Path,
    *,
    lang: Lang,
    window_days: int = 28,
    end: date | None = None,
    engine: EngineName = DEFAULT_ENGINE,
) -> Path:
    """Render the report (its analytics on ``engine``) and write it to ``out`` atomically;
    returns ``out``.

    The text goes to a temporary file beside ``out`` that replaces it in one step, so a
    reader never sees half a report and a failure leaves any earlier report untouched.
    """
    document = render_report(workspace, lang=lang, window_days=window_days, end=end, engine=engine)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(document)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o644)
        temp.replace(out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return out
