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

In agency mode the preview and the confirmation also answer for what the person may not see.
A file that gives a room of another account to one of theirs, or bytes imported before for an
account outside their view, is refused with one message that names neither the other account
nor whether the room exists (the command line, run by whoever holds the whole workspace, names
both). That check needs the real workspace, so the server makes it after the worker's preview
(:func:`check_preview`).
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

from siaran.errors import BadInputError, SiaranError
from siaran.i18n import Lang, text
from siaran.ingest.limits import DEFAULT_LIMITS, ImportLimits
from siaran.web.import_progress import ImportProgress

if TYPE_CHECKING:
    from siaran.importing import Imported
    from siaran.metrics.rollups import EstimateRollup
    from siaran.metrics.sessions import SessionRow
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
    progress: ImportProgress = field(default_factory=ImportProgress)
    """How far its import has come, once confirmed (polled by the import page)."""


@dataclass(frozen=True)
class PreviewJob:
    """What a worker needs to preview a staged file (it never sees the real workspace)."""

    path: Path
    original_name: str
    account: str | None
    currency: str | None
    timezone: str
    lang: Lang
    limits: ImportLimits = DEFAULT_LIMITS
    """The real workspace's limits (the trial workspace would have only the defaults)."""


# (platform or None for an event stream, room id, account, row): what a file claims.
RoomClaim = tuple[str | None, str, str, int | None]


@dataclass
class Preview:
    """What an import of the staged file would do, or why it cannot be imported."""

    ok: bool
    report: Imported | None = None
    sessions: list[SessionRow] = field(default_factory=list)
    session_count: int = 0
    estimates: list[EstimateRollup] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    message: str | None = None
    problems: list[str] = field(default_factory=list)
    already_imported: str | None = None
    rooms: list[RoomClaim] = field(default_factory=list, repr=False)
    """Every room the file gives to an account, for the server's ownership check."""

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
    from siaran.ecosystem import EcosystemImportReport
    from siaran.events.report import EventImportReport
    from siaran.feedback import ReviewImportReport
    from siaran.importing import ImportOptions, import_file
    from siaran.metrics import estimate_rollups, list_sessions
    from siaran.orders import OrderImportReport
    from siaran.workspace import Workspace

    try:
        with Workspace.create(scratch / "ws", timezone=job.timezone) as trial:
            # One thread: the worker's memory limit is for the file, not for DuckDB's pool.
            trial.con.execute("SET threads = 1")
            report = import_file(
                trial,
                job.path,
                ImportOptions(account=job.account, currency=job.currency, limits=job.limits),
            )
            if isinstance(report, EventImportReport):
                account = str(report.account)
                return Preview(
                    ok=True,
                    report=report,
                    accounts=[account] if report.account else [],
                    rooms=[(None, room, account, None) for room in report.rooms],
                )
            if isinstance(report, OrderImportReport | EcosystemImportReport | ReviewImportReport):
                return Preview(
                    ok=True, report=report, accounts=[report.account] if report.account else []
                )
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
                rooms=[
                    (str(s["platform"]), str(s["room_id"]), str(s["account"]), None)
                    for s in sessions
                    if s.get("room_id")
                ],
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


def check_preview(
    workspace: Workspace,
    preview: Preview,
    *,
    original_name: str,
    account: str | None,
    accounts: Collection[str] | None,
    lang: Lang,
) -> Preview:
    """``preview`` as the viewer who may see ``accounts`` (``None``: all) may learn it, against
    the real workspace: refused, naming nothing else, when the import would take another
    account's rooms or the same bytes were imported for an account outside the viewer's view;
    else with the name the same bytes were imported under before, if they were."""
    if not preview.ok:
        return preview
    if _claims_elsewhere(workspace, preview, account, accounts):
        return Preview(ok=False, message=refusal(original_name, lang))
    preview.already_imported = _imported_before(workspace, preview)
    return preview


def refusal(original_name: str, lang: Lang) -> str:
    """The one message for a file that holds lives that cannot be added for this viewer."""
    return text("web.import.not_for_account", lang, path=original_name)


def _claims_elsewhere(
    workspace: Workspace,
    preview: Preview,
    account: str | None,
    accounts: Collection[str] | None,
) -> bool:
    """Whether the real import would be refused for another account's rooms, or the same
    bytes were imported for an account the viewer may not see."""
    from siaran.store.ownership import room_claims

    report = preview.report
    if report is None:
        return False
    row = workspace.con.execute(
        "SELECT account FROM imports WHERE sha256 = ?", [report.sha256]
    ).fetchone()
    if row is not None and row[0] is not None:
        owner = str(row[0])
        if (account is not None and owner != account) or (
            accounts is not None and owner not in accounts
        ):
            return True
    return bool(room_claims(workspace.con, preview.rooms))


def _imported_before(workspace: Workspace, preview: Preview) -> str | None:
    """The name the same bytes were imported under before, if they were."""
    report = preview.report
    if report is None:
        return None
    row = workspace.con.execute(
        "SELECT original_name FROM imports WHERE sha256 = ?", [report.sha256]
    ).fetchone()
    return None if row is None else str(row[0])


def confirm_import(workspace: Workspace, staged: StagedUpload) -> Imported:
    """Import ``staged`` into the workspace for real (one transaction, as always), reporting
    on its :attr:`~StagedUpload.progress`. A refusal for another account's rooms or file
    becomes the message that names neither. The report names the file as it was uploaded."""
    from siaran.importing import ImportOptions, import_file
    from siaran.store.ownership import FileClaimedError, RoomClaimedError

    try:
        report = import_file(
            workspace,
            staged.path,
            ImportOptions(account=staged.account, currency=staged.currency),
            progress=staged.progress,
        )
    except (RoomClaimedError, FileClaimedError) as exc:
        raise BadInputError("web.import.not_for_account", path=staged.original_name) from exc
    # The reader sees the file as uploaded, never the private staging folder.
    return replace(report, path=staged.original_name)
