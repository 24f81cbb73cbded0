"""Importing a review file: recognised by its header (or read through a review mapping),
without reviewers' names, whole or not at all.

The rules of every import (docs/architecture.md, data safety) with the order exports' change
for privacy: the archive under ``raw/`` keeps a **redacted copy**
(``raw/<sha256>.redacted.csv``, named by the SHA-256 of the original), in which the reviewer's
username is its keyed hash and columns a mapping does not name are left out. A review already
stored (same platform, account and review id) is replaced by the one of a later import: an
edited review supersedes what it said before.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.errors import BadInputError, Problem, UsageError
from siaran.feedback.columns import ReviewColumns, recognise_reviews
from siaran.feedback.mapping import ReviewMapping, load_review_mapping
from siaran.feedback.parsing import ParsedReviews, parse_reviews
from siaran.i18n import Lang, text
from siaran.ingest.importer import clean_account
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.orders.outcome import ArchivedImport, ArchivedImportJson, rows_reported
from siaran.orders.privacy import SECRET_SETTING, new_secret
from siaran.orders.reading import OrderGrid, head_header, is_xlsx, read_grid
from siaran.progress import NO_PROGRESS, Progress, ProgressTask
from siaran.store.imports import archived_import, imported_before, record_import
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    from siaran.workspace import Workspace

REDACTED_SUFFIX: Final = ".redacted.csv"


class ReviewImportJson(ArchivedImportJson):
    """:meth:`ReviewImportReport.to_dict`: one row of ``siaran import --format json``."""

    reviews_added: int
    reviews_updated: int
    duplicates: int
    reviewers: int


@dataclass
class ReviewImportReport(ArchivedImport):
    """What one review import did: the file (:class:`ArchivedImport`) and its reviews."""

    reviews_added: int = 0
    reviews_updated: int = 0
    duplicates: int = 0
    reviewers: int = 0
    notes: list[str] = field(default_factory=list)

    def note_texts(self, lang: Lang) -> list[str]:
        return [text(key, lang, count=self.duplicates) for key in self.notes]

    def to_dict(self, lang: Lang) -> ReviewImportJson:
        return {
            **self.file_json(),
            "rows_read": self.rows_read,
            "reviews_added": self.reviews_added,
            "reviews_updated": self.reviews_updated,
            "duplicates": self.duplicates,
            "reviewers": self.reviewers,
            "archived_as": self.archived_as,
            "notes": self.note_texts(lang),
        }

    def imported_summary(self, lang: Lang) -> str:
        return text(
            "feedback.imported",
            lang,
            path=self.path,
            layout=self.layout,
            rows=self.rows_read,
            added=self.reviews_added,
            updated=self.reviews_updated,
            reviewers=self.reviewers,
        )


def is_review_export(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header row is a review file's (an XLSX is decided once
    read, with every guard, by :func:`is_review_header`)."""
    if is_xlsx(path):
        return False
    header = head_header(path)
    return header is not None and recognise_reviews(header) is not None


def is_review_header(header: Sequence[str | None]) -> bool:
    """Whether ``header`` (a workbook's header row) is a review export's."""
    return recognise_reviews(header) is not None


def import_review_file(
    workspace: Workspace,
    path: Path,
    *,
    account: str | None = None,
    mapping: Path | ReviewMapping | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
    progress: Progress = NO_PROGRESS,
) -> ReviewImportReport:
    """Import one review file into ``workspace`` for ``account``: all of it, or (on any
    problem) nothing (module docstring).
    Its rows are reported on ``progress``."""
    return rows_reported(
        progress,
        "import_reviews",
        lambda rows_done: _import_review_file(
            workspace, path, rows_done, account=account, mapping=mapping, limits=limits, grid=grid
        ),
    )


def _import_review_file(
    workspace: Workspace,
    path: Path,
    rows_done: ProgressTask,
    *,
    account: str | None = None,
    mapping: Path | ReviewMapping | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
) -> ReviewImportReport:
    path = Path(path)
    if mapping is not None and not isinstance(mapping, ReviewMapping):
        mapping = load_review_mapping(mapping)
    grid = grid or read_grid(path, limits or workspace_limits(workspace))
    rows_done.set_total(grid.cells.num_rows)
    columns = _columns(path, grid, mapping)
    cleaned = clean_account(account)
    earlier = imported_before(workspace.con, path, grid.sha256, cleaned)
    if earlier is not None:
        return ReviewImportReport(str(path), grid.sha256, earlier, "already_imported")
    if cleaned is None:
        raise UsageError("import.account_required", path=str(path))
    stored = workspace.setting(SECRET_SETTING)
    secret = bytes.fromhex(stored) if stored else new_secret()
    rows = grid.cells.to_pylist()
    parsed = parse_reviews(
        rows,
        columns,
        zone=(mapping.timezone if mapping else None) or workspace.timezone,
        secret=secret,
        default_platform=(mapping.platform if mapping else None)
        or account_platform(workspace, cleaned),
    )
    if parsed.problems:
        raise BadInputError(
            "import.bad_rows", path=path, problems=parsed.problems, count=len(parsed.problems)
        )
    if not parsed.reviews:
        raise BadInputError("import.no_rows", path=path)
    target = workspace.raw_dir / f"{grid.sha256}{REDACTED_SUFFIX}"
    with archived_import(
        workspace.path,
        grid.sha256,
        target,
        lambda copy: _write_redacted(grid, columns, parsed, rows, copy),
    ):
        return _write(workspace, grid, columns, parsed, cleaned, target, stored, secret)


