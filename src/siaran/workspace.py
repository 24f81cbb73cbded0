"""A workspace is a folder: ``siaran.duckdb`` + ``raw/`` (every imported file, byte for byte).

Settings (the local time zone for exports that carry no offset, ...) live in the database's
``settings`` table, so that a workspace folder is self-contained and can be zipped and handed
over.

One process at a time holds the database (DuckDB locks the file for a read-write connection).
A workspace that another process holds is busy, not damaged: :meth:`Workspace.open` tells the
two apart, names the holder (:class:`LockHolder`), and can wait its turn (``wait`` seconds,
calling ``on_wait`` once so that the person learns why nothing happens). Opening also finishes
what an interrupted import left behind (:mod:`siaran.store.pending`).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
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
RETRY_SECONDS: Final = 0.2
_LOCK_HELD: Final = re.compile(r"Conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)")
_NOT_A_DATABASE: Final = "not a valid DuckDB database file"


class WorkspaceError(SiaranError):
    exit_code = 1


class WorkspaceBusyError(WorkspaceError):
    """Another process holds the workspace's database (and did not let go in time)."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__("workspace.busy", path=str(path), holder=holder.describe())
        self.holder = holder


@dataclass(frozen=True)
class LockHolder:
    """The process that holds a workspace's database: its id and its command line."""

    pid: int | None
    command: str

    def describe(self) -> str:
        return self.command if self.pid is None else f"{self.command} (PID {self.pid})"


def lock_holder(error: BaseException) -> LockHolder | None:
    """The holder named by DuckDB's lock-conflict ``error``; ``None`` when it is another error.

    The command line comes from ``/proc/<pid>/cmdline`` where there is one (``siaran serve``
    rather than just ``python``), else it is the program DuckDB names."""
    found = _LOCK_HELD.search(str(error))
    if found is None:
        return None
    pid = int(found["pid"])
    command = found["program"]
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        raw = b""
    parts = [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]
    if parts:
        command = " ".join(" ".join(parts).split())
    return LockHolder(pid, command[:200])


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
    def create(
        cls,
        path: Path | str,
        *,
        timezone: str = DEFAULT_TIMEZONE,
        wait: float = 0.0,
        on_wait: Callable[[LockHolder], None] | None = None,
    ) -> Self:
        """Create (or open, if it already exists) the workspace at ``path``."""
        folder = Path(path)
        _zone(timezone)
        if folder.exists() and any(folder.iterdir()) and not (folder / DB_NAME).exists():
            raise WorkspaceError("workspace.not_a_workspace", path=str(folder))
        fresh = not (folder / DB_NAME).exists()
        (folder / RAW_DIR).mkdir(parents=True, exist_ok=True)
        workspace = cls._connect(folder, wait=wait, on_wait=on_wait)
        if fresh:
            workspace.set_setting("timezone", timezone)
            workspace._apply_timezone()
        return workspace

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        wait: float = 0.0,
        on_wait: Callable[[LockHolder], None] | None = None,
        tidy: bool = True,
    ) -> Self:
        """Open an existing workspace, migrating its schema forward if needed.

        While another process holds the database, retry for up to ``wait`` seconds (calling
        ``on_wait`` once with the holder), then raise :class:`WorkspaceBusyError`. With
        ``tidy``, finish what interrupted imports left behind before returning."""
        folder = Path(path)
        if not (folder / DB_NAME).exists():
            raise WorkspaceError("workspace.missing", path=str(folder))
        (folder / RAW_DIR).mkdir(exist_ok=True)
        return cls._connect(folder, wait=wait, on_wait=on_wait, tidy=tidy)

    @classmethod
    def _connect(
        cls,
        folder: Path,
        *,
        wait: float = 0.0,
        on_wait: Callable[[LockHolder], None] | None = None,
        tidy: bool = True,
    ) -> Self:
        db_path = folder / DB_NAME
        con = _connect_waiting(db_path, wait, on_wait)
        try:
            migrate(con, db_path)
            if tidy:
                from siaran.store.pending import finish_interrupted

                finish_interrupted(con, folder)
        except duckdb.Error as exc:  # the file opened, but its blocks do not read back
            con.close()
            raise WorkspaceError("workspace.corrupt", path=str(db_path), reason=str(exc)) from exc
        except BaseException:
            con.close()
            raise
        workspace = cls(folder, con)
        workspace._apply_timezone()
        return workspace

    def _apply_timezone(self) -> None:
        # Weekday x hour and calendar windows are computed in the sellers' local time.
        self.con.execute("SET TimeZone = ?", [self.timezone.key])

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


def _connect_waiting(
    db_path: Path, wait: float, on_wait: Callable[[LockHolder], None] | None
) -> duckdb.DuckDBPyConnection:
    """A read-write connection to ``db_path``, retrying while another process holds it."""
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    while True:
        try:
            return duckdb.connect(str(db_path))
        except duckdb.Error as exc:
            holder = lock_holder(exc)
            if holder is None:
                key = "workspace.not_a_database" if _NOT_A_DATABASE in str(exc) else None
                raise WorkspaceError(
                    key or "workspace.corrupt", path=str(db_path), reason=str(exc)
                ) from exc
            if time.monotonic() >= deadline:
                raise WorkspaceBusyError(db_path, holder) from exc
            if not told and on_wait is not None:
                on_wait(holder)
                told = True
            time.sleep(RETRY_SECONDS)
