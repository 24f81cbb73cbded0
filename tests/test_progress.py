"""Progress of long operations (:mod:`siaran.progress`): the protocol, its labels, and what each
importer, export and analysis reports on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

from siaran.casework import add_document
from siaran.casework.refiqda import export_qdpx
from siaran.ecosystem import EcosystemImportReport
from siaran.errors import BadInputError, UsageError
from siaran.events import import_event_file
from siaran.feedback import ReviewImportReport
from siaran.feedback.writer import write_review_file
from siaran.i18n import LANGUAGES, text
from siaran.importing import Imported, ImportOptions, RefusedImport, import_file, import_files
from siaran.ingest import source
from siaran.ingest.importer import ImportReport
from siaran.ingest.layouts.tiktok_creator import write_creator_live_performance
from siaran.orders import OrderImportReport
from siaran.orders.writer import write_order_export
from siaran.progress import NO_PROGRESS, Progress, TaskName, Unit
from siaran.report.html import COLLECT_STEPS, ReportOptions, render_report
from siaran.workspace import Workspace
from tests.ecosystem.files import write_files
from tests.events.samples import ROOM, session_events, write_csv, write_jsonl
from tests.feedback.test_review_import import reviews
from tests.orders.test_order_import import tiktok_lines
from tests.progress_log import ProgressLog
from tests.web.exports import creator_rows, write_creator_export

ACCOUNT = "toko.ayu"


def session_export(folder: Path) -> Path:
    """A TikTok Shop session export of five lives."""
    return write_creator_export(
        folder / "Creator-Live-Performance_20260917200000.xlsx",
        creator_rows(1, 5, gmv_per_session=100_000.0),
    )


def test_no_progress_takes_every_report_and_ends_its_task_on_errors() -> None:
    with NO_PROGRESS.task("import_files", "files", total=2) as files:
        files.advance(1)
        files.set_total(3)
    with pytest.raises(ValueError), NO_PROGRESS.task("import_events", "events"):
        raise ValueError("the operation failed")


def test_a_log_is_a_progress_and_nests_its_tasks() -> None:
    log = ProgressLog()
    shown: Progress = log
    with shown.task("import_files", "files", total=2) as files:
        with shown.task("import_events", "events") as events:
            events.advance(100)
            events.advance(20)
        files.advance(1)
        assert log.tasks[1].ended and not log.tasks[0].ended
    outer, inner = log.tasks
    assert (outer.depth, outer.done, outer.total) == (0, 1, 2)
    assert (inner.depth, inner.advances, inner.total) == (1, [100, 20], None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_task_and_unit_has_a_label(lang: str) -> None:
    for name in get_args(TaskName):
        assert text(f"progress.task.{name}", lang)  # type: ignore[arg-type]
    for unit in get_args(Unit):
        assert text(f"progress.unit.{unit}", lang)  # type: ignore[arg-type]


def test_import_files_reports_each_file_and_each_importers_rows(
    workspace: Workspace, tmp_path: Path
) -> None:
    sessions = session_export(tmp_path)
    orders = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    review_file = write_review_file(tmp_path / "ulasan.csv", reviews(), language="en")
    affiliates, register = write_files(tmp_path)
    events = write_jsonl(tmp_path / "events.jsonl", session_events())
    paths = [sessions, orders, review_file, affiliates, register, events]
    log = ProgressLog()
    outcomes = import_files(workspace, paths, ImportOptions(account=ACCOUNT), progress=log)

    [files] = log.named("import_files")
    assert (files.unit, files.total, files.done, files.ended) == ("files", 6, 6, True)
    kinds: dict[TaskName, type[Imported]] = {
        "import_sessions": ImportReport,
        "import_orders": OrderImportReport,
        "import_reviews": ReviewImportReport,
        "import_ecosystem": EcosystemImportReport,
    }
    for name, kind in kinds.items():
        rows = [o.rows_read for o in outcomes if isinstance(o, kind) and hasattr(o, "rows_read")]
        tasks = log.named(name)
        assert [(t.unit, t.depth, t.ended) for t in tasks] == [("rows", 1, True)] * len(rows)
        # The rows are counted as the file is read, and all of them are done once written.
        assert [(t.total, t.done) for t in tasks] == [(n, n) for n in rows]
        assert rows and all(n > 0 for n in rows)
    [read] = log.named("import_events")
    assert (read.unit, read.done, read.ended) == ("events", len(session_events()), True)


@pytest.mark.parametrize("as_csv", [False, True], ids=["xlsx", "csv"])
def test_reading_a_file_reports_its_rows_as_they_are_read(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_csv: bool
) -> None:
    monkeypatch.setattr(source, "READ_REPORT_ROWS", 3)
    rows = creator_rows(1, 5, gmv_per_session=100_000.0)
    path = tmp_path / ("export.csv" if as_csv else "export.xlsx")
    starts = [row["started_at"].date() for row in rows]
    write_creator_live_performance(path, rows, period=(min(starts), max(starts)), as_csv=as_csv)
    log = ProgressLog()
    import_file(workspace, path, ImportOptions(account=ACCOUNT), progress=log)
    [read] = log.named("read_file")
    assert (read.unit, read.depth, read.ended) == ("rows", 0, True)
    # The period row, an empty row, the header and five lives.
    assert read.done == read.total == 8
    assert read.advances == [3, 3, 2]


@pytest.mark.parametrize("kind", ["sessions", "orders", "reviews"])
def test_a_workbook_is_read_once_whatever_it_holds(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """import_file reads a workbook once to recognise it by its header row and hands what it
    read to the importer that takes it; that read is the one reported."""
    reads: list[Path] = []
    read_xlsx = source._read_xlsx

    def counted(path: Path, *args: Any) -> list[source.Sheet]:
        reads.append(path)
        return read_xlsx(path, *args)

    monkeypatch.setattr(source, "_read_xlsx", counted)
    if kind == "sessions":
        path = session_export(tmp_path)
    elif kind == "orders":
        path = write_order_export(tmp_path / "orders.xlsx", "tiktok", tiktok_lines(), xlsx=True)
    else:
        path = write_review_file(tmp_path / "ulasan.xlsx", reviews(), xlsx=True)
    log = ProgressLog()
    outcome = import_file(workspace, path, ImportOptions(account=ACCOUNT), progress=log)
    expected = {
        "sessions": ImportReport,
        "orders": OrderImportReport,
        "reviews": ReviewImportReport,
    }
    assert isinstance(outcome, expected[kind])
    assert reads == [path]
    [read] = log.named("read_file")
    assert read.ended and read.done == read.total and read.done > 0


def test_an_event_import_reports_every_chunk(workspace: Workspace, tmp_path: Path) -> None:
    # A capture dump is typed chunk by chunk: one advance per chunk of four.
    ms = 1783170000000
    dump: list[dict[str, object]] = [{"event": "ConnectEvent", "room_id": ROOM}]
    dump += [
        {"event": "CommentEvent", "msg_id": n, "create_time": ms + n * 1000, "comment": "halo"}
        for n in range(1, 20)
    ]
    log = ProgressLog()
    report = import_event_file(
        workspace, write_jsonl(tmp_path / "dump.jsonl", dump), account=ACCOUNT, chunk_size=4,
        progress=log,
    )  # fmt: skip
    [read] = log.named("import_events")
    assert len(read.advances) == 5  # 19 events in chunks of 4
    assert read.done == report.events_read == 19
    # A canonical CSV is typed in blocks; every event it reads is reported.
    events = session_events()
    header = sorted({name for row in events for name in row})
    rows = [[row.get(name, "") for name in header] for row in events]
    log = ProgressLog()
    report = import_event_file(
        workspace, write_csv(tmp_path / "events.csv", header, rows), account=ACCOUNT, progress=log
    )
    [read] = log.named("import_events")
    assert read.advances and sum(read.advances) == read.done == report.events_read == len(events)


def test_a_refused_file_ends_its_task(workspace: Workspace, tmp_path: Path) -> None:
    path = write_order_export(tmp_path / "orders.csv", "tiktok", tiktok_lines())
    log = ProgressLog()
    with pytest.raises(UsageError):
        import_file(workspace, path, progress=log)  # an order export needs its account
    broken = tmp_path / "broken.csv"
    broken.write_text("not,an,export\n1,2,3\n")
    with pytest.raises(BadInputError):
        import_file(workspace, broken, ImportOptions(account=ACCOUNT), progress=log)
    assert log.tasks and all(task.ended for task in log.tasks)
    # Among several files, a refused one is done all the same.
    log = ProgressLog()
    (refused,) = import_files(workspace, [broken], ImportOptions(account=ACCOUNT), progress=log)
    assert isinstance(refused, RefusedImport)
    assert (log.tasks[0].name, log.tasks[0].done, log.tasks[0].total) == ("import_files", 1, 1)


def test_a_qdpx_export_reports_the_project_and_each_document(
    workspace: Workspace, tmp_path: Path
) -> None:
    for number in range(3):
        note = tmp_path / f"interview-{number}.txt"
        note.write_text(f"Wawancara {number}: host menjawab pertanyaan pembeli.\n")
        add_document(workspace, note, source_type="interview")
    log = ProgressLog()
    report = export_qdpx(workspace, tmp_path / "project.qdpx", progress=log)
    [files] = log.named("export_qdpx")
    assert files.total == files.done == 1 + report.documents == 4


def test_the_report_reports_each_figure_and_each_lives_timeline(
    workspace: Workspace, tmp_path: Path
) -> None:
    sessions = session_export(tmp_path)
    events = write_jsonl(tmp_path / "events.jsonl", session_events())
    import_files(workspace, [sessions, events], ImportOptions(account=ACCOUNT))
    log = ProgressLog()
    render_report(workspace, ReportOptions(lang="en"), progress=log)
    [report] = log.named("report")
    assert (report.unit, report.done, report.total) == ("steps", COLLECT_STEPS, COLLECT_STEPS)
    [lives] = log.named("timelines")
    assert (lives.unit, lives.depth, lives.done, lives.total) == ("lives", 1, 1, 1)
