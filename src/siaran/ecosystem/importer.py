"""Importing an affiliate order export or a reseller register: recognised by its header,
archived without personal columns, whole or not at all, idempotent.

The rules are those of every import (docs/architecture.md, data safety). The archive under
``raw/`` keeps a copy of the file holding only the columns siaran reads
(``raw/<sha256>.ecosystem.csv``, named by the SHA-256 of the original, recorded with it in
``imports``): personal columns (buyers, phone numbers, addresses) never leave the file.

Importing the same bytes again changes nothing. A later affiliate export replaces the stored
lines of every order it holds; a later register replaces each reseller it names and the months
it gives for them, and keeps the rest.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

from siaran.ecosystem.layouts import (
    AFFILIATE_FIELDS,
    RESELLER_FIELDS,
    Kind,
    Recognised,
    mapped_layout,
    read_header,
    recognise,
)
from siaran.ecosystem.parsing import Parsed, parse_grid
from siaran.errors import BadInputError, UsageError
from siaran.files import read_input
from siaran.i18n import Lang, text
from siaran.ingest.importer import clean_account
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.orders.outcome import ArchivedImport, ArchivedImportJson, rows_reported
from siaran.orders.reading import (
    OrderGrid,
    head_header,
    is_xlsx,
    read_grid,
    refuse_missing_headers,
)
from siaran.progress import NO_PROGRESS, Progress, ProgressTask
from siaran.store.imports import archived_import, imported_before, record_import
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    import duckdb

    from siaran.workspace import Workspace

ARCHIVE_SUFFIX: Final = ".ecosystem.csv"
MAPPING_KINDS: Final[dict[str, Kind]] = {"affiliate_orders": "affiliate", "resellers": "resellers"}


class EcosystemImportJson(ArchivedImportJson):
    """:meth:`EcosystemImportReport.to_dict`: one row of ``siaran import --format json``."""

    affiliate_lines: int
    creators: int
    resellers: int
    reseller_months: int
    unread_columns: list[str]
    dropped_columns: int


@dataclass
class EcosystemImportReport(ArchivedImport):
    """What one ecosystem import did: the file (:class:`ArchivedImport`) and its rows."""

    affiliate_lines: int = 0
    creators: int = 0
    resellers: int = 0
    reseller_months: int = 0
    unread_columns: list[str] = field(default_factory=list)
    dropped_columns: int = 0

    def note_texts(self, lang: Lang) -> list[str]:
        notes = []
        if self.dropped_columns:
            notes.append(text("ecosystem.dropped_note", lang, count=self.dropped_columns))
        if self.unread_columns:
            notes.append(
                text("ecosystem.unread_note", lang, headers=", ".join(self.unread_columns))
            )
        return notes

    def to_dict(self, lang: Lang) -> EcosystemImportJson:
        return {
            **self.file_json(),
            "rows_read": self.rows_read,
            "affiliate_lines": self.affiliate_lines,
            "creators": self.creators,
            "resellers": self.resellers,
            "reseller_months": self.reseller_months,
            "archived_as": self.archived_as,
            "unread_columns": list(self.unread_columns),
            "dropped_columns": self.dropped_columns,
            "notes": self.note_texts(lang),
        }

    def imported_summary(self, lang: Lang) -> str:
        if self.affiliate_lines:
            return text(
                "ecosystem.imported_affiliate",
                lang,
                path=self.path,
                layout=self.layout,
                lines=self.affiliate_lines,
                creators=self.creators,
            )
        return text(
            "ecosystem.imported_resellers",
            lang,
            path=self.path,
            resellers=self.resellers,
            months=self.reseller_months,
        )


def is_ecosystem_file(path: Path) -> bool:
    """Whether ``path`` is a CSV whose header row is an ecosystem layout's (an XLSX is decided
    once read, by :func:`is_ecosystem_header`)."""
    if is_xlsx(path):
        return False
    header = head_header(path)
    return header is not None and recognise(header) is not None


def is_ecosystem_header(header: Sequence[str | None]) -> bool:
    """Whether ``header`` (a workbook's header row) is an ecosystem layout's."""
    return recognise(header) is not None


def mapping_kind(mapping: Path) -> Kind | None:
    """The ecosystem kind a YAML mapping names (``kind: affiliate_orders`` or ``resellers``);
    ``None`` for a mapping of sessions."""
    try:
        document = yaml.safe_load(read_input(mapping, "mapping.unreadable").decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict):
        return None
    return MAPPING_KINDS.get(str(document.get("kind", "")))


def _mapping(mapping: Path, header: list[str | None]) -> Recognised:
    document = yaml.safe_load(read_input(mapping, "mapping.unreadable").decode("utf-8"))
    kind = MAPPING_KINDS[str(document["kind"])]
    columns = document.get("columns")
    known = AFFILIATE_FIELDS if kind == "affiliate" else RESELLER_FIELDS
    if not isinstance(columns, dict) or not columns:
        raise BadInputError("ecosystem.mapping_columns", path=mapping, fields=", ".join(known))
    unknown = [str(k) for k in columns if k not in known]
    if unknown:
        raise BadInputError(
            "ecosystem.mapping_fields",
            path=mapping,
            names=", ".join(unknown),
            fields=", ".join(known),
        )
    return read_header(header, mapped_layout(kind, {str(k): str(v) for k, v in columns.items()}))


def import_ecosystem_file(
    workspace: Workspace,
    path: Path,
    *,
    account: str | None = None,
    mapping: Path | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
    progress: Progress = NO_PROGRESS,
) -> EcosystemImportReport:
    """Import one affiliate order export or reseller register into ``workspace`` for
    ``account``: all of it, or (on any problem) nothing (module docstring).
    Its rows are reported on ``progress``."""
    return rows_reported(
        progress,
        "import_ecosystem",
        lambda rows_done: _import_ecosystem_file(
            workspace, path, rows_done, account=account, mapping=mapping, limits=limits, grid=grid
        ),
    )


def _import_ecosystem_file(
    workspace: Workspace,
    path: Path,
    rows_done: ProgressTask,
    *,
    account: str | None = None,
    mapping: Path | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
) -> EcosystemImportReport:
    path = Path(path)
    grid = grid or read_grid(path, limits or workspace_limits(workspace))
    rows_done.set_total(grid.cells.num_rows)
    found = _mapping(mapping, grid.header) if mapping is not None else recognise(grid.header)
    if found is None:
        raise BadInputError("import.unrecognised", path=path)
    refuse_missing_headers(path, found.layout.name, found.missing)
    cleaned = clean_account(account)
    earlier = imported_before(workspace.con, path, grid.sha256, cleaned)
    if earlier is not None:
        return EcosystemImportReport(str(path), grid.sha256, earlier, "already_imported")
    if cleaned is None:
        raise UsageError("import.account_required", path=str(path))
    parsed = parse_grid(grid, found, workspace.timezone)
    if parsed.problems:
        raise BadInputError(
            "import.bad_rows", path=path, problems=parsed.problems, count=len(parsed.problems)
        )
    if not (parsed.affiliate or parsed.resellers):
        raise BadInputError("ecosystem.no_rows", path=path)
    target = workspace.raw_dir / f"{grid.sha256}{ARCHIVE_SUFFIX}"
    report = EcosystemImportReport(
        path=str(path),
        sha256=grid.sha256,
        layout=found.layout.name,
        status="imported",
        account=cleaned,
        rows_read=grid.cells.num_rows,
        affiliate_lines=len(parsed.affiliate),
        creators=len({r.creator for r in parsed.affiliate}),
        resellers=len(parsed.resellers),
        reseller_months=len(parsed.months),
        archived_as=target.name,
        unread_columns=list(found.unread),
        dropped_columns=len(found.dropped),
    )
    with (
        archived_import(
            workspace.path, grid.sha256, target, lambda copy: _archive(grid, found, copy)
        ),
        transaction(workspace.con),
    ):
        _store(workspace.con, parsed, cleaned, found.layout.name, grid.sha256)
        record_import(
            workspace.con,
            sha256=grid.sha256,
            original=path,
            archived=target,
            layout=found.layout.name,
            account=cleaned,
            rows=report.rows_read,
        )
    return report


def _archive(grid: OrderGrid, found: Recognised, target: Path) -> None:
    """The archived copy: only the columns read, under their headers as written."""
    kept = [i for i, name in enumerate(found.fields) if name is not None]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([grid.header[i] or "" for i in kept])
    columns = [grid.cells.column(f"c{i}").to_pylist() for i in kept]
    for values in zip(*columns, strict=True):
        writer.writerow(["" if v is None else v for v in values])
    partial = target.with_name(target.name + ".partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    partial.replace(target)


def _store(
    con: duckdb.DuckDBPyConnection, parsed: Parsed, account: str, layout: str, sha: str
) -> None:
    if parsed.affiliate:
        orders = sorted({r.order_id for r in parsed.affiliate})
        con.execute(
            "DELETE FROM affiliate_orders WHERE account = ? AND order_id IN (SELECT unnest(?))",
            [account, orders],
        )
        con.executemany(
            "INSERT INTO affiliate_orders VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [account, r.order_id, r.line_no, r.creator, r.content_type, r.content_id,
                 r.product, r.created_at, r.status, r.counted, r.gmv, r.commission_rate,
                 r.commission, r.currency, layout, sha, r.source_row]
                for r in parsed.affiliate
            ],
        )  # fmt: skip
    for reseller in parsed.resellers:
        con.execute(
            "INSERT OR REPLACE INTO resellers VALUES (?, ?, ?, ?, ?, ?, ?)",
            [account, reseller.reseller_id, reseller.name, reseller.joined_on, reseller.channel,
             sha, reseller.source_row],
        )  # fmt: skip
    for month in parsed.months:
        con.execute(
            "INSERT OR REPLACE INTO reseller_months VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [account, month.reseller_id, month.month, month.orders, month.purchase_value,
             month.currency, sha, month.source_row],
        )  # fmt: skip
