"""``siaran talk``: tag cues, score a session against the recommended architecture, evaluate.

Thin adapters over :mod:`siaran.talk`; the scorecard's labels come from the message catalogue.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from siaran.cli.common import command_group, open_workspace, state, stderr, stdout
from siaran.cli.options import FormatOption, WorkspaceOption, account_opt
from siaran.cli.output import OutputFormat, print_json, print_rows
from siaran.errors import SiaranError
from siaran.formatting import format_decimal, format_number, format_percent
from siaran.i18n import text

if TYPE_CHECKING:
    from siaran.talk.scorecard import ScorecardJson, Suggestion

talk_app = command_group(
    "talk", "Talk analysis: cues, phases, answers, scorecard. / Analisis ucapan live."
)


AccountOption = Annotated[
    str | None,
    account_opt(
        "Account of the live (default: the one that holds the room). / "
        "Akun live ini (bawaan: akun pemilik room)."
    ),
]


class LineKind(StrEnum):
    host = "host"
    comment = "comment"


class NoScorecardError(SiaranError):
    exit_code = 1


class UnknownRoomError(SiaranError):
    exit_code = 1


def _tag_rows(path: Path, kind: LineKind) -> list[dict[str, Any]]:
    from siaran.talk import tag_lines
    from siaran.talk.tag_input import read_lines_to_tag

    lines = read_lines_to_tag(path, kind.value)
    tagged = tag_lines((line.text for line in lines), kind.value)
    return [
        {
            "line": line.number,
            "at_s": line.at_s,
            "at": line.at.isoformat() if line.at is not None else None,
            "user": line.user,
            "text": tags.text,
            "cues": list(tags.cues),
        }
        for line, tags in zip(lines, tagged, strict=True)
    ]


@talk_app.command("tag")
def tag_command(
    file: Annotated[
        Path,
        typer.Argument(
            help=(
                "Plain text, JSONL with text, CSV (ts,user,text) or a transcript. / "
                "Teks biasa, JSONL dengan text, CSV (ts,user,text) atau transkrip."
            )
        ),
    ],
    kind: Annotated[
        LineKind,
        typer.Option(
            "--kind",
            "-k",
            help=(
                "host: a transcript; comment: viewer comments. / "
                "host: transkrip; comment: komentar penonton."
            ),
        ),
    ] = LineKind.host,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Tag every line with its cues. / Tandai setiap baris dengan cue-nya."""
    rows = _tag_rows(file, kind)
    if fmt is OutputFormat.table:
        rows = [{**row, "cues": ", ".join(row["cues"])} for row in rows]
    columns = ("line", "at_s", "user", "text", "cues") if kind is LineKind.comment else None
    print_rows(
        stdout, rows, fmt, lang=state.lang, columns=columns or ("line", "at_s", "text", "cues")
    )


