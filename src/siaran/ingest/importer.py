"""Importing platform exports into a workspace, safely.

The rules (docs/architecture.md, data safety): the original is archived under its content hash
before parsing; the import is one transaction that lands whole or not at all; importing the
same file twice changes nothing; a later snapshot of the same room (later end time) supersedes
an earlier one, while two rows of one room with the same end time and different figures are a
conflict that refuses the file; one live in two exports (the Seller Center list without its
room id, ``Creator-Live-Performance`` with it) is stored once (:mod:`siaran.ingest.same_live`);
every unreadable row is reported; an unknown header is an error naming it. A live belongs to
its account: a file that gives another account's room to its own is refused
(:mod:`siaran.store.ownership`). An import killed part-way leaves a note that the next opening
of the workspace acts on (:mod:`siaran.store.pending`).
"""

from __future__ import annotations

import datetime as dt
import glob
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from siaran.errors import BadInputError, Problem, UsageError
from siaran.i18n import Lang, text
from siaran.ingest.bounds import check_values
from siaran.ingest.layout import (
    ImportContext,
    Layout,
    Match,
    Note,
    ParsedImport,
    platform_table,
)
from siaran.ingest.layouts import known_layouts
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.ingest.merge import merge_sessions
from siaran.ingest.numbers.cells import PYTHON_WHITESPACE
from siaran.ingest.outcome import ImportedFile, ImportedFileJson
from siaran.ingest.source import SourceFile, read_source
from siaran.progress import NO_PROGRESS, Progress
from siaran.store.ownership import FileClaimedError
from siaran.store.pending import pending_import
from siaran.store.schema import SESSION_FIELD_NAMES
from siaran.store.transaction import transaction
from siaran.workspace import Workspace

MIN_MATCH_SCORE = 0.5


class ImportReportJson(ImportedFileJson):
    """:meth:`ImportReport.to_dict`: one row of ``siaran import --format json``."""

    rows_read: int
    sessions_added: int
    sessions_updated: int
    sessions_kept: int
    sessions_matched: int
    estimates: int
    period: tuple[str, str] | None
    notes: list[str]


@dataclass
class ImportReport(ImportedFile):
    """What one import did. ``status`` is ``imported`` or ``already_imported``.

    Like :class:`siaran.events.report.EventImportReport` it has ``summary(lang)``,
    ``note_texts(lang)`` and ``to_dict(lang)``; ``notes`` holds the notes untranslated."""

    rows_read: int = 0
    sessions_added: int = 0
    sessions_updated: int = 0
    sessions_kept: int = 0
    sessions_matched: int = 0
    """Lives already stored from another export of the same live (the Seller Center list and
    ``Creator-Live-Performance``), joined with the stored one instead of added."""
    estimates: int = 0
    period: tuple[str, str] | None = None
    notes: list[Note] = field(default_factory=list)

    def note_texts(self, lang: Lang) -> list[str]:
        """The notes in ``lang``."""
        return [text(note.key, lang, **note.params) for note in self.notes]

    def to_dict(self, lang: Lang) -> ImportReportJson:
        return {
            **self.file_json(),
            "rows_read": self.rows_read,
            "sessions_added": self.sessions_added,
            "sessions_updated": self.sessions_updated,
            "sessions_kept": self.sessions_kept,
            "sessions_matched": self.sessions_matched,
            "estimates": self.estimates,
            "period": self.period,
            "notes": self.note_texts(lang),
        }

    def summary(self, lang: Lang) -> str:
        if self.status == "already_imported":
            return text("import.already", lang, path=self.path)
        return text(
            "import.done",
            lang,
            path=self.path,
            layout=self.layout,
            rows=self.rows_read,
            added=self.sessions_added,
            updated=self.sessions_updated,
            kept=self.sessions_kept,
            matched=self.sessions_matched,
            estimates=self.estimates,
        )


