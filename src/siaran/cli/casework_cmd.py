"""``siaran case|doc|code|excerpt|memo|suggest|matrix|agreement|audit|qdpx|qdc``: the
case-study workbench. Thin adapters over :mod:`siaran.casework`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from siaran.cli.common import FormatOption, WorkspaceOption, app, open_workspace, state, stdout
from siaran.cli.output import OutputFormat, print_rows, to_json
from siaran.errors import SiaranError, UsageError
from siaran.i18n import text

ActorOption = Annotated[
    str | None,
    typer.Option("--as", help="Who acts (coder/author); default $SIARAN_USER, else login name."),
]
RationaleOption = Annotated[
    str | None, typer.Option("--rationale", "-r", help="Why: recorded in the audit trail.")
]


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


case_app = _group("case", "Cases of a multiple-case study. / Kasus studi kasus multipel.")
doc_app = _group("doc", "Documents to code. / Dokumen yang dikode.")
code_app = _group("code", "The codebook: themes and codes. / Buku kode: tema dan kode.")
excerpt_app = _group("excerpt", "Coded excerpts. / Kutipan berkode.")
memo_app = _group("memo", "Memos and the reflexive journal. / Memo dan jurnal refleksif.")
suggest_app = _group("suggest", "Coding suggestions to accept or reject. / Saran pengodean.")
audit_app = _group("audit", "The hash-chained audit trail. / Jejak audit berantai hash.")
qdpx_app = _group("qdpx", "REFI-QDA projects (.qdpx). / Proyek REFI-QDA.")
qdc_app = _group("qdc", "REFI-QDA codebooks (.qdc). / Buku kode REFI-QDA.")


def _print_one(row: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        stdout.out(to_json(row), highlight=False)
    else:
        print_rows(stdout, [_flat(row)], fmt)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out[key] = "; ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = ", ".join(value)
        else:
            out[key] = value
    return out


def _rows(rows: list[dict[str, Any]], fmt: OutputFormat, columns: tuple[str, ...]) -> None:
    shown = rows if fmt is OutputFormat.json else [_flat(r) for r in rows]
    print_rows(stdout, shown, fmt, columns=columns)


def _attributes(values: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    attributes, types = {}, {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError("casework.attribute.bad_option", value=item)
        name, _, kind = name.partition(":")
        attributes[name.strip()] = value
        if kind:
            types[name.strip()] = kind.strip()
    return attributes, types


# -- cases --------------------------------------------------------------------------------------

CASE_COLUMNS = ("id", "name", "attributes", "accounts", "documents")


@case_app.command("list")
def case_list(
    workspace: WorkspaceOption = None,
    case_set: Annotated[str | None, typer.Option("--set", help="Only this case set.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List cases with attributes and linked accounts. / Daftar kasus."""
    from siaran.casework import list_cases

    with open_workspace(workspace) as ws:
        _rows(list_cases(ws, case_set=case_set), fmt, CASE_COLUMNS)


