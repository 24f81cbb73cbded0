"""A workspace is a folder: ``siaran.duckdb`` + ``raw/`` (every imported file, byte for byte).

Settings (the local time zone for exports that carry no offset, ...) live in the database's
``settings`` table, so that a workspace folder is self-contained and can be zipped and handed
over.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Final, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from siaran.errors import SiaranError, UsageError
from siaran.store.migrations import migrate

DB_NAME: Final = "siaran.duckdb"
RAW_DIR: Final = "raw"
DEFAULT_TIMEZONE: Final = "Asia/Jakarta"
DEFAULT_FOLDER: Final = "siaran-workspace"


class WorkspaceError(SiaranError):
    exit_code = 1


def default_workspace_path() -> Path:
    """``$SIARAN_WORKSPACE`` if set, else ``./siaran-workspace``."""
    return Path(os.environ.get("SIARAN_WORKSPACE") or DEFAULT_FOLDER)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError("workspace.bad_timezone", tz=name) from exc


class Workspace:
    """An open workspace. Use :meth:`create` or :meth:`open`, ideally as a context manager."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self.con = con

    @property
    def db_path(self) -> Path:
        return self.path / DB_NAME

    @property
    def raw_dir(self) -> Path:
        return self.path / RAW_DIR

    # -- lifecycle -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path | str, *, timezone: str = DEFAULT_TIMEZONE) -> Self:
        """Create (or open, if it already exists) the workspace at ``path``."""
        folder = Path(path)
        _zone(timezone)
        if folder.exists() and any(folder.iterdir()) and not (folder / DB_NAME).exists():
            raise WorkspaceError("workspace.not_a_workspace", path=str(folder))
        fresh = not (folder / DB_NAME).exists()
        (folder / RAW_DIR).mkdir(parents=True, exist_ok=True)
        workspace = cls._connect(folder)
        if fresh:
            workspace.set_setting("timezone", timezone)
            workspace._apply_timezone()
        return workspace

    @classmethod
    def open(cls, path: Path | str) -> Self:
        """Open an existing workspace, migrating its schema forward if needed."""
        folder = Path(path)
        if not (folder / DB_NAME).exists():
            raise WorkspaceError("workspace.missing", path=str(folder))
        (folder / RAW_DIR).mkdir(exist_ok=True)
        return cls._connect(folder)

    @classmethod
    def _connect(cls, folder: Path) -> Self:
        db_path = folder / DB_NAME
        try:
            con = duckdb.connect(str(db_path))
        except duckdb.Error as exc:
            raise WorkspaceError("workspace.corrupt", path=str(db_path), reason=str(exc)) from exc
        try:
            migrate(con, db_path)
        except BaseException:
            con.close()
            raise
        workspace = cls(folder, con)
        workspace._apply_timezone()
        return workspace

    def _apply_timezone(self) -> None:
        # Weekday x hour and calendar windows are computed in the sellers' local time.
        zone = self.timezone.key
        self.con.execute(f"SET TimeZone = '{zone}'")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- settings --------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])

    @property
    def timezone(self) -> ZoneInfo:
        """The zone of local times in exports that carry no offset (Asia/Jakarta by default)."""
        return _zone(self.setting("timezone", DEFAULT_TIMEZONE) or DEFAULT_TIMEZONE)
