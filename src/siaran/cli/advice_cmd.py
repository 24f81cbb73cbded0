"""``siaran advise``: the diagnosis of an account and ranked advice with evidence.

A thin adapter over :func:`siaran.advice.advise`; the table is written by
:mod:`siaran.advice.display` in the reader's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from siaran.cli.common import app, open_workspace, state, stdout
from siaran.cli.options import EndOption, WindowOption, WorkspaceOption, format_opt, lang_opt
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.formatting import format_date, format_number
from siaran.i18n import Lang, resolve_lang, text

if TYPE_CHECKING:
    from siaran.advice import Advice

ADVICE_COLUMNS = ("indicator", "value", "percentile", "cohort", "history")
ADVICE_HEADERS = {name: f"advice.header.{name}" for name in ADVICE_COLUMNS}


@app.command("advise")
def advise_command(
    account: Annotated[str, typer.Argument(help="Account handle. / Nama akun.")],
    workspace: WorkspaceOption = None,
    window: WindowOption = 28,
    end: EndOption = None,
    lang: Annotated[
        str | None,
        lang_opt(
            "Language of the table: id or en (default: the global --lang). / Bahasa tabel: "
            "id atau en (bawaan: --lang global)."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        format_opt(
            "Output: table (for people), csv (indicators) or json (both languages). / "
            "Keluaran: table, csv (indikator) atau json (dua bahasa)."
        ),
    ] = OutputFormat.table,
) -> None:
    """Diagnosis and advice with evidence for one account. / Diagnosis dan saran berbukti."""
    from siaran.advice import advise
    from siaran.cli.common import as_date

    chosen: Lang = resolve_lang(lang) if lang else state.lang
    with open_workspace(workspace) as ws:
        found = advise(ws, account, window_days=window, end=as_date(end))
    if fmt is OutputFormat.json:
        print_json(stdout, found.to_json())
        return
    if fmt is OutputFormat.csv:
        from siaran.advice.display import indicator_rows

        print_rows(stdout, list(indicator_rows(found, chosen)), fmt, lang=chosen)
        return
    print_advice(found, chosen)


def print_advice(found: Advice, lang: Lang) -> None:
    from siaran.advice.display import indicator_rows

    title = text(
        "advice.title",
        lang,
        account=found.account,
        start=format_date(found.window_start, lang),
        end=format_date(found.window_end, lang),
        n=format_number(found.n_lives, lang),
    )
    stdout.print(title, soft_wrap=False)
    rows = indicator_rows(found, lang)
    for area in found.areas:
        stdout.print()
        name = text(f"advice.area.{area.id}", lang)
        status = text(f"advice.status.{area.status}", lang)
        stdout.print(f"{name}: {status}", soft_wrap=False, style="bold")
        mine = [dict(r) for r in rows if r["area_id"] == area.id and r["indicator"] != "–"]
        if mine:
            print_rows(
                stdout,
                mine,
                OutputFormat.table,
                lang=lang,
                columns=ADVICE_COLUMNS,
                headers=ADVICE_HEADERS,
            )
        for missing in area.missing:
            stdout.print("  - " + missing.text[lang])
    stdout.print()
    if found.recommendations:
        stdout.print(text("advice.recommendations", lang), soft_wrap=False)
    else:
        stdout.print(text("advice.no_recommendations", lang), soft_wrap=False)
    for rank, rec in enumerate(found.recommendations, start=1):
        stdout.print()
        line = text(
            "advice.rank_line",
            lang,
            rank=rank,
            area=text(f"advice.area.{rec.area}", lang),
            action=rec.action[lang],
            by_effect=rec.rank_by_effect,
            by_confidence=rec.rank_by_confidence,
            confidence=text(f"advice.confidence.{rec.confidence}", lang),
        )
        stdout.print(line, soft_wrap=False)
        stdout.print("   " + rec.why[lang])
        stdout.print("   " + rec.source[lang])
        kinds = [e.kind for e in rec.evidence]
        stdout.print(
            "   "
            + text(
                "advice.evidence_count",
                lang,
                lives=kinds.count("live"),
                lines=kinds.count("line"),
                comments=kinds.count("comment"),
            )
        )
    if found.collect_next:
        stdout.print()
        stdout.print(text("advice.collect_title", lang), soft_wrap=False)
        for _key, words in found.collect_next:
            stdout.print("- " + words[lang])
