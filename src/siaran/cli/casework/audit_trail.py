"""``siaran audit``: reading and verifying the hash-chained audit trail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

import typer

from siaran.cli.casework.groups import audit_app
from siaran.cli.common import open_workspace, state, stdout
from siaran.cli.options import FormatOption, WorkspaceOption
from siaran.cli.output import OutputFormat, print_json, print_rows, to_json
from siaran.errors import SiaranError
from siaran.i18n import text


class AuditBrokenError(SiaranError):
    exit_code = 1


@audit_app.command("log")
def audit_log_command(
    workspace: WorkspaceOption = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Only this actor's entries. / Hanya entri pelaku ini."),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            help=("Only this action (e.g. code.add). / Hanya tindakan ini (mis. code.add)."),
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="e.g. code:3, excerpt:12 / mis. code:3, excerpt:12"),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option("--last", min=1, help="Only the last N entries. / Hanya N entri terakhir."),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show the audit trail, oldest first. / Tampilkan jejak audit."""
    from siaran.casework import audit_log

    with open_workspace(workspace) as ws:
        found = audit_log(ws, actor=actor, action=action, target=target, limit=last)
    shown: Sequence[Mapping[str, object]] = found
    if fmt is not OutputFormat.json:
        shown = [{**e, "detail": to_json(e["detail"]).replace("\n", "")} for e in found]
    print_rows(
        stdout,
        shown,
        fmt,
        lang=state.lang,
        columns=("seq", "at", "actor", "action", "target", "rationale"),
    )


@audit_app.command("verify")
def audit_verify_command(
    workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Check the hash chain: any edit or deletion is found (exit 1). / Periksa jejak audit."""
    from siaran.casework import verify_audit

    with open_workspace(workspace) as ws:
        verdict = verify_audit(ws)
    if fmt is OutputFormat.json:
        print_json(stdout, verdict.to_dict())
    elif verdict.intact:
        stdout.print(
            text(
                "casework.audit.intact", state.lang, entries=verdict.entries, head=verdict.head_hash
            )
        )
    if not verdict.intact:
        lines = [text("casework.audit.broken", state.lang, entries=verdict.entries)]
        lines += [
            "  - "
            + text(
                "casework.audit.problem_line",
                state.lang,
                seq=p.seq,
                reason=text(p.reason, state.lang),
            )
            for p in verdict.problems
        ]
        raise AuditBrokenError("casework.cli.audit_failed", report="\n".join(lines))
