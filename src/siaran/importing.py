"""Importing any file a seller brings: a platform export or a live event stream.

This is the one entry point ``siaran import`` and the dashboard's upload call. It recognises
live event files (canonical events, capture dumps, order exports) by content and streams them
into the event store (:func:`siaran.events.import_event_file`); every other file is a platform
export for :func:`siaran.ingest.importer.import_export_file`. It sits above both (see
docs/architecture.md): ingest and events never import each other's importers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Protocol, TypedDict

from siaran.ecosystem import (
    EcosystemImportReport,
    import_ecosystem_file,
    is_ecosystem_file,
    is_ecosystem_header,
    mapping_kind,
)
from siaran.errors import BadInputError, SiaranError, UsageError
from siaran.events import import_event_file, sniff_event_format
from siaran.events.report import EventImportReport
from siaran.feedback import (
    ReviewImportReport,
    import_review_file,
    is_review_export,
    is_review_header,
    is_review_mapping,
)
from siaran.i18n import Lang, text
from siaran.ingest.importer import (
    ImportReport,
    clean_account,
    clean_currency,
    import_export_file,
)
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.ingest.source import SourceFile
from siaran.orders import (
    OrderImportReport,
    import_order_file,
    is_order_export,
    is_order_header,
    read_workbook,
    xlsx_grid,
    xlsx_header,
)
from siaran.orders.reading import OrderGrid
from siaran.progress import NO_PROGRESS, Progress
from siaran.workspace import Workspace

__all__ = [
    "FileOutcome",
    "ImportOptions",
    "Imported",
    "RefusedImport",
    "import_file",
    "import_files",
]


class RefusedImportJson(TypedDict):
    """:meth:`RefusedImport.to_dict`: one row of ``siaran import --format json``."""

    path: str
    status: Literal["refused"]
    reason: str
    problems: list[str]


@dataclass(frozen=True)
class RefusedImport:
    """A file of :func:`import_files` that was not imported, and why (nothing of it was
    written)."""

    path: str
    error: SiaranError
    status: Literal["refused"] = "refused"

    def to_dict(self, lang: Lang) -> RefusedImportJson:
        problems = self.error.problems if isinstance(self.error, BadInputError) else []
        return {
            "path": self.path,
            "status": self.status,
            "reason": text(self.error.key, lang, **self.error.params),
            "problems": [problem.describe(lang) for problem in problems],
        }

    def summary(self, lang: Lang) -> str:
        return text("import.refused", lang, path=self.path, reason=self.error.message(lang))


Imported = (
    ImportReport
    | EventImportReport
    | OrderImportReport
    | EcosystemImportReport
    | ReviewImportReport
)
FileOutcome = Imported | RefusedImport


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing says about the files (``siaran import``'s options): the
    ``account`` they belong to, a session or review ``mapping`` file, the ``currency`` of an
    export that does not state its own, ``skip_bad`` (skip an event file's malformed lines)
    and the ``limits`` a file may claim (``None``: the workspace's)."""

    account: str | None = None
    mapping: Path | None = None
    currency: str | None = None
    skip_bad: bool = False
    limits: ImportLimits | None = None