@case_app.command("add")
def case_add(
    name: Annotated[str, typer.Argument(help="Case name.")],
    attr: Annotated[
        list[str] | None,
        typer.Option(
            "--attr", help="NAME=VALUE or NAME:TYPE=VALUE (text, integer, float, boolean, date)."
        ),
    ] = None,
    account: Annotated[list[str] | None, typer.Option("--account", "-a")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a case. / Tambah kasus."""
    from siaran.casework import add_case

    attributes, types = _attributes(attr or [])
    with open_workspace(workspace) as ws:
        case = add_case(
            ws,
            name,
            description=description,
            attributes=attributes,
            types=types,
            accounts=account or [],
            actor=actor,
            rationale=rationale,
        )
    _print_one(case, fmt)


@case_app.command("show")
def case_show(
    case: Annotated[str, typer.Argument(help="Case name or number.")],
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one case. / Tampilkan satu kasus."""
    from siaran.casework import get_case

    with open_workspace(workspace) as ws:
        _print_one(get_case(ws, case), fmt)


@case_app.command("set")
def case_set_attribute(
    case: Annotated[str, typer.Argument(help="Case name or number.")],
    attribute: Annotated[str, typer.Argument(help="NAME=VALUE or NAME:TYPE=VALUE; NAME= clears.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Set or clear an attribute of a case. / Ubah atribut kasus."""
    from siaran.casework import set_attribute

    values, types = _attributes([attribute])
    ((name, value),) = values.items()
    with open_workspace(workspace) as ws:
        found = set_attribute(
            ws,
            case,
            name,
            value if value != "" else None,
            kind=types.get(name),
            actor=actor,
            rationale=rationale,
        )
    _print_one(found, fmt)


@case_app.command("link")
def case_link(
    case: Annotated[str, typer.Argument(help="Case name or number.")],
    account: Annotated[str, typer.Argument(help="Account handle, as in `siaran sessions`.")],
    unlink: Annotated[bool, typer.Option("--unlink", help="Remove the link instead.")] = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Link a platform account to a case (or --unlink). / Tautkan akun ke kasus."""
    from siaran.casework import link_account

    with open_workspace(workspace) as ws:
        found = link_account(ws, case, account, unlink=unlink, actor=actor, rationale=rationale)
    _print_one(found, fmt)


@case_app.command("load-example")
def case_load_example(
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load the study's ten cases (published attributes only). / Muat sepuluh kasus studi."""
    from siaran.casework import load_example_cases

    with open_workspace(workspace) as ws:
        _rows(load_example_cases(ws, actor=actor), fmt, CASE_COLUMNS)


# -- documents ----------------------------------------------------------------------------------


class SourceType(StrEnum):
    interview = "interview"
    observation = "observation"
    published_case_study = "published_case_study"
    platform_analytics_note = "platform_analytics_note"
    session_transcript = "session_transcript"
    other = "other"


DOC_COLUMNS = ("id", "name", "source_type", "format", "characters", "excerpts", "cases")


@doc_app.command("list")
def doc_list(
    workspace: WorkspaceOption = None,
    case: Annotated[str | None, typer.Option("--case", "-c")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List documents. / Daftar dokumen."""
    from siaran.casework import list_documents

    with open_workspace(workspace) as ws:
        _rows(list_documents(ws, case=case), fmt, DOC_COLUMNS)


@doc_app.command("add")
def doc_add(
    files: Annotated[
        list[Path], typer.Argument(help="txt, md, docx, pdf, html, srt or vtt files.")
    ],
    source_type: Annotated[SourceType, typer.Option("--type", "-t", help="Source type.")],
    case: Annotated[
        list[str] | None, typer.Option("--case", "-c", help="Case(s) it belongs to.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name (one file only).")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add documents (original kept in raw/). / Tambah dokumen."""
    from siaran.casework import add_document

    if name is not None and len(files) != 1:
        raise typer.BadParameter("--name needs exactly one file")
    with open_workspace(workspace) as ws:
        added = [
            add_document(
                ws,
                path,
                source_type=source_type.value,
                name=name,
                cases=case or [],
                actor=actor,
                rationale=rationale,
            )
            for path in files
        ]
    _rows(added, fmt, ("id", "name", "source_type", "format", "characters", "status"))


@doc_app.command("show")
def doc_show(
    document: Annotated[str, typer.Argument(help="Document number or name.")],
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print a document's text with its excerpts (json: the document, text and excerpts)."""
    from siaran.casework import document_text, list_excerpts
    from siaran.casework.documents import get_document

    with open_workspace(workspace) as ws:
        found = get_document(ws, document)
        body = document_text(ws, found["id"])
        excerpts = list_excerpts(ws, document=found["id"])
    if fmt is OutputFormat.json:
        stdout.out(to_json({**found, "text": body, "excerpts": excerpts}), highlight=False)
        return
    stdout.out(body if body is not None else "", highlight=False)
    _rows(excerpts, fmt, ("id", "start", "end", "coder", "codes"))


@doc_app.command("attach")
def doc_attach(
    document: Annotated[str, typer.Argument()],
    case: Annotated[str, typer.Argument()],
    detach: Annotated[bool, typer.Option("--detach")] = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Attach a document to a case (or --detach). / Lekatkan dokumen ke kasus."""
    from siaran.casework import attach_document

    with open_workspace(workspace) as ws:
        found = attach_document(ws, document, case, detach=detach, actor=actor, rationale=rationale)
    _print_one(found, fmt)


@doc_app.command("type")
def doc_type(
    document: Annotated[str, typer.Argument()],
    source_type: Annotated[SourceType, typer.Argument()],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a document's source type. / Ubah jenis sumber dokumen."""
    from siaran.casework import set_source_type

    with open_workspace(workspace) as ws:
        found = set_source_type(ws, document, source_type.value, actor=actor, rationale=rationale)
    _print_one(found, fmt)


# -- codebook -----------------------------------------------------------------------------------

CODE_COLUMNS = ("id", "path", "codings", "coders", "color", "description")


@code_app.command("list")
def code_list(workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the codebook in order, with usage. / Daftar buku kode."""
    from siaran.casework import list_codes

    with open_workspace(workspace) as ws:
        _rows(list_codes(ws), fmt, CODE_COLUMNS)


@code_app.command("add")
def code_add(
    name: Annotated[str, typer.Argument(help="Code name.")],
    parent: Annotated[str | None, typer.Option("--under", help="Parent theme/code.")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    inclusion: Annotated[str | None, typer.Option("--include", help="Inclusion note.")] = None,
    exclusion: Annotated[str | None, typer.Option("--exclude", help="Exclusion note.")] = None,
    color: Annotated[str | None, typer.Option("--color", help="#RRGGBB")] = None,
    keyword: Annotated[list[str] | None, typer.Option("--keyword", "-k")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Add a theme (no --under) or a code. / Tambah tema atau kode."""
    from siaran.casework import add_code

    with open_workspace(workspace) as ws:
        found = add_code(
            ws,
            name,
            parent=parent,
            description=description,
            inclusion=inclusion,
            exclusion=exclusion,
            color=color,
            keywords=keyword or [],
            actor=actor,
            rationale=rationale,
        )
    _print_one(found, fmt)


@code_app.command("update")
def code_update(
    code: Annotated[str, typer.Argument()],
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    inclusion: Annotated[str | None, typer.Option("--include")] = None,
    exclusion: Annotated[str | None, typer.Option("--exclude")] = None,
    color: Annotated[str | None, typer.Option("--color")] = None,
    keyword: Annotated[list[str] | None, typer.Option("--keyword", "-k")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Change a code's description, notes, colour or keywords. / Ubah keterangan kode."""
    from siaran.casework import update_code

    with open_workspace(workspace) as ws:
        found = update_code(
            ws,
            code,
            description=description,
            inclusion=inclusion,
            exclusion=exclusion,
            color=color,
            keywords=keyword,
            actor=actor,
            rationale=rationale,
        )
    _print_one(found, fmt)


@code_app.command("rename")
def code_rename(
    code: Annotated[str, typer.Argument()],
    new_name: Annotated[str, typer.Argument()],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Rename a code. / Ganti nama kode."""
    from siaran.casework import rename_code

    with open_workspace(workspace) as ws:
        _print_one(rename_code(ws, code, new_name, actor=actor, rationale=rationale), fmt)


@code_app.command("move")
def code_move(
    code: Annotated[str, typer.Argument()],
    parent: Annotated[
        str | None, typer.Option("--under", help="New parent; none: a theme.")
    ] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Move a code under another parent. / Pindahkan kode."""
    from siaran.casework import move_code

    with open_workspace(workspace) as ws:
        _print_one(move_code(ws, code, parent, actor=actor, rationale=rationale), fmt)


@code_app.command("merge")
def code_merge(
    source: Annotated[str, typer.Argument(help="Code to merge away.")],
    into: Annotated[str, typer.Argument(help="Code that receives its excerpts.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Merge a code into another; its excerpts follow. / Gabungkan kode."""
    from siaran.casework import merge_codes

    with open_workspace(workspace) as ws:
        _print_one(merge_codes(ws, source, into, actor=actor, rationale=rationale), fmt)


@code_app.command("split")
def code_split(
    code: Annotated[str, typer.Argument()],
    new_name: Annotated[str, typer.Argument(help="Name of the new sibling code.")],
    excerpt: Annotated[list[int], typer.Option("--excerpt", "-e", help="Excerpts that move.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Split chosen excerpts off into a new code. / Pecah kode."""
    from siaran.casework import split_code

    with open_workspace(workspace) as ws:
        _print_one(split_code(ws, code, new_name, excerpt, actor=actor, rationale=rationale), fmt)


@code_app.command("remove")
def code_remove(
    code: Annotated[str, typer.Argument()],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
) -> None:
    """Remove an unused code. / Hapus kode yang tidak dipakai."""
    from siaran.casework import remove_code

    with open_workspace(workspace) as ws:
        remove_code(ws, code, actor=actor, rationale=rationale)


class Starter(StrEnum):
    study = "study"
    aida = "aida"
    seven_p = "7p"


@code_app.command("load")
def code_load(
    starter: Annotated[Starter, typer.Argument(help="study (five themes), aida or 7p.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load a starter codebook. / Muat buku kode awal."""
    from siaran.casework import load_starter_codebook

    with open_workspace(workspace) as ws:
        _rows(load_starter_codebook(ws, starter.value, actor=actor), fmt, CODE_COLUMNS)


# -- excerpts -----------------------------------------------------------------------------------

EXCERPT_COLUMNS = ("id", "document", "start", "end", "coder", "codes", "quote")


@excerpt_app.command("list")
def excerpt_list(
    workspace: WorkspaceOption = None,
    document: Annotated[str | None, typer.Option("--doc", "-d")] = None,
    code: Annotated[str | None, typer.Option("--code", "-k")] = None,
    case: Annotated[str | None, typer.Option("--case", "-c")] = None,
    coder: Annotated[str | None, typer.Option("--coder")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List excerpts (by document, code, case or coder). / Daftar kutipan."""
    from siaran.casework import list_excerpts

    with open_workspace(workspace) as ws:
        found = list_excerpts(ws, document=document, code=code, case=case, coder=coder)
    _rows(found, fmt, EXCERPT_COLUMNS)


@excerpt_app.command("add")
def excerpt_add(
    document: Annotated[str, typer.Argument(help="Document number or name.")],
    code: Annotated[list[str], typer.Option("--code", "-k", help="Code(s) to apply.")],
    start: Annotated[int | None, typer.Option("--start", help="First code point (from 0).")] = None,
    end: Annotated[int | None, typer.Option("--end", help="End code point (exclusive).")] = None,
    quote: Annotated[
        str | None, typer.Option("--quote", "-q", help="Or: the text to code.")
    ] = None,
    occurrence: Annotated[int, typer.Option("--occurrence", min=1)] = 1,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Code a span of a document. / Kode satu bagian dokumen."""
    from siaran.casework import add_excerpt, document_text, find_span

    with open_workspace(workspace) as ws:
        if quote is not None:
            body = document_text(ws, document) or ""
            start, end = find_span(body, quote, occurrence)
        if start is None or end is None:
            raise UsageError("casework.excerpt.span_options")
        _print_one(
            add_excerpt(ws, document, start, end, code, coder=actor, rationale=rationale), fmt
        )


@excerpt_app.command("remove")
def excerpt_remove(
    excerpt: Annotated[int, typer.Argument()],
    code: Annotated[str | None, typer.Option("--code", "-k", help="Only this code.")] = None,
    coder: Annotated[str | None, typer.Option("--coder", help="Only this coder's codings.")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Uncode an excerpt (one code or all). / Hapus kode dari kutipan."""
    from siaran.casework import uncode

    with open_workspace(workspace) as ws:
        found = uncode(ws, excerpt, code=code, coder=coder, actor=actor, rationale=rationale)
    _print_one(found, fmt)


# -- memos --------------------------------------------------------------------------------------


class MemoKind(StrEnum):
    project = "project"
    case = "case"
    document = "document"
    code = "code"
    excerpt = "excerpt"
    journal = "journal"


@memo_app.command("list")
def memo_list(
    workspace: WorkspaceOption = None,
    kind: Annotated[MemoKind | None, typer.Option("--on")] = None,
    target: Annotated[str | None, typer.Option("--target")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List memos (--on journal: the reflexive journal). / Daftar memo."""
    from siaran.casework import list_memos

    with open_workspace(workspace) as ws:
        found = list_memos(ws, kind=kind.value if kind else None, target=target)
    _rows(found, fmt, ("id", "kind", "target", "title", "author", "created_at"))


@memo_app.command("add")
def memo_add(
    body: Annotated[str, typer.Argument(help="The memo text.")],
    kind: Annotated[
        MemoKind, typer.Option("--on", help="What it is attached to.")
    ] = MemoKind.project,
    target: Annotated[
        str | None, typer.Option("--target", help="Case, document, code or excerpt.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Write a memo or a journal entry. / Tulis memo atau jurnal."""
    from siaran.casework import add_memo

    with open_workspace(workspace) as ws:
        found = add_memo(
            ws, body, kind=kind.value, target=target, title=title, author=actor, rationale=rationale
        )
    _print_one(found, fmt)


# -- suggestions --------------------------------------------------------------------------------


class SuggestSource(StrEnum):
    keywords = "keywords"
    cues = "cues"


@suggest_app.command("run")
def suggest_run(
    source: Annotated[SuggestSource, typer.Argument(help="keywords or cues (talk cue tagger).")],
    rules: Annotated[
        Path | None, typer.Option("--rules", help="TOML [keywords] rules file.")
    ] = None,
    document: Annotated[list[str] | None, typer.Option("--doc", "-d")] = None,
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
    status: Annotated[SuggestStatus, typer.Option("--status")] = SuggestStatus.pending,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List suggestions. / Daftar saran."""
    from siaran.casework import list_suggestions

    with open_workspace(workspace) as ws:
        found = list_suggestions(ws, status=None if status is SuggestStatus.all else status.value)
    _rows(found, fmt, ("id", "document", "code", "rule", "status", "text"))


@suggest_app.command("accept")
def suggest_accept(
    suggestion: Annotated[list[int], typer.Argument()],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Accept suggestions: code them. / Terima saran."""
    from siaran.casework import accept_suggestion

    with open_workspace(workspace) as ws:
        done = [accept_suggestion(ws, s, coder=actor, rationale=rationale) for s in suggestion]
    _rows(done, fmt, ("suggestion", "status", "excerpt"))


@suggest_app.command("reject")
def suggest_reject(
    suggestion: Annotated[list[int], typer.Argument()],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    rationale: RationaleOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Reject suggestions. / Tolak saran."""
    from siaran.casework import reject_suggestion

    with open_workspace(workspace) as ws:
        done = [reject_suggestion(ws, s, actor=actor, rationale=rationale) for s in suggestion]
    _rows(done, fmt, ("suggestion", "status"))


# -- analysis -----------------------------------------------------------------------------------


class MatrixKind(StrEnum):
    cases = "cases"
    triangulation = "triangulation"
    cooccurrence = "cooccurrence"
    joint = "joint"


class MatrixLevel(StrEnum):
    theme = "theme"
    code = "code"


@app.command("matrix")
def matrix_command(
    kind: Annotated[
        MatrixKind, typer.Argument(help="cases, triangulation, cooccurrence or joint.")
    ] = MatrixKind.cases,
    level: Annotated[
        MatrixLevel, typer.Option("--by", help="Columns: theme or code.")
    ] = MatrixLevel.theme,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Quotes per cell (json).")] = 2,
    coder: Annotated[str | None, typer.Option("--coder")] = None,
    window: Annotated[int, typer.Option("--window", min=1, help="KPI window (joint).")] = 28,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Cross-case matrices and the joint display with live KPIs. / Matriks lintas kasus."""
    from siaran.casework import case_matrix, cooccurrence, joint_display, triangulation_matrix

    with open_workspace(workspace) as ws:
        if kind is MatrixKind.cases:
            found = case_matrix(ws, level=level.value, quotes=quotes, coder=coder)
            if fmt is OutputFormat.json:
                stdout.out(to_json(found["rows"]), highlight=False)
                return
            rows = [
                {"case": r["case"], **{c: cell["excerpts"] for c, cell in r["cells"].items()}}
                for r in found["rows"]
            ]
            print_rows(stdout, rows, fmt)
        elif kind is MatrixKind.triangulation:
            print_rows(stdout, triangulation_matrix(ws, coder=coder), fmt)
        elif kind is MatrixKind.cooccurrence:
            print_rows(stdout, cooccurrence(ws, level=level.value, coder=coder), fmt)
        else:
            joint = joint_display(ws, window_days=window, coder=coder)
            if fmt is OutputFormat.json:
                stdout.out(to_json(joint["rows"]), highlight=False)
                return
            rows = [
                {
                    "case": r["case"],
                    **r["themes"],
                    **r["kpis"],
                    "accounts": ", ".join(r["accounts"]),
                }
                for r in joint["rows"]
            ]
            print_rows(stdout, rows, fmt)


class UncodedChoice(StrEnum):
    include = "include"
    exclude = "exclude"


@app.command("agreement")
def agreement_command(
    coder: Annotated[
        list[str] | None, typer.Option("--coder", help="Coders (default: all).")
    ] = None,
    code: Annotated[list[str] | None, typer.Option("--code", "-k")] = None,
    document: Annotated[list[str] | None, typer.Option("--doc", "-d")] = None,
    uncoded: Annotated[
        UncodedChoice,
        typer.Option(
            "--uncoded",
            help="include: uncoded text counts as agreeing on absence; exclude: only coded text.",
        ),
    ] = UncodedChoice.include,
    workspace: WorkspaceOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Inter-coder agreement: kappa and alpha per code, character level. / Kesepakatan koder."""
    from siaran.casework import agreement

    with open_workspace(workspace) as ws:
        found = agreement(ws, coders=coder, codes=code, documents=document, uncoded=uncoded.value)
    if fmt is OutputFormat.json:
        stdout.out(to_json(found), highlight=False)
        return
    print_rows(
        stdout, found["codes"], fmt, columns=("code", "units", "agreement", "kappa", "alpha")
    )
    if fmt is OutputFormat.table:
        alpha = found["pooled_alpha"]
        stdout.print(
            text(
                "casework.agreement.summary",
                state.lang,
                coders=", ".join(found["coders"]),
                documents=found["documents"],
                units=found["units"],
                uncoded=found["uncoded"],
                alpha="—" if alpha is None else f"{alpha:.3f}",
            )
        )


# -- audit trail --------------------------------------------------------------------------------


class AuditBrokenError(SiaranError):
    exit_code = 1


@audit_app.command("log")
def audit_log_command(
    workspace: WorkspaceOption = None,
    actor: Annotated[str | None, typer.Option("--actor")] = None,
    action: Annotated[str | None, typer.Option("--action")] = None,
    target: Annotated[str | None, typer.Option("--target", help="e.g. code:3, excerpt:12")] = None,
    last: Annotated[int | None, typer.Option("--last", min=1)] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show the audit trail, oldest first. / Tampilkan jejak audit."""
    from siaran.casework import audit_log

    with open_workspace(workspace) as ws:
        found = audit_log(ws, actor=actor, action=action, target=target, limit=last)
    if fmt is not OutputFormat.json:
        found = [{**e, "detail": to_json(e["detail"]).replace("\n", "")} for e in found]
    print_rows(stdout, found, fmt, columns=("seq", "at", "actor", "action", "target", "rationale"))


@audit_app.command("verify")
def audit_verify_command(
    workspace: WorkspaceOption = None, fmt: FormatOption = OutputFormat.table
) -> None:
    """Check the hash chain: any edit or deletion is found (exit 1). / Periksa jejak audit."""
    from siaran.casework import verify_audit

    with open_workspace(workspace) as ws:
        verdict = verify_audit(ws)
    if fmt is OutputFormat.json:
        stdout.out(to_json(verdict.to_dict()), highlight=False)
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


# -- REFI-QDA -----------------------------------------------------------------------------------


def _print_import(report: Any, fmt: OutputFormat) -> None:
    data = report.to_dict(state.lang)
    if fmt is OutputFormat.json:
        stdout.out(to_json(data), highlight=False)
        return
    stdout.print(
        text(
            "casework.cli.imported",
            state.lang,
            path=data["path"],
            project=data["project"],
            added=", ".join(f"{k} {v}" for k, v in data["added"].items()) or "—",
            present=", ".join(f"{k} {v}" for k, v in data["already_present"].items() if v) or "—",
        )
    )
    if data["not_brought_over"]:
        stdout.print(text("casework.cli.not_brought_over", state.lang))
        for note in data["not_brought_over"]:
            stdout.print(f"  · {note}", highlight=False)


@qdpx_app.command("export")
def qdpx_export(
    out: Annotated[Path, typer.Argument(help="The .qdpx file to write.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the project as REFI-QDA .qdpx (schema-validated). / Ekspor proyek."""
    from siaran.casework.refiqda import export_qdpx

    with open_workspace(workspace) as ws:
        report = export_qdpx(ws, out, actor=actor)
    _print_export(report.to_dict(), fmt)


def _print_export(data: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        stdout.out(to_json(data), highlight=False)
        return
    counts = ", ".join(f"{k} {v}" for k, v in data.items() if k != "path" and v)
    stdout.print(text("casework.cli.exported", state.lang, path=data["path"], counts=counts or "—"))


@qdpx_app.command("import")
def qdpx_import(
    file: Annotated[Path, typer.Argument(help="A .qdpx (or .qde) from NVivo, ATLAS.ti, MAXQDA...")],
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the rest when some selections fall outside their text (they are listed).",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a REFI-QDA project; reports what was not brought over. / Impor proyek."""
    from siaran.casework.refiqda import import_qdpx

    with open_workspace(workspace) as ws:
        report = import_qdpx(ws, file, actor=actor, skip_invalid=skip_invalid)
    _print_import(report, fmt)


@qdc_app.command("export")
def qdc_export(
    out: Annotated[Path, typer.Argument(help="The .qdc file to write.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Export the codebook as REFI-QDA .qdc. / Ekspor buku kode."""
    from siaran.casework.refiqda import export_qdc

    with open_workspace(workspace) as ws:
        report = export_qdc(ws, out, actor=actor)
    _print_export(report.to_dict(), fmt)


@qdc_app.command("import")
def qdc_import(
    file: Annotated[Path, typer.Argument(help="A .qdc codebook.")],
    workspace: WorkspaceOption = None,
    actor: ActorOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Import a REFI-QDA codebook. / Impor buku kode."""
    from siaran.casework.refiqda import import_qdc

    with open_workspace(workspace) as ws:
        report = import_qdc(ws, file, actor=actor)
    _print_import(report, fmt)
