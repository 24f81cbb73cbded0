"""Schema version and forward migrations, each preceded by a backup of the database file.

A migration is a function from one version to the next. ``migrate`` runs every pending one in
order, each in its own transaction, after copying ``siaran.duckdb`` to
``siaran.duckdb.v<old>.bak``. A database newer than this code is refused, never touched.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Final

import duckdb

from siaran.errors import SiaranError
from siaran.store.schema import SCHEMA_V1

Migration = Callable[[duckdb.DuckDBPyConnection], None]


def _create_v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_V1)


def _add_talk_scores(con: duckdb.DuckDBPyConnection) -> None:
    from siaran.talk.storage import TALK_SCORES_DDL

    con.execute(TALK_SCORES_DDL)


def _add_casework(con: duckdb.DuckDBPyConnection) -> None:
    from siaran.casework.schema import CASEWORK_DDL

    con.execute(CASEWORK_DDL)


def _add_talk_lines(con: duckdb.DuckDBPyConnection) -> None:
    from siaran.talk.storage import TALK_LINES_DDL

    con.execute(TALK_LINES_DDL)


def _key_by_account(con: duckdb.DuckDBPyConnection) -> None:
    """A live belongs to its account: record which account's events hold which room, and key
    talk scorecards and lines by account and room (see :func:`siaran.talk.storage.add_accounts`
    for the rows whose account cannot be told)."""
    from siaran.events.rooms import create_event_rooms
    from siaran.talk.storage import add_accounts

    create_event_rooms(con)
    add_accounts(con)


# MIGRATIONS[n] brings a database from version n to n + 1. Version 0 is an empty file.
# Append new migrations at the end; never edit or reorder one that has shipped.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    _create_v1,
    _add_talk_scores,
    _add_casework,
    _add_talk_lines,
    _key_by_account,
)
SCHEMA_VERSION: Final[int] = len(MIGRATIONS)


class NewerSchemaError(SiaranError):
    exit_code = 1


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_info'"
    ).fetchone()
    if not exists or exists[0] == 0:
        return 0
    row = con.execute("SELECT value FROM schema_info WHERE key = 'version'").fetchone()
    return int(row[0]) if row else 0


def backup_path(db_path: Path, version: int) -> Path:
    return db_path.with_name(f"{db_path.name}.v{version}.bak")


def migrate(con: duckdb.DuckDBPyConnection, db_path: Path) -> int:
    """Bring the database at ``db_path`` (open as ``con``) to :data:`SCHEMA_VERSION`.

    Returns the version found before migrating.
    """
    found = current_version(con)
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(
            "workspace.newer_schema", path=str(db_path), found=found, known=SCHEMA_VERSION
        )
    if found == SCHEMA_VERSION:
        return found
    if found > 0:
        con.execute("CHECKPOINT")
        shutil.copy2(db_path, backup_path(db_path, found))
    for version in range(found, SCHEMA_VERSION):
        con.execute("BEGIN TRANSACTION")
        try:
            MIGRATIONS[version](con)
            con.execute(
                "INSERT OR REPLACE INTO schema_info VALUES ('version', ?)", [str(version + 1)]
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return found