def import_export_file(
    workspace: Workspace,
    path: Path,
    *,
    account: str | None = None,
    mapping: Path | None = None,
    currency: str | None = None,
    limits: ImportLimits | None = None,
    progress: Progress = NO_PROGRESS,
    source: SourceFile | None = None,
) -> ImportReport:
    """Import one platform export (sessions or account estimates) into ``workspace``: all of
    it, or (on any problem) nothing. Files of any kind are imported with
    :func:`siaran.importing.import_file`, which sends live event files to the event store.

    ``currency`` (ISO 4217, ``IDR``) is what the user says the money is in, for exports that
    do not say it themselves (Shopee's API gives bare numbers); a currency the file states is
    never overridden. The file is held to ``limits`` (default: the workspace's, see
    :mod:`siaran.ingest.limits`) before it is parsed, and its values to
    :mod:`siaran.ingest.bounds`: a negative count or amount fails the import like an
    unreadable cell, an implausible one is kept and noted in the report. Its rows are
    reported on ``progress`` once parsed and once written. ``source`` is the file as
    :func:`siaran.importing.import_file` has already read it (with the same limits), when it
    has."""
    path = Path(path)
    if source is None:
        source = read_source(path, limits or workspace_limits(workspace), progress)
    cleaned = clean_account(account)
    already = workspace.con.execute(
        "SELECT layout, account FROM imports WHERE sha256 = ?", [source.sha256]
    ).fetchone()
    if already is not None:
        if already[1] is not None and cleaned is not None and str(already[1]) != cleaned:
            raise FileClaimedError(path, cleaned, str(already[1]))
        return ImportReport(str(path), source.sha256, str(already[0]), "already_imported")

    target = _archive_path(workspace, source)
    outputs = [] if target.exists() else [f"{workspace.raw_dir.name}/{glob.escape(target.name)}*"]
    with (
        pending_import(workspace.path, source.sha256, outputs=outputs),
        progress.task("import_sessions", "rows") as rows_done,
    ):
        created = _archive(source, target)
        try:
            layout = _choose_layout(source, mapping)
            context = ImportContext(account=cleaned, timezone=workspace.timezone)
            parsed = layout.parse(source, context)
            check_values(parsed)
            parsed.problems.extend(_rows_without_start(parsed))
            parsed.notes[:0] = source.notes
            if parsed.problems:
                raise BadInputError(
                    "import.bad_rows",
                    path=path,
                    problems=parsed.problems,
                    count=len(parsed.problems),
                )
            if len(parsed.sessions) == 0 and not parsed.estimates:
                raise BadInputError("import.no_rows", path=path)
            if currency is not None:
                _state_currency(parsed, clean_currency(currency))
            rows_done.set_total(len(parsed.sessions) + len(parsed.estimates))
            report = _write(workspace, source, target, parsed, account=context.account)
            rows_done.advance(report.rows_read)
            return report
        except BaseException:
            if created:
                target.unlink(missing_ok=True)
            raise


def clean_currency(currency: str) -> str:
    """``currency`` as an ISO 4217 code (``idr`` -> ``IDR``); a usage error when it is none."""
    cleaned = currency.strip().upper()
    if len(cleaned) != 3 or not cleaned.isalpha():
        raise UsageError("import.bad_currency", currency=currency)
    return cleaned


def _state_currency(parsed: ParsedImport, currency: str) -> None:
    """Fill the money's unknown currency with the one the user stated, and say so."""
    column = parsed.sessions.column("currency")
    filled = column.null_count
    parsed.sessions.columns["currency"] = pc.fill_null(column, currency)
    for i, estimate in enumerate(parsed.estimates):
        if estimate.currency is None:
            parsed.estimates[i] = replace(estimate, currency=currency)
            filled += 1
    if filled:
        parsed.notes.append(Note("import.currency_stated", {"currency": currency, "rows": filled}))


def clean_account(account: str | None) -> str | None:
    """An account handle as stored: trimmed, without a leading ``@``; ``None`` when empty."""
    if account is None:
        return None
    cleaned = account.strip().lstrip("@").strip()
    return cleaned or None


def _archive_path(workspace: Workspace, source: SourceFile) -> Path:
    return workspace.raw_dir / f"{source.sha256}{source.suffix}"


def _archive(source: SourceFile, target: Path) -> bool:
    """Keep the original at ``target`` (atomically); whether this import created it."""
    if target.exists():
        return False
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(source.data)
    partial.replace(target)
    return True


def _choose_layout(source: SourceFile, mapping: Path | None) -> Layout:
    if mapping is not None:
        from siaran.ingest.layouts.mapping import load_mapping

        return load_mapping(mapping)
    scored: list[tuple[Match, Layout]] = []
    for layout in known_layouts():
        found = layout.match(source)
        if found is not None:
            scored.append((found, layout))
    if not scored:
        raise BadInputError("import.unrecognised", path=source.path)
    best, layout = max(scored, key=lambda pair: pair[0].score)
    if best.unknown_headers:
        raise BadInputError(
            "import.unknown_header",
            path=source.path,
            layout=best.layout,
            headers=", ".join(repr(h) for h in best.unknown_headers),
            problems=[Problem("import.unknown_header_one", column=h) for h in best.unknown_headers],
        )
    if best.score < MIN_MATCH_SCORE or best.missing_headers:
        raise BadInputError(
            "import.missing_headers",
            path=source.path,
            layout=best.layout,
            headers=", ".join(repr(h) for h in best.missing_headers) or "-",
        )
    return layout


