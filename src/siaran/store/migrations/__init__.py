"""Schema version and forward migrations, each preceded by a backup of the database file.

A migration is a function from one version to the next. ``migrate`` runs every pending one in
order, each in its own transaction, after copying ``siaran.duckdb`` to
``siaran.duckdb.v<old>.bak``. A database newer than this code is refused, never touched.

Each step lives in its own module (``v<n>_<what>.py``) with its SQL written out as it shipped:
the store owns the history of the file's schema and imports no feature, so that a later edit
of a feature cannot change what an old migration does. A feature that needs a new table or
column appends a step here; tests/store/fixtures holds a workspace of every past version and
tests/store/test_migration_paths.py migrates each one to the current version.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Final

import duckdb

from siaran.errors import SiaranError
from siaran.store.migrations.v1_core import create_core
from siaran.store.migrations.v2_talk_scores import add_talk_scores
from siaran.store.migrations.v3_casework import add_casework
from siaran.store.migrations.v4_talk_lines import add_talk_lines
from siaran.store.migrations.v5_accounts import key_by_account
from siaran.store.migrations.v6_orders import add_orders
from siaran.store.migrations.v7_experiments import add_experiments
from siaran.store.migrations.v8_crew import add_crew
from siaran.store.migrations.v9_ecosystem import add_ecosystem
from siaran.store.migrations.v10_feedback import add_reviews
from siaran.store.migrations.v11_coaching import add_coaching
from siaran.store.migrations.v12_platform_values_unkeyed import unkey_platform_values
from siaran.store.migrations.v13_session_fills import add_session_fills
from siaran.store.transaction import transaction

Migration = Callable[[duckdb.DuckDBPyConnection], None]

# MIGRATIONS[n] brings a database from version n to n + 1. Version 0 is an empty file.
# Append new migrations at the end; never edit or reorder one that has shipped.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    create_core,
    add_talk_scores,
    add_casework,
    add_talk_lines,
    key_by_account,
    add_orders,
    add_experiments,
    add_crew,
    add_ecosystem,
    add_reviews,
    add_coaching,
    unkey_platform_values,
    add_session_fills,
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
        with transaction(con):
            MIGRATIONS[version](con)
            con.execute(
                "INSERT OR REPLACE INTO schema_info VALUES ('version', ?)", [str(version + 1)]
            )
    return found
