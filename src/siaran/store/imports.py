"""The ``imports`` table and the steps every import of a file with a written archive shares.

An importer that archives its own copy of a file (order exports and review files redacted,
ecosystem files with only the columns read) asks :func:`imported_before` whether the bytes
are known, writes the copy and its rows inside :func:`archived_import`, and records the file
with :func:`record_import` in the transaction that writes its rows: the file lands whole or
not at all, and a copy whose import failed goes with it.
"""

from __future__ import annotations

import datetime as dt
import glob
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from siaran.store.ownership import FileClaimedError
from siaran.store.pending import pending_import

if TYPE_CHECKING:
    import duckdb


def imported_before(
    con: duckdb.DuckDBPyConnection, path: Path, sha256: str, account: str | None
) -> str | None:
    """The layout the bytes ``sha256`` were imported with (``None``: never imported).
    Bytes imported for another account than ``account`` are refused (:class:`FileClaimedError`)."""
    found = con.execute("SELECT layout, account FROM imports WHERE sha256 = ?", [sha256]).fetchone()
    if found is None:
        return None
    if found[1] is not None and account is not None and str(found[1]) != account:
        raise FileClaimedError(path, account, str(found[1]))
    return str(found[0])


@contextmanager
def archived_import(
    folder: Path, sha256: str, target: Path, write_copy: Callable[[Path], None]
) -> Iterator[None]:
    """The import of ``sha256`` into the workspace at ``folder``, noted as under way, with its
    archived copy ``target`` written by ``write_copy`` (unless a copy is there already). The
    block writes the rows; if it fails, the copy written here is removed."""
    outputs = [] if target.exists() else [f"{target.parent.name}/{glob.escape(target.name)}*"]
    with pending_import(folder, sha256, outputs=outputs):
        created = not target.exists()
        if created:
            write_copy(target)
        try:
            yield
        except BaseException:
            if created:
                target.unlink(missing_ok=True)
            raise


def record_import(
    con: duckdb.DuckDBPyConnection,
    *,
    sha256: str,
    original: Path,
    archived: Path,
    layout: str,
    account: str,
    rows: int,
) -> None:
    """The file's row in ``imports``: its hash, original name, archived copy, layout, account
    and rows read, now."""
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?)",
        [sha256, original.name, archived.name, layout, account, rows, dt.datetime.now(dt.UTC)],
    )
