"""Event files streamed into Parquet inside the workspace, partitioned by account and date.

Layout: ``<workspace>/events/account=<handle>/date=<YYYY-MM-DD>/part-<sha>-<n>.parquet``, the
date being the event's local calendar date (workspace zone) and ``<sha>`` the first 16 hex
digits of the imported file's SHA-256. Every file holds every stored column
(:data:`~siaran.events.model.STORED_COLUMNS`), account and date included, so readers need no
partition discovery; the folders let a reader skip whole accounts and days.

An import streams the file in chunks (memory stays flat whatever its size; canonical JSON
Lines and CSV in blocks parsed by Arrow, :mod:`siaran.events.blocks`, read ahead on a thread),
types each chunk and keeps its good events in a staging Arrow IPC file (LZ4, no Parquet
encoding), then writes the new events with one DuckDB query
that drops duplicates (same ``room_id`` and ``id`` earlier in the file or already stored; a
hash aggregate, not a sort) and splits them by date. A file whose rooms belong to another
account is refused before anything is written
(:mod:`siaran.store.ownership`). Only then do the files move into place and the import is
recorded, with its rooms (:mod:`siaran.events.rooms`), in one transaction: that commit is
what publishes them, for readers see only files an import record covers (:func:`event_files`).
A failure at any step removes what this import wrote; an import killed part-way is cleaned up
the next time the workspace opens (:mod:`siaran.store.pending`). Importing the same bytes again
is recognised by their SHA-256 and changes nothing; a re-captured file with overlapping events
adds only the new ones. Every path and setting reaches DuckDB as a parameter, never as text
spliced into SQL (a workspace path may hold an apostrophe).
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

from siaran.errors import BadInputError, Problem, UsageError
from siaran.events.blocks import read_ahead, read_tables
from siaran.events.conversion import type_chunk
from siaran.events.model import STORED_COLUMNS
from siaran.events.reading import CHUNK_SIZE, ReadTally, sniff_event_format
from siaran.events.report import EventImportReport
from siaran.events.rooms import record_event_rooms
from siaran.progress import NO_PROGRESS, Progress, ProgressTask
from siaran.store.ownership import FileClaimedError, check_room_claims
from siaran.store.pending import pending_import
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    import duckdb

    from siaran.workspace import Workspace

EVENTS_DIR: Final = "events"
PART_GLOB: Final = "account=*/date=*/part-*.parquet"
STAGING_PREFIX: Final = ".staging-"
INGEST_MEMORY_LIMIT: Final = "1500MB"
_SUFFIXES: Final = {
    "events_jsonl": ".jsonl",
    "events_json": ".json",
    "capture_dump": ".jsonl",
    "events_csv": ".csv",
    "order_export": ".csv",
}


def events_dir(workspace: Workspace) -> Path:
    return workspace.path / EVENTS_DIR


def account_folder(account: str) -> str:
    """The partition folder of ``account`` (handles are percent-encoded where unsafe)."""
    return "account=" + quote(account, safe="._-@")


def event_files(workspace: Workspace, account: str | None = None) -> list[Path]:
    """Every stored event file (of ``account`` only, if given) that an import record covers,
    sorted. A file an interrupted import left behind is never read."""
    root = events_dir(workspace)
    if not root.is_dir():
        return []
    pattern = (
        f"{glob.escape(account_folder(account))}/date=*/part-*.parquet" if account else PART_GLOB
    )
    found = sorted(root.glob(pattern))
    if not found:
        return []
    recorded = {
        str(row[0])
        for row in workspace.con.execute("SELECT DISTINCT left(sha256, 16) FROM imports").fetchall()
    }
    return [path for path in found if _part_sha(path) in recorded]


def _part_sha(path: Path) -> str:
    """The 16 hex digits of ``part-<sha>-<n>.parquet``."""
    return path.name[len("part-") : len("part-") + 16]


def has_events(workspace: Workspace) -> bool:
    return bool(event_files(workspace))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_event_file(
    workspace: Workspace,
    path: Path,
    *,
    account: str | None,
    fmt: str | None = None,
    skip_bad: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress = NO_PROGRESS,
) -> EventImportReport:
    """Import the event file at ``path`` for ``account``: all of it or nothing.

    A malformed line fails the whole import (:class:`~siaran.errors.BadInputError` naming the
    file and every bad line) unless ``skip_bad``: then bad lines are skipped and counted.
    The events of every chunk are reported on ``progress`` as it is typed.
    """
    path = Path(path)
    fmt = fmt or sniff_event_format(path)
    if fmt is None:
        raise BadInputError("import.unrecognised", path=path)
    if not account:
        raise UsageError("import.account_required", path=str(path))
    sha = file_sha256(path)
    report = EventImportReport(str(path), sha, fmt, "imported", account=account)
    known = workspace.con.execute("SELECT account FROM imports WHERE sha256 = ?", [sha]).fetchone()
    if known is not None:
        if known[0] is not None and str(known[0]) != account:
            raise FileClaimedError(path, account, str(known[0]))
        report.status = "already_imported"
        return report
    report.timezone = workspace.timezone.key
    archived = workspace.raw_dir / f"{sha}{_SUFFIXES[fmt]}"
    staging = events_dir(workspace) / f"{STAGING_PREFIX}{sha[:16]}-{uuid.uuid4().hex[:8]}"
    outputs = [
        f"{EVENTS_DIR}/{glob.escape(account_folder(account))}/date=*/part-{sha[:16]}-*.parquet"
    ]
    if not archived.exists():
        outputs.append(f"{glob.escape(workspace.raw_dir.name)}/{glob.escape(archived.name)}*")
    scratch = [f"{EVENTS_DIR}/{glob.escape(staging.name)}"]
    moved: list[Path] = []
    with pending_import(workspace.path, sha, outputs=outputs, scratch=scratch):
        created = _archive(workspace, path, archived)
        try:
            with (
                _ingest_connection(workspace, staging) as con,
                progress.task("import_events", "events") as events_done,
            ):
                typed = _stage(
                    con, path, fmt, staging, report, account, sha, skip_bad, chunk_size, events_done
                )
                moved = _store(con, workspace, typed, staging, report, account, sha)
            _record(workspace, path, sha, archived, fmt, account, report)
        except BaseException:
            for written in moved:
                written.unlink(missing_ok=True)
            if created:
                archived.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _archive(workspace: Workspace, path: Path, target: Path) -> bool:
    """Copy the original to ``target`` in ``raw/`` (atomically); whether it was created."""
    if target.exists():
        return False
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(path, partial)
    partial.replace(target)
    return True


@contextmanager
def _ingest_connection(workspace: Workspace, staging: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private DuckDB connection for typing and writing: its session zone is the
    workspace's, its memory is bounded and it spills into the staging folder."""
    import duckdb

    staging.mkdir(parents=True)
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = ?", [workspace.timezone.key])
        con.execute("SET memory_limit = ?", [INGEST_MEMORY_LIMIT])
        con.execute("SET temp_directory = ?", [str(staging / "spill")])
        con.execute("SET preserve_insertion_order = false")
        yield con
    finally:
        con.close()


