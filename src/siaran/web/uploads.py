"""The import page's flow: stage an uploaded file, preview what siaran recognises in it, then
import it for real only when the person confirms.

The preview is a real import into a throw-away workspace with the same time zone: the same
layout detection, the same parsing, the same problems and notes as the real import will give,
while the person's workspace is not touched at all. A wrong or broken file therefore shows the
importer's own message, in the reader's language, and changes nothing. It runs in a worker
process of its own (:mod:`siaran.web.preview_worker`), never in the server, so a file that
claims a huge sheet can neither exhaust the server's memory nor hold up other people's pages.

Staged files are bounded too: a browser keeps its latest few, the server its latest
:data:`STAGED_TOTAL`, each for at most an hour.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from siaran.errors import BadInputError, SiaranError
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.events.report import EventImportReport
    from siaran.ingest.importer import ImportReport
    from siaran.workspace import Workspace

STAGED_SECONDS: Final = 3600
STAGED_PER_CLIENT: Final = 3
STAGED_TOTAL: Final = 64
PREVIEW_SESSIONS: Final = 200
COPY_CHUNK: Final = 1024 * 1024
_UNSAFE: Final = re.compile(r"[^\w.\- ()+]", re.UNICODE)


@dataclass
class StagedUpload:
    """An uploaded file waiting for the person to confirm it."""

    token: str
    path: Path
    original_name: str
    account: str | None
    currency: str | None
    client_id: str
    created: float = field(default_factory=time.monotonic)
    previewed: bool = False
    """Checked by a preview without a problem: only then may it be imported."""


@dataclass(frozen=True)
class PreviewJob:
    """What a worker needs to preview a staged file (it never sees the real workspace)."""

    path: Path
    original_name: str
    account: str | None
    currency: str | None
    timezone: str
    lang: Lang


@dataclass
class Preview:
    """What an import of the staged file would do, or why it cannot be imported."""

    ok: bool
    report: ImportReport | EventImportReport | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    session_count: int = 0
    estimates: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    message: str | None = None
    problems: list[str] = field(default_factory=list)
    already_imported: str | None = None

    @property
    def is_events(self) -> bool:
        from siaran.events.report import EventImportReport

        return isinstance(self.report, EventImportReport)


def safe_name(filename: str | None) -> str:
    """The uploaded file's own name, without folders or characters a file system dislikes
    (layouts look at the name: ``Creator-Live-Performance_*.xlsx``)."""
    name = Path((filename or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:120] or "upload"


class UploadStaging:
    """Uploaded files between preview and confirmation, in a private temporary folder."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="siaran-uploads-"))
        self._staged: dict[str, StagedUpload] = {}
        self._lock = threading.Lock()

    def stage(
        self,
        source: BinaryIO,
        filename: str | None,
        *,
        account: str | None,
        currency: str | None,
        client_id: str,
    ) -> StagedUpload:
        """Copy the received file (``source``) into its own folder under its own name; on any
        failure nothing is left behind. Blocking: call it off the event loop."""
        self.expire()
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir()
        target = folder / safe_name(filename)
        try:
            with target.open("xb") as handle:
                shutil.copyfileobj(source, handle, COPY_CHUNK)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        staged = StagedUpload(token, target, target.name, account, currency, client_id)
        with self._lock:
            self._staged[token] = staged  # oldest first: a dict keeps its order
            mine = [t for t, s in self._staged.items() if s.client_id == client_id]
            stale = mine[: max(0, len(mine) - STAGED_PER_CLIENT)]
            others = [t for t in self._staged if t not in stale]
            stale += others[: max(0, len(others) - STAGED_TOTAL)]
        for old in stale:
            self.discard(old)
        return staged

    def get(self, token: str, client_id: str) -> StagedUpload | None:
        """The staged upload, only for the browser that uploaded it."""
        self.expire()
        with self._lock:
            found = self._staged.get(token)
        if found is None or not secrets.compare_digest(found.client_id, client_id):
            return None
        return found

    def discard(self, token: str) -> None:
        with self._lock:
            found = self._staged.pop(token, None)
        if found is not None:
            shutil.rmtree(found.path.parent, ignore_errors=True)

    def expire(self) -> None:
        now = time.monotonic()
        with self._lock:
            old = [t for t, s in self._staged.items() if now - s.created > STAGED_SECONDS]
        for token in old:
            self.discard(token)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def preview_file(job: PreviewJob, scratch: Path) -> Preview:
    """Import ``job``'s file into a throw-away workspace under ``scratch`` and describe the
    result (what the worker process runs)."""
    from siaran.events.report import EventImportReport
    from siaran.ingest.importer import import_file
    from siaran.metrics import estimate_rollups, list_sessions
    from siaran.workspace import Workspace

    try:
        with Workspace.create(scratch / "ws", timezone=job.timezone) as trial:
            # One thread: the worker's memory limit is for the file, not for DuckDB's pool.
            trial.con.execute("SET threads = 1")
            report = import_file(trial, job.path, account=job.account, currency=job.currency)
            if isinstance(report, EventImportReport):
                preview = Preview(ok=True, report=report)
                preview.accounts = [report.account] if report.account else []
                return preview
            sessions = list_sessions(trial)
            estimates = estimate_rollups(trial)
            return Preview(
                ok=True,
                report=report,
                sessions=list(reversed(sessions))[:PREVIEW_SESSIONS],
                session_count=len(sessions),
                estimates=estimates,
                accounts=sorted(
                    {str(s["account"]) for s in sessions} | {str(e["account"]) for e in estimates}
                ),
            )
    except Exception as exc:
        if ran_out_of_memory(exc):
            raise MemoryError from exc
        if isinstance(exc, BadInputError):
            # Every problem row, not the first twenty the command line prints.
            return Preview(
                ok=False,
                message=_message(exc, job.original_name, job.lang),
                problems=[problem.describe(job.lang) for problem in exc.problems],
            )
        if isinstance(exc, SiaranError):
            return Preview(ok=False, message=_message(exc, job.original_name, job.lang))
        raise


def ran_out_of_memory(exc: BaseException | None) -> bool:
    """Whether ``exc`` or what caused it is a failed allocation (Python's or DuckDB's): a
    reader that reports "unreadable" because memory ran out is reported as too large."""
    import duckdb

    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, MemoryError | duckdb.OutOfMemoryException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def failed_preview(key: str, job: PreviewJob, **params: Any) -> Preview:
    """A preview that could not be made, for the reason ``key`` (a message key)."""
    return Preview(ok=False, message=text(key, job.lang, name=job.original_name, **params))


def _message(exc: SiaranError, original_name: str, lang: Lang) -> str:
    """The importer's message, naming the file as the person knows it (not the staging
    path) and pointing to the form's field where the command line would name an option."""
    if exc.key == "import.account_required":
        return text("web.import.account_required", lang, name=original_name)
    params = dict(exc.params)
    if "path" in params:
        params["path"] = original_name
    return text(exc.key, lang, **params)


def imported_before(workspace: Workspace, preview: Preview) -> str | None:
    """The name the same bytes were imported under before, if they were."""
    report = preview.report
    if report is None:
        return None
    row = workspace.con.execute(
        "SELECT original_name FROM imports WHERE sha256 = ?", [report.sha256]
    ).fetchone()
    return None if row is None else str(row[0])


def confirm_import(workspace: Workspace, staged: StagedUpload) -> ImportReport | EventImportReport:
    """Import ``staged`` into the workspace for real (one transaction, as always)."""
    from siaran.ingest.importer import import_file

    return import_file(workspace, staged.path, account=staged.account, currency=staged.currency)