def _columns(path: Path, grid: OrderGrid, mapping: ReviewMapping | None) -> ReviewColumns:
    if mapping is not None:
        return mapping.locate(path, grid.header)
    found = recognise_reviews(grid.header)
    if found is None:
        raise BadInputError("import.unrecognised", path=path)
    if found.unknown:
        raise BadInputError(
            "import.unknown_header",
            path=path,
            layout=found.layout,
            headers=", ".join(repr(h) for h in found.unknown),
            problems=[Problem("import.unknown_header_one", column=h) for h in found.unknown],
        )
    return found


def account_platform(workspace: Workspace, account: str) -> str | None:
    """The one platform the account's lives and orders are on, else ``None``."""
    found = workspace.con.execute(
        "SELECT DISTINCT platform FROM (SELECT platform FROM sessions WHERE account = ? "
        "UNION ALL SELECT platform FROM orders WHERE account = ?)",
        [account, account],
    ).fetchall()
    return str(found[0][0]) if len(found) == 1 else None


def _write_redacted(
    grid: OrderGrid,
    columns: ReviewColumns,
    parsed: ParsedReviews,
    rows: list[dict[str, str | None]],
    target: Path,
) -> None:
    """The archived copy: the columns read, the reviewer replaced by its key."""
    keys = {r.source_row: r.reviewer_key for r in parsed.reviews}
    names = sorted(columns.positions.items(), key=lambda item: item[1])
    partial = target.with_name(target.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([grid.header[index] for _, index in names])
        for row in rows:
            number = int(str(row["row"]))
            writer.writerow(
                [
                    keys.get(number) if name == "reviewer" else row.get(f"c{index}")
                    for name, index in names
                ]
            )
    partial.replace(target)


def _write(
    workspace: Workspace,
    grid: OrderGrid,
    columns: ReviewColumns,
    parsed: ParsedReviews,
    account: str,
    archived: Path,
    stored_secret: str | None,
    secret: bytes,
) -> ReviewImportReport:
    import pyarrow as pa

    reviews = parsed.reviews
    table = pa.table(
        {
            "platform": pa.array([r.platform for r in reviews], pa.string()),
            "account": pa.array([account] * len(reviews), pa.string()),
            "review_id": pa.array([r.review_id for r in reviews], pa.string()),
            "order_id": pa.array([r.order_id for r in reviews], pa.string()),
            "product": pa.array([r.product for r in reviews], pa.string()),
            "variation": pa.array([r.variation for r in reviews], pa.string()),
            "rating": pa.array([r.rating for r in reviews], pa.int32()),
            "text": pa.array([r.text for r in reviews], pa.string()),
            "reviewed_at": pa.array([r.reviewed_at for r in reviews], pa.timestamp("us", "UTC")),
            "reviewer_key": pa.array([r.reviewer_key for r in reviews], pa.string()),
            "layout": pa.array([columns.layout] * len(reviews), pa.string()),
            "source_sha256": pa.array([grid.sha256] * len(reviews), pa.string()),
            "source_row": pa.array([r.source_row for r in reviews], pa.int32()),
        }
    )
    report = ReviewImportReport(
        path=str(grid.path),
        sha256=grid.sha256,
        layout=columns.layout,
        status="imported",
        account=account,
        rows_read=grid.cells.num_rows,
        duplicates=parsed.duplicates,
        reviewers=parsed.reviewers,
        archived_as=archived.name,
        notes=["feedback.duplicates"] if parsed.duplicates else [],
    )
    con = workspace.con
    con.register("incoming_reviews", table)
    try:
        with transaction(con):
            if stored_secret is None:
                workspace.set_setting(SECRET_SETTING, secret.hex())
            known = con.execute(
                "SELECT count(*) FROM incoming_reviews i JOIN reviews r ON r.account = ? "
                "AND r.platform = i.platform AND r.review_id = i.review_id",
                [account],
            ).fetchone()
            report.reviews_updated = int(known[0]) if known else 0
            report.reviews_added = len(reviews) - report.reviews_updated
            con.execute(
                "DELETE FROM reviews WHERE account = ? AND (platform, review_id) IN "
                "(SELECT (platform, review_id) FROM incoming_reviews)",
                [account],
            )
            con.execute("INSERT INTO reviews BY NAME SELECT * FROM incoming_reviews")
            record_import(
                con,
                sha256=grid.sha256,
                original=grid.path,
                archived=archived,
                layout=columns.layout,
                account=account,
                rows=report.rows_read,
            )
    finally:
        con.unregister("incoming_reviews")
    return report