def _stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    staging: Path,
    report: EventImportReport,
    account: str,
    sha: str,
    skip_bad: bool,
    chunk_size: int,
    events_done: ProgressTask,
) -> list[Path]:
    """Stream and type every chunk into ``staging/typed/part-<n>.arrow``; raise on bad
    lines (unless ``skip_bad``). Returns the staged files."""
    import pyarrow as pa

    tally = ReadTally()
    typed = staging / "typed"
    typed.mkdir()
    typing_problems: list[Problem] = []  # the reader (ahead on its thread) keeps its own
    bad = 0
    written: list[Path] = []
    try:
        for number, chunk in enumerate(
            read_ahead(read_tables(path, fmt, tally, chunk_size=chunk_size))
        ):
            result = type_chunk(con, chunk)
            bad += result.problem_count
            room = tally.keep_problems - len(typing_problems)
            typing_problems.extend(result.problems[: max(room, 0)])
            report.offsetless += result.offsetless
            report.events_read += result.rows
            events_done.advance(result.rows)
            if result.rows:
                target = typed / f"part-{number:06d}.arrow"
                with (
                    pa.OSFile(str(target), "wb") as sink,
                    pa.ipc.new_file(
                        sink,
                        result.events.schema,
                        options=pa.ipc.IpcWriteOptions(compression="lz4"),
                    ) as writer,
                ):
                    writer.write_table(result.events)
                written.append(target)
    except UnicodeDecodeError as exc:
        raise BadInputError("source.binary", path=path) from exc
    report.lines_read = tally.lines
    report.unknown_types = dict(tally.unknown_types.most_common())
    report.ignored_columns = list(tally.ignored_columns)
    report.bad_lines = bad + tally.problem_count
    if report.bad_lines and (tally.unreadable or not skip_bad):
        problems = sorted(tally.problems + typing_problems, key=lambda p: p.row or 0)
        del problems[tally.keep_problems :]
        raise BadInputError(
            "events.bad_lines", path=path, problems=problems, count=report.bad_lines
        )
    if not report.events_read:
        raise BadInputError(
            "events.no_events",
            path=path,
            unknown=sum(report.unknown_types.values()),
        )
    return written


