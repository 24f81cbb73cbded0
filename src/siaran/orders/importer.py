"""Importing an order export: recognised by its header, without buyers' personal data, whole
or not at all.

The rules are those of every import (docs/architecture.md, data safety) with one change for
privacy: the archive under ``raw/`` keeps a **redacted copy** of the file
(``raw/<sha256>.redacted.csv``, named by the SHA-256 of the original and recorded with it in
``imports``), never the original. In the copy, columns whose treatment is ``drop`` are empty
and the buyer's username is its keyed hash (:mod:`siaran.orders.columns`,
:mod:`siaran.orders.privacy`).

An order already stored (same platform, account and order id) is replaced by the one of a later
export: the one whose latest time (created, paid, ready to ship, shipped, delivered, completed,
cancelled) is the same or later; an older export does not undo a newer one. An order id that
another account holds refuses the file.

Columns a layout does not know (the platforms add some now and then) are not read, are empty in
the archived copy, and are named in the report; a file without one of its layout's required
columns is refused, naming them and the columns siaran did not know.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from siaran.errors import BadInputError, Problem, UsageError
from siaran.i18n import Lang, text
from siaran.ingest.importer import clean_account
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.ingest.source import Note
from siaran.orders.columns import Recognised, recognise
from siaran.orders.outcome import ArchivedImport, ArchivedImportJson, rows_reported
from siaran.orders.parsing import ORDER_TIMES, ParsedOrders, parse_orders
from siaran.orders.privacy import SECRET_SETTING, new_secret
from siaran.orders.reading import (
    OrderGrid,
    head_header,
    is_xlsx,
    private_connection,
    read_grid,
)
from siaran.progress import NO_PROGRESS, Progress, ProgressTask
from siaran.store.imports import archived_import, imported_before, record_import
from siaran.store.transaction import transaction

if TYPE_CHECKING:
    import duckdb

    from siaran.workspace import Workspace

REDACTED_SUFFIX: Final = ".redacted.csv"


class OrderImportJson(ArchivedImportJson):
    """:meth:`OrderImportReport.to_dict`: one row of ``siaran import --format json``."""

    orders_added: int
    orders_updated: int
    orders_kept: int
    lines: int
    buyers: int
    currency: str | None


@dataclass
class OrderImportReport(ArchivedImport):
    """What one order import did: the file (:class:`ArchivedImport`) and its orders."""

    orders_added: int = 0
    orders_updated: int = 0
    orders_kept: int = 0
    lines: int = 0
    buyers: int = 0
    currency: str | None = None
    notes: list[Note] = field(default_factory=list)

    def note_texts(self, lang: Lang) -> list[str]:
        """The notes in ``lang``."""
        return [text(note.key, lang, **note.params) for note in self.notes]

    def to_dict(self, lang: Lang) -> OrderImportJson:
        return {
            **self.file_json(),
            "rows_read": self.rows_read,
            "orders_added": self.orders_added,
            "orders_updated": self.orders_updated,
            "orders_kept": self.orders_kept,
            "lines": self.lines,
            "buyers": self.buyers,
            "currency": self.currency,
            "archived_as": self.archived_as,
            "notes": self.note_texts(lang),
        }

    def imported_summary(self, lang: Lang) -> str:
        return text(
            "orders.imported",
            lang,
            path=self.path,
            layout=self.layout,
            rows=self.rows_read,
            orders=self.orders_added + self.orders_updated + self.orders_kept,
            added=self.orders_added,
            updated=self.orders_updated,
            kept=self.orders_kept,
            buyers=self.buyers,
        )


def is_order_export(path: Path) -> bool:
    """Whether ``path`` looks like an order export siaran reads (a CSV by its header row; an
    XLSX is read first, with every guard, and decided by :func:`import_order_file`)."""
    if is_xlsx(path):
        return False
    header = head_header(path)
    return header is not None and recognise(header) is not None


def recognise_grid(grid: OrderGrid) -> Recognised | None:
    return recognise(grid.header)


def import_order_file(
    workspace: Workspace,
    path: Path,
    *,
    account: str | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
    progress: Progress = NO_PROGRESS,
) -> OrderImportReport:
    """Import one order export into ``workspace`` for ``account``: all of it, or (on any
    problem) nothing (module docstring).
    Its rows are reported on ``progress``."""
    return rows_reported(
        progress,
        "import_orders",
        lambda rows_done: _import_order_file(
            workspace, path, rows_done, account=account, limits=limits, grid=grid
        ),
    )


def _import_order_file(
    workspace: Workspace,
    path: Path,
    rows_done: ProgressTask,
    *,
    account: str | None = None,
    limits: ImportLimits | None = None,
    grid: OrderGrid | None = None,
) -> OrderImportReport:
    path = Path(path)
    grid = grid or read_grid(path, limits or workspace_limits(workspace))
    rows_done.set_total(grid.cells.num_rows)
    found = recognise(grid.header)
    if found is None:
        raise BadInputError("import.unrecognised", path=path)
    _refuse_headers(path, found)
    cleaned = clean_account(account)
    earlier = imported_before(workspace.con, path, grid.sha256, cleaned)
    if earlier is not None:
        return OrderImportReport(str(path), grid.sha256, earlier, "already_imported")
    if cleaned is None:
        raise UsageError("import.account_required", path=str(path))
    stored = workspace.setting(SECRET_SETTING)
    secret = bytes.fromhex(stored) if stored else new_secret()
    target = workspace.raw_dir / f"{grid.sha256}{REDACTED_SUFFIX}"
    scratch = tempfile.TemporaryDirectory(prefix="siaran-orders-")
    con = private_connection(scratch.name)
    try:
        parsed = parse_orders(con, grid, found, workspace.timezone, secret)
        if parsed.problems:
            raise BadInputError(
                "import.bad_rows", path=path, problems=parsed.problems, count=len(parsed.problems)
            )
        if parsed.orders.num_rows == 0:
            raise BadInputError("import.no_rows", path=path)
        if found.unknown:
            parsed.notes.append(Note("orders.unused_columns", {"headers": _named(found.unknown)}))
        with archived_import(
            workspace.path,
            grid.sha256,
            target,
            lambda copy: _write_redacted(con, grid, found, copy),
        ):
            return _write(
                workspace, grid, found, parsed, cleaned, target, None if stored else secret
            )
    finally:
        con.close()
        scratch.cleanup()


def _refuse_headers(path: Path, found: Recognised) -> None:
    """Refuse a file without one of its layout's required columns (an order export has no
    mapping file: the message names what siaran did not know, for a renamed column)."""
    if not found.missing:
        return
    if found.unknown:
        raise BadInputError(
            "orders.missing_headers_unknown",
            path=path,
            layout=found.layout.name,
            headers=_named(found.missing),
            unknown=_named(found.unknown),
        )
    raise BadInputError(
        "orders.missing_headers",
        path=path,
        layout=found.layout.name,
        headers=_named(found.missing),
    )


def _named(headers: tuple[str, ...]) -> str:
    return ", ".join(repr(h) for h in headers)


def _write_redacted(
    con: duckdb.DuckDBPyConnection, grid: OrderGrid, found: Recognised, target: Path
) -> None:
    """The archived copy: every column as written, ``drop`` columns empty, the buyer hashed."""
    selects = []
    joined = ""
    for index, (header, column) in enumerate(zip(grid.header, found.columns, strict=True)):
        name = '"' + (header or f"column{index + 1}").replace('"', '""') + '"'
        if column is None or column.treatment == "drop":
            selects.append(f"NULL::VARCHAR AS {name}")
        elif column.treatment == "hash":
            joined = f"LEFT JOIN buyer_map ON buyer_map.raw = trim(cells.c{index})"
            selects.append(f"buyer_map.buyer_key AS {name}")
        else:
            selects.append(f"cells.c{index} AS {name}")
    partial = target.with_name(target.name + ".partial")
    query = f"SELECT {', '.join(selects)} FROM cells {joined} ORDER BY cells.row"
    con.execute(f"COPY ({query}) TO '{_sql_path(partial)}' (FORMAT csv, HEADER true)")
    partial.replace(target)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _write(
    workspace: Workspace,
    grid: OrderGrid,
    found: Recognised,
    parsed: ParsedOrders,
    account: str,
    archived: Path,
    new_secret_value: bytes | None,
) -> OrderImportReport:
    import pyarrow as pa

    platform = found.layout.platform
    orders = parsed.orders
    n = orders.num_rows
    orders = (
        orders.append_column("platform", pa.array([platform] * n, pa.string()))
        .append_column("account", pa.array([account] * n, pa.string()))
        .append_column("layout", pa.array([found.layout.name] * n, pa.string()))
        .append_column("source_sha256", pa.array([grid.sha256] * n, pa.string()))
    )
    report = OrderImportReport(
        path=str(grid.path),
        sha256=grid.sha256,
        layout=found.layout.name,
        status="imported",
        account=account,
        rows_read=parsed.lines.num_rows,
        lines=parsed.lines.num_rows,
        buyers=parsed.buyers,
        currency=parsed.currency,
        archived_as=archived.name,
        notes=parsed.notes,
    )
    con = workspace.con
    con.register("incoming_orders", orders)
    con.register("incoming_lines", parsed.lines)
    try:
        with transaction(con):
            if new_secret_value is not None:
                workspace.set_setting(SECRET_SETTING, new_secret_value.hex())
            _refuse_other_accounts(con, grid.path, platform, account)
            _merge(con, platform, account, report)
            record_import(
                con,
                sha256=grid.sha256,
                original=grid.path,
                archived=archived,
                layout=found.layout.name,
                account=account,
                rows=report.rows_read,
            )
    finally:
        con.unregister("incoming_orders")
        con.unregister("incoming_lines")
        con.execute("DROP TABLE IF EXISTS accepted_orders")
    return report


def _refuse_other_accounts(
    con: duckdb.DuckDBPyConnection, path: Path, platform: str, account: str
) -> None:
    claimed = con.execute(
        """
        SELECT i.source_row, o.order_id, o.account FROM incoming_orders i
        JOIN orders o ON o.platform = ? AND o.order_id = i.order_id AND o.account <> ?
        ORDER BY 1 LIMIT 50
        """,
        [platform, account],
    ).fetchall()
    if claimed:
        problems = [
            Problem("orders.claimed_one", row=int(row), params={"order": oid, "owner": owner})
            for row, oid, owner in claimed
        ]
        raise BadInputError(
            "orders.claimed", path=path, account=account, problems=problems, count=len(problems)
        )


def _latest(alias: str) -> str:
    return "greatest(" + ", ".join(f"{alias}.{t}" for t in ORDER_TIMES) + ")"


def _merge(
    con: duckdb.DuckDBPyConnection, platform: str, account: str, report: OrderImportReport
) -> None:
    """Add new orders, replace those a later export knows more of, keep the rest."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE accepted_orders AS
        SELECT i.order_id, o.order_id IS NOT NULL AS replaces FROM incoming_orders i
        LEFT JOIN orders o ON o.platform = ? AND o.account = ? AND o.order_id = i.order_id
        WHERE o.order_id IS NULL OR {_latest("i")} >= {_latest("o")}
        """,
        [platform, account],
    )
    added, updated = con.execute(
        "SELECT count(*) FILTER (WHERE NOT replaces), count(*) FILTER (WHERE replaces) "
        "FROM accepted_orders"
    ).fetchone() or (0, 0)
    total = con.execute("SELECT count(*) FROM incoming_orders").fetchone()
    report.orders_added, report.orders_updated = int(added), int(updated)
    report.orders_kept = int(total[0] if total else 0) - report.orders_added - updated
    for table in ("order_lines", "orders"):
        con.execute(
            f"""
            DELETE FROM {table} WHERE platform = ? AND account = ?
            AND order_id IN (SELECT order_id FROM accepted_orders WHERE replaces)
            """,
            [platform, account],
        )
    columns = [r[0] for r in con.execute("DESCRIBE orders").fetchall()]
    con.execute(
        f"""
        INSERT INTO orders ({", ".join(columns)})
        SELECT {", ".join(columns)} FROM incoming_orders
        WHERE order_id IN (SELECT order_id FROM accepted_orders)
        """
    )
    line_columns = [r[0] for r in con.execute("DESCRIBE order_lines").fetchall()]
    con.execute(
        f"""
        INSERT INTO order_lines ({", ".join(line_columns)})
        SELECT ?, ?, {", ".join(c for c in line_columns if c not in ("platform", "account"))}
        FROM incoming_lines WHERE order_id IN (SELECT order_id FROM accepted_orders)
        """,
        [platform, account],
    )
