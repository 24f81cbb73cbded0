"""The import page's flow: stage an uploaded file, preview what siaran recognises in it, then
import it for real only when the person confirms.

The preview is a real import into a throw-away workspace with the same time zone: the same
layout detection, the same parsing, the same problems and notes as the real import will give,
while the person's workspace is not touched at all. A wrong or broken file therefore shows the
importer's own message, in the reader's language, and changes nothing.

In agency mode the preview and the confirmation also answer for what the person may not see.
A file that gives a room of another account to one of theirs, or bytes imported before for an
account outside their view, is refused with one message that names neither the other account
nor whether the room exists (the command line, run by whoever holds the whole workspace, names
both).
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from siaran.errors import BadInputError, SiaranError
from siaran.i18n import Lang, text

if TYPE_CHECKING:
    from siaran.events.report import EventImportReport
    from siaran.ingest.importer import ImportReport
    from siaran.workspace import Workspace

STAGED_SECONDS: Final = 3600
PREVIEW_SESSIONS: Final = 200
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


@dataclass
class Preview:
    """What an import of the staged file would do, or why it cannot be imported."""

    ok: bool
    report: ImportReport | EventImportReport | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    sessions_all: list[dict[str, Any]] = field(default_factory=list, repr=False)
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
        data_path: Path,
        filename: str | None,
        *,
        account: str | None,
        currency: str | None,
        client_id: str,
    ) -> StagedUpload:
        """Move the received file (``data_path``) into its own folder under its own name."""
        self.expire()
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir()
        target = folder / safe_name(filename)
        shutil.move(str(data_path), target)
        staged = StagedUpload(token, target, target.name, account, currency, client_id)
        with self._lock:
            self._staged[token] = staged
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


def preview_import(
    workspace: Workspace,
    staged: StagedUpload,
    lang: Lang,
    accounts: Collection[str] | None = None,
) -> Preview:
    """Import ``staged`` into a throw-away workspace and describe the result, as the viewer
    who may see ``accounts`` (``None``: all) may learn it."""
    from siaran.events.report import EventImportReport
    from siaran.ingest.importer import import_file
    from siaran.ingest.limits import workspace_limits
    from siaran.metrics import estimate_rollups, list_sessions
    from siaran.workspace import Workspace

    scratch = Path(tempfile.mkdtemp(prefix="siaran-preview-"))
    limits = workspace_limits(workspace)  # the real workspace's, not the trial's defaults
    try:
        with Workspace.create(scratch / "ws", timezone=workspace.timezone.key) as trial:
            report = import_file(
                trial, staged.path, account=staged.account, currency=staged.currency, limits=limits
            )
            if isinstance(report, EventImportReport):
                preview = Preview(ok=True, report=report)
                preview.accounts = [report.account] if report.account else []
            else:
                sessions = list_sessions(trial)
                estimates = estimate_rollups(trial)
                preview = Preview(
                    ok=True,
                    report=report,
                    sessions_all=sessions,
                    sessions=list(reversed(sessions))[:PREVIEW_SESSIONS],
                    session_count=len(sessions),
                    estimates=estimates,
                    accounts=sorted(
                        {str(s["account"]) for s in sessions}
                        | {str(e["account"]) for e in estimates}
                    ),
                )
    except BadInputError as exc:
        # Every problem row, not the first twenty the command line prints.
        return Preview(
            ok=False,
            message=_message(exc, staged, lang),
            problems=[problem.describe(lang) for problem in exc.problems],
        )
    except SiaranError as exc:
        return Preview(ok=False, message=_message(exc, staged, lang))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if _claims_elsewhere(workspace, staged, preview, accounts):
        return Preview(ok=False, message=_refusal(staged, lang))
    preview.already_imported = _imported_before(workspace, preview.report)
    return preview


def _refusal(staged: StagedUpload, lang: Lang) -> str:
    return text("web.import.not_for_account", lang, path=staged.original_name)


def _claims_elsewhere(
    workspace: Workspace,
    staged: StagedUpload,
    preview: Preview,
    accounts: Collection[str] | None,
) -> bool:
    """Whether the real import would be refused for another account's rooms, or the same
    bytes were imported for an account the viewer may not see."""
    from siaran.events.report import EventImportReport
    from siaran.store.ownership import room_claims

    report = preview.report
    if report is None:
        return False
    row = workspace.con.execute(
        "SELECT account FROM imports WHERE sha256 = ?", [report.sha256]
    ).fetchone()
    if row is not None and row[0] is not None:
        owner = str(row[0])
        if (staged.account is not None and owner != staged.account) or (
            accounts is not None and owner not in accounts
        ):
            return True
    rooms: list[tuple[str | None, str, str, int | None]]
    if isinstance(report, EventImportReport):
        rooms = [(None, room, str(report.account), None) for room in report.rooms]
    else:
        rooms = [
            (str(s["platform"]), str(s["room_id"]), str(s["account"]), None)
            for s in preview.sessions_all
            if s.get("room_id")
        ]
    return bool(room_claims(workspace.con, rooms))


def _message(exc: SiaranError, staged: StagedUpload, lang: Lang) -> str:
    """The importer's message, naming the file as the person knows it (not the staging
    path) and pointing to the form's field where the command line would name an option."""
    if exc.key == "import.account_required":
        return text("web.import.account_required", lang, name=staged.original_name)
    params = dict(exc.params)
    if "path" in params:
        params["path"] = staged.original_name
    return text(exc.key, lang, **params)


def _imported_before(
    workspace: Workspace, report: ImportReport | EventImportReport | None
) -> str | None:
    """The name the same bytes were imported under before, if they were."""
    if report is None:
        return None
    row = workspace.con.execute(
        "SELECT original_name FROM imports WHERE sha256 = ?", [report.sha256]
    ).fetchone()
    return None if row is None else str(row[0])


def confirm_import(workspace: Workspace, staged: StagedUpload) -> ImportReport | EventImportReport:
    """Import ``staged`` into the workspace for real (one transaction, as always). A refusal
    for another account's rooms or file becomes the message that names neither."""
    from siaran.ingest.importer import import_file
    from siaran.store.ownership import FileClaimedError, RoomClaimedError

    try:
        return import_file(workspace, staged.path, account=staged.account, currency=staged.currency)
    except (RoomClaimedError, FileClaimedError) as exc:
        raise BadInputError("web.import.not_for_account", path=staged.original_name) from exc