def _rows_without_start(parsed: ParsedImport) -> list[Problem]:
    """Rows whose start time is unknown and that no problem names yet: an empty cell is caught
    by each layout, but a placeholder for unknown (``-``, ``N/A``) reads as no value at all, and
    a session cannot be stored without its start."""
    batch = parsed.sessions
    unknown = pc.indices_nonzero(pc.is_null(batch.column("started_at")))
    named = {problem.row for problem in parsed.problems}
    column = parsed.headers.get("started_at")
    return [
        Problem("tiktok.missing_start_time", row, column)
        for row in pc.take(batch.source_rows, unknown).to_pylist()
        if row not in named
    ]


def _session_table(parsed: ParsedImport, account: str | None, source: SourceFile) -> pa.Table:
    """The batch as the rows of the ``sessions`` table, with their keys and provenance, and
    ``batch_index`` (the row's index in the batch, which its platform values name)."""
    batch = parsed.sessions
    n = len(batch)
    accounts = batch.column("account")
    if accounts.null_count:
        if account is None:
            raise UsageError("import.account_required", path=str(source.path))
        accounts = pc.fill_null(accounts, account)
    fields = {name: batch.column(name) for name in SESSION_FIELD_NAMES}
    fields["account"] = _cleaned_accounts(accounts)
    fields["room_id"] = pc.utf8_trim(fields["room_id"], characters=PYTHON_WHITESPACE)
    keys = session_keys(
        fields["platform"], fields["account"], fields["room_id"], fields["started_at"]
    )
    arrays: dict[str, pa.Array] = {
        "batch_index": pa.array(np.arange(n, dtype=np.int64)),
        "session_key": keys,
        "source_sha256": pa.repeat(pa.scalar(source.sha256, pa.string()), n),
        "source_row": batch.source_rows.cast(pa.int32()),
        "layout": pa.repeat(pa.scalar(parsed.layout, pa.string()), n),
        **fields,
    }
    return pa.table(arrays)


def _cleaned_accounts(accounts: pa.Array) -> pa.Array:
    """Each account as :func:`clean_account` stores it, cleaned once per distinct handle."""
    encoded = accounts.dictionary_encode()
    handles = [clean_account(str(handle)) for handle in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(handles, pa.string()), encoded.indices)


def session_keys(
    platforms: pa.Array, accounts: pa.Array, room_ids: pa.Array, starts: pa.Array
) -> pa.Array:
    """Each session's key: ``{platform}:room:{room_id}``, or without a room id
    ``{platform}:{account}:{start in UTC, ISO 8601}`` (``2026-07-04T13:01:54+00:00``, the
    microseconds only when there are some, as :meth:`datetime.isoformat` writes it)."""
    by_room = pc.binary_join_element_wise(
        platforms,
        pc.if_else(pc.equal(room_ids, ""), pa.scalar(None, pa.string()), room_ids),
        ":room:",
    )
    stamps = pc.strftime(starts.cast(pa.timestamp("us", "UTC")), "%Y-%m-%dT%H:%M:%S")
    stamps = pc.replace_substring_regex(stamps, r"\.000000$", "")
    by_start = pc.binary_join_element_wise(platforms, accounts, stamps, ":")
    return pc.coalesce(by_room, pc.binary_join_element_wise(by_start, "+00:00", ""))


def _write(
    workspace: Workspace,
    source: SourceFile,
    archived: Path,
    parsed: ParsedImport,
    *,
    account: str | None,
) -> ImportReport:
    con = workspace.con
    report = ImportReport(
        path=str(source.path),
        sha256=source.sha256,
        layout=parsed.layout,
        status="imported",
        account=account,
        rows_read=len(parsed.sessions) + len(parsed.estimates),
        estimates=len(parsed.estimates),
        notes=list(parsed.notes),
        period=(parsed.period[0].isoformat(), parsed.period[1].isoformat())
        if parsed.period
        else None,
    )
    incoming = _session_table(parsed, account, source) if len(parsed.sessions) else None
    reported = platform_table(parsed.platform_values)
    with transaction(con):
        if incoming is not None:
            counts = merge_sessions(con, incoming, reported, source.path)
            report.sessions_added, report.sessions_updated = counts.added, counts.updated
            report.sessions_kept, report.sessions_matched = counts.kept, counts.matched
        for estimate in parsed.estimates:
            con.execute(
                "INSERT OR REPLACE INTO account_estimates VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    estimate.platform,
                    clean_account(estimate.account),
                    estimate.source,
                    estimate.period_start,
                    estimate.period_end,
                    (estimate.period_end - estimate.period_start).days + 1,
                    estimate.sessions,
                    estimate.gmv,
                    estimate.avg_gmv_per_session,
                    estimate.views,
                    estimate.currency,
                    estimate.basis,
                    source.sha256,
                    estimate.source_row,
                ],
            )
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                source.sha256,
                source.path.name,
                archived.name,
                parsed.layout,
                account,
                report.rows_read,
                dt.datetime.now(dt.UTC),
            ],
        )
    return report