@talk_app.command("score")
def score_command(
    transcript: Annotated[
        Path,
        typer.Argument(
            help=(
                "Transcript: SRT, WebVTT, JSON or text. / Transkrip: SRT, WebVTT, JSON atau teks."
            )
        ),
    ],
    comments: Annotated[
        Path | None,
        typer.Option(
            "--comments",
            "-c",
            help=(
                "Viewer comments: CSV or JSONL (default with --room: the live's event stream). / "
                "Komentar penonton: CSV atau JSONL (bawaan dengan --room: aliran event live)."
            ),
        ),
    ] = None,
    room: Annotated[
        str | None,
        typer.Option(
            "--room",
            "-r",
            help=(
                "Room id of the live; stores the scorecard with it. / "
                "ID room live; scorecard disimpan bersamanya."
            ),
        ),
    ] = None,
    account: AccountOption = None,
    allow_unknown_room: Annotated[
        bool,
        typer.Option(
            "--allow-unknown-room",
            help=(
                "Store the scorecard even when the room has no imported session or events. / "
                "Simpan scorecard meski room belum punya sesi atau event yang diimpor."
            ),
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Score a session against the recommended architecture. / Nilai satu sesi live."""
    from siaran.talk import read_comments, read_transcript, save_scorecard, score_session
    from siaran.talk.moments import live_start
    from siaran.talk.scoring import tag_transcript
    from siaran.talk.storage import scoring_account
    from siaran.talk.stream import room_comments, room_is_imported

    read = read_transcript(transcript)
    known = True
    if room is None:
        viewer_comments = read_comments(comments) if comments is not None else None
        card = score_session(read, viewer_comments)
    else:
        with open_workspace(workspace) as ws:
            known = room_is_imported(ws, room)
            if not known and not allow_unknown_room:
                raise UnknownRoomError("talk.cli.unknown_room", room=room)
            owner = scoring_account(ws, room, account)
            started = live_start(ws, owner, room)
            if comments is not None:
                viewer_comments = read_comments(comments, timezone=ws.timezone)
            else:
                viewer_comments = room_comments(ws, owner, room) or None
                if viewer_comments is not None and fmt is OutputFormat.table:
                    stdout.print(
                        text("talk.cli.stream_comments", state.lang, count=len(viewer_comments))
                    )
            tags = tag_transcript(read)
            card = score_session(read, viewer_comments, room_id=room, started_at=started, tags=tags)
            save_scorecard(ws, card, read.lines, tags, account=owner)
    _print_scorecard(card.to_dict(), card.suggestions(state.lang), fmt)
    if room is not None and fmt is OutputFormat.table:
        stdout.print(text("talk.cli.saved", state.lang, room=room))
    if room is not None and not known:
        stderr.print(text("talk.cli.unknown_room_stored", state.lang, room=room))


@talk_app.command("show")
def show_command(
    room: Annotated[
        str, typer.Argument(help="Room id of a scored live. / ID room live yang sudah dinilai.")
    ],
    account: AccountOption = None,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show the stored scorecard of a live. / Tampilkan scorecard tersimpan."""
    from siaran.talk.storage import find_scorecard

    with open_workspace(workspace) as ws:
        card = find_scorecard(ws, room, account)
    if card is None:
        raise NoScorecardError("talk.cli.no_scorecard", room=room)
    _print_scorecard(card.to_dict(), card.suggestions(state.lang), fmt)


@talk_app.command("list")
def list_command(workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the scored lives of the workspace. / Daftar sesi yang sudah dinilai."""
    from siaran.talk import list_scorecards

    with open_workspace(workspace) as ws:
        rows = list_scorecards(ws)
    print_rows(
        stdout,
        rows,
        fmt,
        lang=state.lang,
        columns=("account", "room_id", "score", "demo_share", "ctas_per_10min", "answer_rate"),
    )


@talk_app.command("eval")
def eval_command(
    file: Annotated[
        Path | None,
        typer.Argument(
            help=(
                "Labelled TSV file or folder (default: the shipped evaluation set). / "
                "Berkas atau folder TSV berlabel (bawaan: set evaluasi bawaan)."
            )
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Per-cue precision, recall and F1 of the tagger. / Akurasi penanda cue."""
    from siaran.talk import evaluate

    report = evaluate(file)
    if fmt is OutputFormat.json:
        print_json(stdout, report.to_dict())
        return
    rows = report.to_rows()
    if fmt is OutputFormat.csv:
        print_rows(stdout, rows, fmt, lang=state.lang)
        return
    columns = ("part", "kind", "cue", "precision", "recall", "f1", "f1_low", "f1_high")
    print_rows(stdout, rows, fmt, lang=state.lang, columns=columns)
    for part in report.to_dict()["parts"]:
        stdout.print(text("talk.cli.macro_f1", state.lang, **part))


SHARE_CHECKS = frozenset({"demonstration", "questions_answered", "dead_air"})


def _check_value(key: str, value: float | int | bool | None) -> str:
    lang = state.lang
    if isinstance(value, bool):
        return text("talk.cli.yes" if value else "talk.cli.no", lang)
    if key in SHARE_CHECKS:
        return format_percent(value, lang, decimals=0)
    if isinstance(value, int):
        return format_number(value, lang)
    return format_decimal(value, lang, decimals=1)


def _print_scorecard(card: ScorecardJson, suggestions: list[Suggestion], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(stdout, {**card, "suggestions": [s.to_dict() for s in suggestions]})
        return
    if fmt is OutputFormat.csv:
        print_rows(stdout, card["checks"], fmt, lang=state.lang)
        return
    lang = state.lang
    score = card["score"]
    shown = "—" if score is None else f"{round(score)}/100"
    stdout.print(text("talk.cli.score", lang, score=shown, lines=card["host_lines"]))
    checks = Table(show_header=False)
    for check in card["checks"]:
        value = check["value"]
        checks.add_row(
            text(f"talk.check.{check['key']}", lang),
            text(f"talk.status.{check['status']}", lang),
            _check_value(check["key"], value),
        )
    stdout.print(checks)
    phases = Table(show_header=False)
    for phase in card["phases"]:
        first = phase["first_line"]
        phases.add_row(
            text(f"talk.phase.{phase['phase']}", lang),
            text("talk.cli.phase_at", lang, line=first) if first is not None else "—",
        )
    stdout.print(phases)
    qa = card["qa"]
    if qa is not None and qa["questions"]:
        stdout.print(
            text(
                "talk.cli.qa",
                lang,
                questions=qa["questions"],
                answered=qa["answered"],
                answer_rate=format_percent(qa["answer_rate"], lang, decimals=0),
                median_latency_s=format_decimal(qa["median_latency_s"], lang, decimals=0),
            )
        )
    stdout.print(text("talk.cli.suggestions", lang))
    for suggestion in suggestions:
        stdout.print(f"  · {suggestion.text}", highlight=False)