def import_file(
    workspace: Workspace,
    path: Path,
    options: ImportOptions = ImportOptions(),
    *,
    progress: Progress = NO_PROGRESS,
) -> Imported:
    """Import one file into ``workspace`` as ``options`` say: all of it, or (on any problem)
    nothing.

    A live event file (an order list with a live room column included) is recognised by
    content and streamed into the event store; ``skip_bad`` skips its malformed lines. An
    order export (TikTok Shop, Shopee) goes to
    :func:`siaran.orders.import_order_file`, without the buyers' personal data; a review file
    (a rating, a review text and a review time in its header, or a mapping of ``kind:
    reviews``) to :func:`siaran.feedback.import_review_file`, without reviewers' names. An
    affiliate order export or a reseller register (or a mapping of ``kind: affiliate_orders``
    or ``resellers``) goes to :func:`siaran.ecosystem.import_ecosystem_file`; it is recognised
    before the others, by a creator and a content-type column (a seller's own order export
    has neither) or by a reseller's join day. With a session ``mapping`` file, or when the
    file is none of these, it is a platform export: ``currency`` and ``limits`` as
    :func:`siaran.ingest.importer.import_export_file` takes them. Each importer reports its rows or
    events on ``progress`` as it goes."""
    path = Path(path)
    account, mapping, limits = options.account, options.mapping, options.limits
    workbook: SourceFile | None = None
    if mapping is not None and mapping_kind(mapping) is not None:
        return import_ecosystem_file(
            workspace, path, account=account, mapping=mapping, limits=limits, progress=progress
        )
    if mapping is not None and is_review_mapping(mapping):
        return import_review_file(
            workspace, path, account=account, mapping=mapping, limits=limits, progress=progress
        )
    if mapping is None:
        if is_ecosystem_file(path):
            return import_ecosystem_file(
                workspace, path, account=account, limits=limits, progress=progress
            )
        # Event files first: an order list with a live room column is a stream of ``order``
        # events; the platforms' order exports carry no room and go to ``siaran.orders``.
        event_format = sniff_event_format(path)
        if event_format is not None:
            return import_event_file(
                workspace,
                path,
                account=clean_account(account),
                fmt=event_format,
                skip_bad=options.skip_bad,
                progress=progress,
            )
        # Reviews before orders: a review file may carry an order id, never a rating, a
        # review text and a review time in an order export.
        if is_review_export(path):
            return import_review_file(
                workspace, path, account=account, limits=limits, progress=progress
            )
        if is_order_export(path):
            return import_order_file(
                workspace, path, account=account, limits=limits, progress=progress
            )
        # A workbook is read once (with every guard) and then recognised by its header row;
        # a session export's sheets go to the session importer as read.
        read_limits = limits or workspace_limits(workspace)
        workbook = read_workbook(path, read_limits, progress)
        importer = _grid_importer(xlsx_header(workbook)) if workbook is not None else None
        if workbook is not None and importer is not None:
            grid = xlsx_grid(workbook, read_limits)
            del workbook  # the grid holds what the importer needs: the sheets can go
            return importer(workspace, path, account=account, grid=grid, progress=progress)
    return import_export_file(
        workspace,
        path,
        account=account,
        mapping=mapping,
        currency=options.currency,
        limits=limits,
        progress=progress,
        source=workbook,
    )


class _GridImporter(Protocol):
    def __call__(
        self,
        workspace: Workspace,
        path: Path,
        *,
        account: str | None,
        grid: OrderGrid,
        progress: Progress,
    ) -> Imported: ...


def _grid_importer(header: list[str | None]) -> _GridImporter | None:
    """The importer of a workbook whose header row is ``header``, when it is not a session
    export: an ecosystem file first, then reviews (a review file may carry an order id), then
    orders."""
    if is_ecosystem_header(header):
        return import_ecosystem_file
    if is_review_header(header):
        return import_review_file
    if is_order_header(header):
        return import_order_file
    return None


def import_files(
    workspace: Workspace,
    paths: Sequence[Path],
    options: ImportOptions = ImportOptions(),
    *,
    progress: Progress = NO_PROGRESS,
) -> list[FileOutcome]:
    """Import several files, each in its own transaction, and say what happened to each: every
    file is imported, found already imported, or refused (:class:`RefusedImport`, with the
    error that names its problem); a refused file changes nothing and does not stop the
    others. Options that are wrong for every file (a bad ``currency``) raise before any.
    ``progress`` is told of each file done, and by each importer of its rows or events."""
    if options.currency is not None:
        clean_currency(options.currency)
    outcomes: list[FileOutcome] = []
    options = replace(options, limits=options.limits or workspace_limits(workspace))
    with progress.task("import_files", "files", total=len(paths)) as files_done:
        for path in paths:
            try:
                outcomes.append(import_file(workspace, path, options, progress=progress))
            except (BadInputError, UsageError) as exc:
                outcomes.append(RefusedImport(str(path), exc))
            files_done.advance(1)
    return outcomes
