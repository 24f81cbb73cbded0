"""``siaran suggest``: coding suggestions to accept or reject."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from siaran.cli.casework.groups import (
    ActorOption,
    DocumentsFilterOption,
    RationaleOption,
    suggest_app,
)
from siaran.cli.casework.printing import print_table
from siaran.cli.common import open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat
from siaran.i18n import text


class SuggestSource(StrEnum):
    keywords = "keywords"
    cues = "cues"


@suggest_app.command("run")
def suggest_run(
    source: Annotated[
        SuggestSource,
        typer.Argument(
            help=("keywords or cues (talk cue tagger). / keywords atau cues (penanda cue ucapan).")
        ),
    ],
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", help="TOML [keywords] rules file. / Berkas aturan TOML [keywords]."
        ),
    ] = None,
    document: DocumentsFilterOption = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
) -> None:
    """Propose excerpts for codes; nothing is coded yet. / Buat saran pengodean."""
    from siaran.casework import suggest_from_cues, suggest_from_keywords
    from siaran.casework.suggestions import read_rules

    with open_workspace(workspace) as ws:
        if source is SuggestSource.keywords:
            loaded = read_rules(rules) if rules is not None else None
            count = suggest_from_keywords(ws, rules=loaded, documents=document, actor=actor)
        else:
            count = suggest_from_cues(ws, documents=document, actor=actor)
    stdout.print(text("casework.suggest.proposed", state.lang, count=count))


class SuggestStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    rejected = "rejected"
    all = "all"


@suggest_app.command("list")
def suggest_list(
    workspace: WorkspaceOption = None,
    status: Annotated[
        SuggestStatus,
        typer.Option(
            "--status",
            help=(
                "Which suggestions: pending, accepted or rejected. / "
                "Saran yang mana: pending, accepted atau rejected."
            ),
        ),
    ] = SuggestStatus.pending,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List suggestions. / Daftar saran."""
    from siaran.casework import list_suggestions

    with open_workspace(workspace) as ws:
        found = list_suggestions(ws, status=None if status is SuggestStatus.all else status.value)
    print_table(found, fmt, ("id", "document", "code", "rule", "status", "text"))


SuggestionsArgument = Annotated[
    list[int], typer.Argument(help="Suggestion numbers. / Nomor saran.")
]


def suggest_decide(
    ctx: typer.Context,
    suggestion: SuggestionsArgument,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Accept suggestions (code them) or reject them, as the command is named."""
    from siaran.casework import accept_suggestion, reject_suggestion

    accept = ctx.info_name == "accept"
    columns = ("suggestion", "status", "excerpt") if accept else ("suggestion", "status")
    with open_workspace(workspace) as ws:
        done = [
            accept_suggestion(ws, s, coder=actor, rationale=rationale)
            if accept
            else reject_suggestion(ws, s, actor=actor, rationale=rationale)
            for s in suggestion
        ]
    print_table(done, fmt, columns)


# One command under two names: accepting and rejecting differ only in the decision made.
suggest_app.command("accept", help="Accept suggestions: code them. / Terima saran.")(suggest_decide)
suggest_app.command("reject", help="Reject suggestions. / Tolak saran.")(suggest_decide)