def _store(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    typed: list[Path],
    staging: Path,
    report: EventImportReport,
    account: str,
    sha: str,
) -> list[Path]:
    """Refuse rooms of another account; write the staged events that are new, split by date,
    then move them into place."""
    import pyarrow.dataset as ds

    # A dataset is scanned batch by batch: the staged events are never all in memory.
    con.register("staged", ds.dataset([str(p) for p in typed], format="ipc"))
    try:
        return _write_new(con, workspace, staging, report, account, sha)
    finally:
        con.unregister("staged")


def _write_new(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    staging: Path,
    report: EventImportReport,
    account: str,
    sha: str,
) -> list[Path]:
    rooms = con.execute(
        "SELECT room_id, count(*) AS n, min(ts), max(ts) FROM staged "
        "GROUP BY room_id ORDER BY min(ts), room_id"
    ).fetchall()
    check_room_claims(
        workspace.con, report.path, [(None, str(row[0]), account, None) for row in rooms]
    )
    report.rooms = {str(row[0]): int(row[1]) for row in rooms}
    zone = workspace.timezone
    if rooms:
        report.first_event_at = _iso(min(row[2] for row in rooms), zone)
        report.last_event_at = _iso(max(row[3] for row in rooms), zone)
    existing = [str(p) for p in event_files(workspace, account)]
    if existing:
        import pyarrow.dataset as ds

        con.register("existing", ds.dataset(existing, format="parquet"))
    # The account and the file's hash are the same on every line: added here, not staged.
    constants = {"account": _literal(account), "source_sha256": _literal(sha)}
    names = ", ".join(
        f'{constants[name]} AS "{name}"' if name in constants else f'"{name}"'
        for name, _ in STORED_COLUMNS
    )
    fresh = (
        """ANTI JOIN (
             SELECT room_id, id FROM existing WHERE room_id IN (SELECT DISTINCT room_id FROM staged)
           ) AS old USING (room_id, id)"""
        if existing
        else ""
    )
    out = staging / "out"
    # The first line of each (room, id) is kept: a hash aggregate finds it and a semi join
    # keeps it, no window and no sort over the whole file (the floor does not sort either).
    # Without parameters the query is not materialised before it is written.
    try:
        con.sql(
            f"""
            SELECT {names} FROM staged AS s {fresh}
            SEMI JOIN (
              SELECT room_id, id, min(source_line) AS source_line
              FROM staged GROUP BY room_id, id
            ) AS first USING (room_id, id, source_line)
            """
        ).write_parquet(
            str(out),
            compression="zstd",
            partition_by=["date"],
            write_partition_columns=True,
            filename_pattern=f"part-{sha[:16]}-{{i}}",
        )
    finally:
        if existing:
            con.unregister("existing")
    parts = sorted(out.glob("date=*/*.parquet")) if out.is_dir() else []
    written = (
        con.execute(
            "SELECT sum(num_rows) FROM parquet_file_metadata(?)", [[str(p) for p in parts]]
        ).fetchone()
        if parts
        else None
    )
    report.events_added = int(written[0]) if written and written[0] is not None else 0
    report.duplicates = report.events_read - report.events_added
    target = events_dir(workspace) / account_folder(account)
    moved: list[Path] = []
    try:
        for part in parts:
            folder = target / part.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            destination = folder / part.name
            part.replace(destination)
            moved.append(destination)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        raise
    return moved


def _iso(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _record(
    workspace: Workspace,
    path: Path,
    sha: str,
    archived: Path,
    fmt: str,
    account: str,
    report: EventImportReport,
) -> None:
    """Record the import and its rooms in one transaction: the step that publishes it."""
    con = workspace.con
    with transaction(con):
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                sha,
                path.name,
                archived.name,
                fmt,
                account,
                report.events_read,
                dt.datetime.now(dt.UTC),
            ],
        )
        record_event_rooms(con, account, sha, report.rooms)


def _literal(text: str) -> str:
    """``text`` as an SQL string literal (an account handle, a file's hash: never a path,
    which reaches DuckDB as a parameter)."""
    return "'" + text.replace("'", "''") + "'"
